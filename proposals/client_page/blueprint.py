"""The client page's blueprint, and its throttle: per address and per link, across all of
its addresses (a counter is keyed by the token's hash, never by the token)."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Blueprint, current_app, request
from werkzeug.exceptions import BadRequest

from ..sending.records import digest
from ..throttle import by_address, limiter, setting
from .privacy import add_headers

bp = Blueprint("client_page", __name__)
# Every response of the client page, refusals and error pages included.
bp.after_request(add_headers)

_FORM_TOKEN = re.compile(r"[0-9a-f]{64}")


@bp.before_request
def _refuse_posts_without_a_token():
    """A POST with no form token at all is refused before its link is looked up: the same
    400 whatever the link (a token that is there but wrong shows the form again, as typed)."""
    if request.method != "POST" or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if not _FORM_TOKEN.fullmatch(request.form.get("csrf_token", "")):
        raise BadRequest()


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
