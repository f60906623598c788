"""Functions a sample body may call: arithmetic over columns, formatting, and tables.

They take and return plain values only. Formatting follows the proposal's locale and
currency through Babel. The authoring guide (samples/README.md) documents each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from .. import formatting

MAX_RANGE = 10_000
NUMERIC = ("money", "money0", "number", "percent")  # the column formats aligned right


def _numbers(values: Iterable[Any]) -> list[Decimal]:
    return [Decimal(value) for value in values if value is not None and value != ""]


def column(rows: list[dict], name: str) -> list[Any]:
    """The values of one column of a table input, in row order."""
    return [row.get(name) for row in rows]


def total(values: Iterable[Any]) -> Decimal:
    return sum(_numbers(values), Decimal(0))


def average(values: Iterable[Any]) -> Decimal:
    numbers = _numbers(values)
    return sum(numbers, Decimal(0)) / len(numbers) if numbers else Decimal(0)


def lowest(values: Iterable[Any]) -> Decimal | None:
    numbers = _numbers(values)
    return min(numbers) if numbers else None


def highest(values: Iterable[Any]) -> Decimal | None:
    numbers = _numbers(values)
    return max(numbers) if numbers else None


def running_total(values: Iterable[Any], start: Any = 0) -> list[Decimal]:
    """Cumulative sums: `running_total([5, -2, 3], 10)` is `[15, 13, 16]`."""
    current, out = Decimal(start), []
    for value in _numbers(values):
        current += value
        out.append(current)
    return out


def change(old: Any, new: Any) -> Decimal | None:
    """The relative change from old to new as a fraction (0.25 is +25%); None from zero."""
    old, new = Decimal(old), Decimal(new)
    return None if old == 0 else (new - old) / abs(old)


def row_with(rows: list[dict], name: str, lowest_value: bool = True) -> dict | None:
    """The row whose column `name` is lowest (or highest): `row_with(months, 'cash')`."""
    candidates = [row for row in rows if row.get(name) is not None]
    if not candidates:
        return None
    pick = min if lowest_value else max
    return pick(candidates, key=lambda row: Decimal(row[name]))


def bounded_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise OverflowError(f"range() is limited to {MAX_RANGE:,} items in a sample")
    return rng


def month_date(value: Any) -> date:
    """`"2026-02"` (or a date) as the first day of that month."""
    if isinstance(value, date):
        return value.replace(day=1)
    year, month = str(value).strip()[:7].split("-")
    return date(int(year), int(month), 1)


PURE_HELPERS = {
    "column": column,
    "total": total,
    "average": average,
    "lowest": lowest,
    "highest": highest,
    "running_total": running_total,
    "change": change,
    "row_with": row_with,
}

FILTERS = {name: function for name, function in PURE_HELPERS.items() if name != "row_with"}


def formatters(default_currency: str, locale: str) -> dict[str, Any]:
    """Formatting helpers bound to one proposal's currency and locale."""

    def money(value: Any, digits: int | None = None, currency: str | None = None) -> str:
        """`money(1234.5)` is "£1,234.50"; digits=0 rounds; currency="EUR" overrides."""
        if value is None:
            return "–"
        code = (currency or getattr(value, "currency", None) or default_currency).upper()
        return formatting.money(value, code, locale, digits)

    def number(value: Any, digits: int = 0) -> str:
        return "–" if value is None else formatting.number(value, locale, digits)

    def percent(value: Any, digits: int = 0) -> str:
        return "–" if value is None else formatting.percent(value, locale, digits)

    def long_date(value: Any) -> str:
        return formatting.long_day(value, locale)

    def month(value: Any) -> str:
        return formatting.month(month_date(value), locale)

    def short_month(value: Any) -> str:
        return formatting.short_month(month_date(value), locale)

    formats = {
        "money": money,
        # Whole units: a table of round thousands without ",00" in every cell.
        "money0": lambda value: money(value, 0),
        "number": number,
        "percent": percent,
        "date": long_date,
        "month": month,
        "short_month": short_month,
        "text": lambda value: "" if value is None else str(value),
    }

    def table(rows: list[dict], columns: list[Any], caption: str | None = None) -> Markup:
        """An HTML table: columns are [key, heading, format] with format one of `formats`."""
        spec = [_column_spec(item) for item in columns]
        head = "".join(
            f'<th class="{_align(kind)}">{escape(heading)}</th>' for _, heading, kind in spec
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="{_cell_class(kind, row.get(key))}">'
                f"{escape(formats[kind](row.get(key)))}</td>"
                for key, _, kind in spec
            )
            + "</tr>"
            for row in rows
        )
        title = f"<caption>{escape(caption)}</caption>" if caption else ""
        html = (
            f'<table class="worked">{title}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
        return Markup(f"\n\n{html}\n\n")

    return {**formats, "table": table}


def _column_spec(item: Any) -> tuple[str, str, str]:
    if isinstance(item, str):
        return item, item.replace("_", " ").capitalize(), "text"
    key, heading, *rest = list(item)
    return key, heading, (rest[0] if rest else "text")


def _cell_class(kind: str, value: Any) -> str:
    """Numbers align right; negative ones are marked so print and screen can colour them."""
    if kind not in NUMERIC:
        return "text"
    try:
        negative = value is not None and Decimal(value) < 0
    except ArithmeticError:
        negative = False
    return "num negative" if negative else "num"


def _align(kind: str) -> str:
    return "num" if kind in NUMERIC else "text"
