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
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

from ..paths import STATIC, TEMPLATES

log = logging.getLogger(__name__)
KEEP_FILES = 300
KEEP_BYTES = 200 * 1024 * 1024


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
    """Finished PDFs on disk under their key; a file is complete or absent (atomic rename).

    Safe for several processes sharing one folder (web processes and queue workers that
    mount it): a PDF is written to a temporary file and renamed into place, so a reader
    opens the whole old file or the whole new one; a file read is touched, and the least
    recently used go first once the folder holds more than `keep` files or `max_bytes`.
    """

    def __init__(self, folder: Path, keep: int = KEEP_FILES, max_bytes: int = KEEP_BYTES):
        self.folder = folder
        self.keep = keep
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._running: dict[str, Future] = {}
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="prerender")

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            pdf = path.read_bytes()
            os.utime(path)  # recently used: evicted last
        except OSError:  # absent, or evicted by another process in between
            return None
        return pdf

    def put(self, key: str, pdf: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(pdf)
            os.replace(temporary, self._path(key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._prune(written=self._written_at(key))

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

    def _written_at(self, key: str) -> float:
        """The file system's own time of the file just written (not Python's clock, which
        tests move, nor another machine's clock on a shared folder)."""
        try:
            return self._path(key).stat().st_mtime
        except OSError:  # pruned already by another process
            return 0.0

    def _prune(self, written: float = 0.0) -> None:
        files = sorted(_sized(self.folder.glob("*.pdf")), key=lambda found: found[1])
        total = sum(size for _, _, size in files)
        count = len(files)
        for path, _, size in files:  # oldest use first
            if count <= self.keep and total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            count, total = count - 1, total - size
        # A process killed while writing leaves its temporary file behind: clear those an
        # hour older than the file just written (another process's write under way is not).
        if not written:
            return
        cutoff = written - 3600
        for leftover, modified, _ in _sized(self.folder.glob("*.tmp")):
            if modified < cutoff:
                leftover.unlink(missing_ok=True)


def _sized(paths) -> list[tuple[Path, float, int]]:
    """(path, last use, bytes) of each file still there; another process may prune too."""
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        found.append((path, stat.st_mtime, stat.st_size))
    return found
