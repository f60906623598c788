"""Words as the trust check sees them: lower-cased, stemmed, numbers read, quotes marked.

Every text and every phrase goes through `tokenise`, so "Guaranteed results",
"guarantees the result" and "GUARANTEED-RESULTS" meet as the same stems, "don't" and
"do not" as the same two words, "£18,500.00" and "18500" as the same figure.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import snowballstemmer

from ..numbers import NumberProblem, marks_of, parse_decimal

_STEMMERS = threading.local()  # a snowball stemmer keeps state while it works: one per thread


def _stemmer():
    if not hasattr(_STEMMERS, "english"):
        _STEMMERS.english = snowballstemmer.stemmer("english")
    return _STEMMERS.english


# A figure with a currency: £450, $1,400.00, €2k, 450 GBP, 300 dollars.
_MONEY = (
    r"[£$€¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn)\b)?"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:usd|gbp|eur|chf|cad|aud|dollars?|pounds?|euros?)\b"
)
_TOKEN = re.compile(
    rf"(?P<money>{_MONEY})"
    r"|(?P<number>\d[\d,]*(?:\.\d+)?)"
    r"|(?P<percent>%)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*['’]?)"
    r"|(?P<stop>[.!?;:…]+(?=\s|$)|[,()\[\]—–]|\s[-–]\s|\n\s*\n|\n\s*[-*•]\s)",
    re.IGNORECASE,
)

# Outside English, figures group and mark decimals their locale's way ("18.500,00 €" in
# de, "18 500,00 €" in fr, "18’500.00" in de-CH) and the currency may follow the figure.
# A plain space groups only three digits ("1 234,50"), so "in 2027 12 staff" stays two.
_GROUPED_FIGURE = r"\d(?:\d|[.,\u00a0\u202f\u2009'’](?=\d)| (?=\d{3}(?!\d)))*"
_LOCAL_TOKEN = re.compile(
    rf"(?P<money>[£$€¥]\s?{_GROUPED_FIGURE}|{_GROUPED_FIGURE}\s?(?:[£$€¥]|[A-Z]{{3}}\b|kr\b|Fr\.))"
    rf"|(?P<number>{_GROUPED_FIGURE})" + _TOKEN.pattern[_TOKEN.pattern.index("|(?P<percent>") :],
    re.IGNORECASE,
)
# The locale whose figures the check is reading: set for one check by `reading_figures`.
_FIGURES_LOCALE: ContextVar[str | None] = ContextVar("figures_locale", default=None)


@contextmanager
def reading_figures(locale: str | None):
    """Read figures the way `locale` writes them (English when None) inside the block."""
    token = _FIGURES_LOCALE.set(locale)
    try:
        yield
    finally:
        _FIGURES_LOCALE.reset(token)


def _english(locale: str | None) -> bool:
    return not locale or locale.replace("_", "-").split("-")[0].lower() == "en"


# Quotation: "…", “…”, ‘…’ or '…' (an apostrophe inside a word is not a quote mark),
# and Markdown block quotes.
_QUOTES = (
    re.compile(r'"[^"\n]+"'),
    re.compile(r"“[^”\n]+[”“]"),
    re.compile(r"«[^»\n]+»"),
    re.compile(r"(?<!\w)['‘](?:[^'‘’\n]|['’](?=\w))+?['’](?!\w)"),
    re.compile(r"^[ \t]*>.*$", re.MULTILINE),
)

_CONTRACTIONS = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
}
_SUFFIXES = {"n't": "not", "'re": "are", "'ll": "will", "'ve": "have", "'m": "am", "'d": "would"}
_IS_CONTRACTED = {"it", "that", "there", "here", "what", "he", "she", "who", "where", "this"}

_NUMBERS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "twenty thirty forty fifty hundred few couple handful dozen several"
)
NUMBER_WORDS = frozenset(_NUMBERS.split())
_NUMBER_VALUES = {word: index for index, word in enumerate(["zero", *_NUMBERS.split()[:10]])}


@dataclass(frozen=True)
class Token:
    word: str  # lower case, contractions expanded ("not" for the n't of "don't")
    stem: str
    kind: str  # "word", "number" or "money"
    start: int  # where it stands in the original text
    end: int
    clause: int  # tokens with the same clause number are not separated by punctuation
    quoted: bool = False
    capital: bool = False  # starts with a capital letter in the text (names, acronyms)
    value: Decimal | None = None  # for numbers and money
    sentence: int = 0  # tokens with the same sentence number are in one sentence


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The stem of one lower-case word, British and American spellings made alike."""
    word = word.replace("’", "'").strip("'")
    if len(word) > 4:
        word = re.sub(r"(?<=\w\w)is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1", word)
        word = re.sub(r"(?<=\w\w)ys(e|es|ed|ing)$", r"yz\1", word)
    return _stemmer().stemWord(word)


def figure(text: str, locale: str | None = None) -> Decimal | None:
    """The value of a written figure: "£18,500.00", "18500", "2k" (None if it is not one);
    in `locale` (else the one being read) "18.500,00 €" in de, "18 500,00 €" in fr."""
    locale = locale or _FIGURES_LOCALE.get()
    english = _english(locale)
    match = re.search(r"\d[\d,]*(?:\.\d+)?" if english else _GROUPED_FIGURE, text)
    if not match:
        return None
    try:
        # "€12,000," ends a clause: the comma after it is punctuation, not grouping.
        written = match.group().rstrip(",")
        value = parse_decimal(written, locale="en-US" if english else marks_of(locale).tag)
    except NumberProblem:
        value = None if english else _as_locale_writes(written, locale)
    if value is None:
        return None
    tail = text[match.end() :].strip().lower()
    if tail.startswith("k"):
        value *= 1000
    elif tail.startswith("bn"):
        value *= 1_000_000_000
    elif tail.startswith("m") and not tail.startswith("mo"):
        value *= 1_000_000
    return value.normalize()


def _as_locale_writes(written: str, locale: str) -> Decimal | None:
    """What a form-field parser refuses as ambiguous ("18.500" in de-DE could be 18.5 in
    English) is, in running text of that locale, the locale's reading."""
    marks = marks_of(locale)
    digits = re.sub(r"[\s\u00a0\u202f\u2009'’]", "", written)
    if marks.group in ".,":
        digits = digits.replace(marks.group, "")
    try:
        return Decimal(digits.replace(marks.decimal, "."))
    except ArithmeticError:
        return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in _QUOTES:
        spans.extend(match.span() for match in pattern.finditer(text))
    return spans


def _expand(word: str) -> tuple[str, ...]:
    """Split a contraction into the words it stands for; drop a possessive 's."""
    plain = word.replace("’", "'").lower()
    if plain in _CONTRACTIONS:
        return _CONTRACTIONS[plain]
    for suffix, full in _SUFFIXES.items():
        if plain.endswith(suffix) and len(plain) > len(suffix):
            return (plain[: -len(suffix)], full)
    if plain.endswith("'s"):
        base = plain[:-2]
        return (base, "is") if base in _IS_CONTRACTED else (base,)
    return (plain.strip("'"),)


def tokenise(text: str) -> tuple[Token, ...]:
    """The words, figures and clause breaks of a text, each word stemmed (cached: the
    check reads the same texts for several rules); figures in the locale being read."""
    locale = _FIGURES_LOCALE.get()
    return _tokenise(text, None if _english(locale) else locale)


@lru_cache(maxsize=4_096)
def _tokenise(text: str, locale: str | None) -> tuple[Token, ...]:
    quotes = quote_spans(text)
    tokens: list[Token] = []
    clause = sentence = 0
    for match in (_TOKEN if locale is None else _LOCAL_TOKEN).finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "stop":
            clause += 1
            if re.search(r"[.!?;…\n]", match.group()):
                sentence += 1
            continue
        quoted = any(left <= start < right for left, right in quotes)
        if kind in ("money", "number"):
            value = figure(match.group(), locale)
            tokens.append(
                Token(kind, kind, kind, start, end, clause, quoted, False, value, sentence)
            )
        elif kind == "percent":
            tokens.append(
                Token("percent", "percent", "word", start, end, clause, quoted, sentence=sentence)
            )
        else:
            surface = match.group()
            capital = surface[0].isupper()
            for word in _expand(surface):
                if not word:
                    continue
                value = Decimal(_NUMBER_VALUES[word]) if word in _NUMBER_VALUES else None
                tokens.append(
                    Token(
                        word,
                        stem(word),
                        "word",
                        start,
                        end,
                        clause,
                        quoted,
                        capital,
                        value,
                        sentence,
                    )
                )
    return tuple(_join_per_cent(tokens))


tokenise.cache_clear = _tokenise.cache_clear  # as before: forget every text read


def _join_per_cent(tokens: list[Token]) -> list[Token]:
    """ "per cent" is one word, as "percent" is."""
    joined: list[Token] = []
    for token in tokens:
        if token.word == "cent" and joined and joined[-1].word == "per":
            previous = joined.pop()
            token = Token(
                "percent",
                "percent",
                "word",
                previous.start,
                token.end,
                token.clause,
                sentence=token.sentence,
            )
        joined.append(token)
    return joined


def content_stems(tokens: list[Token], stop_words: frozenset[str]) -> set[str]:
    """The stems that carry meaning: no stop words, no short words; figures by value."""
    found = set()
    for token in tokens:
        if token.kind in ("number", "money") and token.value is not None:
            found.add(f"#{token.value}")
        elif (
            token.kind == "word"
            and len(token.word) > 2
            and token.word not in stop_words
            and token.stem not in stop_words
        ):
            found.add(token.stem)
    return found
