"""A proposal's sample, worked out: the one path from a document's `sample` to its HTML.

The wizard's sample step, saving that step, the review, the PDF and the trust check all come
through here, so a sample is looked up, parsed (cached by its text) and its inputs converted
once per use, and every problem with the consultant's figures is a DocumentError located at
`sample.id` or `sample.inputs...`, the paths the wizard shows next to its fields.
A failure of the sample's own body (the author's to fix) stays a SampleRenderError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..document import DEFAULT_COLOUR, Document, DocumentError, FieldError, dump_document
from ..formatting import proposal_locale
from ..richtext import to_html
from .catalog import Catalog, CatalogEntry, UnknownSample
from .inputs import InputsError, convert_inputs
from .sandbox import RenderContext, run_body
from .spec import ParsedSample, parse_sample

FALLBACK_CURRENCY = "USD"  # when neither the proposal nor the app names one


@dataclass(frozen=True)
class WorkedSample:
    title: str
    html: Markup
    revision_id: int | None  # the library revision used; None for an inline sample


def sample_context(
    document: Document | dict,
    default_currency: str | None = None,
    default_locale: str | None = None,
    colour: str | None = None,
) -> RenderContext:
    """What a sample may know of the proposal, from however much of it is written yet.

    Figures are shown in the proposal's currency, else its first option's, else the default,
    and in its locale, else `default_locale` (the firm's or the app's); charts are drawn in
    `colour`, the firm's (readable_on_white darkens a pale one).
    """
    # The trust check keeps worked samples keyed by the fields read here
    # (trust/check.py, _what_the_sample_reads): a field read here is added there too.
    data = dump_document(document) if isinstance(document, Document) else document
    prospect = data.get("prospect") or {}
    options = (data.get("offer") or {}).get("options") or [{}]
    return RenderContext(
        organisation=prospect.get("organisation") or "the client",
        contact_name=prospect.get("contact_name") or "",
        industry=prospect.get("industry") or "",
        currency=data.get("currency")
        or options[0].get("currency")
        or default_currency
        or FALLBACK_CURRENCY,
        locale=proposal_locale(data.get("locale"), default_locale),
        colour=colour or DEFAULT_COLOUR,
    )


def library_sample(
    catalog: Catalog, slug: str, revision_id: int | None = None
) -> tuple[CatalogEntry, ParsedSample]:
    """The library sample a document names, parsed; DocumentError at `sample.id` if gone.

    A sample file that no longer parses raises SampleFileError (the author's problem).
    """
    try:
        entry = catalog.get(slug, revision_id)
    except UnknownSample as exc:
        raise DocumentError([FieldError("sample.id", str(exc))]) from None
    return entry, parse_sample(entry.source)


def input_values(
    parsed: ParsedSample, raw: dict[str, Any] | None, locale: str | None = None
) -> dict[str, Any]:
    """The consultant's inputs as typed values; DocumentError at `sample.inputs.<path>`."""
    try:
        return convert_inputs(parsed.inputs, raw or {}, locale)
    except InputsError as exc:
        raise DocumentError(
            [FieldError(f"sample.inputs.{error.path}", error.message) for error in exc.errors]
        ) from None


def work_out_sample(
    sample: dict,
    catalog: Catalog,
    context: RenderContext,
    revision_id: int | None = None,
    draw_charts: bool = True,
) -> WorkedSample:
    """Work out a document's `sample` (as stored): the library's, by id, or the inline one;
    without `draw_charts`, its charts are their captions only (see `run_body`)."""
    if not sample.get("id"):
        return WorkedSample(sample.get("title") or "", to_html(sample.get("body")), None)
    entry, parsed = library_sample(catalog, sample["id"], revision_id)
    values = input_values(parsed, sample.get("inputs"), context.locale)
    return WorkedSample(
        parsed.spec.title,
        run_body(parsed, values, context, draw_charts),
        entry.revision_id,
    )
