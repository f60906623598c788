"""A real SMTP server for the tests (aiosmtpd), on a free loopback port.

Plain, with STARTTLS, or TLS from the start, with a self-signed certificate made by
`openssl` in the test's own folder; optionally with a user and password (AUTH PLAIN/LOGIN);
addresses it refuses with 550, as a real server refuses an unknown mailbox.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on right now (the kernel's choice, then released)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, valid for two days."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Inbox:
    """What the server received, and the addresses it refuses."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[list[str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@dataclass
class MailServer:
    port: int
    inbox: Inbox
    controller: Controller
    cert: Path | None = None

    def url(self, scheme: str = "smtp", credentials: str = "") -> str:
        at = f"{credentials}@" if credentials else ""
        return f"{scheme}://{at}{HOST}:{self.port}"

    def stop(self) -> None:
        self.controller.stop()


def _authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        good = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == user and auth_data.password.decode() == password
        )
        return AuthResult(success=good, handled=False)

    return check


def start(
    folder: Path,
    *,
    tls: str = "",  # "", "starttls" or "implicit"
    user: str = "",
    password: str = "",
) -> MailServer:
    """Start a server (stop it with .stop()); its certificate, if any, is in `folder`."""
    inbox, port = Inbox(), free_port()
    cert = None
    options: dict = {}
    if tls:
        cert, key = self_signed(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:  # aiosmtpd knows only STARTTLS as TLS: AUTH over smtps must be let through
            options.update(ssl_context=context, auth_require_tls=False)
    if user:  # required where aiosmtpd sees TLS (STARTTLS); offered over smtps
        options.update(
            authenticator=_authenticator(user, password), auth_required=tls != "implicit"
        )
    controller = Controller(inbox, hostname=HOST, port=port, **options)
    controller.start()
    return MailServer(port, inbox, controller, cert)
