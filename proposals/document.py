"""The `proposals/v1` document: every field, limit and error message, in one place.

The wizard, the command line and (later) the API all validate through this module,
so a field name, a limit or an error message is written exactly once.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (  # Limits, EMAIL and DEFAULT_COLOUR are read from here by the forms
    DEFAULT_COLOUR,
    EMAIL,
    Currency,
    Email,
    Limits,
    Lines,
    LocaleTag,
    Name,
    OptionalCurrency,
    OptionalDate,
    Price,
    RequiredDate,
    Short,
    TaxRate,
    Text,
    Title,
    Unit,
    check_locale,
    strip_blank,
    text_field,
)
from .nesting import MAX_DEPTH, too_deep
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
    "DEFAULT_COLOUR",
    "EMAIL",
    "Limits",
    "NOT_A_DATE",
    "REQUIRED",
    "SCHEMA",
    "DocumentError",
    "FieldError",
    "at_most_characters",
    "errors_from",
    "format_path",
]


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
    notes: text_field(Limits.NOTES) = None  # private: never rendered
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

    id: text_field(80) = None
    inputs: Annotated[dict[str, Any] | None, Field(max_length=Limits.INPUTS)] = None
    title: text_field(Limits.TITLE) = None
    body: text_field(Limits.SAMPLE_BODY) = None
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
    serves: text_field(Limits.LINE, required=True)
    why: text_field(Limits.LINE, required=True)
    contact: Short = None


class Tax(Part):
    """The tax on an option's price: its rate in percent, and whether the price includes it."""

    rate: TaxRate
    included: bool = False


class AddOn(Part):
    """An optional extra the client may choose on top of an option."""

    name: Name
    description: text_field(Limits.LINE) = None
    price: Price


class Option(Part):
    name: Name
    description: Text = None
    price: Price
    currency: Currency
    unit: Unit = None
    timeline: Short = None
    tax: Tax | None = None
    add_ons: list[AddOn] = Field(default_factory=list, max_length=Limits.ADD_ONS)


class Offer(Part):
    summary: Text = None
    options: list[Option] = Field(min_length=Limits.OPTIONS_MIN, max_length=Limits.OPTIONS_MAX)
    tax_label: text_field(40) = None  # "VAT", "GST", "moms"; defaulted from the locale
    if_it_goes_wrong: Text = None
    valid_until: OptionalDate = None


def _absent_if_blank(value: Any) -> Any:
    """An optional group left entirely empty (no follow-up date, no topic) is no group."""
    if isinstance(value, dict) and all(strip_blank(item) is None for item in value.values()):
        return None
    return value


class FollowUp(Part):
    on: RequiredDate
    about: text_field(Limits.LINE, required=True)


class PdfOptions(Part):
    """How the PDF is made: paper size (default: the firm's), archival and tagged variants."""

    page_size: Annotated[Literal["A4", "Letter"] | None, BeforeValidator(strip_blank)] = None
    archival: bool = False  # PDF/A-3b, for keeping for years
    tagged: bool = False  # a tagged PDF, for screen readers
    # "formal": a cover page and each section on its own page; "compact": a title block
    # on page one and sections that follow each other. Absent: the firm's choice.
    layout: Annotated[Literal["compact", "formal"] | None, BeforeValidator(strip_blank)] = None
    # A contents page: true always, false never; absent: formal has one, compact from about
    # six pages.
    contents: Annotated[bool | None, BeforeValidator(strip_blank)] = None


def _absent_if_default(value: Any) -> Any:
    """PDF options left at their defaults are no options: the document stays minimal."""
    if (
        isinstance(value, dict)
        and not strip_blank(value.get("page_size"))
        and not strip_blank(value.get("layout"))
        and strip_blank(value.get("contents")) is None
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
    locale: LocaleTag = None
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
        "PeopleSection", ("title", "locale", "currency", "pdf", "consultant", "prospect")
    ),
    "listening": _part_of_document("ListeningSection", ("listening",)),
    "sample": _part_of_document("SampleSection", ("sample",)),
    "help": HelpSection,
    "offer": _part_of_document("OfferSection", ("offer",)),
    "next_steps": _part_of_document("NextStepsSection", ("next_steps", "follow_up")),
}


# ---------------------------------------------------------------------------
# Public operations.


def typed_locale(data: Any, default: str | None = None) -> str | None:
    """The locale a document's figures are read in: its own if valid, else `default`."""
    try:
        own = check_locale(data.get("locale")) if isinstance(data, dict) else None
    except PydanticCustomError:
        own = None  # refused by the schema itself, at `locale`
    return own or default


def validate_document(data: Any, locale: str | None = None) -> Document:
    """Validate a whole document, raising DocumentError with every problem found.

    Prices are read in the document's own locale, else `locale` (the firm's default).
    """
    if not isinstance(data, dict):
        raise DocumentError([FieldError("", "a proposal document must be a table of fields")])
    if too_deep(data):
        raise DocumentError([FieldError("", f"nested more than {MAX_DEPTH} levels deep")])
    try:
        return Document.model_validate(data, context={"locale": typed_locale(data, locale)})
    except ValidationError as exc:
        raise errors_from(exc) from None


def validate_section(name: str, data: dict, locale: str | None = None) -> dict:
    """Validate one wizard section; return its normalized, storable content.

    `locale` is the proposal's (its own or the firm's): the one its figures are typed in.
    """
    try:
        section = SECTIONS[name].model_validate(data, context={"locale": locale})
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
