"""Reading the phrase files: the built-in phrases.yaml merged with a firm's own files.

Phrases, word classes and shapes add up; suggestions replace; `remove:` takes a built-in
phrase out. The result is compiled once per set of files and cached until a file changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..config import ENV_PREFIX, trust_phrase_files
from . import cache as disk
from .normalise import tokenise
from .phrases import Phrase, PhraseBook, PhraseError, Words, compile_phrase
from .shapes import compile_classes, compile_shapes

BUILT_IN = Path(__file__).with_name("phrases.yaml")
ENV_VARIABLE = ENV_PREFIX + "TRUST_PHRASES"


class _TextLoader(yaml.SafeLoader):
    """YAML without its yes/no booleans: in a phrase file, `no` is the word "no"."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# What a phrase file may contain; anything else is a typo worth hearing about.
PHRASE_RULES = (
    "pressure", "hype", "fake-empathy", "sales-talk", "offer-price", "refuses-help", "generic",
)  # fmt: skip
CUES = ("safety-net",)
_TOP_KEYS = {"rules", "cues", "suggestions", "words", "allow", "classes", "shapes"}
# Phrases count everywhere; about_us ones only in a sentence with we, our, I or my;
# to_client ones only where the client is asked to act ("you sign", "please confirm", or
# an imperative that starts a sentence).
SCOPES = ("phrases", "about_us", "to_client")
_RULE_KEYS = {"suggestion", "remove", *SCOPES}
_WORD_LISTS = {"negations", "negation_exceptions", "clause_breaks", "fillers", "stop"}
_SUGGESTION_RULES = {
    "pressure", "hype", "fake-empathy", "sales-talk", "offer-price", "self-orientation",
    "thin-referrals", "if-it-goes-wrong", "coverage", "generic-sample", "refuses-help",
    "generic", "plain-language",
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
    for name, phrases in (extra.get("classes") or {}).items():
        known = base.setdefault("classes", {}).setdefault(name, [])
        base["classes"][name] = list(known) + list(phrases or [])
    for rule, shapes in (extra.get("shapes") or {}).items():
        known = base.setdefault("shapes", {}).setdefault(rule, [])
        base["shapes"][rule] = list(known) + list(shapes or [])
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


# The code that compiles a phrase book: a change to it makes cached books miss.
_COMPILERS = ("phrase_files.py", "phrases.py", "shapes.py", "normalise.py", "matcher.py")


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, tuple[int, int] | None], ...]) -> PhraseBook:
    """Read and compile; cached by path, modification time and size, so an edit is seen,
    and on disk by the files' contents, so a new process need not compile them again."""
    try:
        here = Path(__file__).parent
        contents = [path.read_bytes() for path, _ in files]
        contents += [(here / name).read_bytes() for name in _COMPILERS]
    except OSError:
        return _compile(files)  # it says which file cannot be read
    name = f"phrases-{disk.key(*contents)}.pickle"
    book = disk.read(name)
    if not isinstance(book, PhraseBook):
        book = _compile(files)
        disk.write(name, book)
    return book


def _compile(files: tuple[tuple[Path, tuple[int, int] | None], ...]) -> PhraseBook:
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
    classes = compile_classes(data)
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
        classes=classes,
        shapes=compile_shapes(data, classes),
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
