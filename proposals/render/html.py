"""Render the print templates (templates/pdf/) to one HTML string."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import formatting
from ..document import Document
from ..library.catalog import Catalog
from ..paths import TEMPLATES
from .context import RenderError, WorkedSample, build_context, work_out_sample
from .fetcher import asset_url
from .language import (
    FALLBACK,
    catalog_language,
    page_counter_css,
    plain_text_gettext,
    translations,
)

__all__ = ["RenderError", "print_environment", "render_html", "templates_in"]


def templates_in(language: str, *folders: str) -> Environment:
    """Templates looked up in these folders of templates/ (then templates/ itself),
    speaking one shipped language: the print templates, and the client page's that
    include their partials. One environment per language rather than gettext swapped in
    per render: renders run in several threads at once, and installing translations
    changes the environment's globals."""
    env = Environment(
        # Partials by their own name ("_offer.html"), as the review's web pages name them
        # ("pdf/_offer_macros.html") when one imports another.
        loader=ChoiceLoader(
            [FileSystemLoader(TEMPLATES / folder) for folder in folders]
            + [FileSystemLoader(TEMPLATES)]
        ),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(*plain_text_gettext(translations(language)), newstyle=True)
    return env


@functools.cache
def print_environment(language: str = FALLBACK) -> Environment:
    """The print templates speaking one shipped language; compiled once per process each."""
    env = templates_in(language, "pdf")
    env.globals["asset"] = asset_url
    env.filters["page_counter_css"] = page_counter_css
    return env


def render_html(
    document: Document,
    catalog: Catalog,
    *,
    created: datetime | None = None,
    revision_id: int | None = None,
    firm: dict | None = None,
    asset: Callable[[str], str] | None = None,
    worked: WorkedSample | None = None,
    contents: bool | None = None,
) -> tuple[str, WorkedSample]:
    """Render a validated document to print HTML; returns it with the worked sample.

    `asset` maps a file in static/ to its URL: the renderer's origin by default, the web
    app's /static/ for a preview in the browser. `worked` is the sample already worked out
    for this document (the review has it), so it is not worked out twice. `contents` asks
    for the contents page or leaves it out (default: the formal layout has one).
    """
    firm_locale, colour = (firm or {}).get("locale"), (firm or {}).get("colour")
    locale = formatting.proposal_locale(document.locale, firm_locale)
    worked = worked or work_out_sample(document, catalog, revision_id, firm_locale, colour)
    context = build_context(document, worked, created or datetime.now(), firm, asset, contents)
    env = print_environment(catalog_language(locale))
    return env.get_template("proposal.html").render(context), worked
