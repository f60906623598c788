"""The `proposals/v1` document: every field, limit and error message, in one place.

The wizard, the command line and (later) the API all validate through this module,
so a field name, a limit or an error message is written exactly once.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .numbers import NumberProblem, parse_decimal, plain_text

SCHEMA = "proposals/v1"


class Limits:
    """Sizes a document may have; forms and docs read them from here."""

    TITLE = 200
    SHORT = 200  # names, organisations, roles, e-mail addresses, phone numbers
    LINE = 600  # one quote, goal, obstacle, step or self-help item
    TEXT = 5_000  # situation, commentary, offer texts
    NOTES = 20_000  # the private yellow pad
    SAMPLE_BODY = 50_000
    SAMPLE_FILE = 100_000  # a whole sample file: front matter, example and body
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


# Messages more than one module gives (pydantic's own codes are translated in _MESSAGES).
REQUIRED = "required"
NOT_A_DATE = "not a date (use YYYY-MM-DD)"


def at_most_characters(limit: int) -> str:
    return f"at most {limit} characters"


# Something@somewhere.tld: enough to catch a typo, without refusing real addresses.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# The firm's colour until a firm profile sets one (a dark teal that prints well).
DEFAULT_COLOUR = "#1d5c63"


@dataclass(frozen=True)
class FieldError:
    """One problem, located by its path in the document (`offer.options[0].price`)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentError(ValueError):
    """A document that does not fit `proposals/v1`; carries every problem found."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))

    def by_path(self) -> dict[str, str]:
        """Map each failing path to its first message, for showing next to fields."""
        found: dict[str, str] = {}
        for error in self.errors:
            found.setdefault(error.path, error.message)
        return found


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


class PeopleSection(Part):
    title: Title
    currency: OptionalCurrency = None
    pdf: OptionalPdf = None
    consultant: Consultant
    prospect: Prospect


class ListeningSection(Part):
    listening: Listening


class SampleSection(Part):
    sample: Sample


class HelpSection(Part):
    referrals: list[Referral] = Field(default_factory=list, max_length=Limits.REFERRALS)
    self_help: Lines = []

    @model_validator(mode="after")
    def _someone_else_or_self_help(self) -> HelpSection:
        _referrals_or_self_help(self.referrals, self.self_help)
        return self


class OfferSection(Part):
    offer: Offer


class NextStepsSection(Part):
    next_steps: Lines = []
    follow_up: Annotated[FollowUp | None, BeforeValidator(_absent_if_blank)] = None


SECTIONS: dict[str, type[Part]] = {
    "people": PeopleSection,
    "listening": ListeningSection,
    "sample": SampleSection,
    "help": HelpSection,
    "offer": OfferSection,
    "next_steps": NextStepsSection,
}


# ---------------------------------------------------------------------------
# Error messages: pydantic's codes turned into the words a consultant reads.

_MESSAGES = {
    "missing": REQUIRED,
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a table of named values",
    "model_type": "must be a table of named values",
    "extra_forbidden": "unknown field",
    "date_from_datetime_parsing": NOT_A_DATE,
    "date_parsing": NOT_A_DATE,
    "date_type": NOT_A_DATE,
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
}


def _message(error: dict) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "literal_error":
        if error["loc"] and error["loc"][-1] in ("schema", "schema_"):
            return f'must be "{SCHEMA}"'
        return f"must be one of {context['expected']}"
    if kind == "string_too_long":
        return at_most_characters(context["max_length"])
    if kind == "too_long":
        return f"at most {context['max_length']} items"
    if kind == "too_short":
        count = context["min_length"]
        return f"at least {count} item" + ("s" if count != 1 else "")
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = error["msg"]
    return message.removeprefix("Value error, ")


def format_path(location: tuple) -> str:
    """Turn pydantic's location tuple into `offer.options[0].price`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            part = "schema" if part == "schema_" else part
            path += f".{part}" if path else part
    return path


def errors_from(exc: ValidationError, prefix: str = "") -> DocumentError:
    """Convert a pydantic ValidationError into our own, with readable paths."""
    found = []
    for error in exc.errors(include_url=False):
        path = format_path(error["loc"])
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        found.append(FieldError(path, _message(error)))
    return DocumentError(found)


# ---------------------------------------------------------------------------
# Public operations.


def validate_document(data: Any) -> Document:
    """Validate a whole document, raising DocumentError with every problem found."""
    if not isinstance(data, dict):
        raise DocumentError([FieldError("", "a proposal document must be a table of fields")])
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


def parse_document_text(text: str, suffix: str) -> Any:
    """Parse JSON or TOML text into plain data; DocumentError if it is not parseable."""
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix == ".toml":
            return tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [FieldError("", f"not valid JSON: {exc.msg} (line {exc.lineno})")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError([FieldError("", f"not valid TOML: {exc}")]) from None
    raise DocumentError([FieldError("", f"unsupported file type {suffix!r}: use .json or .toml")])


def load_document_file(path: str | Path) -> Document:
    """Read and validate a `.json` or `.toml` proposal document."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError([FieldError("", f"cannot read {path}: {exc}")]) from None
    return validate_document(parse_document_text(text, path.suffix.lower()))
