"""The PDF cache shared by several processes: whole files only, bounded in size."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time

from flask import Flask

from proposals import config as settings
from proposals import pdfs
from proposals.render.cache import PdfCache

KEYS = [f"key{number}" for number in range(6)]


def _payload(seed: int) -> bytes:
    body = os.urandom(20_000 + (seed * 7919) % 180_000)
    return hashlib.sha256(body).hexdigest().encode() + body


def _whole(data: bytes) -> bool:
    return hashlib.sha256(data[64:]).hexdigest().encode() == data[:64]


def _hammer(folder: str, seconds: float, seed: int, results) -> None:
    """Write and read the same keys as the other process; count reads of a broken file."""
    cache = PdfCache(folder, max_bytes=600_000)  # a few files: eviction all the time
    broken = reads = 0
    deadline = time.monotonic() + seconds
    number = seed
    while time.monotonic() < deadline:
        number += 1
        key = KEYS[number % len(KEYS)]
        cache.put(key, _payload(number))
        for other in KEYS:
            found = cache.get(other)
            if found is not None:
                reads += 1
                broken += not _whole(found)
    results.put((reads, broken))


def test_two_processes_writing_and_reading_never_see_a_partial_file(tmp_path):
    context = multiprocessing.get_context("fork")  # no second import of the app
    results = context.Queue()
    processes = [
        context.Process(target=_hammer, args=(tmp_path, 2.0, seed, results)) for seed in (0, 1000)
    ]
    for process in processes:
        process.start()
    counts = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    assert all(reads > 50 for reads, _ in counts), counts
    assert [broken for _, broken in counts] == [0, 0]
    assert sum(path.stat().st_size for path in tmp_path.glob("*.pdf")) <= 600_000
    assert list(tmp_path.glob("*.tmp")) == []


def test_the_least_recently_used_pdfs_go_first_once_the_cache_is_full(tmp_path):
    cache = PdfCache(tmp_path, max_bytes=250_000)
    for number, key in enumerate(("old", "read", "new")):
        cache.put(key, b"x" * 100_000)
        os.utime(tmp_path / f"{key}.pdf", (1000 + number, 1000 + number))
    # "old" was already evicted to keep the three under 250 KB; reading "read" keeps it.
    assert cache.get("old") is None
    assert cache.get("read") is not None
    cache.put("newest", b"y" * 100_000)
    assert cache.get("read") is not None and cache.get("new") is None


def test_the_cache_folder_is_a_setting(tmp_path, monkeypatch):
    shared = tmp_path / "mounted" / "pdf-cache"
    monkeypatch.setenv("PROPOSALS_PDF_CACHE_DIR", str(shared))
    monkeypatch.setenv("PROPOSALS_PDF_CACHE_MB", "5")
    app = Flask(__name__)
    app.config.from_mapping(settings.from_environment(tmp_path / "instance"))
    with app.app_context():
        cache = pdfs.cache_for(str(tmp_path / "instance"))
    assert cache.folder == shared and cache.max_bytes == 5 * 2**20
