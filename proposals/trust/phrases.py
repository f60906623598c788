"""The phrase syntax: a phrase as a person writes it, compiled to what the matcher walks.

A phrase is written the way a person would write it ("act now", "world-class") and
matches every inflection and spacing of it. A little syntax covers the variations:

    (spot|place|seat)   one of these words
    [left|remaining]    optionally one of these words
    <number>            a figure: 3, three, a few
    <money>             an amount of money: £450, 300 dollars
    <day>               a day: Friday, today, tomorrow, tonight
    <month>             a month, written with a capital: January, March
    *                   any one word
    ...                 up to six words, within the same clause

A few -ing words in a phrase only match -ing forms: "leading" finds "leading" but not the
noun "leads" (both stem to "lead"); see ING_ONLY. See docs/trust-check.md for the file format
and how a firm adds its own phrases; phrase_files.py reads the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalise import NUMBER_WORDS, Token, stem, tokenise

GAP = 6
ING = "@ing"  # a stem that must be written with -ing: "lead@ing" is "leading", not "leads"
# Words whose -ing form is a claim and whose stem is an everyday noun: "the leading firm"
# is hype, "the team leads" and "a lead" are the client's people and sales.
ING_ONLY = frozenset({"leading", "winning", "branding"})

_DAY_WORDS = (
    "monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow midnight"
)
_MONTH_WORDS = (
    "january february march april may june july august september october november december"
)
_DAYS = frozenset(stem(day) for day in _DAY_WORDS.split())
_MONTHS = frozenset(stem(month) for month in _MONTH_WORDS.split())


class PhraseError(ValueError):
    """A phrase file that cannot be read; the message names the file and the phrase."""


@dataclass(frozen=True)
class Element:
    choices: tuple[tuple[str, ...], ...] = ()  # stem sequences: ("no", "brainer"), ("rush",)
    classes: frozenset[str] = frozenset()  # "<number>", "<money>", "<day>", "<month>", "*"
    optional: bool = False
    gap: int = 0
    heads: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The stems this element can start with: a quick test before the full one.
        heads = frozenset(sequence[0].partition(ING)[0] for sequence in self.choices)
        object.__setattr__(self, "heads", heads)

    def lengths(self, tokens: list[Token], at: int, clause: int, exempt) -> list[int]:
        """How many tokens from tokens[at] this element can take (longest first)."""
        if at >= len(tokens) or (not self.classes and tokens[at].stem not in self.heads):
            return []
        found = []
        for sequence in self.choices:
            end = at + len(sequence)
            if end <= len(tokens) and all(
                tokens[index].kind == "word"
                and stem_matches(tokens[index], wanted)
                and tokens[index].clause == clause
                and index not in exempt
                for index, wanted in zip(range(at, end), sequence, strict=True)
            ):
                found.append(len(sequence))
        if (
            at < len(tokens)
            and tokens[at].clause == clause
            and at not in exempt
            and any(_accepts_class(name, tokens[at]) for name in self.classes)
        ):
            found.append(1)
        return sorted(set(found), reverse=True)


def stem_matches(token: Token, wanted: str) -> bool:
    """A token has the wanted stem ("lead"), and the -ing ending if asked ("lead@ing")."""
    base, marker, _ = wanted.partition(ING)
    return token.stem == base and (not marker or token.word.endswith("ing"))


def _accepts_class(name: str, token: Token) -> bool:
    if name == "*":
        return token.kind == "word"
    if name == "<number>":
        return token.kind == "number" or token.word in NUMBER_WORDS
    if name == "<money>":
        return token.kind == "money"
    if name == "<day>":
        return token.kind == "word" and token.stem in _DAYS
    if name == "<month>":
        return token.kind == "word" and token.stem in _MONTHS and token.capital
    return False


@dataclass(frozen=True)
class Phrase:
    rule: str
    source: str
    elements: tuple[Element, ...]
    suggestion: str | None = None
    scope: str = "phrases"  # or "about_us" (a sentence with we/our/I/my) or "to_client"


@dataclass(frozen=True)
class Words:
    negations: frozenset[str]
    negation_exceptions: frozenset[str]
    clause_breaks: frozenset[str]
    fillers: frozenset[str]
    stop: frozenset[str]


@dataclass(frozen=True)
class PhraseBook:
    phrases: dict[str, tuple[Phrase, ...]]  # rule id -> phrases
    cues: dict[str, tuple[Phrase, ...]]  # what a passage should contain (safety-net)
    suggestions: dict[str, str]
    words: Words
    allow: tuple[tuple[Element, ...], ...]  # never flagged (a firm called "Leading Edge")
    classes: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)  # for shapes
    shapes: tuple = ()  # shapes.Shape: word classes that together make a finding

    def suggestion(self, rule: str, phrase: Phrase | None = None) -> str:
        if phrase is not None and phrase.suggestion:
            return phrase.suggestion
        return self.suggestions.get(rule, "")


# ---------------------------------------------------------------------------
# Compiling one phrase.

_CLASSES = ("*", "<number>", "<money>", "<day>", "<month>")
_PART = re.compile(
    r"\(([^)]*)\)|\[([^\]]*)\]|(\.\.\.|…)|(<number>|<money>|<day>|<month>)|(\*)|([^()\[\]*<.…]+)"
)


def _words(text: str, source: str) -> list[Token]:
    tokens = tokenise(text)
    if any(token.kind != "word" for token in tokens):
        raise PhraseError(f"{source!r}: write figures as <number> and amounts as <money>")
    return tokens


def _wanted(token: Token) -> str:
    """The stem a phrase word asks for; an -ing form whose stem is also a common noun
    ("leading" and "leads") asks for its ending too."""
    if token.word in ING_ONLY:
        return token.stem + ING
    return token.stem


def _alternatives(body: str, source: str, optional: bool) -> Element:
    choices, classes = set(), set()
    for choice in body.split("|"):
        choice = choice.strip()
        if choice in _CLASSES:
            classes.add(choice)
            continue
        tokens = _words(choice, source)
        if not tokens:
            raise PhraseError(f"{source!r}: an empty choice in ( ) or [ ]")
        choices.add(tuple(_wanted(token) for token in tokens))
    return Element(tuple(sorted(choices)), frozenset(classes), optional=optional)


def compile_phrase(
    source: str, rule: str = "", suggestion: str | None = None, scope: str = "phrases"
) -> Phrase:
    """Turn "only <number> (spot|place) [left]" into the elements the matcher walks."""
    elements: list[Element] = []
    position = 0
    for match in _PART.finditer(source):
        if match.start() != position and source[position : match.start()].strip():
            raise PhraseError(f"{source!r}: cannot read {source[position : match.start()]!r}")
        position = match.end()
        required, optional, gap, named, anything, plain = match.groups()
        if required is not None:
            elements.append(_alternatives(required, source, optional=False))
        elif optional is not None:
            elements.append(_alternatives(optional, source, optional=True))
        elif gap:
            elements.append(Element(gap=GAP))
        elif named or anything:
            elements.append(Element(classes=frozenset([named or anything])))
        elif plain.strip():
            elements.extend(Element(((_wanted(token),),)) for token in _words(plain, source))
    if position != len(source) and source[position:].strip():
        raise PhraseError(f"{source!r}: cannot read {source[position:]!r}")
    if not any(not element.optional and not element.gap for element in elements):
        raise PhraseError(f"{source!r}: a phrase needs at least one word that must be there")
    if elements[0].gap or elements[-1].gap:
        raise PhraseError(f"{source!r}: ... belongs between words")
    return Phrase(rule, source, tuple(elements), suggestion, scope)
