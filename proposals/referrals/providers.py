"""A provider's fields: which there are, their limits and labels, and the check that tidies
them or says what is wrong. No database here."""

from __future__ import annotations

import re
from typing import Any

from ..document import Limits

COLUMNS = ("name", "organisation", "good_for", "tags", "contact", "notes")
REQUIRED = ("name", "good_for")
LIMITS = {
    "name": Limits.SHORT,
    "organisation": Limits.SHORT,
    "good_for": Limits.LINE,  # it becomes a referral's "serves", which has this limit
    "contact": Limits.SHORT,
    "notes": Limits.TEXT,
}
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
    """Tags as one line to edit or export: "banking; overdraft"."""
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
    if len(tags) > Limits.PROVIDER_TAGS:
        errors["tags"] = f"at most {Limits.PROVIDER_TAGS} tags"
    elif any(len(tag) > Limits.TAG for tag in tags):
        errors["tags"] = f"each tag at most {Limits.TAG} characters"
    values["tags"] = tags
    if errors:
        raise ProviderError(errors)
    return values


def form_data(provider) -> dict[str, Any]:
    """A stored provider's fields as its form shows them (tags as one line)."""
    data = {name: getattr(provider, name) for name in COLUMNS}
    data["tags"] = join_tags(provider.tags)
    return data
