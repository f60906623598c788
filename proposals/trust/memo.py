"""Results of the check's slow, pure steps, kept between runs in the user's cache.

A word's frequency in everyday English, a section's reading figures, a sentence's likeness
to the seed families: each depends only on its text and on the versions of what computed
it. Kept here, checking a proposal again (after editing one paragraph, say) needs neither
wordfreq's word list, nor textstat's hyphenation dictionary, nor NumPy and the sentence
model for what it has already read, and `proposals check` stays a quick command.

Each memo is one file in the cache folder (trust/cache.py), named by what made its values,
so a new version of a library or of the seeds simply starts an empty one. Files are read
on first use and written by `save_all()` at the end of a check, only if something was
added; a file that can't be read or written means the work is done again, never a wrong
result. Two processes saving at once: the last one wins, and the other's additions are
worked out again next time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from . import cache as disk

_memos: list[Memo] = []


class Memo:
    def __init__(self, name: str, *made_by: str, kept: int = 20_000):
        self.name, self.made_by, self.kept = name, made_by, kept
        self._values: dict[Hashable, Any] | None = None
        self._added = False
        self._lock = threading.Lock()
        _memos.append(self)

    def _file(self) -> str:
        return f"{self.name}-{disk.key(*self.made_by)}.pickle"

    def _loaded(self) -> dict[Hashable, Any]:
        if self._values is None:
            found = disk.read(self._file())
            self._values = found if isinstance(found, dict) else {}
        return self._values

    def get(self, key: Hashable, work: Callable[[], Any]) -> Any:
        """The kept value for `key`, or `work()` kept from now on."""
        with self._lock:
            values = self._loaded()
            if key in values:
                return values[key]
        value = work()
        with self._lock:
            self._values[key] = value
            self._added = True
            self._bound()
        return value

    def get_many(self, keys: list[Hashable], work: Callable[[list], list]) -> list[Any]:
        """The values for `keys`; `work(missing keys)` gives those not kept yet, in order,
        in one call (the sentence model works sentences out faster together)."""
        with self._lock:
            values = self._loaded()
            found = {key: values[key] for key in keys if key in values}
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            new = dict(zip(missing, work(missing), strict=True))
            found.update(new)
            with self._lock:
                self._values.update(new)
                self._added = True
                self._bound()
        return [found[key] for key in keys]

    def _bound(self) -> None:
        """A long-lived process that checks passages without saving (check_text) keeps at
        most twice `kept` values: past that, the oldest half goes."""
        if len(self._values) > 2 * self.kept:
            self._values = dict(list(self._values.items())[-self.kept :])

    def save(self) -> None:
        with self._lock:
            if not self._added or self._values is None:
                return
            # Dicts keep insertion order: the newest `kept` entries stay.
            kept = dict(list(self._values.items())[-self.kept :])
            self._values, self._added = kept, False
        disk.write(self._file(), kept)


def save_all() -> None:
    for memo in _memos:
        memo.save()


def package_version(name: str) -> str:
    """A library's installed version, read without importing it."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"
