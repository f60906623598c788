"""When a render worker has done enough and is replaced by a fresh one.

WeasyPrint 70 keeps a little memory per PDF laid out with OpenType font features
(`tabular-nums` in the print CSS; bench/README.md has the figures), so a worker that lived
for ever would grow for ever. A worker is recycled after `max_jobs` PDFs, or as soon as
its resident memory passes `rss_mb`, or `growth` times what it was after its first PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_JOBS = 40  # ~0.06 % growth per PDF: at most ~+3.7 % over a worker's life (measured)
RSS_MB = 150  # a worker whose resident memory passes this is replaced
GROWTH = 1.5  # ... or that has grown this much since its first PDF
MiB = 2**20


@dataclass(frozen=True)
class Recycling:
    """The limits after which a worker is replaced."""

    max_jobs: int = MAX_JOBS
    rss_mb: float = RSS_MB
    growth: float = GROWTH

    def reason(self, jobs: int, first_rss: int | None, rss: int) -> str | None:
        """Why a worker with this record should be replaced now, or None to keep it."""
        if jobs >= self.max_jobs:
            return f"{jobs} PDFs"
        if rss > self.rss_mb * MiB:
            return f"resident memory {rss / MiB:.0f} MiB"
        if first_rss and rss > self.growth * first_rss:
            return f"resident memory grew from {first_rss / MiB:.0f} to {rss / MiB:.0f} MiB"
        return None
