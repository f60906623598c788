"""Plain language: how easy each section is to read, and how long it takes.

Flesch reading ease (textstat): 60–70 is plain English, under 30 reads like a contract.
A section much harder than the rest of the proposal gets advice, never a problem: some
subjects (a pension division, a restore procedure) are hard, and the client may be fine.
"""

from __future__ import annotations

from statistics import median

from . import memo
from .report import ADVICE, Finding

RULE = "plain-language"
MIN_WORDS = 60  # shorter sections give a reading ease that means little
HARDER_BY = 20  # points below the median of the other sections
HARD = 50  # and below this on its own: "fairly difficult" and worse
READING_MS_PER_CHARACTER = 14.69  # textstat's default reading speed
SUGGESTION = (
    "This part is much harder to read than the rest: shorter sentences and the client's own "
    "words would help. Keep the technical terms they need, and explain them once."
)


FIGURES = memo.Memo(
    "reading", "textstat", memo.package_version("textstat"), str(READING_MS_PER_CHARACTER)
)


def section_reading(texts: dict[str, list[str]]) -> dict[str, dict]:
    """Reading ease, reading time in seconds and word count of each section."""
    figures = {}
    for section, found in texts.items():
        text = "\n\n".join(found)
        figures[section] = dict(FIGURES.get(text, lambda text=text: _figures(text)))
    return figures


def _figures(text: str) -> dict:
    import textstat  # with its hyphenation dictionary, ~200 ms: only for text not seen before

    words = textstat.lexicon_count(text) if text.strip() else 0
    if not words:
        return {"words": 0, "reading_ease": None, "reading_seconds": 0}
    return {
        "words": words,
        "reading_ease": round(textstat.flesch_reading_ease(text), 1),
        "reading_seconds": round(textstat.reading_time(text, ms_per_char=READING_MS_PER_CHARACTER)),
    }


def harder_sections(reading: dict[str, dict]) -> list[Finding]:
    """Advice for each long enough section much harder to read than the others."""
    scored = {
        section: figures["reading_ease"]
        for section, figures in reading.items()
        if figures["words"] >= MIN_WORDS and figures["reading_ease"] is not None
    }
    found = []
    for section, ease in scored.items():
        others = [other for name, other in scored.items() if name != section]
        if not others:
            continue
        typical = median(others)
        if ease < HARD and ease < typical - HARDER_BY:
            text = f"reading ease {ease:.0f}, against {typical:.0f} for the rest"
            found.append(Finding(RULE, ADVICE, section, text, SUGGESTION))
    return found
