"""Small helpers for writing about the client in plain English: their name in a greeting,
a topic inside a sentence, a first sentence, the item closest to a topic."""

from __future__ import annotations

import re

from .. import matching

_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"}
# Words that may start a sentence and read naturally in lower case after a colon or inside
# a sentence ("Tell us which option" -> "tell us which option"). Anything else, a name
# such as "Ray's" or "Eastgate" above all, keeps its capital.
_LOWER_STARTS = frozenset(
    """a an the whether how what when where which who why if their your its this that these
    those any some one two three four five six seven eight nine ten next last first each every
    no not all both only on in by for from after before during at to of with without about
    until within over under into once as so and or but while
    ask tell pick send set move book call check choose decide keep list look make note read
    reply review try write let start stop talk put find get go know see share think use plan
    test time compare run agree confirm give bring fix show meet pay change open close moving
    having knowing making getting seeing keeping finding stop stopping sending asking telling
    is are was were be been will would can could should may might must do does did have has
    had there here it they we you he she""".split()  # noqa: SIM905
)
_COUNTS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def greeting_name(contact_name: str) -> str:
    """ "Priya Raman" -> "Priya"; "Dr. Elena Soto" -> "Dr. Soto"."""
    words = contact_name.split()
    if not words:
        return contact_name
    if len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0]


def lower_first(text: str) -> str:
    """A sentence as it reads after a colon: "Ask the two café customers" -> "ask the two
    café customers"; a name ("Ray's test", "Eastgate") keeps its capital."""
    text = " ".join(text.split())
    first = text.split(" ", 1)[0] if text else ""
    plain = first.rstrip(",:;.")
    if plain[:1].isupper() and plain[1:] == plain[1:].lower() and plain.lower() in _LOWER_STARTS:
        return text[:1].lower() + text[1:]
    return text


def topic(about: str) -> str:
    """A follow-up topic as it reads inside a sentence: no full stop, "Whether ..." in
    lower case."""
    return lower_first(about).rstrip(" .")


def sentence(text: str) -> str:
    """Text as a sentence of its own: one space between words, a capital, a full stop."""
    text = " ".join(text.split())
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def first_sentence(text: str | None) -> str:
    """The first sentence of a passage ("" for none)."""
    if not text:
        return ""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def closest(items: list[str], to: str) -> str | None:
    """The item sharing the most terms with `to`, the first on a tie (None when none
    shares any): "your backups" finds "Test a backup", not every item with "your"."""
    wanted = matching.terms(to)
    scored = [
        (len(matching.terms(item) & wanted), -index, item) for index, item in enumerate(items)
    ]
    best = max(scored, default=None)
    return best[2] if best and best[0] > 0 else None


def count_word(count: int) -> str:
    """A count as a word up to ten ("three"), as figures above."""
    return _COUNTS[count] if count < len(_COUNTS) else str(count)
