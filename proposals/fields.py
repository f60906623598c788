"""The field types of a `proposals/v1` document: limits, stripping, and one check per kind.

document.py builds the document's parts from these; each check's message is the one a
person sees next to the field, in the CLI and (later) the API.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from .numbers import NumberProblem, parse_decimal, plain_text


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
    ADD_ONS = 6  # optional extras per option
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


def strip_blank(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def _strip_required(value: Any) -> Any:
    value = strip_blank(value)
    if value is None:
        raise PydanticCustomError("required", "required")
    return value


def text_field(limit: int, required: bool = False):
    bounded = Annotated[str, Field(max_length=limit)]
    if required:
        return Annotated[bounded, BeforeValidator(_strip_required)]
    return Annotated[bounded | None, BeforeValidator(strip_blank)]


def _check_email(value: str | None) -> str | None:
    if value is not None and not EMAIL.fullmatch(value):
        raise PydanticCustomError("email", "not an e-mail address")
    return value


def reading_locale(info: ValidationInfo) -> str | None:
    """The locale figures are typed in, as the validator was told (document.py)."""
    return (info.context or {}).get("locale")


def _check_price(value: Any, info: ValidationInfo) -> str:
    try:
        amount = parse_decimal(value, limit=Limits.PRICE_MAX, locale=reading_locale(info))
    except NumberProblem as exc:
        raise PydanticCustomError("number", str(exc)) from None
    if amount < 0:
        raise PydanticCustomError("range", "cannot be negative")
    return plain_text(amount)


_CURRENCIES = frozenset(list_currencies())


def _check_currency(value: Any) -> str:
    code = str(value or "").strip().upper()
    if not code:
        raise PydanticCustomError("required", "required")
    if code not in _CURRENCIES:
        raise PydanticCustomError("currency", "not an ISO 4217 currency code (like GBP or USD)")
    return code


def check_locale(value: Any) -> str | None:
    """A BCP 47 tag Babel knows ("sv-SE", "de-CH", "en"), stored in its usual spelling."""
    tag = strip_blank(value)
    if tag is None:
        return None
    if not isinstance(tag, str) or len(tag) > 35:
        raise PydanticCustomError("locale", "not a locale tag (like en-GB or sv-SE)")
    try:
        parsed = Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise PydanticCustomError("locale", "unknown locale '{tag}'", {"tag": tag}) from None
    return "-".join(part for part in (parsed.language, parsed.script, parsed.territory) if part)


def _check_tax_rate(value: Any, info: ValidationInfo) -> str:
    try:
        rate = parse_decimal(value, limit=Decimal("1000"), locale=reading_locale(info))
    except NumberProblem:
        rate = None
    if rate is None or not 0 <= rate <= 100:
        raise PydanticCustomError("range", "a percentage from 0 to 100")
    return plain_text(rate)


def _drop_blank_items(items: Any) -> Any:
    if isinstance(items, list):
        return [item for item in items if not (isinstance(item, str) and not item.strip())]
    return items


Title = text_field(Limits.TITLE, required=True)
Name = text_field(Limits.SHORT, required=True)
Short = text_field(Limits.SHORT)
Text = text_field(Limits.TEXT)
Email = Annotated[Short, AfterValidator(_check_email)]
Line = text_field(Limits.LINE, required=True)
Lines = Annotated[
    list[Line], BeforeValidator(_drop_blank_items), Field(max_length=Limits.LIST_ITEMS)
]
Price = Annotated[str, BeforeValidator(_check_price)]
Currency = Annotated[str, BeforeValidator(_check_currency)]
OptionalCurrency = Annotated[Currency | None, BeforeValidator(strip_blank)]
OptionalDate = Annotated[date | None, BeforeValidator(strip_blank)]
RequiredDate = Annotated[date, BeforeValidator(_strip_required)]
LocaleTag = Annotated[str | None, BeforeValidator(check_locale)]
TaxRate = Annotated[str, BeforeValidator(_check_tax_rate)]
# How often an option's price is charged; absent means it isn't said.
Unit = Annotated[
    Literal["one-off", "hour", "day", "week", "month", "year"] | None, BeforeValidator(strip_blank)
]
