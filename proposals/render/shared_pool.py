"""The one render pool a process shares: made on first use from the app's settings."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Mapping

from .pool import DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, RenderPool

# A body's own time limit is 2 s inside the sandbox; the worker gets a little more to answer.
SAMPLE_TIME_LIMIT = 5.0
SAMPLE_MEMORY_MB = 768  # address space; an idle worker maps about 360 MB of it
# A worker that has drawn a chart holds matplotlib (~60 MiB more): recycling it at the PDF
# pool's 150 MiB would start a new worker, and import matplotlib again, for every sample.
SAMPLE_RECYCLE_RSS_MB = 300

_pool: RenderPool | None = None
_sample_pool: RenderPool | None = None
_pool_lock = threading.Lock()


def get_pool(config: Mapping | None = None) -> RenderPool:
    """The process's pool, made on first use from RENDER_* settings in `config`."""
    # RENDER_WORKERS, RENDER_TIME_LIMIT and RENDER_MEMORY_MB (defaults 2, 60 s, 1024 MB);
    # later calls return the same pool whatever `config` says.
    global _pool
    with _pool_lock:
        if _pool is None or _pool.closed:
            config = config or {}
            _pool = RenderPool(
                size=int(config.get("RENDER_WORKERS") or DEFAULT_WORKERS),
                time_limit=float(config.get("RENDER_TIME_LIMIT") or DEFAULT_TIME_LIMIT),
                memory_limit_mb=int(config.get("RENDER_MEMORY_MB") or DEFAULT_MEMORY_MB),
            )
        return _pool


def get_sample_pool(config: Mapping | None = None) -> RenderPool:
    """The process's pool for sample bodies, made on first use from SAMPLE_* settings.

    Apart from the PDF pool, so a 60-second PDF never keeps a consultant's preview waiting,
    and with tighter limits: a body that passes them is killed, not the web server.
    """
    global _sample_pool
    with _pool_lock:
        if _sample_pool is None or _sample_pool.closed:
            config = config or {}
            _sample_pool = RenderPool(
                size=int(config.get("SAMPLE_WORKERS") or DEFAULT_WORKERS),
                time_limit=float(config.get("SAMPLE_TIME_LIMIT") or SAMPLE_TIME_LIMIT),
                memory_limit_mb=int(config.get("SAMPLE_MEMORY_MB") or SAMPLE_MEMORY_MB),
                recycle_rss_mb=SAMPLE_RECYCLE_RSS_MB,
            )
        return _sample_pool


def shutdown_pool() -> None:
    """Stop the process's pools, if there are any (also run at exit)."""
    global _pool, _sample_pool
    with _pool_lock:
        pools, _pool, _sample_pool = [_pool, _sample_pool], None, None
    for pool in pools:
        if pool is not None:
            pool.close()


def _forget_pool() -> None:
    """In a forked child, the parent's pool and its pipes are not ours to use."""
    global _pool, _sample_pool, _pool_lock
    _pool = _sample_pool = None
    _pool_lock = threading.Lock()


atexit.register(shutdown_pool)
os.register_at_fork(after_in_child=_forget_pool)
