"""The client page's blueprint, and its throttle: per address and per link, across all of
its addresses (a counter is keyed by the token's hash, never by the token)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, request

from ..sending.records import digest
from ..throttle import by_address, limiter, setting
from .privacy import add_headers

bp = Blueprint("client_page", __name__)
# Every response of the client page, refusals and error pages included.
bp.after_request(add_headers)


def by_link() -> str:
    token = (request.view_args or {}).get("token", "")
    return f"link:{digest(token)}"


def limited(view: Callable) -> Callable:
    """Every client endpoint: LIMIT_CLIENT_PAGE per address and per link, shared by all of
    them, and LIMIT_CLIENT_ANSWER on top for the forms' POSTs."""
    for name, key in (("address", by_address), ("link", by_link)):
        view = limiter.shared_limit(
            setting("LIMIT_CLIENT_PAGE"), scope=f"client-page-{name}", key_func=key
        )(view)
        view = limiter.shared_limit(
            setting("LIMIT_CLIENT_ANSWER"),
            scope=f"client-answer-{name}",
            key_func=key,
            methods=["POST"],
        )(view)
    return view
