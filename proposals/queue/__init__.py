"""Rendering on a task queue (Celery over Redis) when PROPOSALS_BROKER_URL is set.

Without a broker nothing here is used: PDFs are laid out by the web process's own pool.
With one, the web process only records a render job and hands its id to the queue;
`proposals worker`, on any machine that reaches the database and the broker, renders it
and keeps the PDF version, which the web process then finds in the database.
"""

from __future__ import annotations

from collections.abc import Mapping

HARD_LIMIT_GRACE = 15  # seconds between a task's soft time limit and the kill

UNAVAILABLE = (
    "Rendering is unavailable right now (the render queue cannot be reached). "
    "Your draft is kept; try Generate PDF again in a minute."
)


def enabled(config: Mapping) -> bool:
    """True when this app hands its PDFs to a queue's workers."""
    return bool(config.get("BROKER_URL"))
