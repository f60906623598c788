"""A small on-disk cache for what the trust check builds once per machine.

Files live in the user's cache folder ($XDG_CACHE_HOME/proposals, or ~/.cache/proposals),
never in the repository or the instance folder, and are named by a hash of everything
they were made from, so a changed input simply misses. A cache that can't be read or
written is treated as empty: the check is then slower, never wrong.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "proposals"


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def read(name: str) -> Any | None:
    try:
        with (folder() / name).open("rb") as file:
            return pickle.load(file)
    except Exception:  # noqa: BLE001 - missing, truncated or from another version: rebuild
        return None


def write(name: str, value: Any) -> None:
    """Write atomically (a reader in another process never sees half a file)."""
    try:
        folder().mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder(), delete=False) as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, folder() / name)
    except OSError:
        pass
