"""Turn what a consultant typed (or a document holds) into typed values a sample can compute on."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..document import NOT_A_DATE, REQUIRED, Limits, at_most_characters
from ..numbers import NumberProblem, parse_decimal
from .spec import Column, InputSpec


@dataclass(frozen=True)
class InputError:
    """A value that does not fit its declaration. `path` is relative to `sample.inputs`."""

    path: str
    message: str  # readable on its own: "row 3, revenue: not a number"


class InputsError(ValueError):
    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.path}: {e.message}" for e in errors))


class ValueProblem(ValueError):
    """One value's problem, before we know where it sits."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any, locale: str | None = None) -> Decimal:
    try:
        return parse_decimal(value, limit=Limits.FIGURE_MAX, locale=locale)
    except NumberProblem as exc:
        raise ValueProblem(str(exc)) from None


def _percent(value: Any, locale: str | None = None) -> Decimal:
    """`12`, `12%` and `12.5 %` all mean a rate of 0.12/0.125: samples compute on fractions."""
    text = str(value).strip()
    return _decimal(text.removesuffix("%").strip(), locale) / 100


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueProblem(NOT_A_DATE) from None


def _text(value: Any, limit: int) -> str:
    text = str(value).strip()
    if len(text) > limit:
        raise ValueProblem(at_most_characters(limit))
    return text


def _choice(value: Any, choices: list[str]) -> str:
    text = str(value).strip()
    for choice in choices:
        if text.lower() == choice.lower():
            return choice
    raise ValueProblem(f"choose one of: {', '.join(choices)}")


class Money(Decimal):
    """An amount declared in its own currency (`type: money, currency: EUR`); money() shows it."""

    currency: str

    def __new__(cls, amount: Decimal, currency: str) -> Money:
        money = super().__new__(cls, amount)
        money.currency = currency
        return money

    def __reduce__(self):
        # Decimal pickles as (class, (text,)): a Money needs its currency too (worker pipes).
        return (Money, (Decimal(self), self.currency))


def convert_value(
    kind: str,
    value: Any,
    choices: list[str] | None = None,
    currency: str | None = None,
    locale: str | None = None,
) -> Any:
    """Convert one scalar by its declared type; raises ValueProblem with the reason.

    Figures are read as `locale` writes them ("412 000,50" in sv-SE), or in plain form.
    """
    if isinstance(value, list | dict | tuple | set):
        # Never str() a structure: a YAML alias bomb expands to gigabytes that way.
        raise ValueProblem("must be a single value, not a list or table")
    if kind == "money" and currency:
        return Money(_decimal(value, locale), currency.upper())
    if kind in ("number", "money"):
        return _decimal(value, locale)
    if kind == "percent":
        return _percent(value, locale)
    if kind == "date":
        return _date(value)
    if kind == "choice":
        return _choice(value, choices or [])
    if kind == "longtext":
        return _text(value, Limits.INPUT_LONG_TEXT)
    return _text(value, Limits.INPUT_TEXT)


def _convert_rows(
    spec: InputSpec, rows: Any, errors: list[InputError], locale: str | None
) -> list[dict]:
    if isinstance(rows, str):
        try:
            rows = rows_from_csv(rows, spec.columns)
        except ValueProblem as exc:
            errors.append(InputError(spec.name, str(exc)))
            return []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        errors.append(InputError(spec.name, "must be a table of rows"))
        return []
    rows = [row for row in rows if not all(_blank(v) for v in row.values())]
    if len(rows) > Limits.TABLE_ROWS:
        errors.append(InputError(spec.name, f"at most {Limits.TABLE_ROWS} rows"))
        return []
    if len(rows) < spec.min_rows and spec.required:
        errors.append(InputError(spec.name, f"at least {spec.min_rows} row(s) needed"))
    converted = []
    for index, row in enumerate(rows):
        unknown = sorted(set(row) - {column.name for column in spec.columns})
        if unknown:
            errors.append(
                InputError(
                    f"{spec.name}[{index}]", f"row {index + 1}: unknown column {unknown[0]!r}"
                )
            )
        converted.append(_convert_row(spec, index, row, errors, locale))
    return converted


def _convert_row(
    spec: InputSpec, index: int, row: dict, errors: list[InputError], locale: str | None
) -> dict:
    values = {}
    for column in spec.columns:
        raw = row.get(column.name)
        where = f"{spec.name}[{index}].{column.name}"
        if _blank(raw):
            errors.append(InputError(where, f"row {index + 1}, {column.name}: {REQUIRED}"))
            continue
        try:
            values[column.name] = convert_value(column.type, raw, column.choices, locale=locale)
        except ValueProblem as exc:
            errors.append(InputError(where, f"row {index + 1}, {column.name}: {exc}"))
    return values


def convert_inputs(
    specs: list[InputSpec], raw: dict[str, Any], locale: str | None = None
) -> dict[str, Any]:
    """Validate and convert every declared input; InputsError lists every problem.

    Figures typed, pasted or uploaded as CSV are read in the proposal's `locale`.
    """
    errors: list[InputError] = []
    values: dict[str, Any] = {}
    declared = {spec.name for spec in specs}
    for name in sorted(set(raw) - declared):
        errors.append(InputError(name, "this sample has no such input"))
    for spec in specs:
        value = raw.get(spec.name)
        if spec.type == "table":
            rows = value if value is not None else []
            values[spec.name] = _convert_rows(spec, rows, errors, locale)
        elif _blank(value):
            if spec.required:
                errors.append(InputError(spec.name, REQUIRED))
            values[spec.name] = None
        else:
            try:
                values[spec.name] = convert_value(
                    spec.type, value, spec.choices, spec.currency, locale
                )
            except ValueProblem as exc:
                errors.append(InputError(spec.name, str(exc)))
    if errors:
        raise InputsError(errors)
    return values


def rows_from_csv(text: str, columns: list[Column]) -> list[dict[str, str]]:
    """Read pasted or uploaded CSV (with a header row) into rows keyed by column name."""
    sample = text.strip()
    if not sample:
        return []
    try:
        return _read_rows(sample, columns)
    except csv.Error as exc:
        raise ValueProblem(f"the CSV could not be read: {exc}") from None


class _Spreadsheet(csv.excel):
    """Excel's quoting ("" inside quotes), with the delimiter the header row uses."""


def _read_rows(sample: str, columns: list[Column]) -> list[dict[str, str]]:
    try:  # only the delimiter is taken from the sniffer: its quoting guesses are unreliable
        delimiter = csv.Sniffer().sniff(sample.splitlines()[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    dialect = type("Sniffed", (_Spreadsheet,), {"delimiter": delimiter})
    reader = csv.reader(io.StringIO(sample), dialect)
    header = [cell.strip() for cell in next(reader)]
    wanted = {column.name: column for column in columns}
    by_label = {column.heading.lower(): column.name for column in columns}
    names = [cell if cell in wanted else by_label.get(cell.lower(), cell) for cell in header]
    missing = [name for name in wanted if name not in names]
    unknown = [cell for cell, name in zip(header, names, strict=True) if name not in wanted]
    if missing or unknown:
        expected = ", ".join(wanted)
        problem = f"missing column {missing[0]!r}" if missing else f"unknown column {unknown[0]!r}"
        raise ValueProblem(f"the CSV header must name the columns {expected}: {problem}")
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append({name: cell.strip() for name, cell in zip(names, cells, strict=False)})
            if len(rows) > Limits.TABLE_ROWS:
                raise ValueProblem(f"the CSV has more than {Limits.TABLE_ROWS} rows")
    return rows
