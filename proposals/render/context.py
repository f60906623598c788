"""A plain-data view of a document for the print templates: no models, no requests.

Text the consultant wrote is turned into sanitized HTML here, dates and prices are
formatted for the proposal's locale, and the worked sample is worked out.
"""

from __future__ import annotations

from datetime import date, datetime

from .. import formatting
from ..colours import readable_on_white
from ..document import DEFAULT_COLOUR, Document, dump_document
from ..folding import same_name
from ..library import worked
from ..library.catalog import Catalog
from ..library.sandbox import SampleRenderError
from ..library.spec import SampleFileError
from ..library.worked import WorkedSample
from ..offer_totals import option_totals, tax_label_of
from ..richtext import to_html, to_inline_html
from ..sections import COVER, SECTIONS
from .fetcher import asset_url


class RenderError(RuntimeError):
    """The proposal could not be rendered; the message says why, for the consultant."""


def work_out_sample(
    document: Document,
    catalog: Catalog,
    revision_id: int | None = None,
    firm_locale: str | None = None,
    colour: str | None = None,
) -> WorkedSample:
    """Work out the document's sample for print (its charts in the firm's `colour`); the
    body's own failure is a RenderError."""
    context = worked.sample_context(document, default_locale=firm_locale, colour=colour)
    try:
        return worked.work_out_sample(
            dump_document(document)["sample"], catalog, context, revision_id
        )
    except (SampleRenderError, SampleFileError) as exc:
        raise RenderError(
            f"the worked sample {document.sample.id!r} could not be worked out: {exc}"
        ) from None


def _date(value: date | None, locale: str) -> str:
    return formatting.long_day(value, locale)


LOGO_ASSET = "firm/logo.png"
DEFAULT_FIRM = {
    "name": "",
    "address": "",
    "colour": DEFAULT_COLOUR,
    "page_size": "A4",
    "logo": None,
    "layout": "formal",
    "locale": None,  # the firm's default locale, if it has one
}
LAYOUTS = ("formal", "compact")


def page_size_of(document: Document, firm: dict) -> str:
    """The proposal's own paper size, else the firm's default."""
    chosen = document.pdf.page_size if document.pdf else None
    return chosen or firm.get("page_size") or "A4"


def layout_of(document: Document, firm: dict) -> str:
    """The proposal's own layout, else the firm's default, else formal (today's look)."""
    chosen = document.pdf.layout if document.pdf else None
    firm_default = firm.get("layout") if firm.get("layout") in LAYOUTS else None
    return chosen or firm_default or "formal"


def asked_contents(document: Document) -> bool | None:
    """What the proposal asks of its contents page: always, never, or None (decide)."""
    return document.pdf.contents if document.pdf else None


def contents_of(document: Document, layout: str, contents: bool | None) -> bool:
    """The proposal's own choice, else the renderer's, else formal has one."""
    asked = asked_contents(document)
    if asked is not None:
        return asked
    return layout == "formal" if contents is None else contents


def firm_identity(firm: dict, typed: str, asset) -> dict:
    """The firm on the cover. A firm typed on the proposal other than the profile's is shown
    alone: the profile's logo, address and colour belong to the profile's firm."""
    if firm["name"] and not same_name(firm["name"], typed):
        identity = {"name": typed, "address": "", "colour": DEFAULT_COLOUR, "logo": None}
    else:
        identity = {
            "name": firm["name"] or typed,
            "address": firm["address"],
            "colour": firm["colour"],
            "logo": asset(LOGO_ASSET) if firm["logo"] else None,
        }
    # Text, rules and figures in the firm's colour; the cover band keeps the true one.
    return {**identity, "accent_text": readable_on_white(identity["colour"])}


def build_context(
    document: Document,
    worked: WorkedSample,
    created: datetime,
    firm: dict | None = None,
    asset=None,
    contents: bool | None = None,
) -> dict:
    """Everything the print templates show, as plain values and sanitized HTML."""
    # `contents` asks for the contents page or leaves it out; by default only formal has one.
    firm = {**DEFAULT_FIRM, **(firm or {})}
    asset = asset or asset_url
    locale = formatting.proposal_locale(document.locale, firm.get("locale"))
    layout = layout_of(document, firm)
    return {
        "asset": asset,
        "lang": locale,
        "firm": firm_identity(firm, document.consultant.firm, asset),
        "page_size": page_size_of(document, firm),
        "layout": layout,
        "contents": contents_of(document, layout, contents),
        "cover": COVER.as_dict(),
        "sections": [section.as_dict() for section in SECTIONS],
        "title": document.title,
        "created": created,
        "date": _date(created.date(), locale),
        "consultant": document.consultant.model_dump(),
        "prospect": {
            **document.prospect.model_dump(),
            "met_on": _date(document.prospect.met_on, locale),
        },
        "heard": _heard(document.listening),
        "sample": {
            "title": worked.title,
            "html": worked.html,
            "commentary": to_html(document.sample.commentary),
        },
        **_others(document),
        "offer": _offer(document.offer, locale),
        **_next(document, locale),
    }


def _heard(listening) -> dict:
    """What we heard; the private notes are left out here, so no template can show them."""
    return {
        "situation": to_html(listening.situation),
        "their_words": [to_inline_html(quote) for quote in listening.their_words],
        "goals": [to_inline_html(goal) for goal in listening.goals],
        "obstacles": [to_inline_html(item) for item in listening.obstacles],
        "tried_before": to_html(listening.tried_before),
        "sleep_well": to_html(listening.sleep_well),
        "constraints": to_html(listening.constraints),
    }


def _others(document: Document) -> dict:
    referrals = [
        {
            **referral.model_dump(),
            "serves": to_inline_html(referral.serves),
            "why": to_inline_html(referral.why),
        }
        for referral in document.referrals
    ]
    return {
        "referrals": referrals,
        "self_help": [to_inline_html(item) for item in document.self_help],
    }


def _offer(offer, locale: str) -> dict:
    """The offer's options with their units, tax, add-ons and totals, formatted."""
    options = [_option(option, locale) for option in offer.options]
    return {
        "summary": to_html(offer.summary),
        "options": options,
        "price_size": price_size(options),
        "tax_label": tax_label_of(offer, locale),
        "if_it_goes_wrong": to_html(offer.if_it_goes_wrong),
        "valid_until": _date(offer.valid_until, locale),
    }


def _option(option, locale: str) -> dict:
    totals = option_totals(option)

    def money(amount) -> str:
        return formatting.money(amount, option.currency, locale)

    def both(amount) -> dict:
        return {"net": money(amount.net), "gross": money(amount.gross)}

    shown = totals.taxed or totals.with_all is not None
    return {
        "name": option.name,
        "description": to_html(option.description),
        "price": money(option.price),
        "unit": option.unit,
        "tax": (
            {"included": totals.included, "rate": _rate(totals.rate, locale)}
            if totals.taxed
            else None
        ),
        "timeline": option.timeline or "",
        "add_ons": [
            {
                "name": add_on.name,
                "description": to_inline_html(add_on.description),
                "price": money(add_on.price),  # as typed: on the same terms as the option's
            }
            for add_on in option.add_ons
        ],
        "totals": (
            {
                "taxed": totals.taxed,
                "alone": both(totals.price),
                "with_all": both(totals.with_all) if totals.with_all else None,
            }
            if shown
            else None
        ),
    }


# Characters of the longest price times the number of cards side by side, up to which the
# prices fit their cards at each size (the width of a card shrinks as cards are added).
PRICE_SIZES = ((30, "large"), (44, "medium"))


def price_size(options: list[dict]) -> str:
    """How large the prices are printed so the longest one fits its card on one line."""
    width = max(len(option["price"]) for option in options) * len(options)
    return next((size for limit, size in PRICE_SIZES if width <= limit), "small")


def _rate(rate, locale: str) -> str:
    """A tax rate as the locale writes a percentage, with the decimals it was typed with."""
    digits = max(0, -rate.normalize().as_tuple().exponent)
    return formatting.percent(rate / 100, locale, digits)


def _next(document: Document, locale: str) -> dict:
    follow_up = document.follow_up
    return {
        "next_steps": [to_inline_html(step) for step in document.next_steps],
        "follow_up": (
            {"on": _date(follow_up.on, locale), "about": to_inline_html(follow_up.about)}
            if follow_up
            else None
        ),
    }
