"""Step forms. They only collect and redisplay: validation is the document schema's job.

Field names follow the document's keys, so `form.data` is the section as the schema
expects it, and an error path such as `offer.options[0].price` finds its field.
Limits come from `document.Limits`, so the browser and the schema agree.
"""

from __future__ import annotations

from flask import current_app
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
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.widgets import TextInput

from .. import db
from ..choices import currency_choices, locale_choices, locale_name
from ..document import Limits
from ..firm import default_locale
from ..library import worked


class KeepingSelect(SelectField):
    """A select that keeps a value it does not list (typed before, or read from a file).

    Such a value is shown as a choice of its own, selected, so saving the step again
    sends it back unchanged and the schema says next to the field what is wrong with it.
    """

    def __init__(self, label: str, choices, blank: str = "", prefill: bool = False, **kw):
        # `choices` is called per form: Babel's lists are built on first use, not at import.
        options = [SelectChoice("", blank), *(SelectChoice(*choice) for choice in choices())]
        super().__init__(label, choices=options, validate_choice=False, **kw)
        self.prefill = prefill  # a blank one takes the proposal's currency (prefill_currencies)

    def iter_choices(self):
        choices = super().iter_choices()
        if self.data and all(choice.value != self.data for choice in choices):
            return [Choice(self.data, f"{self.data} (not in the list)", True, {}), *choices]
        return choices


def text(label: str, limit: int = Limits.SHORT, **render_kw) -> StringField:
    # data-limit, not maxlength: the browser would cut a pasted text; counter.js counts.
    return StringField(label, render_kw={"data-limit": limit, **render_kw})


def long_text(label: str, limit: int = Limits.TEXT, rows: int = 4, **render_kw) -> TextAreaField:
    return TextAreaField(label, render_kw={"data-limit": limit, "rows": rows, **render_kw})


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


def currency_field(label: str, blank: str = "Choose a currency", prefill: bool = True):
    """An ISO 4217 code from Babel's list, common ones first; blank is "required"."""
    return KeepingSelect(label, currency_choices, blank=blank, prefill=prefill)


def prefill_currencies(form, document: dict) -> None:
    """Blank currency choices of the offer start at the proposal's currency, to be changed.

    One left blank on purpose and refused ("required") stays blank, next to its message.
    """
    default = current_app.config["DEFAULT_CURRENCY"]
    currency = worked.sample_context(document, default).currency
    for field in _fields_of(form):
        prefilled = isinstance(field, KeepingSelect) and field.prefill
        if prefilled and not field.data and not field.errors:
            field.data = currency


def _fields_of(form) -> list:
    """Every leaf field of a form, through its field lists and sub-forms."""
    found = []
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                found.extend(_fields_of(entry.form) if isinstance(entry, FormField) else [entry])
        elif isinstance(field, FormField):
            found.extend(_fields_of(field.form))
        else:
            found.append(field)
    return found


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
    layout = SelectField(
        "Layout",
        choices=[
            SelectChoice("", "The firm's default"),
            SelectChoice("formal", "Formal: a cover page, each section on a page of its own"),
            SelectChoice("compact", "Compact: a title block, sections one after another"),
        ],
    )
    contents = SelectField(
        "Contents page",
        choices=[
            SelectChoice("", "When the proposal is long (about six pages), or formal"),
            SelectChoice("True", "Always"),
            SelectChoice("False", "Never"),
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
    locale = KeepingSelect("Language and country of the client", locale_choices)
    currency = currency_field("Currency for figures", blank="The offer's currency", prefill=False)
    prospect = FormField(ProspectFields)
    consultant = FormField(ConsultantFields)
    pdf = FormField(PdfFields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        firm = default_locale(db.session())
        self.locale.choices[0] = SelectChoice("", f"The firm's default: {locale_name(firm)}")


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


UNITS = [
    SelectChoice("", "Not said"),
    SelectChoice("one-off", "Once (one-off)"),
    SelectChoice("hour", "Per hour"),
    SelectChoice("day", "Per day"),
    SelectChoice("week", "Per week"),
    SelectChoice("month", "Per month"),
    SelectChoice("year", "Per year"),
]
# Empty extras rows shown under an option's filled ones, so one more can be typed at once.
SPARE_ADD_ONS = 1
MIN_ADD_ON_ROWS = 2


class TaxFields(Form):
    rate = text("Tax rate", 8, inputmode="decimal", placeholder="25", size=6)
    included = BooleanField("The price includes the tax")


class AddOnFields(Form):
    # Short labels: the page and the error summary say which option and add-on they are in.
    name = text("Name")
    description = text("Description", Limits.LINE)
    price = text("Price", inputmode="decimal", placeholder="300.00")


class OptionFields(Form):
    name = text("Option name")
    description = long_text("What is included", rows=3)
    price = text("Price", inputmode="decimal", placeholder="1200.00")
    currency = currency_field("Currency")
    unit = SelectField("Charged", choices=UNITS)
    timeline = text("Timeline")
    tax = FormField(TaxFields)
    add_ons = FieldList(
        FormField(AddOnFields), min_entries=MIN_ADD_ON_ROWS, max_entries=Limits.ADD_ONS
    )


def add_spare_rows(add_ons: FieldList) -> None:
    """One empty extras row after the filled ones (at least two rows, at most the limit)."""
    filled = sum(1 for entry in add_ons.entries if any((entry.form.data or {}).values()))
    wanted = min(Limits.ADD_ONS, max(MIN_ADD_ON_ROWS, filled + SPARE_ADD_ONS))
    while len(add_ons.entries) < wanted:
        add_ons.append_entry()


class OfferFields(Form):
    summary = long_text("Summary", rows=3)
    options = FieldList(FormField(OptionFields), min_entries=1, max_entries=Limits.OPTIONS_MAX)
    tax_label = text("Name of the tax", 40, placeholder="VAT", size=12)
    if_it_goes_wrong = long_text("If it goes wrong", rows=3)
    valid_until = date_field("Valid until")


class OfferForm(FlaskForm):
    offer = FormField(OfferFields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for option in self.offer.form.options.entries:
            add_spare_rows(option.form.add_ons)


# --- Step 6: next steps ----------------------------------------------------------


class FollowUpFields(Form):
    on = date_field("Follow up on")
    about = text("About", Limits.LINE, placeholder="Their issue, not “just checking in”")


class NextStepsForm(FlaskForm):
    next_steps = sentences("Next steps", 2)
    follow_up = FormField(FollowUpFields)
