"""The send page: the cover e-mail through a real SMTP server, or by hand; links and revoking."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import unquote

import pytest

from proposals import operations
from proposals.document import validate_document
from proposals.models import ClientLink, PdfVersion, Proposal, Sending, Status
from proposals.sending import records
from tests import smtp_server
from tests.conftest import DANA

DANA_ID = 1
BASE = "https://proposals.whitfield.example"


def with_pdf(session, document: dict, versions: int = 1, owner_id: int = DANA_ID) -> Proposal:
    """A complete proposal with PDF versions (stand-in bytes: rendering is tested elsewhere)."""
    proposal = operations.import_document(session, validate_document(document), owner_id=owner_id)
    for number in range(1, versions + 1):
        pdf = f"%PDF-1.7 stand-in, version {number}".encode()
        session.add(
            PdfVersion(
                proposal=proposal,
                number=number,
                document=proposal.document,
                pdf=pdf,
                size=len(pdf),
                sha256=hashlib.sha256(pdf).hexdigest(),
            )
        )
    proposal.status = Status.READY
    session.commit()
    return proposal


@pytest.fixture
def server(tmp_path):
    running = smtp_server.start(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def mailing(app, server):
    """The app set up to send through the test's server, its links on BASE."""
    app.config.update(SMTP_URL=server.url(), MAIL_FROM="proposals@whitfield.example", BASE_URL=BASE)
    return server


def form(to="priya@northwind.example", **changes) -> dict:
    data = {
        "to": to,
        "subject": "Your proposal",
        "body": "Hi Priya,\n\nAttached is the proposal.\n\nDana",
        "version": "1",
        "action": "send",
    }
    return {**data, **changes}


def page_text(response) -> str:
    return unescape(response.get_data(as_text=True))


def sendings(session) -> list[Sending]:
    session.expire_all()
    return session.query(Sending).all()


# ---------------------------------------------------------------------------
# The page as it opens


def test_the_page_starts_from_the_cover_email_to_the_prospects_address(client, session, northwind):
    proposal = with_pdf(session, northwind)
    response = client.get(f"/proposals/{proposal.id}/send")
    html = page_text(response)
    assert response.status_code == 200
    assert f'value="{northwind["prospect"]["email"]}"' in html
    assert f'value="{northwind["title"]} (for {northwind["prospect"]["organisation"]})"' in html
    assert "Attached is “" in html and "Subject:" not in html.split('id="body"')[1][:200]
    assert "Version 1 (latest" in html
    expiry = records.default_expiry(proposal.latest_version).isoformat()
    assert f'value="{expiry}"' in html


def test_without_a_mail_server_the_page_says_why_and_offers_mailto(client, session, northwind):
    proposal = with_pdf(session, northwind)
    html = page_text(client.get(f"/proposals/{proposal.id}/send"))
    assert "No mail server is set up (PROPOSALS_SMTP_URL" in html
    href = re.search(r'href="(mailto:[^"]+)" id="send-mailto"', html).group(1)
    assert unquote(href).startswith(f"mailto:{northwind['prospect']['email']}?subject=")
    assert "I sent it myself" in html and 'value="send"' not in html


def test_the_trust_check_reads_the_body_as_typed(client, session, northwind):
    proposal = with_pdf(session, northwind)
    pushy = form(
        body="Hi Priya,\n\nAct now: this is a limited time offer.\n\nDana", action="refresh"
    )
    html = page_text(client.post(f"/proposals/{proposal.id}/send", data=pushy))
    findings = html.split('id="body-trust"')[1].split("</div>")[0]
    assert "Problem" in findings and "Act now" in findings
    assert "Act now: this is a limited time offer." in html  # kept as typed
    assert sendings(session) == []


def test_without_a_pdf_there_is_nothing_to_send(client, session, northwind):
    proposal = operations.import_document(session, validate_document(northwind), owner_id=DANA_ID)
    response = client.get(f"/proposals/{proposal.id}/send")
    assert response.status_code == 404 and "generate the PDF" in page_text(response)


def test_someone_elses_proposal_is_not_found(other_client, session, northwind):
    proposal = with_pdf(session, northwind)
    assert other_client.get(f"/proposals/{proposal.id}/send").status_code == 404
    assert other_client.post(f"/proposals/{proposal.id}/send", data=form()).status_code == 404


# ---------------------------------------------------------------------------
# Sending through the mail server


def test_sending_delivers_the_frozen_pdf_and_records_it(client, session, northwind, mailing):
    proposal = with_pdf(session, northwind)
    response = client.post(f"/proposals/{proposal.id}/send", data=form())
    assert response.status_code == 302 and response.location.endswith(f"/proposals/{proposal.id}")
    [message] = mailing.inbox.messages
    [attached] = list(message.iter_attachments())
    [sending] = sendings(session)
    version = session.get(PdfVersion, sending.version_id)
    assert hashlib.sha256(attached.get_content()).hexdigest() == version.sha256 == sending.sha256
    assert version.frozen_at is not None
    assert message["Reply-To"].addresses[0].addr_spec == DANA
    assert message["From"].addresses[0].display_name == "Dana Whitfield"
    assert "Attached is the proposal." in message.get_body(("plain",)).get_content()
    assert "/p/" not in message.get_body(("plain",)).get_content()
    assert (sending.method, sending.to_address) == ("email", "priya@northwind.example")
    assert session.get(Proposal, proposal.id).status == Status.SENT
    shown = page_text(client.get(response.location))
    assert "Sent to priya@northwind.example with version 1." in shown
    assert sending.sha256[:12] in shown and "e-mail from the app" in shown


def test_with_a_link_the_email_carries_it_and_only_its_hash_is_kept(
    client, session, northwind, mailing
):
    proposal = with_pdf(session, northwind)
    until = date.today() + timedelta(days=5)
    data = form(link="y", expires_on=until.isoformat())
    assert client.post(f"/proposals/{proposal.id}/send", data=data).status_code == 302
    body = mailing.inbox.messages[0].get_body(("plain",)).get_content()
    token = re.search(rf"{re.escape(BASE)}/p/([A-Za-z0-9_-]+)", body).group(1)
    assert "Attached is the proposal." in body.split(token)[0]
    link = records.live_link(session, token)
    assert link is not None and link.token_hash == records.digest(token)
    assert link.expires_on == until and link.version.number == 1
    [sending] = sendings(session)
    assert token not in sending.body and "/p/<redacted>" in sending.body
    page = page_text(client.get(f"/proposals/{proposal.id}"))
    assert token not in page and "Revoke" in page
    opened = client.get(f"/p/{token}")  # the link in the e-mail opens the client's page
    assert opened.status_code == 200
    assert "Northwind Bakery" in page_text(opened) and "Version 1, exactly as sent" in page_text(
        opened
    )


def test_a_second_send_is_a_new_sending_of_the_version_chosen(client, session, northwind, mailing):
    proposal = with_pdf(session, northwind, versions=2)
    client.post(f"/proposals/{proposal.id}/send", data=form(version="2"))
    client.post(f"/proposals/{proposal.id}/send", data=form(version="1"))
    numbers = sorted(session.get(PdfVersion, s.version_id).number for s in sendings(session))
    assert numbers == [1, 2]
    attached = [next(m.iter_attachments()).get_content() for m in mailing.inbox.messages]
    assert attached == [b"%PDF-1.7 stand-in, version 2", b"%PDF-1.7 stand-in, version 1"]


def test_a_second_press_of_send_sends_nothing_again(client, session, northwind, mailing):
    proposal = with_pdf(session, northwind)
    page = page_text(client.get(f"/proposals/{proposal.id}/send"))
    key = re.search(r'name="send_key" type="hidden" value="([^"]+)"', page).group(1)
    first = client.post(f"/proposals/{proposal.id}/send", data=form(send_key=key))
    second = client.post(f"/proposals/{proposal.id}/send", data=form(send_key=key))
    assert first.status_code == second.status_code == 302
    assert len(mailing.inbox.messages) == 1 and len(sendings(session)) == 1
    shown = page_text(client.get(second.location))
    assert "This was already sent to priya@northwind.example with version 1" in shown
    assert "nothing was sent again" in shown
    another = re.search(
        r'name="send_key" type="hidden" value="([^"]+)"',
        page_text(client.get(f"/proposals/{proposal.id}/send")),
    ).group(1)
    assert another != key  # opening the page again is a new, separate sending


def test_a_server_that_is_down_marks_nothing_as_sent_and_keeps_the_text(
    client, session, northwind, app
):
    proposal = with_pdf(session, northwind)
    port = smtp_server.free_port()
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{port}", MAIL_FROM="p@whitfield.example")
    typed = form(body="Hi Priya,\n\nMy own words, typed with care.\n\nDana", link="y")
    response = client.post(f"/proposals/{proposal.id}/send", data=typed)
    html = page_text(response)
    assert response.status_code == 502
    assert f"The mail server at 127.0.0.1:{port} could not be reached" in html
    assert "My own words, typed with care." in html
    session.expire_all()
    assert sendings(session) == [] and session.query(ClientLink).count() == 0
    stored = session.get(Proposal, proposal.id)
    assert stored.status == Status.READY and stored.sent_on is None
    assert stored.latest_version.frozen_at is None


def test_a_refused_address_is_said_plainly_and_nothing_is_sent(client, session, northwind, mailing):
    proposal = with_pdf(session, northwind)
    mailing.inbox.refuse.add("gone@northwind.example")
    response = client.post(f"/proposals/{proposal.id}/send", data=form("gone@northwind.example"))
    assert response.status_code == 502
    assert "The mail server refused the address gone@northwind.example" in page_text(response)
    assert sendings(session) == [] and session.get(Proposal, proposal.id).sent_on is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"to": "priya at northwind"}, "to", "not an e-mail address"),
        ({"to": ""}, "to", "required"),
        ({"subject": "x" * 201}, "subject", "at most 200 characters"),
        ({"body": "x" * 5001}, "body", "at most 5000 characters"),
        ({"version": "9"}, "version", "not a PDF version of this proposal"),
        ({"link": "y", "expires_on": "2001-01-01"}, "expires_on", "must be today or later"),
        ({"link": "y", "expires_on": "next week"}, "expires_on", "not a date"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_sent(
    client, session, northwind, mailing, changes, field, message
):
    proposal = with_pdf(session, northwind)
    response = client.post(f"/proposals/{proposal.id}/send", data=form(**changes))
    html = page_text(response)
    assert response.status_code == 422
    assert re.search(rf'id="{field}-error">[^<]*{re.escape(message)}', html), html[:3000]
    assert mailing.inbox.messages == [] and sendings(session) == []


# ---------------------------------------------------------------------------
# By hand, links, revoking


def test_sent_by_hand_with_a_link_shows_the_link_once(client, session, northwind):
    proposal = with_pdf(session, northwind)
    response = client.post(
        f"/proposals/{proposal.id}/send", data=form(action="manual", link="y", expires_on="")
    )
    html = page_text(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    url = re.search(r'id="client-link" value="([^"]+)"', html).group(1)
    token = url.rsplit("/p/", 1)[1]
    assert url == f"http://localhost/p/{token}"  # no PROPOSALS_BASE_URL: this request's host
    assert records.live_link(session, token) is not None
    assert "only time the link is shown" in html and url in html.split('id="body-with-link"')[1]
    [sending] = sendings(session)
    assert sending.method == "manual" and token not in sending.body
    page = page_text(client.get(f"/proposals/{proposal.id}"))
    assert token not in page and "sent by you" in page


def test_sent_by_hand_without_a_link_goes_back_to_the_proposal(client, session, northwind):
    proposal = with_pdf(session, northwind)
    response = client.post(f"/proposals/{proposal.id}/send", data=form(action="manual"))
    assert response.status_code == 302
    assert "Recorded as sent by you to priya@northwind.example" in page_text(
        client.get(response.location)
    )
    session.expire_all()
    assert session.get(Proposal, proposal.id).status == Status.SENT


def test_a_link_is_revoked_after_confirming(client, session, northwind):
    proposal = with_pdf(session, northwind)
    html = page_text(
        client.post(f"/proposals/{proposal.id}/send", data=form(action="manual", link="y"))
    )
    token = re.search(r'id="client-link" value="[^"]+/p/([^"]+)"', html).group(1)
    link = records.live_link(session, token)
    ask = client.get(f"/proposals/{proposal.id}/links/{link.id}/revoke")
    assert ask.status_code == 200 and "End this private link?" in page_text(ask)
    assert records.live_link(session, token) is not None  # asking ends nothing
    done = client.post(f"/proposals/{proposal.id}/links/{link.id}/revoke")
    assert done.status_code == 302
    session.expire_all()
    assert records.live_link(session, token) is None
    assert "Revoke" not in page_text(client.get(f"/proposals/{proposal.id}"))


def test_another_consultant_cannot_revoke_a_link(client, other_client, session, northwind):
    proposal = with_pdf(session, northwind)
    html = page_text(
        client.post(f"/proposals/{proposal.id}/send", data=form(action="manual", link="y"))
    )
    token = re.search(r"/p/([A-Za-z0-9_-]+)", html).group(1)
    link = records.live_link(session, token)
    response = other_client.post(f"/proposals/{proposal.id}/links/{link.id}/revoke")
    assert response.status_code == 404
    assert records.live_link(session, token) is not None


def test_a_sent_version_cannot_be_deleted_on_its_own(client, session, northwind):
    proposal = with_pdf(session, northwind)
    client.post(f"/proposals/{proposal.id}/send", data=form(action="manual"))
    session.expire_all()
    version = session.get(Proposal, proposal.id).latest_version
    session.delete(version)
    with pytest.raises(records.FrozenVersionError):
        session.flush()
    session.rollback()
    operations.delete(session, session.get(Proposal, proposal.id))  # the whole proposal may go
    assert session.query(PdfVersion).count() == 0


def test_the_kit_and_the_proposal_page_lead_to_the_send_page(client, session, northwind):
    proposal = with_pdf(session, northwind)
    send_url = f"/proposals/{proposal.id}/send"
    assert send_url in page_text(client.get(f"/proposals/{proposal.id}/follow-up"))
    page = page_text(client.get(f"/proposals/{proposal.id}"))
    assert send_url in page and "Not sent from the app yet." in page


# ---------------------------------------------------------------------------
# CSRF and the rate limit


@pytest.fixture
def guarded(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_send_without_the_forms_token_is_refused(guarded, session, northwind, server):
    guarded.config.update(SMTP_URL=server.url(), MAIL_FROM="p@whitfield.example")
    proposal = with_pdf(session, northwind)
    browser = guarded.test_client()
    page = browser.get("/login").get_data(as_text=True)
    login_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    login = {"email": DANA, "password": "correct horse battery", "csrf_token": login_token}
    assert browser.post("/login", data=login).status_code == 302
    assert browser.post(f"/proposals/{proposal.id}/send", data=form()).status_code == 400
    html = browser.get(f"/proposals/{proposal.id}/send").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    sent = browser.post(f"/proposals/{proposal.id}/send", data=form(csrf_token=token))
    assert sent.status_code == 302 and len(server.inbox.messages) == 1
    assert sendings(session)[0].to_address == "priya@northwind.example"


def test_sending_is_rate_limited_per_account(
    app, client, other_client, session, northwind, mailing
):
    app.config["LIMIT_SEND"] = "2/minute"
    proposal = with_pdf(session, northwind)
    codes = [client.post(f"/proposals/{proposal.id}/send", data=form()).status_code for _ in "abc"]
    assert codes == [302, 302, 429]
    assert len(mailing.inbox.messages) == 2
    theirs = with_pdf(session, northwind, owner_id=2)
    # Sam's count is his own.
    assert other_client.post(f"/proposals/{theirs.id}/send", data=form()).status_code == 302
