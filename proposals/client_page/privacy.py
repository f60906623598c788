"""What the client page promises: nothing about a visit is kept, nothing leaves the app.

Its responses carry a stricter policy than the rest of the app (no inline styles, no
referrer, never cached or indexed), and a link's token is cut out of every log line, so a
log file opens no proposal."""

from __future__ import annotations

import logging
import re

from flask import Response

# Nothing outside the app, and not even inline styles: the charts come as images (page.py).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "script-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
_TOKEN_PATH = re.compile(r"/p/[^/\s?#\"']+")
REDACTED = "/p/<redacted>"
# The loggers a request line or an error about one may come through.
LOGGERS = ("werkzeug", "waitress", "flask.app", "proposals", "")


def add_headers(response: Response) -> Response:
    """The client page's own headers, set before the app's (which only fill in the rest)."""
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Replace /p/<token> in a log record's message with /p/<redacted>."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/p/" in message:
            record.msg, record.args = redact(message), ()
        return True


_FILTER = RedactTokens()


def redact_logs() -> None:
    """Install the filter on the loggers that could see a client page's address, and on
    the handlers already attached to the root logger (records from child loggers pass
    only through handlers, not through their parents' filters)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
