"""Reading numbers as people type them: the one decimal parser of the project.

"18,500", "18 500", "£18,500.00" and "-215000" all read; exponents ("1e-999999"), non-ASCII
digits and anything else a person would not type as an amount do not.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

# Thousands separators people type or paste: comma, space, no-break and thin spaces, apostrophe.
_GROUPING = re.compile(r"[,\s\u00a0\u202f\u2009']")
_CURRENCY_SYMBOLS = re.compile(r"[£$€¥]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

NOT_A_NUMBER = "not a number"


class NumberProblem(ValueError):
    """The text is not a number a person would write; the message says so."""


def parse_decimal(value: Any, limit: Decimal | None = None) -> Decimal:
    """The number in `value`; NumberProblem when it is none, or when |number| >= `limit`."""
    if isinstance(value, bool) or value is None:
        raise NumberProblem(NOT_A_NUMBER)
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        text = _CURRENCY_SYMBOLS.sub("", _GROUPING.sub("", str(value).strip()))
        if not _PLAIN_NUMBER.fullmatch(text):
            raise NumberProblem(NOT_A_NUMBER)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NumberProblem(NOT_A_NUMBER) from None
    if not number.is_finite():
        raise NumberProblem(NOT_A_NUMBER)
    if limit is not None and abs(number) >= limit:
        raise NumberProblem("is too large")
    return number


def plain_text(number: Decimal) -> str:
    """A parsed number as stored in a document: digits and a point, never an exponent."""
    return format(number, "f")
