"""Judging what the scans found: the rules about a proposal's shape, not its phrases.

Too much about the firm, a thin "who else could help", a sample without the client's
figures, goals nothing answers, an offer without a price or a safety net. Thresholds are
named here and explained in docs/trust-check.md.
"""

from __future__ import annotations

from decimal import Decimal

from .normalise import Token, content_stems, tokenise
from .phrases import PhraseBook
from .report import ADVICE, PROBLEM, RULES, Finding
from .rules import Client, Scan

# Self-orientation: a section needs at least this many we/our/I, and more of them than
# you/your/their name, for advice; the whole proposal is a problem at twice as many.
SECTION_MIN_FIRST_PERSON = 5
OVERALL_MIN_FIRST_PERSON = 12
OVERALL_PROBLEM_RATIO = 2.0
# Who else could help: fewer lines or words than this is "one line".
THIN_MIN_LINES = 2
THIN_MIN_WORDS = 20
# Coverage: an item with up to this many salient words is answered by one of them
# reappearing later; a longer one needs two (a name or a figure counts as two).
COVERAGE_SHORT_ITEM = 3


def _finding(rule: str, section: str, text: str, book: PhraseBook, severity: str | None = None):
    return Finding(rule, severity or RULES[rule][0], section, text, book.suggestion(rule))


def self_orientation(scanned: Scan, section: str, book: PhraseBook, overall: bool = False):
    """Advice for a section with more we than you; a problem for a whole proposal with
    twice as many."""
    first = sum(scanned.first_person.values())
    client = scanned.client_refs
    if overall:
        if first < OVERALL_MIN_FIRST_PERSON or first < OVERALL_PROBLEM_RATIO * client:
            return None
    elif first < SECTION_MIN_FIRST_PERSON or first <= client:
        return None
    found = ", ".join(f"{word} ×{count}" for word, count in scanned.first_person.most_common())
    text = f"{found} against you/your/their name ×{client}"
    if overall:
        text = f"the whole proposal: {text}"
    return _finding("self-orientation", section, text, book, PROBLEM if overall else ADVICE)


def orientation_figures(scanned: Scan) -> dict:
    first = sum(scanned.first_person.values())
    total = first + scanned.client_refs
    return {
        "first_person": first,
        "client": scanned.client_refs,
        "seller_share": round(first / total, 2) if total else None,
    }


def thin_referrals(scanned: Scan, book: PhraseBook, text: str) -> Finding | None:
    if scanned.lines >= THIN_MIN_LINES and scanned.words >= THIN_MIN_WORDS:
        return None
    shown = " ".join(text.split()) or "(empty)"
    return _finding("thin-referrals", "others", shown, book)


def generic_sample(scanned: Scan, client: Client | None, book: PhraseBook, label: str):
    """None when the sample uses a figure or a name of the client's (or none are known)."""
    if client is None or not (client.figures or client.name_words):
        return None
    if scanned.names_used or scanned.figures & _meaningful(client.figures):
        return None
    return _finding("generic-sample", "sample", label, book)


def _meaningful(figures) -> set[Decimal]:
    """Figures specific enough to show the sample used them: not 0–12, not a year."""
    kept = set()
    for value in figures:
        whole = value == value.to_integral_value()
        if whole and (abs(value) <= 12 or 1900 <= value <= 2100):
            continue
        kept.add(value.normalize())
    return kept


def coverage(later_stems: set[str], client: Client | None, book: PhraseBook) -> list[Finding]:
    """Each goal, obstacle and quote of the client's that nothing later takes up."""
    if client is None:
        return []
    found = []
    for item in client.goals + client.obstacles + client.their_words:
        tokens = tokenise(item)
        salient = content_stems(tokens, book.words.stop)
        if not salient:
            continue
        strong = salient & _specific_stems(item, tokens)
        shared = salient & later_stems
        score = len(shared) + len(shared & strong)  # a name or a figure counts twice
        needed = 1 if len(salient) <= COVERAGE_SHORT_ITEM else 2
        if score < needed:
            found.append(_finding("coverage", "heard", item, book))
    return found


def _specific_stems(text: str, tokens: list[Token]) -> set[str]:
    """Figures, and words written with a capital away from the start of a sentence."""
    found = set()
    for token in tokens:
        if token.kind in ("number", "money") and token.value is not None:
            found.add(f"#{token.value}")
        elif token.capital:
            before = text[: token.start].rstrip()
            if before and before[-1] not in ".!?:\"“'‘(":
                found.add(token.stem)
    return found


def offer_without_price(scanned: Scan, book: PhraseBook) -> Finding | None:
    """For a passage standing for a whole offer: no amount of money, and nothing free."""
    if (
        scanned.has_money
        or "free" in scanned.stems
        or any(finding.rule == "offer-price" for finding in scanned.findings)
    ):
        return None
    return _finding("offer-price", "offer", "no price in the offer", book)


def no_safety_net(scanned: Scan, book: PhraseBook, text: str) -> Finding | None:
    if "safety-net" in scanned.cues:
        return None
    return _finding("if-it-goes-wrong", "offer", text, book)
