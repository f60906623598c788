"""Configuration from environment variables, with safe defaults for running on one machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic_core import PydanticCustomError

from .fields import check_locale
from .formatting import DEFAULT_LOCALE
from .paths import PROJECT_ROOT

ENV_PREFIX = "PROPOSALS_"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def _flag(name: str, default: bool = False) -> bool:
    return (_env(name, "1" if default else "0") or "0").lower() in ("1", "true", "yes")


def instance_path() -> Path:
    """Where the database and the generated secret live (PROPOSALS_INSTANCE_PATH)."""
    return Path(_env("INSTANCE_PATH") or PROJECT_ROOT / "instance").resolve()


def trust_phrase_files() -> tuple[Path, ...]:
    """The firm's own trust-check phrase files (PROPOSALS_TRUST_PHRASES, os.pathsep-joined).

    Read on every check rather than once, so `proposals check` and a running server both
    follow a change of the variable's files (the phrase books cache by file time).
    """
    value = _env("TRUST_PHRASES") or ""
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


def default_locale() -> str:
    """PROPOSALS_DEFAULT_LOCALE in its usual spelling ("sv-SE"); en-US if unset or unknown."""
    try:
        return check_locale(_env("DEFAULT_LOCALE")) or DEFAULT_LOCALE
    except PydanticCustomError:
        return DEFAULT_LOCALE


class ConfigError(Exception):
    """A setting that stops the app from starting; the message says what to set."""


def web_processes() -> int:
    """PROPOSALS_WEB_PROCESSES: how many web processes serve this firm (gunicorn sets it)."""
    try:
        return max(1, int(_env("WEB_PROCESSES", "1") or 1))
    except ValueError:
        raise ConfigError("PROPOSALS_WEB_PROCESSES must be a whole number.") from None


def _secret_key(instance: Path) -> str:
    """PROPOSALS_SECRET_KEY, or a random key kept in the instance folder across restarts.

    Several processes (web processes on more than one machine, queue workers) must share
    one key that nobody can read off a disk, so then the variable is required."""
    configured = _env("SECRET_KEY")
    if configured:
        return configured
    if web_processes() > 1 or _env("BROKER_URL"):
        raise ConfigError(
            "PROPOSALS_SECRET_KEY must be set when several processes serve the app "
            "(PROPOSALS_WEB_PROCESSES > 1, gunicorn with several workers, or a render queue "
            "in PROPOSALS_BROKER_URL). Make one with: "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def from_environment(instance: Path) -> dict:
    """The settings for one app, read when the app is created (never at import time)."""
    return {
        "SECRET_KEY": _secret_key(instance),
        "DATABASE_URL": _env("DATABASE_URL") or f"sqlite:///{instance / 'proposals.db'}",
        "SEED_DEMO": (_env("SEED_DEMO", "1") or "1").lower() not in ("0", "false", "no"),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO"),
        # Until a proposal names its currency, figures in a worked sample are shown in this one.
        "DEFAULT_CURRENCY": (_env("DEFAULT_CURRENCY", "USD") or "USD").upper(),
        # A proposal's locale when neither it nor the firm profile names one.
        "DEFAULT_LOCALE": default_locale(),
        # PDFs are laid out in worker processes with these limits (0 workers: in the request).
        "RENDER_WORKERS": int(_env("RENDER_WORKERS", "2") or 2),
        "RENDER_TIME_LIMIT": float(_env("RENDER_TIME_LIMIT", "60") or 60),
        "RENDER_MEMORY_MB": int(_env("RENDER_MEMORY_MB", "1024") or 1024),
        # Sample bodies are worked out in worker processes of their own (0: in the request).
        "SAMPLE_WORKERS": int(_env("SAMPLE_WORKERS", "2") or 0),
        "SAMPLE_TIME_LIMIT": float(_env("SAMPLE_TIME_LIMIT", "5") or 5),
        "SAMPLE_MEMORY_MB": int(_env("SAMPLE_MEMORY_MB", "768") or 768),
        # Keep finished PDFs by what they were made from (instance/pdf-cache).
        "PDF_CACHE": _flag("PDF_CACHE", default=True),
        # Render the PDF in the background as soon as the review step opens.
        "PRERENDER": _flag("PRERENDER", default=True),
        # A folder every web process and worker mounts, and how much it may hold.
        "PDF_CACHE_DIR": _env("PDF_CACHE_DIR") or str(instance / "pdf-cache"),
        "PDF_CACHE_MB": int(_env("PDF_CACHE_MB", "200") or 200),
        # redis://host:6379/0: PDFs are rendered by `proposals worker` processes (Celery).
        "BROKER_URL": _env("BROKER_URL") or "",
        # Forms are long; tokens live as long as the session so a slow writer loses nothing.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        # A full sample table (500 rows of a few columns) is many form fields at once.
        "MAX_FORM_PARTS": 30_000,
        # One field may hold a pasted CSV (up to 1 MB); the whole request stays under 4 MB.
        "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Set PROPOSALS_HTTPS=1 when served over HTTPS (directly or behind a proxy).
        "SESSION_COOKIE_SECURE": _flag("HTTPS"),
        "PREFERRED_URL_SCHEME": "https" if _flag("HTTPS") else "http",
        "BEHIND_PROXY": _flag("BEHIND_PROXY"),
        # A sign-in ends after this many hours without a request, or this many days after it
        # began, whichever comes first.
        "SESSION_IDLE_HOURS": float(_env("SESSION_IDLE_HOURS", "8") or 8),
        "SESSION_LIFETIME_DAYS": float(_env("SESSION_LIFETIME_DAYS", "30") or 30),
        # Throttles (Flask-Limiter's notation, e.g. "10/minute;50/hour"): failed sign-ins per
        # account and per address; setup and password changes; uploads per account and address.
        "LIMIT_SIGN_IN": _env("LIMIT_SIGN_IN", "10/minute;50/hour"),
        "LIMIT_SIGN_IN_ADDRESS": _env("LIMIT_SIGN_IN_ADDRESS", "30/minute;300/hour"),
        "LIMIT_PASSWORD": _env("LIMIT_PASSWORD", "10/minute;50/hour"),
        "LIMIT_UPLOAD": _env("LIMIT_UPLOAD", "60/minute;600/hour"),
        # API requests per token (or per address without one).
        "LIMIT_API": _env("LIMIT_API", "600/minute"),
        # The client page (/p/<token>): every request per address and per link, and its
        # forms' answers on top.
        "LIMIT_CLIENT_PAGE": _env("LIMIT_CLIENT_PAGE", "60/minute;600/hour"),
        "LIMIT_CLIENT_ANSWER": _env("LIMIT_CLIENT_ANSWER", "10/minute;60/hour"),
        # Where the counts are kept: this process's memory, or Redis shared by every process.
        "RATELIMIT_STORAGE_URI": _env("REDIS_URL") or "memory://",
        # Sending (proposals/sending): the mail server as smtp://user:pass@host:587 (STARTTLS)
        # or smtps://user:pass@host:465, the From address, the app's address in client links,
        # a CA file for a mail server with a private certificate, and sendings per account.
        "SMTP_URL": _env("SMTP_URL") or "",
        "MAIL_FROM": _env("MAIL_FROM") or "",
        "BASE_URL": _env("BASE_URL") or "",
        "SMTP_CA_FILE": _env("SMTP_CA_FILE") or "",
        "LIMIT_SEND": _env("LIMIT_SEND", "10/minute;100/day"),
    }
