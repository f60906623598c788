"""Render the print templates (templates/pdf/) to one HTML string."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..document import Document
from ..library.catalog import Catalog
from ..paths import TEMPLATES
from .context import RenderError, WorkedSample, build_context, work_out_sample
from .fetcher import asset_url

__all__ = ["RenderError", "print_environment", "render_html"]


@functools.cache
def print_environment() -> Environment:
    """The Jinja environment for print templates; compiled once per process."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "pdf"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["asset"] = asset_url
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
) -> tuple[str, WorkedSample]:
    """Render a validated document to print HTML; returns it with the worked sample.

    `asset` maps a file in static/ to its URL: the renderer's origin by default, the web
    app's /static/ for a preview in the browser. `worked` is the sample already worked out
    for this document (the review has it), so it is not worked out twice.
    """
    worked = worked or work_out_sample(document, catalog, revision_id, (firm or {}).get("colour"))
    context = build_context(document, worked, created or datetime.now(), firm, asset)
    return print_environment().get_template("proposal.html").render(context), worked
