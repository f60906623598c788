"""Reading numbers as people type them: the one decimal parser of the project.

Every field that takes a figure (offer prices, sample inputs, pasted and uploaded tables)
reads it here, in the proposal's locale: "4.900,50" in de-DE, "4,900.50" in en-US,
"4’900.50" in de-CH, and everywhere the plain forms "4900.50" and "4 900". What a locale
could read two ways ("1,500" in de-DE) is refused with how it would be read; so are
exponents ("1e-999999"), non-finite values, amounts past a limit and digits other than 0-9.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

NOT_A_NUMBER = "not a number"
OTHER_DIGITS = "not a number: use the digits 0-9"
EXPONENT = "not a number: write it out in full, without an exponent"
TOO_LARGE = "is too large"
# Longer than any amount a person types: refused before any arithmetic is tried on it.
MAX_LENGTH = 60

# Spaces of every width and apostrophes only ever group digits, in every locale.
_SPACES = re.compile(r"(?<=[0-9])[\s\u00a0\u202f\u2009'’](?=[0-9])")
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|kr\.?|Fr\.)\s*|\s*(?:[A-Z]{3}|kr\.?|Fr\.)$")
_MINUS = "-\u2212\u2013"  # hyphen-minus, the minus sign (sv-SE writes it), an en dash
_SHAPE = re.compile(r"[0-9.,]*[0-9][0-9.,]*")
_EXPONENT = re.compile(r"[0-9.]e[+-]?[0-9]", re.IGNORECASE)
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:X[0-9]{3})+")


class NumberProblem(ValueError):
    """The text is not a number a person would write; the message says so."""


@dataclass(frozen=True)
class Marks:
    """How one locale writes a number: its decimal mark, its grouping mark, its name."""

    tag: str
    decimal: str
    group: str


PLAIN = Marks("en-US", ".", ",")


@lru_cache(maxsize=64)
def marks_of(tag: str | None) -> Marks:
    """The marks of a BCP 47 tag ("de-DE"); the plain English ones for none or unknown."""
    if not tag:
        return PLAIN
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return PLAIN
    group = get_group_symbol(locale)
    # Spaces and apostrophes group digits anywhere; what matters is "." and ",".
    group = group if group in ".," else " "
    return Marks(tag, get_decimal_symbol(locale), group)


def parse_decimal(value: Any, limit: Decimal | None = None, locale: str | None = None) -> Decimal:
    """The number in `value` as `locale` writes it; NumberProblem if none or |n| >= limit."""
    if isinstance(value, bool) or value is None:
        raise NumberProblem(NOT_A_NUMBER)
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # NaN and infinity stay non-finite: refused below
    else:
        number = _read(str(value), marks_of(locale))
    if not number.is_finite():
        raise NumberProblem(NOT_A_NUMBER)
    if limit is not None and abs(number) >= limit:
        raise NumberProblem(TOO_LARGE)
    return number


def _read(text: str, marks: Marks) -> Decimal:
    """Text as typed, read with one locale's marks."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise NumberProblem(NOT_A_NUMBER)
    if any(c.isdigit() and c not in "0123456789" for c in text):
        raise NumberProblem(OTHER_DIGITS)
    if _EXPONENT.search(text):
        raise NumberProblem(EXPONENT)
    text = _CURRENCY.sub("", _without_symbols(text)).strip()
    sign = ""
    if text and text[0] in _MINUS + "+":
        sign, text = ("-" if text[0] != "+" else ""), text[1:].strip()
    text = _SPACES.sub("", text)
    if not _SHAPE.fullmatch(text):
        raise NumberProblem(NOT_A_NUMBER)
    try:
        return Decimal(sign + _plain(text, marks))
    except InvalidOperation:
        raise NumberProblem(NOT_A_NUMBER) from None


def _plain(text: str, marks: Marks) -> str:
    """Digits with at most one ".", from digits grouped and marked as typed."""
    points, commas = text.count("."), text.count(",")
    if points and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        if decimal != marks.decimal:
            raise NumberProblem(_other_mark(text, marks))
        whole, _, fraction = text.rpartition(decimal)
        return _ungrouped(whole) + "." + fraction
    if not points and not commas:
        return text
    mark = "." if points else ","
    if points + commas > 1:  # several of one mark: it can only group
        return _ungrouped(text)
    whole, _, fraction = text.partition(mark)
    if len(fraction) == 3 and _GROUPED.fullmatch(whole + "X" + fraction):
        return _one_mark(whole, fraction, mark, marks)
    if mark == "," and marks.decimal != ",":
        raise NumberProblem(_other_mark(text, marks))
    return whole + "." + fraction


def _one_mark(whole: str, fraction: str, mark: str, marks: Marks) -> str:
    """ "1,500" or "1.500": grouping or a decimal mark; refused where the two readings differ."""
    grouping = whole + fraction
    decimal = whole + "." + fraction
    # Plain English reads "," as grouping and "." as a decimal point; the locale may not.
    plain = grouping if mark == "," else decimal
    if mark == marks.decimal:
        own = decimal
    elif mark == marks.group:
        own = grouping
    else:
        own = plain
    if own == plain and mark in (marks.decimal, marks.group):
        return own
    raise NumberProblem(_ambiguous(own, grouping, decimal, marks))


def _ambiguous(own: str, grouping: str, decimal: str, marks: Marks) -> str:
    """The refusal of "1,500" in de-DE: how it would be read, and two unmistakable forms."""
    value = Decimal(decimal).normalize()
    shown = -value.as_tuple().exponent
    # Two decimals, or four for three: three digits after the mark are what misleads.
    places = 4 if shown == 3 else max(2, shown)
    written = f"{value:.{places}f}".replace(".", marks.decimal)
    reading = format(Decimal(own).normalize(), "f")
    return f"ambiguous: in {marks.tag} this reads as {reading}; write {grouping} or {written}"


def _other_mark(text: str, marks: Marks) -> str:
    """The refusal of "12,5" in en-US: which mark the locale uses, and the number with it."""
    name = "a comma" if marks.decimal == "," else "a point"
    swapped = text.translate(str.maketrans(".,", ",."))
    return f"not a number in {marks.tag}: its decimal mark is {name}; write {swapped}"


def _ungrouped(text: str) -> str:
    """Digits grouped in threes by one mark, without the mark; refused if not in threes."""
    mark = "." if "." in text else ","
    if ("." in text and "," in text) or not _GROUPED.fullmatch(text.replace(mark, "X")):
        raise NumberProblem(NOT_A_NUMBER)
    return text.replace(mark, "")


def _without_symbols(text: str) -> str:
    """The text without currency signs (£, $, €, ¥, ₹, ...), wherever they stand."""
    return "".join(c for c in text if unicodedata.category(c) != "Sc")


def plain_text(number: Decimal) -> str:
    """A parsed number as stored in a document: digits and a point, never an exponent."""
    return format(number, "f")
