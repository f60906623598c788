"""A plain-data view of a document for the print templates: no models, no requests.

Text the consultant wrote is turned into sanitized HTML here, dates and prices are
formatted for the proposal's locale, and the worked sample is worked out.
"""

from __future__ import annotations

from datetime import date, datetime

from .. import formatting
from ..document import DEFAULT_COLOUR, Document, dump_document
from ..folding import same_name
from ..library import worked
from ..library.catalog import Catalog
from ..library.sandbox import SampleRenderError
from ..library.spec import SampleFileError
from ..library.worked import WorkedSample
from ..richtext import to_html, to_inline_html
from ..sections import COVER, SECTIONS
from .fetcher import asset_url

DEFAULT_LOCALE = "en"


class RenderError(RuntimeError):
    """The proposal could not be rendered; the message says why, for the consultant."""


def work_out_sample(
    document: Document, catalog: Catalog, revision_id: int | None = None
) -> WorkedSample:
    """Work out the document's sample for print; the body's own failure is a RenderError."""
    try:
        return worked.work_out_sample(
            dump_document(document)["sample"], catalog, worked.sample_context(document), revision_id
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
}


def page_size_of(document: Document, firm: dict) -> str:
    """The proposal's own paper size, else the firm's default."""
    chosen = document.pdf.page_size if document.pdf else None
    return chosen or firm.get("page_size") or "A4"


def firm_identity(firm: dict, typed: str, asset) -> dict:
    """The firm on the cover. A firm typed on the proposal other than the profile's is shown
    alone: the profile's logo, address and colour belong to the profile's firm."""
    if firm["name"] and not same_name(firm["name"], typed):
        return {"name": typed, "address": "", "colour": DEFAULT_COLOUR, "logo": None}
    return {
        "name": firm["name"] or typed,
        "address": firm["address"],
        "colour": firm["colour"],
        "logo": asset(LOGO_ASSET) if firm["logo"] else None,
    }


def build_context(
    document: Document,
    worked: WorkedSample,
    created: datetime,
    firm: dict | None = None,
    asset=None,
) -> dict:
    """Everything the print templates show, as plain values and sanitized HTML."""
    firm = {**DEFAULT_FIRM, **(firm or {})}
    asset = asset or asset_url
    locale = document.locale or DEFAULT_LOCALE
    return {
        "asset": asset,
        "lang": locale.replace("_", "-"),
        "firm": firm_identity(firm, document.consultant.firm, asset),
        "page_size": page_size_of(document, firm),
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
    options = [
        {
            "name": option.name,
            "description": to_html(option.description),
            "price": formatting.money(option.price, option.currency, locale),
            "timeline": option.timeline or "",
        }
        for option in offer.options
    ]
    return {
        "summary": to_html(offer.summary),
        "options": options,
        "if_it_goes_wrong": to_html(offer.if_it_goes_wrong),
        "valid_until": _date(offer.valid_until, locale),
    }


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
