"""Which rules can read a proposal in its language.

The phrase lists, the pronoun counts, the stemming and the reading-ease formula are
English. For a proposal in another language the check says which rules it could not
apply, rather than reporting "nothing pushy" about text it did not understand; the rules
about the proposal's shape (a price for every option, someone else named, the client's
figures in the sample, what happens if it goes wrong) still run.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from .report import RULES

READS_ENGLISH = (
    "pressure",
    "hype",
    "fake-empathy",
    "sales-talk",
    "refuses-help",
    "generic",
    "self-orientation",
    "coverage",
    "plain-language",
    "reads-like",
)


def language_of(locale: str | None) -> str:
    """The language of a BCP 47 tag ("sv-SE" -> "sv"); English when none is set."""
    return (locale or "en").replace("_", "-").split("-")[0].lower()


def applies(rule: str, language: str) -> bool:
    return language == "en" or rule not in READS_ENGLISH


def _name(language: str) -> str:
    try:
        return Locale.parse(language).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return language


def language_summary(language: str) -> dict:
    """What the report says about the language: every rule applied, or which were not."""
    if language == "en":
        return {"language": "en", "rules_not_applied": []}
    name = _name(language)
    applied = [rule for rule in RULES if rule not in READS_ENGLISH]
    return {
        "language": language,
        "rules_not_applied": list(READS_ENGLISH),
        "note": (
            f"The proposal is in {name}. The rules that read English wording "
            f"({', '.join(READS_ENGLISH)}) were not applied, so no finding from them does "
            f"not mean the wording is fine: read it with the method in mind. Applied: "
            f"{', '.join(applied)}."
        ),
    }
