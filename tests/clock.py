"""The suite's clock: the real one, or a day chosen with PROPOSALS_TEST_TODAY.

`.ci/run` runs the suite a second time with PROPOSALS_TEST_TODAY on a single-digit day, so a
date formatted by hand (a day without its leading zero, say) fails on any day of the month,
not only on the 1st to 9th. time-machine moves Python's clock only: sockets and Chromium keep
working. Tests that need one particular day use the `time_machine` fixture instead.
"""

from __future__ import annotations

import os
from datetime import date, datetime

ENVIRONMENT = "PROPOSALS_TEST_TODAY"


def chosen_today() -> date | None:
    value = os.environ.get(ENVIRONMENT, "").strip()
    return date.fromisoformat(value) if value else None


def travel():
    """A started time-machine travel to the chosen day (the time of day kept), or None."""
    today = chosen_today()
    if today is None:
        return None
    import time_machine

    moved = time_machine.travel(datetime.combine(today, datetime.now().time()), tick=True)
    moved.start()
    return moved
