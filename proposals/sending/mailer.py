"""E-mail through the firm's SMTP server: one message, one connection, plain-worded failures.

A failure raises DeliveryError with a sentence the consultant can act on; the caller then
records nothing, so a proposal is never marked as sent that did not leave.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from types import SimpleNamespace

from flask import Flask

from ..models import User
from .setup import MailSetup, MailSetupError, SmtpServer, mail_setup

log = logging.getLogger(__name__)

TIMEOUT = 10  # seconds for connecting and for each reply of the server


class DeliveryError(Exception):
    """The message did not leave; the text says why, in plain words."""


@dataclass(frozen=True)
class Letter:
    """One e-mail as the app writes it: who it is from (by name), to whom, and what."""

    to: str
    subject: str
    body: str
    from_name: str = ""
    reply_to: str = ""  # the consultant's own address: the client's answer goes to them
    reply_name: str = ""
    attachment: bytes | None = None
    filename: str = ""


def compose(setup: MailSetup, letter: Letter) -> EmailMessage:
    """The message: From the app's address under the consultant's name, the PDF attached."""
    message = EmailMessage()
    message["From"] = formataddr((letter.from_name, setup.sender))
    message["To"] = letter.to
    if letter.reply_to:
        message["Reply-To"] = formataddr((letter.reply_name, letter.reply_to))
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=setup.sender_domain)
    message.set_content(letter.body)
    if letter.attachment is not None:
        message.add_attachment(
            letter.attachment, maintype="application", subtype="pdf", filename=letter.filename
        )
    return message


def deliver(setup: MailSetup, message: EmailMessage) -> None:
    """Hand the message to the mail server; DeliveryError (plain words) when it won't take it."""
    server = setup.server
    context = ssl.create_default_context(cafile=setup.ca_file or None)
    try:
        with _connect(server, context, setup.sender_domain) as smtp:
            smtp.ehlo()
            if not server.implicit_tls and (server.username or smtp.has_extn("starttls")):
                smtp.starttls(context=context)
                smtp.ehlo()
            if server.username:
                smtp.login(server.username, server.password)
            smtp.send_message(message)
    except Exception as exc:  # every way a delivery fails becomes one plain sentence
        raise DeliveryError(explain(exc, server)) from exc


def _connect(server: SmtpServer, context: ssl.SSLContext, name: str) -> smtplib.SMTP:
    if server.implicit_tls:
        return smtplib.SMTP_SSL(
            server.host, server.port, local_hostname=name, timeout=TIMEOUT, context=context
        )
    return smtplib.SMTP(server.host, server.port, local_hostname=name, timeout=TIMEOUT)


def explain(error: Exception, server: SmtpServer) -> str:
    """What went wrong, as the consultant reads it (never the password)."""
    at = f"The mail server at {server.address}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        address, (code, reply) = next(iter(error.recipients.items()))
        return f"The mail server refused the address {address}: {_reply(code, reply)}"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"{at} refused the sender {error.sender} (PROPOSALS_MAIL_FROM): " + _reply(
            error.smtp_code, error.smtp_error
        )
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"{at} did not accept the user name and password of PROPOSALS_SMTP_URL."
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return (
            f"{at} does not offer STARTTLS or sign-in (AUTH), so nothing was sent: a password "
            "is never sent unencrypted (for TLS from the start, use smtps:// on port 465)."
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{at} did not take the message: {_reply(error.smtp_code, error.smtp_error)}"
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        reason = getattr(error, "verify_message", None) or getattr(error, "reason", None)
        return (
            f"A secure (TLS) connection to the mail server at {server.address} failed: "
            f"{reason or error} (a private certificate authority can be named in "
            "PROPOSALS_SMTP_CA_FILE)."
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        if not isinstance(error.__context__, TimeoutError):  # smtplib wraps a read's timeout
            return f"{at} closed the connection before the message was sent."
        error = error.__context__
    if isinstance(error, TimeoutError):
        return f"{at} could not be reached: no answer within {TIMEOUT} seconds."
    if isinstance(error, OSError):
        reason = error.strerror or str(error) or type(error).__name__
        return f"{at} could not be reached ({reason.lower()})."
    return f"{at} could not take the message ({type(error).__name__})."


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}".strip()


def notify_consultant(config: Mapping | Flask, user: User, subject: str, body: str) -> bool:
    """Tell the consultant something by e-mail (a client answered); False when not sent.

    `config` is the app's settings (or the app). Without a mail server, or when it fails,
    the app's own pages still show the answer, so a failure is only logged. The body must
    not carry a client link's token."""
    if isinstance(config, Flask):
        config = config.config
    try:
        setup = mail_setup(config)
    except MailSetupError as exc:
        log.warning("notification to user %s not sent: %s", user.id, exc)
        return False
    if setup is None or not user.email:
        return False
    letter = Letter(to=user.email, subject=subject, body=body, from_name="Proposals")
    try:
        deliver(setup, compose(setup, letter))
    except DeliveryError as exc:
        log.warning("notification to %s not sent: %s", user.email, exc)
        return False
    log.info("notified %s: %s", user.email, subject)
    return True


def notify_in_background(config: Mapping | Flask, user: User, subject: str, body: str) -> None:
    """notify_consultant in a thread of its own: a slow or absent mail server must not keep
    the client waiting on their page. The user is copied, so no database session is shared."""
    if isinstance(config, Flask):
        config = config.config
    settings = dict(config)
    recipient = SimpleNamespace(id=user.id, email=user.email)
    threading.Thread(
        target=notify_consultant,
        args=(settings, recipient, subject, body),
        name="notify-consultant",
        daemon=True,
    ).start()
