"""The mail server settings and the mailer, against a real SMTP server on loopback."""

from __future__ import annotations

import logging
import socket

import pytest

from proposals.models import User
from proposals.sending import mailer
from proposals.sending.mailer import DeliveryError, Letter, compose, deliver, notify_consultant
from proposals.sending.setup import (
    NOT_SET_UP,
    MailSetupError,
    mail_setup,
    parse_smtp_url,
    why_not_set_up,
)
from tests import smtp_server

FROM = "proposals@whitfield.example"
CLIENT = "priya@northwind.example"


@pytest.fixture
def server(tmp_path):
    running = smtp_server.start(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def secure(tmp_path):
    """STARTTLS with a self-signed certificate, and a user whose password needs escaping."""
    running = smtp_server.start(
        tmp_path, tls="starttls", user="mail@whitfield", password="p@ss/w0rd"
    )
    yield running
    running.stop()


def setup_for(url: str, ca_file="") -> dict:
    return {"SMTP_URL": url, "MAIL_FROM": f"Proposals <{FROM}>", "SMTP_CA_FILE": str(ca_file)}


def letter(to: str = CLIENT, **extra) -> Letter:
    return Letter(
        to=to,
        subject="Your proposal",
        body="Hi Priya,\n\nAttached is the proposal.\n",
        from_name="Dana Whitfield",
        reply_to="dana@whitfield.example",
        reply_name="Dana Whitfield",
        **extra,
    )


def send(config: dict, message: Letter) -> None:
    setup = mail_setup(config)
    deliver(setup, compose(setup, message))


# ---------------------------------------------------------------------------
# PROPOSALS_SMTP_URL


def test_the_smtp_url_names_starttls_or_tls_and_decodes_the_password():
    submission = parse_smtp_url("smtp://mail%40firm.example:p%40ss%2Fw0rd@mail.firm.example:587")
    assert (submission.host, submission.port, submission.implicit_tls) == (
        "mail.firm.example",
        587,
        False,
    )
    assert (submission.username, submission.password) == ("mail@firm.example", "p@ss/w0rd")
    assert parse_smtp_url("smtps://u:p@mail.firm.example").port == 465
    assert parse_smtp_url("smtps://u:p@mail.firm.example").implicit_tls
    assert parse_smtp_url("smtp://u:p@mail.firm.example").port == 587
    relay = parse_smtp_url("smtp://localhost")
    assert (relay.port, relay.username) == (25, "")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.firm.example", "must start with smtp:// or smtps://"),
        ("smtp://", "names no host"),
        ("smtp://mail.firm.example:port", "not a number"),
        ("smtp://user@mail.firm.example", "both a user and a password"),
    ],
)
def test_an_unusable_smtp_url_says_what_is_wrong(url, message):
    with pytest.raises(MailSetupError, match=message):
        parse_smtp_url(url)
    assert message in why_not_set_up(setup_for(url))


def test_without_a_server_or_a_from_address_the_app_does_not_send():
    assert mail_setup({"SMTP_URL": "", "MAIL_FROM": FROM}) is None
    assert mail_setup({"SMTP_URL": "smtp://localhost", "MAIL_FROM": ""}) is None
    assert why_not_set_up({}) == NOT_SET_UP
    assert "PROPOSALS_SMTP_URL" in NOT_SET_UP
    assert "not an e-mail address" in why_not_set_up(setup_for("smtp://h") | {"MAIL_FROM": "x"})


# ---------------------------------------------------------------------------
# Delivery


def test_a_message_arrives_from_the_app_under_the_consultants_name_with_the_pdf(server):
    pdf = b"%PDF-1.7 the proposal"
    send(setup_for(server.url()), letter(attachment=pdf, filename="kanelgården-proposal-v2.pdf"))
    [message] = server.inbox.messages
    assert message["From"].addresses[0].display_name == "Dana Whitfield"
    assert message["From"].addresses[0].addr_spec == FROM
    assert message["Reply-To"].addresses[0].addr_spec == "dana@whitfield.example"
    assert message["To"] == CLIENT and message["Subject"] == "Your proposal"
    assert message["Message-ID"].endswith("@whitfield.example>") and message["Date"]
    assert "Attached is the proposal." in message.get_body(("plain",)).get_content()
    [attached] = list(message.iter_attachments())
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_filename() == "kanelgården-proposal-v2.pdf"
    assert attached.get_content() == pdf
    assert server.inbox.envelopes == [[CLIENT]]


def test_starttls_with_a_user_and_password_delivers(secure):
    url = secure.url(credentials="mail%40whitfield:p%40ss%2Fw0rd")
    send(setup_for(url, secure.cert), letter())
    assert len(secure.inbox.messages) == 1


def test_a_wrong_password_is_said_plainly_and_never_shown(secure):
    url = secure.url(credentials="mail%40whitfield:guessed-wrong")
    with pytest.raises(DeliveryError) as refused:
        send(setup_for(url, secure.cert), letter())
    assert "did not accept the user name and password" in str(refused.value)
    assert "guessed-wrong" not in str(refused.value)
    assert secure.inbox.messages == []


def test_a_certificate_the_machine_does_not_trust_is_a_tls_failure(secure):
    url = secure.url(credentials="mail%40whitfield:p%40ss%2Fw0rd")
    with pytest.raises(DeliveryError, match=r"secure \(TLS\) connection .* failed"):
        send(setup_for(url), letter())  # no CA file: the self-signed certificate is refused
    assert secure.inbox.messages == []


def test_smtps_speaks_tls_from_the_start(tmp_path):
    running = smtp_server.start(tmp_path, tls="implicit", user="u", password="pw")
    try:
        send(setup_for(running.url("smtps", "u:pw"), running.cert), letter())
        assert len(running.inbox.messages) == 1
    finally:
        running.stop()


def test_a_password_is_never_sent_to_a_server_without_starttls(server):
    with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        send(setup_for(server.url(credentials="u:pw")), letter())
    assert server.inbox.messages == []


def test_a_refused_address_is_named(server):
    server.inbox.refuse.add("nobody@northwind.example")
    with pytest.raises(DeliveryError) as refused:
        send(setup_for(server.url()), letter("nobody@northwind.example"))
    assert str(refused.value).startswith(
        "The mail server refused the address nobody@northwind.example: 550"
    )
    assert server.inbox.messages == []


def test_a_server_that_is_down_could_not_be_reached():
    port = smtp_server.free_port()
    with pytest.raises(DeliveryError) as down:
        send(setup_for(f"smtp://127.0.0.1:{port}"), letter())
    assert str(down.value).startswith(f"The mail server at 127.0.0.1:{port} could not be reached")


# ---------------------------------------------------------------------------
# Telling the consultant (when a client answers)


def test_the_consultant_is_notified_at_their_own_address(server, app):
    dana = User(id=1, email="dana@whitfield.example", name="Dana Whitfield")
    config = setup_for(server.url())
    assert notify_consultant(config, dana, "Northwind answered", "They have a question.")
    [message] = server.inbox.messages
    assert message["To"] == "dana@whitfield.example" and message["Subject"] == "Northwind answered"
    app.config.update(config)  # the app itself will do as well
    assert notify_consultant(app, dana, "Northwind accepted", "Option 2.")
    assert [m["Subject"] for m in server.inbox.messages][-1] == "Northwind accepted"


def test_a_failed_notification_is_only_logged(caplog):
    dana = User(id=1, email="dana@whitfield.example", name="Dana Whitfield")
    caplog.set_level(logging.WARNING)
    config = setup_for(f"smtp://127.0.0.1:{smtp_server.free_port()}")
    assert notify_consultant(config, dana, "Northwind answered", "…") is False
    assert "could not be reached" in caplog.text
    assert notify_consultant({}, dana, "Northwind answered", "…") is False


def test_a_server_that_never_answers_times_out(monkeypatch):
    monkeypatch.setattr(mailer, "TIMEOUT", 0.3)
    with socket.socket() as silent:  # listens, accepts into its backlog, never greets
        silent.bind((smtp_server.HOST, 0))
        silent.listen()
        port = silent.getsockname()[1]
        with pytest.raises(DeliveryError) as quiet:
            send(setup_for(f"smtp://127.0.0.1:{port}"), letter())
    assert str(quiet.value) == (
        f"The mail server at 127.0.0.1:{port} could not be reached: no answer within 0.3 seconds."
    )
