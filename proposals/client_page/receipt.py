"""The acceptance receipt: one page, in the proposal's language, carrying the PDF's hash.

Laid out by WeasyPrint through the app's asset-only fetcher (render/pdf.py), from plain
values: who accepted, when, what they chose and what it costs, and which PDF it was."""

from __future__ import annotations

from datetime import UTC

from babel.dates import format_datetime

from .. import formatting
from ..document import Document
from ..firm import print_settings
from ..models import ClientAnswer, ClientLink
from ..offer_totals import tax_label_of
from ..render.context import DEFAULT_FIRM, firm_identity
from ..render.fetcher import asset_url
from ..render.html import print_environment
from ..render.language import catalog_language
from ..render.pdf import html_to_pdf
from ..web import file_slug


def receipt_context(firm: dict, link: ClientLink, document: Document, answer: ClientAnswer) -> dict:
    locale = formatting.proposal_locale(document.locale, firm.get("locale"))
    option = document.offer.options[answer.option_index]
    prices = {add_on.name: add_on.price for add_on in option.add_ons}

    def money(amount) -> str:
        return formatting.money(amount, answer.currency, locale)

    accepted = answer.created_at.replace(tzinfo=UTC)
    return {
        "lang": locale,
        "asset": asset_url,
        "firm": firm_identity({**DEFAULT_FIRM, **firm}, document.consultant.firm, asset_url),
        "title": document.title,
        "organisation": document.prospect.organisation,
        "consultant": document.consultant.model_dump(),
        "answer": {
            "full_name": answer.full_name,
            "role": answer.role,
            "reference": answer.reference,
            "utc": accepted.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "date": formatting.long_day(accepted.date(), locale),
            "local": format_datetime(accepted, "medium", locale=formatting.locale_of(locale)),
        },
        "option": option.name,
        "add_ons": [{"name": name, "price": money(prices[name])} for name in answer.add_ons],
        "price": money(option.price),
        "net": money(answer.total_net),
        "gross": money(answer.total_gross),
        "taxed": option.tax is not None,
        "tax_label": tax_label_of(document.offer, locale),
        "version": link.version.number,
        "sha256": answer.pdf_sha256,
    }


def make_receipt(session, link: ClientLink, document: Document, answer: ClientAnswer) -> bytes:
    """The receipt PDF of one acceptance."""
    firm = print_settings(session)
    context = receipt_context(firm, link, document, answer)
    env = print_environment(catalog_language(context["lang"]))
    return html_to_pdf(env.get_template("receipt.html").render(context))


def receipt_filename(document: dict, version_number: int) -> str:
    organisation = (document.get("prospect") or {}).get("organisation")
    return f"{file_slug(organisation, 'proposal')}-acceptance-v{version_number}.pdf"
