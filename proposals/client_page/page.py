"""The client page's HTML: the sent version's document through the PDF's own partials.

Templates come from templates/client/ (the web wrapper, the answer forms) and
templates/pdf/ (the five sections and the cover, exactly as the PDF prints them), in the
proposal's language. Nothing here reads the proposal as it is now: only the version sent.
"""

from __future__ import annotations

import base64
import functools
import re

from jinja2 import Environment
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from .. import formatting
from ..document import Document, validate_document
from ..firm import print_settings
from ..library.lookups import DatabaseCatalog
from ..models import ClientLink
from ..render.context import LOGO_ASSET, build_context, work_out_sample
from ..render.html import templates_in
from ..render.language import catalog_language, translations

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_LABEL = re.compile(r'<svg\b[^>]*\baria-label="([^"]*)"')


@functools.cache
def client_environment(language: str) -> Environment:
    """The client's templates and the print partials, speaking one shipped language."""
    return templates_in(language, "client", "pdf")


def gettext_for(locale: str):
    """The proposal's language's gettext, for texts made outside a template."""
    return translations(catalog_language(locale)).gettext


def charts_as_images(html: str) -> Markup:
    """Inline SVG charts as data: images: their style attributes are then the image's own,
    so the page's policy can refuse every inline style."""

    def image(match: re.Match) -> str:
        svg = match.group(0)
        label = _LABEL.match(svg)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        alt = escape(label.group(1)) if label else ""
        return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'

    return Markup(_SVG.sub(image, str(html)))


def _logo_asset(firm: dict):
    """Assets at the app's /static/, and the firm's logo inline (its URL needs a sign-in)."""

    def asset(name: str) -> str:
        if name == LOGO_ASSET and firm.get("logo"):
            return "data:image/png;base64," + base64.b64encode(firm["logo"]).decode("ascii")
        return f"/static/{name}"

    return asset


def sent_document(link: ClientLink) -> Document:
    """The document exactly as the link's version froze it."""
    return validate_document(link.version.document)


def proposal_context(session: Session, link: ClientLink, document: Document) -> dict:
    """The print context of the sent version, with charts as images and the logo inline."""
    firm = print_settings(session)
    worked = work_out_sample(
        document,
        DatabaseCatalog(session),
        link.version.sample_revision_id,
        firm.get("locale"),
        firm.get("colour"),
    )
    context = build_context(
        document, worked, link.version.created_at, firm, _logo_asset(firm), contents=False
    )
    context["sample"] = {**context["sample"], "html": charts_as_images(context["sample"]["html"])}
    return context


def locale_of(session: Session, document: Document) -> str:
    firm = print_settings(session)
    return formatting.proposal_locale(document.locale, firm.get("locale"))


def render(template: str, locale: str, context: dict) -> str:
    return client_environment(catalog_language(locale)).get_template(template).render(context)
