"""Text folded for searching: lower case, accents dropped, so "cafe" finds "Café"."""

from __future__ import annotations

import unicodedata
from typing import Any


def fold(text: str) -> str:
    """Lower-cased (casefold) with combining accents removed and spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def search_text(*parts: dict) -> str:
    """Every word a consultant typed into documents or drafts, folded, as one text."""
    typed = ({k: v for k, v in part.items() if k != "schema"} for part in parts)
    return fold(" ".join(text for part in typed for text in _strings(part)))


def search_words(query: str, limit: int = 8) -> list[str]:
    """The folded words of a search box's query (a few at most, so a query stays cheap)."""
    return fold(query).split()[:limit]


def same_name(first: str, second: str) -> bool:
    """Whether two typed names mean the same (case, accents and spacing aside)."""
    return fold(first) == fold(second)
