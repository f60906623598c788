"""The mail server the app sends through, read from PROPOSALS_SMTP_URL and PROPOSALS_MAIL_FROM.

`smtp://user:pass@host:587` sends with STARTTLS (a password never goes out in clear);
`smtps://user:pass@host:465` speaks TLS from the first byte; `smtp://host:25` without a user
is a local relay (STARTTLS when it offers it). User and password are percent-decoded, so a
password with `@` or `/` in it is written `%40` or `%2F`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from ..fields import EMAIL

NOT_SET_UP = (
    "No mail server is set up (PROPOSALS_SMTP_URL and PROPOSALS_MAIL_FROM), so the app cannot "
    "send the e-mail itself."
)
DEFAULT_PORTS = {"smtps": 465, "smtp": 587}


class MailSetupError(ValueError):
    """The settings name a mail server, but not in a way the app can use."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool  # smtps://
    username: str = ""
    password: str = ""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class MailSetup:
    server: SmtpServer
    sender: str  # the bare address of PROPOSALS_MAIL_FROM
    ca_file: str = ""  # PROPOSALS_SMTP_CA_FILE: trust this certificate authority as well

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2]


def parse_smtp_url(url: str) -> SmtpServer:
    """The server a PROPOSALS_SMTP_URL names; MailSetupError says what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS:
        raise MailSetupError("PROPOSALS_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise MailSetupError("PROPOSALS_SMTP_URL names no host (smtp://user:pass@host:587)")
    try:
        port = parts.port
    except ValueError:
        raise MailSetupError("PROPOSALS_SMTP_URL has a port that is not a number") from None
    username, password = unquote(parts.username or ""), unquote(parts.password or "")
    if bool(username) != bool(password):
        raise MailSetupError("PROPOSALS_SMTP_URL needs both a user and a password, or neither")
    default = DEFAULT_PORTS[parts.scheme] if username or parts.scheme == "smtps" else 25
    return SmtpServer(parts.hostname, port or default, parts.scheme == "smtps", username, password)


def mail_setup(config: Mapping) -> MailSetup | None:
    """The app's mail setup, or None when no server is configured (MailSetupError if wrong)."""
    url, sender = config.get("SMTP_URL") or "", config.get("MAIL_FROM") or ""
    if not url.strip() or not sender.strip():
        return None
    address = parseaddr(sender)[1]
    if not EMAIL.fullmatch(address):
        raise MailSetupError("PROPOSALS_MAIL_FROM is not an e-mail address")
    return MailSetup(parse_smtp_url(url), address, config.get("SMTP_CA_FILE") or "")


def why_not_set_up(config: Mapping) -> str | None:
    """What stands in the way of sending from the app, in words; None when it can send."""
    try:
        return None if mail_setup(config) else NOT_SET_UP
    except MailSetupError as exc:
        return f"The mail server settings cannot be used: {exc}."
