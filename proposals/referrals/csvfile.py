"""The directory as a CSV file, out and in: a spreadsheet's own format, so a firm can move
its providers in bulk. One wrong row and nothing is imported."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ..document import Limits
from ..models import Provider
from .providers import COLUMNS, REQUIRED, ProviderError, clean, form_data, join_tags, match_key
from .store import find, save, search

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A spreadsheet must not run a cell as a formula: prefix those with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA) else value


def _uncell(value: str) -> str:
    """A cell as typed before export protected it from running as a formula."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA) else value


def export_csv(session: Session) -> str:
    """Every provider, one row each, under a header of COLUMNS; tags joined with ";"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for provider in search(session):
        row = [getattr(provider, column) or "" for column in COLUMNS]
        row[COLUMNS.index("tags")] = join_tags(provider.tags)
        writer.writerow([_cell(str(value)) for value in row])
    return out.getvalue()


def export_file(session: Session) -> bytes:
    """The export as a file: UTF-8 with a byte-order mark, so spreadsheets agree on it."""
    return ("\ufeff" + export_csv(session)).encode("utf-8")


def export_name(today: date | None = None) -> str:
    """The export's file name, dated: referral-directory-2026-12-02.csv."""
    return f"referral-directory-{(today or date.today()).isoformat()}.csv"


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    # Each provider saved, with its fields as they were before (None: a new one).
    saved: list[tuple[Provider, dict | None]] = field(default_factory=list)

    def summary(self) -> str:
        """What was imported, as the consultant reads it."""
        total = self.created + self.updated
        return (
            f"Imported {total} provider{'s' if total != 1 else ''}: "
            f"{self.created} new, {self.updated} updated."
        )


def _read_rows(data: bytes) -> list[list[str]]:
    """The file's rows, with "," or ";" between cells; ValueError says why not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(
            "The file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”."
        ) from None
    if not text.strip():
        raise ValueError("The file is empty: it needs a header row and one row per provider.")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValueError(f"The file could not be read as CSV: {exc}.") from None


def _header_problem(header: list[str]) -> str | None:
    """What is wrong with the header row, if anything."""
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    twice = len(set(header)) != len(header)
    if not (unknown or missing or twice):
        return None
    problems = []
    if missing:
        problems.append(f"no {', '.join(missing)} column")
    if unknown:
        problems.append(f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    if twice:
        problems.append("a column named twice")
    return (
        f"Row 1 (the header): {'; '.join(problems)}. The header row should be {','.join(COLUMNS)}."
    )


def _checked_rows(header: list[str], body: list[list[str]], errors: list[str]) -> list[dict]:
    """Each filled row's values by column; every problem is added to `errors`."""
    cleaned: list[dict] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            errors.append(
                f"Row {number}: {len(row)} cells for {len(header)} columns "
                "(a comma in a cell needs the cell in double quotes)."
            )
            continue
        values = {
            name: _uncell(row[index]) if index < len(row) else ""
            for index, name in enumerate(header)
        }
        try:
            provider = clean(values)
        except ProviderError as exc:
            errors.extend(
                f"Row {number}: {name}: {message}." for name, message in exc.errors.items()
            )
            continue
        key = match_key(provider["name"], provider["organisation"])
        if key in seen:
            errors.append(f"Row {number}: the same name and organisation as row {seen[key]}.")
            continue
        seen[key] = number
        cleaned.append(values)
    return cleaned


def import_csv(session: Session, data: bytes) -> ImportResult:
    """Add or update providers from a CSV file (header: name, organisation, good_for, tags,
    contact, notes; tags separated by ";"). If any row is wrong nothing is imported, and
    every problem is reported by its row number (the header is row 1). The caller commits
    when there are no errors."""
    result = ImportResult()
    try:
        rows = _read_rows(data)
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    problem = _header_problem(header)
    if problem:
        result.errors.append(problem)
        return result
    body = rows[1:]
    if len(body) > Limits.IMPORT_ROWS:
        result.errors.append(
            f"At most {Limits.IMPORT_ROWS:,} providers in one file ({len(body):,} here)."
        )
        return result
    cleaned = _checked_rows(header, body, result.errors)
    if not cleaned and not result.errors:
        result.errors.append("No providers found below the header row.")
    if result.errors:
        return result
    for values in cleaned:
        existing = find(session, values["name"], values.get("organisation"))
        if existing is not None:
            # Columns the file leaves out keep what the directory had.
            merged = {column: getattr(existing, column) for column in COLUMNS}
            merged.update(values)
            before = form_data(existing)
            result.saved.append((save(session, merged, existing), before))
            result.updated += 1
        else:
            result.saved.append((save(session, values), None))
            result.created += 1
    return result
