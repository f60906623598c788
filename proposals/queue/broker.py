"""Reaching the broker: a check at start, and publishing a task from a web request."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from celery import Celery

from .settings import CONNECT_TIMEOUT, make_celery

log = logging.getLogger(__name__)
_apps: dict[str, Celery] = {}
_lock = threading.Lock()


class BrokerUnavailable(Exception):
    """The broker could not be reached (at start, or when publishing a task)."""


def celery_for(config: Mapping) -> Celery:
    """The process's Celery app for this broker, made once."""
    url = config["BROKER_URL"]
    with _lock:
        if url not in _apps:
            _apps[url] = make_celery(config)
        return _apps[url]


def check(config: Mapping) -> None:
    """Raise BrokerUnavailable, with what to do, unless the broker answers."""
    url = config["BROKER_URL"]
    try:
        with celery_for(config).connection_for_write() as connection:
            connection.ensure_connection(max_retries=0, timeout=CONNECT_TIMEOUT)
    except Exception as exc:
        reason = str(exc).rstrip(".")
        raise BrokerUnavailable(
            f"The render queue's broker at {_safe(url)} cannot be reached ({reason}). "
            "Start Redis, or correct PROPOSALS_BROKER_URL, or unset it to render in this "
            "process."
        ) from None


def publish(config: Mapping, task_name: str, *args) -> None:
    """Send one task; BrokerUnavailable if the broker is away (nothing is retried here)."""
    try:
        celery_for(config).send_task(task_name, args=args, retry=False)
    except Exception as exc:
        log.warning("could not publish %s: %s", task_name, exc)
        raise BrokerUnavailable(str(exc)) from exc


def _safe(url: str) -> str:
    """The broker's address without its password, for messages."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
    return url
