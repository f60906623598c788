"""The one render pool a process shares: made on first use from the app's settings."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Mapping

from .pool import DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, RenderPool

_pool: RenderPool | None = None
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


def shutdown_pool() -> None:
    """Stop the process's pool, if there is one (also run at exit)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


def _forget_pool() -> None:
    """In a forked child, the parent's pool and its pipes are not ours to use."""
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


atexit.register(shutdown_pool)
os.register_at_fork(after_in_child=_forget_pool)
