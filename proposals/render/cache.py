"""PDFs kept by what they were made from, so the consultant never waits twice.

The key is a hash of everything that shapes the PDF: the document, the sample revision,
the firm's print settings, the print templates and stylesheet, and the day (the cover
shows the date). The review step starts rendering in the background as soon as it opens;
"Generate PDF" then finds the PDF ready, or waits for the render already under way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

from ..paths import STATIC, TEMPLATES

log = logging.getLogger(__name__)
KEEP_FILES = 300


@functools.cache
def design_version() -> str:
    """A hash of the print templates and stylesheets: a new design means new PDFs."""
    digest = hashlib.sha256()
    for folder in (TEMPLATES / "pdf", STATIC / "print"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(document: dict, revision_id: int | None, firm: dict, day: date) -> str:
    firm_part = {k: v for k, v in firm.items() if k != "logo"}
    logo = firm.get("logo")
    firm_part["logo"] = hashlib.sha256(logo).hexdigest() if logo else None
    material = json.dumps(
        [document, revision_id, firm_part, design_version(), day.isoformat()],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(material.encode()).hexdigest()


class PdfCache:
    """Finished PDFs on disk under their key; a file is complete or absent (atomic rename)."""

    def __init__(self, folder: Path, keep: int = KEEP_FILES):
        self.folder = folder
        self.keep = keep
        self._lock = threading.Lock()
        self._running: dict[str, Future] = {}
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="prerender")

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, pdf: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(pdf)
        os.replace(temporary, self._path(key))
        self._prune()

    def start(self, key: str, render: Callable[[], bytes]) -> Future:
        """Render in the background unless the PDF is cached or already being made."""
        with self._lock:
            if key in self._running:
                return self._running[key]
            future: Future = Future()
            if self._path(key).exists():
                future.set_result(None)
                return future
            future = self._executor.submit(self._render_and_keep, key, render)
            self._running[key] = future
            return future

    def fetch(self, key: str, render: Callable[[], bytes]) -> bytes:
        """The PDF for `key`: from the cache, from a render under way, or rendered now."""
        cached = self.get(key)
        if cached is not None:
            return cached
        with self._lock:
            running = self._running.get(key)
        if running is not None:
            try:
                running.result()
            except Exception:  # the background render failed: try once more, in the open
                log.info("background render of %s failed; rendering again", key[:12])
            cached = self.get(key)
            if cached is not None:
                return cached
        pdf = render()
        self.put(key, pdf)
        return pdf

    def _render_and_keep(self, key: str, render: Callable[[], bytes]) -> None:
        try:
            self.put(key, render())
        finally:
            with self._lock:
                self._running.pop(key, None)

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
        for old in files[: max(0, len(files) - self.keep)]:
            old.unlink(missing_ok=True)
        # A process killed while writing leaves its temporary file behind: clear old ones.
        cutoff = time.time() - 3600
        for leftover in self.folder.glob("*.tmp"):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink(missing_ok=True)
