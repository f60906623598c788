"""The one render pool a process shares: made on first use from the app's settings."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Mapping

from .pool import DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, RenderPool
from .recycling import RSS_MB

# A body's own time limit is 2 s inside the sandbox; the worker gets a little more to answer.
SAMPLE_TIME_LIMIT = 5.0
SAMPLE_MEMORY_MB = 768  # address space; an idle worker maps about 360 MB of it
# A worker that has drawn a chart holds matplotlib (~60 MiB more): recycling it at the PDF
# pool's 150 MiB would start a new worker, and import matplotlib again, for every sample.
SAMPLE_RECYCLE_RSS_MB = 300

_pools: dict[str, RenderPool] = {}  # "RENDER" (PDF layout) and "SAMPLE" (sample bodies)
_pool_lock = threading.Lock()

# For each pool, its settings' defaults: workers, time limit, memory limit, recycling RSS.
_DEFAULTS = {
    "RENDER": (DEFAULT_WORKERS, DEFAULT_TIME_LIMIT, DEFAULT_MEMORY_MB, RSS_MB),
    "SAMPLE": (DEFAULT_WORKERS, SAMPLE_TIME_LIMIT, SAMPLE_MEMORY_MB, SAMPLE_RECYCLE_RSS_MB),
}


def _shared(prefix: str, config: Mapping | None) -> RenderPool:
    """The process's pool for `prefix`, made on first use from <prefix>_WORKERS,
    <prefix>_TIME_LIMIT and <prefix>_MEMORY_MB; later calls ignore `config`."""
    with _pool_lock:
        pool = _pools.get(prefix)
        if pool is None or pool.closed:
            config = config or {}
            workers, time_limit, memory_mb, recycle_mb = _DEFAULTS[prefix]
            pool = _pools[prefix] = RenderPool(
                size=int(config.get(f"{prefix}_WORKERS") or workers),
                time_limit=float(config.get(f"{prefix}_TIME_LIMIT") or time_limit),
                memory_limit_mb=int(config.get(f"{prefix}_MEMORY_MB") or memory_mb),
                recycle_rss_mb=recycle_mb,
            )
        return pool


def get_pool(config: Mapping | None = None) -> RenderPool:
    """The process's PDF pool (RENDER_WORKERS, RENDER_TIME_LIMIT, RENDER_MEMORY_MB)."""
    return _shared("RENDER", config)


def get_sample_pool(config: Mapping | None = None) -> RenderPool:
    """The process's pool for sample bodies (SAMPLE_WORKERS, _TIME_LIMIT, _MEMORY_MB).

    Apart from the PDF pool, so a 60-second PDF never keeps a consultant's preview waiting,
    and with tighter limits: a body that passes them is killed, not the web server.
    """
    return _shared("SAMPLE", config)


def shutdown_pool() -> None:
    """Stop the process's pools, if there are any (also run at exit)."""
    with _pool_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def _forget_pool() -> None:
    """In a forked child, the parent's pools and their pipes are not ours to use."""
    global _pools, _pool_lock
    _pools = {}
    _pool_lock = threading.Lock()


atexit.register(shutdown_pool)
os.register_at_fork(after_in_child=_forget_pool)
