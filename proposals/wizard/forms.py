"""Step forms. They only collect and redisplay: validation is the document schema's job.

Field names follow the document's keys, so `form.data` is the section as the schema
expects it, and an error path such as `offer.options[0].price` finds its field.
Limits come from `document.Limits`, so the browser and the schema agree.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import TextInput

from ..document import Limits

COMMON_CURRENCIES = [
    "GBP",
    "USD",
    "EUR",
    "CAD",
    "AUD",
    "NZD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "JPY",
    "INR",
    "SGD",
    "HKD",
    "ZAR",
]


def text(label: str, limit: int = Limits.SHORT, **render_kw) -> StringField:
    return StringField(label, render_kw={"maxlength": limit, **render_kw})


def long_text(label: str, limit: int = Limits.TEXT, rows: int = 4, **render_kw) -> TextAreaField:
    return TextAreaField(label, render_kw={"maxlength": limit, "rows": rows, **render_kw})


class DateInput(TextInput):
    """A date picker; a plain text box while it holds a date that was refused.

    A browser's date picker shows an impossible date such as 2026-02-30 as an empty box,
    so the value typed would seem lost; as text it comes back exactly as typed.
    """

    def __call__(self, field, **attributes):
        attributes.setdefault("type", "text" if field.errors else "date")
        return super().__call__(field, **attributes)


def date_field(label: str) -> StringField:
    return StringField(label, widget=DateInput(), render_kw={"placeholder": "YYYY-MM-DD"})


def currency_field(label: str) -> StringField:
    """Any ISO 4217 code; the page offers common ones through a datalist."""
    return text(label, 3, list="currencies", size=4, autocapitalize="characters", placeholder="GBP")


def lines(label: str, entries: int = 1, **render_kw) -> FieldList:
    """A list of one-line items with add/remove buttons (quotes, goals, steps)."""
    field = text(label, Limits.LINE, **render_kw)
    return FieldList(field, min_entries=entries, max_entries=Limits.LIST_ITEMS)


def sentences(label: str, entries: int = 1, **render_kw) -> FieldList:
    """A list of items that each hold a sentence or two (self-help, next steps)."""
    field = long_text(label, Limits.LINE, rows=2, **render_kw)
    return FieldList(field, min_entries=entries, max_entries=Limits.LIST_ITEMS)


# --- Step 1: people -------------------------------------------------------------


class ConsultantFields(Form):
    name = text("Your name", autocomplete="name")
    firm = text("Firm", autocomplete="organization")
    email = text("E-mail", type="email", autocomplete="email")
    phone = text("Phone", type="tel", autocomplete="tel")


class ProspectFields(Form):
    organisation = text("Organisation")
    contact_name = text("Contact name")
    contact_role = text("Their role")
    industry = text("Industry")
    email = text("Their e-mail", type="email")
    met_on = date_field("You met on")


class PdfFields(Form):
    page_size = SelectField(
        "Paper size",
        choices=[
            SelectChoice("", "The firm's default"),
            SelectChoice("A4", "A4"),
            SelectChoice("Letter", "US Letter"),
        ],
    )
    archival = BooleanField("Archival PDF (PDF/A-3b), to keep for years")
    tagged = BooleanField("Tagged PDF, for screen readers")


class PeopleForm(FlaskForm):
    title = text(
        "Proposal title",
        Limits.TITLE,
        placeholder="In their terms, e.g. “Getting through February with cash to spare”",
    )
    currency = currency_field("Currency for figures (leave blank to use the offer's)")
    prospect = FormField(ProspectFields)
    consultant = FormField(ConsultantFields)
    pdf = FormField(PdfFields)


# --- Step 2: what you heard ----------------------------------------------------


class ListeningFields(Form):
    situation = long_text("Their situation", rows=5)
    their_words = lines("In their words", 2, placeholder="A sentence they said, word for word")
    goals = lines("Goals", 2)
    obstacles = lines("Obstacles")
    tried_before = long_text("What they have tried", rows=3)
    sleep_well = long_text("What would let them sleep well at night", rows=3)
    constraints = long_text("Constraints", rows=3)
    notes = long_text("Your notes from the meeting", Limits.NOTES, rows=8)


class ListeningForm(FlaskForm):
    listening = FormField(ListeningFields)


# --- Step 4: who else could help -------------------------------------------------


class ReferralFields(Form):
    name = text("Name")
    organisation = text("Organisation")
    serves = text("What part of the need they serve", Limits.LINE)
    why = long_text("Why they fit better", Limits.LINE, rows=2)
    contact = text("How to reach them")


class HelpForm(FlaskForm):
    referrals = FieldList(FormField(ReferralFields), min_entries=1, max_entries=Limits.REFERRALS)
    self_help = sentences("What they can do themselves", 2)


# --- Step 5: the offer -----------------------------------------------------------


class OptionFields(Form):
    name = text("Option name")
    description = long_text("What is included", rows=3)
    price = text("Price", inputmode="decimal", placeholder="1200.00")
    currency = currency_field("Currency")
    timeline = text("Timeline")


class OfferFields(Form):
    summary = long_text("Summary", rows=3)
    options = FieldList(FormField(OptionFields), min_entries=1, max_entries=Limits.OPTIONS_MAX)
    if_it_goes_wrong = long_text("If it goes wrong", rows=3)
    valid_until = date_field("Valid until")


class OfferForm(FlaskForm):
    offer = FormField(OfferFields)


# --- Step 6: next steps ----------------------------------------------------------


class FollowUpFields(Form):
    on = date_field("Follow up on")
    about = text("About", Limits.LINE, placeholder="Their issue, not “just checking in”")


class NextStepsForm(FlaskForm):
    next_steps = sentences("Next steps", 2)
    follow_up = FormField(FollowUpFields)
