"""The phrase lists: read from phrases.yaml, extended by a firm's own file, compiled.

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

See docs/trust-check.md for the file format and how a firm adds its own phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import ENV_PREFIX, trust_phrase_files
from .normalise import NUMBER_WORDS, Token, stem, tokenise

BUILT_IN = Path(__file__).with_name("phrases.yaml")
ENV_VARIABLE = ENV_PREFIX + "TRUST_PHRASES"
GAP = 6

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
        object.__setattr__(self, "heads", frozenset(sequence[0] for sequence in self.choices))

    def lengths(self, tokens: list[Token], at: int, clause: int, exempt) -> list[int]:
        """How many tokens from tokens[at] this element can take (longest first)."""
        if at >= len(tokens) or (not self.classes and tokens[at].stem not in self.heads):
            return []
        found = []
        for sequence in self.choices:
            end = at + len(sequence)
            if end <= len(tokens) and all(
                tokens[index].kind == "word"
                and tokens[index].stem == wanted
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
        choices.add(tuple(token.stem for token in tokens))
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
            elements.extend(Element(((token.stem,),)) for token in _words(plain, source))
    if position != len(source) and source[position:].strip():
        raise PhraseError(f"{source!r}: cannot read {source[position:]!r}")
    if not any(not element.optional and not element.gap for element in elements):
        raise PhraseError(f"{source!r}: a phrase needs at least one word that must be there")
    if elements[0].gap or elements[-1].gap:
        raise PhraseError(f"{source!r}: ... belongs between words")
    return Phrase(rule, source, tuple(elements), suggestion, scope)


# ---------------------------------------------------------------------------
# Reading and merging the files.


class _TextLoader(yaml.SafeLoader):
    """YAML without its yes/no booleans: in a phrase file, `no` is the word "no"."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# What a phrase file may contain; anything else is a typo worth hearing about.
PHRASE_RULES = ("pressure", "hype", "fake-empathy", "sales-talk", "offer-price")
CUES = ("safety-net",)
_TOP_KEYS = {"rules", "cues", "suggestions", "words", "allow"}
# Phrases count everywhere; about_us ones only in a sentence with we, our, I or my;
# to_client ones only where the client is asked to act ("you sign", "please confirm", or
# an imperative that starts a sentence).
SCOPES = ("phrases", "about_us", "to_client")
_RULE_KEYS = {"suggestion", "remove", *SCOPES}
_WORD_LISTS = {"negations", "negation_exceptions", "clause_breaks", "fillers", "stop"}
_SUGGESTION_RULES = {
    "pressure", "hype", "fake-empathy", "sales-talk", "offer-price", "self-orientation",
    "thin-referrals", "if-it-goes-wrong", "coverage", "generic-sample",
}  # fmt: skip


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader) or {}  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PhraseError(f"cannot read phrase file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise PhraseError(f"{path}: a phrase file is a table (rules:, cues:, words:, allow:)")
    _check_keys(data, path)
    return data


def _unknown(found, known, where: str) -> None:
    extra = sorted(str(key) for key in found if key not in known)
    if extra:
        raise PhraseError(
            f"{where}: unknown {', '.join(extra)} (expected {', '.join(sorted(known))})"
        )


def _check_keys(data: dict, path: Path) -> None:
    _unknown(data, _TOP_KEYS, str(path))
    for section, known in (("rules", PHRASE_RULES), ("cues", CUES)):
        table = data.get(section) or {}
        if not isinstance(table, dict):
            raise PhraseError(f"{path}: {section}: must be a table of rules")
        _unknown(table, known, f"{path}: {section}")
        for rule, spec in table.items():
            if spec is not None and not isinstance(spec, dict):
                raise PhraseError(f"{path}: {section}.{rule}: must be a table (phrases:, ...)")
            _unknown(spec or {}, _RULE_KEYS, f"{path}: {section}.{rule}")
    _unknown(data.get("words") or {}, _WORD_LISTS, f"{path}: words")
    _unknown(data.get("suggestions") or {}, _SUGGESTION_RULES, f"{path}: suggestions")


def _entries(value, where: str) -> list[tuple[str, str | None]]:
    entries = []
    for item in value or []:
        if isinstance(item, str):
            entries.append((item, None))
        elif isinstance(item, tuple):  # already read (a merged file)
            entries.append(item)
        elif isinstance(item, dict) and isinstance(item.get("phrase"), str):
            entries.append((item["phrase"], item.get("suggestion")))
        else:
            raise PhraseError(
                f"{where}: each phrase is text, or a table with phrase: and suggestion:"
            )
    return entries


def _merge(base: dict, extra: dict, where: str) -> None:
    """Add a firm's file to what is loaded: phrases and words add up, suggestions replace."""
    for section in ("rules", "cues"):
        for rule, spec in (extra.get(section) or {}).items():
            spec = spec or {}
            target = base.setdefault(section, {}).setdefault(rule, {})
            removed = set(spec.get("remove") or [])
            known = {entry[0] for key in SCOPES for entry in _entries(target.get(key), where)}
            if removed - known:
                unknown = ", ".join(sorted(removed - known))
                raise PhraseError(f"{where}: {section}.{rule}: remove: no such phrase: {unknown}")
            for key in SCOPES:
                kept = [
                    entry for entry in _entries(target.get(key), where) if entry[0] not in removed
                ]
                target[key] = kept + _entries(spec.get(key), f"{where}: {rule}")
            if spec.get("suggestion"):
                target["suggestion"] = spec["suggestion"]
    for name, words in (extra.get("words") or {}).items():
        base.setdefault("words", {}).setdefault(name, [])
        base["words"][name] = list(base["words"][name]) + list(words or [])
    base["allow"] = list(base.get("allow") or []) + list(extra.get("allow") or [])
    for rule, text in (extra.get("suggestions") or {}).items():
        base.setdefault("suggestions", {})[rule] = text


def extra_files() -> tuple[Path, ...]:
    """The firm's own phrase files, from PROPOSALS_TRUST_PHRASES (see config.py)."""
    return trust_phrase_files()


def _word_set(values) -> frozenset[str]:
    found = set()
    for value in values or []:
        for token in tokenise(str(value)):
            found.add(token.word)
            found.add(token.stem)
    return frozenset(found)


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, tuple[int, int] | None], ...]) -> PhraseBook:
    """Read and compile; cached by path, modification time and size, so an edit is seen."""
    paths = [path for path, _ in files]
    data = _read(paths[0])
    for path in paths[1:]:
        _merge(data, _read(path), str(path))

    def compiled(section: str) -> dict[str, tuple[Phrase, ...]]:
        result = {}
        for rule, spec in (data.get(section) or {}).items():
            spec = spec or {}
            entries = [
                (key, source, suggestion)
                for key in SCOPES
                for source, suggestion in _entries(spec.get(key), f"{section}.{rule}")
            ]
            try:
                result[rule] = tuple(
                    compile_phrase(source, rule, suggestion, scope=key)
                    for key, source, suggestion in entries
                )
            except PhraseError as exc:
                raise PhraseError(f"{section}.{rule}: {exc}") from None
        return result

    suggestions = dict(data.get("suggestions") or {})
    for rule, spec in (data.get("rules") or {}).items():
        if spec and spec.get("suggestion"):
            suggestions[rule] = " ".join(str(spec["suggestion"]).split())
    suggestions = {rule: " ".join(str(text).split()) for rule, text in suggestions.items()}
    words = data.get("words") or {}
    return PhraseBook(
        phrases=compiled("rules"),
        cues=compiled("cues"),
        suggestions=suggestions,
        words=Words(
            negations=_word_set(words.get("negations")),
            negation_exceptions=_word_set(words.get("negation_exceptions")),
            clause_breaks=_word_set(words.get("clause_breaks")),
            fillers=_word_set(words.get("fillers")),
            stop=_word_set(words.get("stop")),
        ),
        allow=tuple(compile_phrase(text).elements for text in data.get("allow") or []),
    )


def load(extra: tuple[Path, ...] | None = None) -> PhraseBook:
    """The built-in phrases merged with the firm's files (by default from the environment)."""
    files = extra_files() if extra is None else tuple(extra)
    return _load(tuple((path, _modified(path)) for path in (BUILT_IN, *files)))


def _modified(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
        return status.st_mtime_ns, status.st_size
    except OSError:
        return None  # _read says it cannot be read
