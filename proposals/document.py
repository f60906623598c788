"""The `proposals/v1` document: every field, limit and error message, in one place.

The wizard, the command line and (later) the API all validate through this module,
so a field name, a limit or an error message is written exactly once.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .nesting import MAX_DEPTH, too_deep
from .numbers import NumberProblem, parse_decimal, plain_text
from .problems import (  # re-exported: the schema's errors are part of its interface
    NOT_A_DATE,
    REQUIRED,
    SCHEMA,
    DocumentError,
    FieldError,
    at_most_characters,
    errors_from,
    format_path,
)

__all__ = [
    "NOT_A_DATE",
    "REQUIRED",
    "SCHEMA",
    "DocumentError",
    "FieldError",
    "at_most_characters",
    "errors_from",
    "format_path",
]


class Limits:
    """Sizes a document may have; forms and docs read them from here."""

    TITLE = 200
    SHORT = 200  # names, organisations, roles, e-mail addresses, phone numbers
    LINE = 600  # one quote, goal, obstacle, step or self-help item
    TEXT = 5_000  # situation, commentary, offer texts
    NOTES = 20_000  # the private yellow pad
    SAMPLE_BODY = 50_000
    SAMPLE_FILE = 100_000  # a whole sample file: front matter, example and body
    SAMPLE_OUTPUT = 200_000  # what a sample's body may write out, and any one string in it
    ADDRESS = 1_000  # the firm's postal address on the cover
    LIST_ITEMS = 12
    REFERRALS = 10
    OPTIONS_MIN = 1
    OPTIONS_MAX = 4
    PRICE_MAX = Decimal("1000000000")
    FIGURE_MAX = Decimal("1e15")  # any figure a sample computes on (a revenue, a count)
    INPUT_TEXT = 2_000  # a text input of a sample
    INPUT_LONG_TEXT = 10_000
    INPUTS = 50
    TABLE_ROWS = 500
    # The referral directory: tags per provider, one tag's length, rows in one CSV import,
    # and a search query's length.
    PROVIDER_TAGS = 20
    TAG = 40
    IMPORT_ROWS = 5_000
    SEARCH = 100


# Something@somewhere.tld: enough to catch a typo, without refusing real addresses.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# The firm's colour until a firm profile sets one (a dark teal that prints well).
DEFAULT_COLOUR = "#1d5c63"


# ---------------------------------------------------------------------------
# Field types: text is stripped, and blank optional text is stored as absent.


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def _strip_required(value: Any) -> Any:
    value = _strip(value)
    if value is None:
        raise PydanticCustomError("required", "required")
    return value


def _text(limit: int, required: bool = False):
    bounded = Annotated[str, Field(max_length=limit)]
    if required:
        return Annotated[bounded, BeforeValidator(_strip_required)]
    return Annotated[bounded | None, BeforeValidator(_strip)]


def _check_email(value: str | None) -> str | None:
    if value is not None and not EMAIL.fullmatch(value):
        raise PydanticCustomError("email", "not an e-mail address")
    return value


def _check_price(value: Any) -> str:
    try:
        amount = parse_decimal(value, limit=Limits.PRICE_MAX)
    except NumberProblem as exc:
        raise PydanticCustomError("number", str(exc)) from None
    if amount < 0:
        raise PydanticCustomError("range", "cannot be negative")
    return plain_text(amount)


_CURRENCIES = frozenset(list_currencies())


def _check_currency(value: Any) -> str:
    code = str(value or "").strip().upper()
    if code not in _CURRENCIES:
        raise PydanticCustomError("currency", "not an ISO 4217 currency code (like GBP or USD)")
    return code


def _drop_blank_items(items: Any) -> Any:
    if isinstance(items, list):
        return [item for item in items if not (isinstance(item, str) and not item.strip())]
    return items


Title = _text(Limits.TITLE, required=True)
Name = _text(Limits.SHORT, required=True)
Short = _text(Limits.SHORT)
Text = _text(Limits.TEXT)
Email = Annotated[Short, AfterValidator(_check_email)]
Line = _text(Limits.LINE, required=True)
Lines = Annotated[
    list[Line], BeforeValidator(_drop_blank_items), Field(max_length=Limits.LIST_ITEMS)
]
Price = Annotated[str, BeforeValidator(_check_price)]
Currency = Annotated[str, BeforeValidator(_check_currency)]
OptionalCurrency = Annotated[Currency | None, BeforeValidator(_strip)]
OptionalDate = Annotated[date | None, BeforeValidator(_strip)]


class Part(BaseModel):
    """Base for every part of the document: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Consultant(Part):
    name: Name
    firm: Name
    email: Email = None
    phone: Short = None


class Prospect(Part):
    organisation: Name
    contact_name: Name
    contact_role: Short = None
    industry: Short = None
    email: Email = None
    met_on: OptionalDate = None


class Listening(Part):
    notes: _text(Limits.NOTES) = None  # private: never rendered
    situation: Text = None
    their_words: Lines = []
    goals: Lines = []
    obstacles: Lines = []
    tried_before: Text = None
    sleep_well: Text = None
    constraints: Text = None

    @model_validator(mode="after")
    def _situation_or_goals(self) -> Listening:
        if not self.situation and not self.goals:
            raise PydanticCustomError(
                "listening", "write the situation or at least one goal: what did you hear?"
            )
        return self


class Sample(Part):
    """Either a library sample (`id` + `inputs`) or an inline one (`title` + `body`)."""

    id: _text(80) = None
    inputs: Annotated[dict[str, Any] | None, Field(max_length=Limits.INPUTS)] = None
    title: _text(Limits.TITLE) = None
    body: _text(Limits.SAMPLE_BODY) = None
    commentary: Text = None

    @model_validator(mode="after")
    def _library_or_inline(self) -> Sample:
        if self.id and (self.title or self.body):
            raise PydanticCustomError(
                "sample",
                "choose a library sample (id) or write one inline (title and body), not both",
            )
        if not self.id and not (self.title and self.body):
            raise PydanticCustomError(
                "sample", "choose a library sample, or give an inline sample a title and a body"
            )
        return self

    @property
    def is_inline(self) -> bool:
        return not self.id


class Referral(Part):
    name: Name
    organisation: Short = None
    serves: _text(Limits.LINE, required=True)
    why: _text(Limits.LINE, required=True)
    contact: Short = None


class Option(Part):
    name: Name
    description: Text = None
    price: Price
    currency: Currency
    timeline: Short = None


class Offer(Part):
    summary: Text = None
    options: list[Option] = Field(min_length=Limits.OPTIONS_MIN, max_length=Limits.OPTIONS_MAX)
    if_it_goes_wrong: Text = None
    valid_until: OptionalDate = None


def _absent_if_blank(value: Any) -> Any:
    """An optional group left entirely empty (no follow-up date, no topic) is no group."""
    if isinstance(value, dict) and all(_strip(item) is None for item in value.values()):
        return None
    return value


class FollowUp(Part):
    on: Annotated[date, BeforeValidator(_strip_required)]
    about: _text(Limits.LINE, required=True)


class PdfOptions(Part):
    """How the PDF is made: paper size (default: the firm's), archival and tagged variants."""

    page_size: Annotated[Literal["A4", "Letter"] | None, BeforeValidator(_strip)] = None
    archival: bool = False  # PDF/A-3b, for keeping for years
    tagged: bool = False  # a tagged PDF, for screen readers


def _absent_if_default(value: Any) -> Any:
    """PDF options left at their defaults are no options: the document stays minimal."""
    if (
        isinstance(value, dict)
        and not _strip(value.get("page_size"))
        and not any(value.get(key) for key in ("archival", "tagged"))
    ):
        return None
    return value


OptionalPdf = Annotated[PdfOptions | None, BeforeValidator(_absent_if_default)]


def _referrals_or_self_help(referrals: list, self_help: list) -> None:
    if not referrals and not self_help:
        raise PydanticCustomError(
            "help",
            "name at least one other provider or one thing the client can do themselves",
        )


class Document(Part):
    """A whole proposal, as stored, rendered and exchanged."""

    schema_: Literal["proposals/v1"] = Field(alias="schema")
    title: Title
    locale: _text(20) = None
    currency: OptionalCurrency = None
    consultant: Consultant
    prospect: Prospect
    listening: Listening
    sample: Sample
    referrals: list[Referral] = Field(default_factory=list, max_length=Limits.REFERRALS)
    self_help: Lines = []
    offer: Offer
    next_steps: Lines = []
    follow_up: Annotated[FollowUp | None, BeforeValidator(_absent_if_blank)] = None
    pdf: OptionalPdf = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _someone_else_or_self_help(self) -> Document:
        _referrals_or_self_help(self.referrals, self.self_help)
        return self

    @property
    def display_currency(self) -> str:
        """The currency figures are shown in: the document's, else the first option's."""
        if self.currency:
            return self.currency
        return self.offer.options[0].currency if self.offer.options else "USD"


# ---------------------------------------------------------------------------
# Sections: what one wizard step validates on its own.


def _part_of_document(name: str, keys: tuple[str, ...]) -> type[Part]:
    """A model of some of Document's fields, declared exactly as Document declares them."""
    fields = {
        key: (Document.model_fields[key].annotation, Document.model_fields[key]) for key in keys
    }
    return create_model(name, __base__=Part, **fields)


class HelpSection(_part_of_document("HelpFields", ("referrals", "self_help"))):
    @model_validator(mode="after")
    def _someone_else_or_self_help(self) -> HelpSection:
        _referrals_or_self_help(self.referrals, self.self_help)
        return self


# The document's parts, each saved by one wizard step.
SECTIONS: dict[str, type[Part]] = {
    "people": _part_of_document(
        "PeopleSection", ("title", "currency", "pdf", "consultant", "prospect")
    ),
    "listening": _part_of_document("ListeningSection", ("listening",)),
    "sample": _part_of_document("SampleSection", ("sample",)),
    "help": HelpSection,
    "offer": _part_of_document("OfferSection", ("offer",)),
    "next_steps": _part_of_document("NextStepsSection", ("next_steps", "follow_up")),
}


# ---------------------------------------------------------------------------
# Public operations.


def validate_document(data: Any) -> Document:
    """Validate a whole document, raising DocumentError with every problem found."""
    if not isinstance(data, dict):
        raise DocumentError([FieldError("", "a proposal document must be a table of fields")])
    if too_deep(data):
        raise DocumentError([FieldError("", f"nested more than {MAX_DEPTH} levels deep")])
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        raise errors_from(exc) from None


def validate_section(name: str, data: dict) -> dict:
    """Validate one wizard section; return its normalized, storable content."""
    try:
        section = SECTIONS[name].model_validate(data)
    except ValidationError as exc:
        raise errors_from(exc) from None
    return section.model_dump(mode="json", exclude_none=True, by_alias=True)


def dump_document(document: Document) -> dict:
    """The storable, JSON-ready form of a validated document."""
    return document.model_dump(mode="json", exclude_none=True, by_alias=True)


def normalize(data: dict) -> dict:
    """Validate and dump: two documents meaning the same thing compare equal."""
    return dump_document(validate_document(data))


def client_facing(data: dict) -> dict:
    """The document without what must never leave the firm (the private notes)."""
    copy = json.loads(json.dumps(data))
    copy.get("listening", {}).pop("notes", None)
    return copy
