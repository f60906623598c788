"""The rules: what one passage says (phrases, pronouns, figures) and what it leaves out.

`scan` reads one piece of client-facing text; the functions after it judge what a scan
(or several, for a whole section) found. Thresholds are named here and explained in
docs/trust-check.md.
"""

from __future__ import annotations

import html as entities
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .matcher import find
from .normalise import Token, content_stems, quote_spans, tokenise
from .phrases import Phrase, PhraseBook
from .report import RULES, Finding
from .shapes import Reader, find_shapes

# Where each phrase rule looks (None: every section).
PHRASE_RULE_SECTIONS = {
    "pressure": None,
    "hype": None,
    "fake-empathy": None,
    "sales-talk": {"heard", "sample"},
    "offer-price": {"offer", "next"},
    "refuses-help": None,
}
LATER_SECTIONS = ("sample", "others", "offer", "next")

_FIRST = "we our ours us ourselves i me my mine myself"
_SECOND = "you your yours yourself yourselves"
FIRST_PERSON = frozenset(_FIRST.split())
SECOND_PERSON = frozenset(_SECOND.split())

# A quoted passage is the client's if half its salient words are in one of their quotes.
QUOTE_OVERLAP = 0.5

_NOISE = (
    "ltd limited inc llc llp plc group co company corp corporation the and of gmbh sa bv ag "
    "partners partnership associates dr mr mrs ms miss mx prof sir dame"
)
_NAME_NOISE = frozenset(_NOISE.split())  # words in a name that don't identify the client
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|tfoot|h\d|br|hr|blockquote|pre|figure"
    r"|figcaption|caption|dt|dd|dl)\b[^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Client:
    """What the check knows about the client; every part is optional."""

    names: tuple[str, ...] = ()  # the organisation and the contact
    their_words: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    obstacles: tuple[str, ...] = ()
    figures: frozenset[Decimal] = frozenset()
    ignore: tuple[str, ...] = ()  # other names in the proposal (the firm, referrals)
    firm: tuple[str, ...] = ()  # the firm's and the consultant's names

    @property
    def providers(self) -> tuple[str, ...]:
        """The other names: the referrals' providers, organisations and contacts."""
        return tuple(name for name in self.ignore if name not in self.firm)

    @property
    def name_words(self) -> frozenset[str]:
        return _identifying_words(self.names)

    @property
    def firm_words(self) -> frozenset[str]:
        return _identifying_words(self.firm)

    @classmethod
    def from_dict(cls, data: dict | None) -> Client | None:
        if data is None:
            return None
        return cls(
            names=tuple(data.get("names") or ()),
            their_words=tuple(data.get("their_words") or ()),
            goals=tuple(data.get("goals") or ()),
            obstacles=tuple(data.get("obstacles") or ()),
            figures=frozenset(Decimal(str(value)) for value in data.get("figures") or ()),
            ignore=tuple(data.get("ignore") or ()),
            firm=tuple(data.get("firm") or ()),
        )


def _identifying_words(names: tuple[str, ...]) -> frozenset[str]:
    """The words of some names that identify who they are: not "Ltd", "and" or "Dr"."""
    words = set()
    for name in names:
        for token in tokenise(name):
            if token.kind == "word" and token.word not in _NAME_NOISE and len(token.word) > 1:
                words.add(token.word)
    return frozenset(words)


@dataclass
class Scan:
    """What one passage contains."""

    findings: list[Finding] = field(default_factory=list)
    first_person: Counter = field(default_factory=Counter)
    client_refs: int = 0
    words: int = 0
    lines: int = 0
    stems: set[str] = field(default_factory=set)
    figures: set[Decimal] = field(default_factory=set)
    names_used: bool = False
    has_money: bool = False
    cues: set[str] = field(default_factory=set)

    def add(self, other: Scan) -> None:
        self.findings += other.findings
        self.first_person += other.first_person
        self.client_refs += other.client_refs
        self.words += other.words
        self.lines += other.lines
        self.stems |= other.stems
        self.figures |= other.figures
        self.names_used |= other.names_used
        self.has_money |= other.has_money
        self.cues |= other.cues


def html_to_text(html: str) -> str:
    """A worked sample's HTML as plain text, each cell and paragraph its own clause."""
    text = _BLOCK_TAGS.sub("\n\n", str(html))
    text = re.sub(r"<[^>]+>", "", text)
    return entities.unescape(text)


def _sequence_indexes(tokens: list[Token], names: tuple[str, ...]) -> set[int]:
    """Indexes of tokens that spell out one of these names."""
    found: set[int] = set()
    for name in names:
        wanted = [token.word for token in tokenise(name)]
        if not wanted:
            continue
        for start in range(len(tokens) - len(wanted) + 1):
            if [token.word for token in tokens[start : start + len(wanted)]] == wanted:
                found.update(range(start, start + len(wanted)))
    return found


def _is_clients_quote(text: str, client: Client | None, section: str, book: PhraseBook) -> bool:
    if client is None or not client.their_words or section == "heard":
        return True  # nothing to compare with, or the part of the proposal that reports them
    quoted = content_stems(tokenise(text), book.words.stop)
    if not quoted:
        return True
    for words in client.their_words:
        theirs = content_stems(tokenise(words), book.words.stop)
        if len(quoted & theirs) >= QUOTE_OVERLAP * len(quoted):
            return True
    return False


def echoes_of(client: Client | None, book: PhraseBook) -> set[str]:
    """Phrases the client used themselves: repeating their words back is not a tactic."""
    if client is None:
        return set()
    found = set()
    for words in client.their_words:
        tokens = tokenise(words)
        for phrases in book.phrases.values():
            found.update(match.phrase.source for match in find(tokens, phrases, book))
    return found


def _in_scope(phrase: Phrase, tokens: list[Token], index: int, quoted: set[int]) -> bool:
    """Whether a phrase limited to claims about the firm (about_us) or to what the client
    is asked to do (to_client) stands where it counts."""
    if phrase.scope == "phrases":
        return True
    sentence = tokens[index].sentence
    words = {
        token.word
        for position, token in enumerate(tokens)
        if token.sentence == sentence and position not in quoted
    }
    if phrase.scope == "about_us":
        return bool(words & FIRST_PERSON) and not _owned_by_client(tokens, index)
    # to_client: the client is the one asked to act: "you sign", "please confirm",
    # or an imperative at the start of a sentence.
    before = [token for token in tokens[max(0, index - 3) : index] if token.sentence == sentence]
    return not before or any(token.word in ("you", "please") for token in before)


_OWNERS = frozenset({"your", "yours", "their", "theirs", "her", "his", "she", "he", "they"})


def _owned_by_client(tokens: list[Token], index: int) -> bool:
    """A claim about the client's people or things: "your most experienced staff", "the
    team leads, the most experienced people she has"."""
    sentence = tokens[index].sentence
    # An apposition counts: "your team leads, the most experienced people".
    before = [t for t in tokens[max(0, index - 6) : index] if t.sentence == sentence]
    after = [t for t in tokens[index : index + 6] if t.sentence == sentence]
    return any(t.word in _OWNERS for t in before) or any(
        t.word in ("she", "he", "they") and i > 0 for i, t in enumerate(after)
    )


def _lines(text: str) -> int:
    parts = re.split(r"[.!?]+(?:\s|$)|\n", text)
    return sum(1 for part in parts if len(part.split()) >= 3)


def scan(
    text: str,
    section: str,
    book: PhraseBook,
    client: Client | None = None,
    echoes: set[str] | None = None,
) -> Scan:
    """Read one passage: phrase findings, pronouns, salient words, figures, names, cues.

    `echoes` are the phrases found in the client's own words (worked out if not given)."""
    tokens = tokenise(text)
    result = Scan(words=sum(1 for token in tokens if token.kind == "word"), lines=_lines(text))
    if not tokens:
        return result

    # Which tokens no rule may flag: the client's quoted words and every name.
    exempt = set()
    quoted = set()
    for left, right in quote_spans(text):
        inside = {index for index, token in enumerate(tokens) if left <= token.start < right}
        quoted |= inside
        if _is_clients_quote(text[left:right], client, section, book):
            exempt |= inside
    clients, providers = set(exempt), set()
    if client is not None:
        clients |= _sequence_indexes(tokens, client.names)
        provider_words = _identifying_words(client.providers)
        providers = {i for i, t in enumerate(tokens) if t.capital and t.word in provider_words}
        exempt = clients | providers | _sequence_indexes(tokens, client.ignore)
    exempt, clients = frozenset(exempt), frozenset(clients)

    echoes = echoes_of(client, book) if echoes is None else echoes
    for rule, sections in PHRASE_RULE_SECTIONS.items():
        if sections is not None and section not in sections:
            continue
        for match in find(tokens, book.phrases.get(rule, ()), book, exempt):
            if match.phrase.source in echoes:
                continue
            if not _in_scope(match.phrase, tokens, match.start, quoted):
                continue
            words = text[tokens[match.start].start : tokens[match.end - 1].end]
            result.findings.append(
                Finding(rule, RULES[rule][0], section, words, book.suggestion(rule, match.phrase))
            )
    spared = (exempt, clients, frozenset(quoted), frozenset(providers))
    result.findings += _shape_findings(text, tokens, section, book, client, spared, result)
    for cue, phrases in book.cues.items():
        if find(tokens, phrases, book, exempt):
            result.cues.add(cue)

    name_words = client.name_words if client else frozenset()
    previous_was_name = False
    for index, token in enumerate(tokens):
        if index in quoted:
            previous_was_name = False
            continue  # someone's own words: not who the proposal talks about
        is_name = token.word in name_words and token.capital
        if token.word in FIRST_PERSON and text[token.start : token.end] != "US":
            result.first_person[token.word] += 1
        elif token.word in SECOND_PERSON or (is_name and not previous_was_name):
            result.client_refs += 1
        if is_name:
            result.names_used = True
        previous_was_name = is_name
        if token.kind == "money":
            result.has_money = True
        if token.value is not None and token.kind in ("number", "money"):
            result.figures.add(token.value)
    result.stems = content_stems(tokens, book.words.stop)
    return result


def _shape_findings(text, tokens, section, book, client, spared, scanned) -> list:
    """Findings of the shapes, where no phrase of the same rule already found those words.

    `spared` is what no match may use: every name and quote, the client's only, quotes."""
    exempt, clients, quoted, providers = spared
    reader = Reader(
        text,
        tokens,
        book,
        exempt,
        clients,
        quoted,
        FIRST_PERSON,
        client.firm_words if client else frozenset(),
        client.name_words if client else frozenset(),
        providers,
    )
    taken = {(f.rule, f.text) for f in scanned.findings}
    found = []
    for match in find_shapes(reader):
        rule = match.shape.rule
        words = text[tokens[match.start].start : tokens[match.end - 1].end]
        if any(r == rule and (w in words or words in w) for r, w in taken):
            continue
        suggestion = " ".join((match.shape.suggestion or book.suggestion(rule)).split())
        severity = match.shape.severity or RULES[rule][0]
        found.append(Finding(rule, severity, section, words, suggestion))
    return found
