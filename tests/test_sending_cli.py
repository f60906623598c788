"""`proposals send` and `proposals link` (contract): exit 0 done, 2 bad input, 1 not delivered."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from proposals import create_app, db, render_jobs
from proposals.auth.users import create_user
from proposals.cli import main
from proposals.document import validate_document
from proposals.models import ClientLink, JobStatus, PdfVersion, Proposal, Sending
from proposals.operations import import_document
from proposals.sending import records
from tests import smtp_server
from tests.conftest import pdf_text, squash
from tests.test_sending_page import with_pdf

BASE = "https://proposals.whitfield.example"


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """The database the commands open (PROPOSALS_INSTANCE_PATH), with Dana in it."""
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("SMTP_URL", "MAIL_FROM", "BASE_URL"):
        monkeypatch.delenv(f"PROPOSALS_{name}", raising=False)
    app = create_app({"SEED_DEMO": False, "RENDER_WORKERS": 0, "SAMPLE_WORKERS": 0})
    with db.standalone_session(app) as session:
        create_user(session, "dana@whitfield.example", "Dana Whitfield", "correct horse battery")
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def server(tmp_path, monkeypatch):
    running = smtp_server.start(tmp_path)
    monkeypatch.setenv("PROPOSALS_SMTP_URL", running.url())
    monkeypatch.setenv("PROPOSALS_MAIL_FROM", "proposals@whitfield.example")
    monkeypatch.setenv("PROPOSALS_BASE_URL", BASE)
    yield running
    running.stop()


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def proposal_in(app, document, rendered=False) -> int:
    if not rendered:
        with db.standalone_session(app) as session:
            return with_pdf(session, document).id
    with app.app_context():  # rendering reads the app's settings
        session = db.session()
        proposal = import_document(session, validate_document(document), owner_id=1)
        job = render_jobs.submit(session, proposal)
        assert job.status == JobStatus.DONE, job.error
        return proposal.id


def test_send_mails_the_latest_real_pdf_with_a_link(instance, server, northwind):
    proposal_id = proposal_in(instance, northwind, rendered=True)
    result = run("send", proposal_id, "--to", "priya@northwind.example", "--link")
    assert result.exit_code == 0, result.output
    assert f"Sent version 1 of proposal {proposal_id} to priya@northwind.example" in result.output
    [message] = server.inbox.messages
    pdf = next(message.iter_attachments()).get_content()
    body = message.get_body(("plain",)).get_content()
    token = re.search(rf"{re.escape(BASE)}/p/([A-Za-z0-9_-]+)", body).group(1)
    assert token not in result.output
    with db.standalone_session(instance) as session:
        version = session.query(PdfVersion).one()
        assert hashlib.sha256(pdf).hexdigest() == version.sha256 and version.frozen_at
        assert squash(northwind["title"]) in squash(pdf_text(pdf))
        assert records.live_link(session, token).version_id == version.id
        assert message["Reply-To"].addresses[0].addr_spec == "dana@whitfield.example"
        assert "Attached is “" in body


def test_send_refuses_bad_input_with_exit_2(instance, server, northwind):
    proposal_id = proposal_in(instance, northwind)
    unknown = run("send", 999, "--to", "priya@northwind.example")
    assert unknown.exit_code == 2 and "no proposal 999" in unknown.output
    bad = run("send", proposal_id, "--to", "priya at northwind")
    assert bad.exit_code == 2 and "--to: not an e-mail address" in bad.output
    assert server.inbox.messages == []


def test_send_without_a_pdf_says_to_generate_one(instance, server, northwind):
    with db.standalone_session(instance) as session:
        proposal_id = import_document(session, validate_document(northwind), owner_id=1).id
    result = run("send", proposal_id, "--to", "priya@northwind.example")
    assert result.exit_code == 2 and "generate a PDF first" in result.output


def test_send_without_a_mail_server_names_the_setting(instance, northwind):
    proposal_id = proposal_in(instance, northwind)
    result = run("send", proposal_id, "--to", "priya@northwind.example")
    assert result.exit_code == 2 and "PROPOSALS_SMTP_URL" in result.output


def test_send_with_a_link_needs_the_base_url(instance, server, northwind, monkeypatch):
    monkeypatch.delenv("PROPOSALS_BASE_URL")
    proposal_id = proposal_in(instance, northwind)
    result = run("send", proposal_id, "--to", "priya@northwind.example", "--link")
    assert result.exit_code == 2 and "PROPOSALS_BASE_URL" in result.output
    assert server.inbox.messages == []


def test_a_delivery_failure_is_exit_1_and_nothing_is_sent(instance, server, northwind):
    proposal_id = proposal_in(instance, northwind)
    server.inbox.refuse.add("gone@northwind.example")
    result = run("send", proposal_id, "--to", "gone@northwind.example", "--link")
    assert result.exit_code == 1
    assert "The mail server refused the address gone@northwind.example" in result.output
    with db.standalone_session(instance) as session:
        assert session.query(Sending).count() == 0 and session.query(ClientLink).count() == 0
        assert session.get(Proposal, proposal_id).sent_on is None


def test_link_prints_a_new_link_to_the_version_last_sent(instance, server, northwind):
    proposal_id = proposal_in(instance, northwind)
    never = run("link", proposal_id)
    assert never.exit_code == 2 and "was never sent: send it first" in never.output
    assert run("send", proposal_id, "--to", "priya@northwind.example").exit_code == 0
    until = date.today() + timedelta(days=3)
    result = run("link", proposal_id, "--expires", until.isoformat())
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith(f"{BASE}/p/")
    with db.standalone_session(instance) as session:
        link = records.live_link(session, url.rsplit("/", 1)[1])
        assert link is not None and link.expires_on == until


def test_link_refuses_a_bad_or_past_date(instance, server, northwind):
    proposal_id = proposal_in(instance, northwind)
    run("send", proposal_id, "--to", "priya@northwind.example")
    past = run("link", proposal_id, "--expires", (date.today() - timedelta(days=1)).isoformat())
    assert past.exit_code == 2 and "has passed" in past.output
    bad = run("link", proposal_id, "--expires", "31/12/2030")
    assert bad.exit_code == 2 and "not a date" in bad.output
    assert run("link", 999).exit_code == 2


def test_link_revoke_ends_every_link_and_says_how_many(instance, server, northwind):
    proposal_id = proposal_in(instance, northwind)
    run("send", proposal_id, "--to", "priya@northwind.example", "--link")
    first = run("link", proposal_id).stdout.strip()
    result = run("link", proposal_id, "--revoke")
    assert result.exit_code == 0 and f"Ended 2 links of proposal {proposal_id}." in result.output
    with db.standalone_session(instance) as session:
        assert records.live_link(session, first.rsplit("/", 1)[1]) is None
    assert "Ended 0 links" in run("link", proposal_id, "--revoke").output
