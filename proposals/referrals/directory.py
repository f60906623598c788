"""The firm's referral directory: providers it trusts, checked, searched, ranked, and moved
in and out as CSV. No Flask here: the pages, the wizard and the tests call these."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..document import Document, Limits, dump_document
from ..models import Provider
from ..stopwords import STOP_WORDS
from ..trust.normalise import stem

COLUMNS = ("name", "organisation", "good_for", "tags", "contact", "notes")
REQUIRED = ("name", "good_for")
LIMITS = {
    "name": Limits.SHORT,
    "organisation": Limits.SHORT,
    "good_for": Limits.LINE,  # it becomes a referral's "serves", which has this limit
    "contact": Limits.SHORT,
    "notes": Limits.TEXT,
}
MAX_TAGS = 20
TAG_LENGTH = 40
MAX_IMPORT_ROWS = 5_000
LABELS = {
    "name": "Name",
    "organisation": "Organisation",
    "good_for": "What they are good for",
    "tags": "Tags",
    "contact": "Contact",
    "notes": "Notes",
}


class ProviderError(ValueError):
    """What is wrong with a provider's fields, by field name."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


# ---------------------------------------------------------------------------
# Fields.


def match_key(name: str, organisation: str | None) -> str:
    """The same provider however it is capitalised or spaced."""
    fold = lambda text: " ".join((text or "").split()).casefold()  # noqa: E731
    return f"{fold(name)}|{fold(organisation)}"


def split_tags(text: str | list | None) -> list[str]:
    """Tags from "banking; overdraft, seasonal loan": trimmed, without repeats."""
    if isinstance(text, list):
        parts = [str(part) for part in text]
    else:
        parts = re.split(r"[;,\n]", text or "")
    tags: list[str] = []
    seen: set[str] = set()
    for part in parts:
        tag = " ".join(part.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def join_tags(tags: list[str]) -> str:
    return "; ".join(tags or [])


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Check one provider's fields; return them tidied, or raise ProviderError."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, limit in LIMITS.items():
        text = str(data.get(name) or "").replace("\r\n", "\n").strip()
        if name != "notes":
            text = " ".join(text.split())
        if not text and name in REQUIRED:
            errors[name] = (
                "required" if name == "name" else "required: it is what the wizard matches on"
            )
        elif len(text) > limit:
            errors[name] = f"at most {limit} characters"
        values[name] = text
    tags = split_tags(data.get("tags"))
    if len(tags) > MAX_TAGS:
        errors["tags"] = f"at most {MAX_TAGS} tags"
    elif any(len(tag) > TAG_LENGTH for tag in tags):
        errors["tags"] = f"each tag at most {TAG_LENGTH} characters"
    values["tags"] = tags
    if errors:
        raise ProviderError(errors)
    return values


# ---------------------------------------------------------------------------
# Storing.


def find(session: Session, name: str, organisation: str | None) -> Provider | None:
    return session.scalar(
        select(Provider).where(Provider.match_key == match_key(name, organisation))
    )


def save(session: Session, data: dict, provider: Provider | None = None) -> Provider:
    """Create a provider, or change the one given; the caller commits.

    Two entries for the same name and organisation are refused (ProviderError on `name`)."""
    values = clean(data)
    key = match_key(values["name"], values["organisation"])
    other = session.scalar(select(Provider).where(Provider.match_key == key))
    if other is not None and other is not provider:
        raise ProviderError(
            {"name": "already in the directory with this organisation: edit that entry instead"}
        )
    if provider is None:
        provider = Provider()
        session.add(provider)
    for name, value in values.items():
        setattr(provider, name, value)
    provider.match_key = key
    return provider


def save_referral(session: Session, referral: dict) -> tuple[Provider, bool]:
    """Keep a referral typed in a proposal: a new provider, or the same one brought up to
    date (its contact; what it is good for only if the entry had nothing). The caller
    commits. Returns the provider and whether it is new."""
    name = referral.get("name") or ""
    organisation = referral.get("organisation") or ""
    existing = find(session, name, organisation)
    if existing is None:
        data = {
            "name": name,
            "organisation": organisation,
            "good_for": referral.get("serves"),
            "contact": referral.get("contact"),
        }
        return save(session, data), True
    data = {column: getattr(existing, column) for column in COLUMNS}
    if referral.get("contact"):
        data["contact"] = referral["contact"]
    if not existing.good_for and referral.get("serves"):
        data["good_for"] = referral["serves"]
    return save(session, data, existing), False


def search(session: Session, query: str = "") -> list[Provider]:
    """Every provider (by name), or those with every word of the query somewhere in their
    entry. A firm's directory is small enough to read whole; this also folds "Café"."""
    providers = session.scalars(
        select(Provider).order_by(func.lower(Provider.name), Provider.id)
    ).all()
    words = [word.casefold() for word in query.split()[:8]]
    if not words:
        return list(providers)
    return [provider for provider in providers if all(w in _haystack(provider) for w in words)]


def _haystack(provider: Provider) -> str:
    parts = [provider.name, provider.organisation, provider.good_for, provider.contact]
    parts += [provider.notes, " ".join(provider.tags or [])]
    return " ".join(part or "" for part in parts).casefold()


# ---------------------------------------------------------------------------
# CSV.

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A spreadsheet must not run a cell as a formula: prefix those with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA) else value


def export_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for provider in search(session):
        row = [getattr(provider, column) or "" for column in COLUMNS]
        row[COLUMNS.index("tags")] = join_tags(provider.tags)
        writer.writerow([_cell(str(value)) for value in row])
    return out.getvalue()


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def import_csv(session: Session, data: bytes) -> ImportResult:
    """Add or update providers from a CSV file (header: name, organisation, good_for, tags,
    contact, notes; tags separated by ";"). If any row is wrong nothing is imported, and
    every problem is reported by its row number (the header is row 1). The caller commits
    when there are no errors."""
    result = ImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            "The file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”."
        )
        return result
    if not text.strip():
        result.errors.append("The file is empty: it needs a header row and one row per provider.")
        return result
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        result.errors.append(f"The file could not be read as CSV: {exc}.")
        return result
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    if unknown or missing or len(set(header)) != len(header):
        problems = []
        if missing:
            problems.append(f"no {', '.join(missing)} column")
        if unknown:
            problems.append(f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
        if len(set(header)) != len(header):
            problems.append("a column named twice")
        result.errors.append(
            f"Row 1 (the header): {'; '.join(problems)}. The header row should be "
            f"{','.join(COLUMNS)}."
        )
        return result
    body = rows[1:]
    if len(body) > MAX_IMPORT_ROWS:
        result.errors.append(
            f"At most {MAX_IMPORT_ROWS:,} providers in one file ({len(body):,} here)."
        )
        return result

    cleaned: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            result.errors.append(
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
            for name, message in exc.errors.items():
                result.errors.append(f"Row {number}: {name}: {message}.")
            continue
        key = match_key(provider["name"], provider["organisation"])
        if key in seen:
            result.errors.append(
                f"Row {number}: the same name and organisation as row {seen[key]}."
            )
            continue
        seen[key] = number
        cleaned.append((number, values))
    if not cleaned and not result.errors:
        result.errors.append("No providers found below the header row.")
    if result.errors:
        return result
    for _number, values in cleaned:
        existing = find(session, values["name"], values.get("organisation"))
        if existing is not None:
            # Columns the file leaves out keep what the directory had.
            merged = {column: getattr(existing, column) for column in COLUMNS}
            merged.update({name: value for name, value in values.items()})
            save(session, merged, existing)
            result.updated += 1
        else:
            save(session, values)
            result.created += 1
    return result


# ---------------------------------------------------------------------------
# Ranking: which providers fit what the prospect told you.

# Words that say nothing about what a provider is good for, on top of the common ones.
_STOP = STOP_WORDS | frozenset(
    """ltd limited inc llc plc group team help business businesses company services service
    client clients""".split()  # noqa: SIM905
)
# A word, hyphenated words as one ("x-ray" is not "Ray", the office manager).
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WEIGHTS = {"tags": 3, "good_for": 2, "name": 2}
INDUSTRY_BONUS = 4
RELATIVE_FLOOR = 0.25  # of the best score: weaker matches are no suggestion


def _stems(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each content word of a text."""
    found = []
    for word in _WORD.findall(text.replace("’", "'")):
        lower = word.lower()
        if len(lower) > 2 and lower not in _STOP:
            found.append((stem(lower), lower))
    return found


@dataclass(frozen=True)
class Suggestion:
    provider: Provider
    score: int
    matched: tuple[str, ...]  # the client's own words that matched, most used first


def _listening_text(document: dict) -> str:
    listening = document.get("listening") or {}
    parts = [
        listening.get("situation"),
        listening.get("notes"),
        listening.get("tried_before"),
        *(listening.get("goals") or []),
        *(listening.get("obstacles") or []),
        *(listening.get("their_words") or []),
    ]
    return "\n".join(str(part) for part in parts if part)


def rank_providers(
    session: Session,
    document: dict | Document,
    limit: int = 4,
    exclude: tuple[str, ...] | list[str] = (),
) -> list[Suggestion]:
    """The providers that best match the prospect's industry and what you heard, best first.

    A word the client used more often counts more; a match in the tags counts more than one
    in what the provider is good for or their name, and a word of the industry gets a bonus.
    `exclude` holds match keys (see `match_key`) of providers the proposal already names.
    A provider scoring under a quarter of the best match (named ones included) is left out:
    one shared word such as "contracts" is no reason to refer a client.
    """
    if isinstance(document, Document):
        document = dump_document(document)
    prospect = document.get("prospect") or {}
    # The client's own name says nothing about what they need ("Harbor Dental" is not a
    # reason to suggest "Harbor Insurance Brokers").
    own_name = f"{prospect.get('organisation') or ''} {prospect.get('contact_name') or ''}"
    named = {stem_ for stem_, _ in _stems(own_name)}
    heard = [(s, w) for s, w in _stems(_listening_text(document)) if s not in named]
    counts = Counter(stem_ for stem_, _ in heard)
    shown: dict[str, str] = {}
    for stem_, word in heard:
        shown.setdefault(stem_, word)
    industry_words = _stems(prospect.get("industry") or "")
    industry = {stem_ for stem_, _ in industry_words}
    for stem_, word in industry_words:
        shown.setdefault(stem_, word)
    if not counts and not industry:
        return []
    excluded = set(exclude)
    scored: list[tuple[int, str, Provider, tuple[str, ...]]] = []
    best = 0
    for provider in session.scalars(select(Provider)):
        fields = {
            "tags": {s for s, _ in _stems(" ".join(provider.tags or []))},
            "good_for": {s for s, _ in _stems(provider.good_for or "")},
            "name": {s for s, _ in _stems(f"{provider.name} {provider.organisation or ''}")},
        }
        score = 0
        hits: Counter[str] = Counter()
        for name, stems_ in fields.items():
            for stem_ in stems_:
                if counts[stem_]:
                    score += counts[stem_] * _WEIGHTS[name]
                    hits[stem_] += counts[stem_]
        every = set().union(*fields.values())
        for stem_ in industry & every:
            score += INDUSTRY_BONUS
            hits[stem_] += 1
        best = max(best, score)
        if score and provider.match_key not in excluded:
            matched = tuple(shown[s] for s, _ in hits.most_common(5))
            scored.append((score, provider.name.casefold(), provider, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    kept = [item for item in scored if item[0] >= best * RELATIVE_FLOOR][:limit]
    return [Suggestion(provider, score, matched) for score, _, provider, matched in kept]
