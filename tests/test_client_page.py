"""The client's private page: exactly the sent version, one 404 for every ended link, no
tracking (no cookie, no write, no token in the logs) and a policy that allows only the app."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from proposals import db
from proposals.models import Base, ClientLink, PdfVersion, Proposal, utcnow
from proposals.sending import records
from tests.client_setup import send_with_link
from tests.conftest import download_name
from tests.test_offer_pdf import taxed_document

PRIVACY_LINE = "This page records nothing about your visit; only what you choose to send is kept."


@pytest.fixture
def sent(app, northwind):
    return send_with_link(app, taxed_document(northwind))


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        session = db.session()
        return {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def test_the_page_shows_the_sent_proposal_in_order_with_its_pdf_and_no_account(anonymous, sent):
    response = anonymous.get(sent.url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Getting through February with cash to spare" in html
    order = [html.index(f'id="{part}"') for part in ("heard", "sample", "others", "offer", "next")]
    assert order == sorted(order)
    assert "We run out of cash every February" in html  # their words, from the print partial
    assert PRIVACY_LINE in html
    assert f'href="{sent.url}/pdf"' in html
    assert "Version 1, exactly as sent." in html
    assert "I accept this proposal as sent (version 1)." in html


def test_the_pdf_download_is_the_frozen_versions_bytes(app, anonymous, sent):
    response = anonymous.get(f"{sent.url}/pdf")
    with app.app_context():
        version = db.session().get(PdfVersion, sent.version_id)
        assert response.data == version.pdf
        assert download_name(response) == "northwind-bakery-ltd-proposal-v1.pdf"


def test_charts_come_as_images_so_no_inline_style_is_needed(anonymous, sent):
    html = anonymous.get(sent.url).get_data(as_text=True)
    assert "<svg" not in html and 'src="data:image/svg+xml;base64,' in html
    assert not re.search(r"<[^>]+\sstyle=", html), "an inline style the policy would refuse"
    assert "<script>" not in html and not re.search(r"\son[a-z]+=", html)


def test_the_page_speaks_the_proposals_language(app, anonymous, northwind):
    document = taxed_document(northwind)
    document["locale"] = "de-DE"
    sent = send_with_link(app, document)
    html = anonymous.get(sent.url).get_data(as_text=True)
    assert '<html lang="de-DE">' in html
    assert "Diese Seite zeichnet nichts über Ihren Besuch auf" in html
    assert "Was wir gehört haben" in html
    assert "Ich nehme diesen Vorschlag so an, wie er gesendet wurde (Version 1)." in html


def test_an_edit_after_sending_changes_nothing_on_the_page(app, anonymous, sent):
    before = anonymous.get(sent.url).get_data(as_text=True)
    with app.app_context():
        session = db.session()
        proposal = session.get(Proposal, sent.proposal_id)
        document = dict(proposal.document)
        document["title"] = "A completely different title"
        document["offer"] = {**document["offer"], "summary": "Now everything costs double."}
        proposal.document = document
        session.commit()
    after = anonymous.get(sent.url).get_data(as_text=True)
    assert "A completely different title" not in after and "costs double" not in after
    assert after == before


def _ended_links(app, sent) -> tuple[str, str]:
    """An expired and a revoked token of the same proposal."""
    with app.app_context():
        session = db.session()
        sending = session.get(ClientLink, sent.link_id).sending
        expired, expired_token = records.create_link(
            session, sending, date.today() - timedelta(days=1)
        )
        revoked, revoked_token = records.create_link(session, sending)
        revoked.revoked_at = utcnow()
        session.commit()
    return expired_token, revoked_token


@pytest.mark.parametrize("path", ["", "/pdf", "/receipt"])
def test_wrong_expired_and_revoked_links_get_the_same_404(app, anonymous, sent, path):
    expired, revoked = _ended_links(app, sent)
    wrong = sent.token[:-2] + ("aa" if not sent.token.endswith("aa") else "bb")
    responses = [anonymous.get(f"/p/{token}{path}") for token in (wrong, expired, revoked)]
    assert [response.status_code for response in responses] == [404, 404, 404]
    bodies = {response.data for response in responses}
    assert len(bodies) == 1
    body = bodies.pop().decode()
    assert "ask the person who sent it for a new link" in body
    assert "Northwind" not in body


def test_posting_to_an_ended_link_gets_the_same_404_and_records_nothing(app, anonymous, sent):
    expired, revoked = _ended_links(app, sent)
    before = row_counts(app)
    bodies = set()
    for token in ("no-such-token", expired, revoked):
        for form in ("accept", "question", "decline"):
            response = anonymous.post(f"/p/{token}/{form}", data={"message": "hello"})
            assert response.status_code == 404
            bodies.add(response.data)
    assert len(bodies) == 1
    assert row_counts(app) == before


def test_the_page_has_the_strict_policy_and_private_headers(anonymous, sent):
    for path in (sent.url, f"{sent.url}/pdf", "/p/wrong-token"):
        headers = anonymous.get(path).headers
        assert headers["Content-Security-Policy"] == (
            "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
        assert "noindex" in headers["X-Robots-Tag"]


def test_viewing_sets_no_cookie_and_writes_nothing(app, anonymous, sent):
    before = row_counts(app)
    for path in (sent.url, f"{sent.url}/pdf", sent.url, "/p/wrong-token"):
        response = anonymous.get(path)
        assert "Set-Cookie" not in response.headers, path
    assert row_counts(app) == before


def test_the_page_asks_for_nothing_outside_the_app(anonymous, sent):
    html = anonymous.get(sent.url).get_data(as_text=True)
    addresses = re.findall(r'(?:src|href|action)="([^"]*)"', html)
    assert addresses
    outside = [
        address for address in addresses if not address.startswith(("/", "#", "data:", "mailto:"))
    ]
    assert outside == []


def test_the_firm_colour_style_sheet_is_the_apps_own(anonymous, sent):
    html = anonymous.get(sent.url).get_data(as_text=True)
    accent = re.search(r'href="(/client/accent/[^"]+\.css)"', html).group(1)
    response = anonymous.get(accent)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--accent: #" in response.get_data(as_text=True)
    assert anonymous.get("/client/accent/zzzzzz-000000.css").status_code == 404


def test_a_token_never_reaches_the_logs(app, anonymous, sent, caplog):
    caplog.set_level(logging.INFO)
    anonymous.get(sent.url)
    # The access log line a server writes for the request (werkzeug's format).
    logging.getLogger("werkzeug").info(
        '%s - - [%s] "%s" %s %s', "127.0.0.1", "now", f"GET {sent.url} HTTP/1.1", "200", "-"
    )
    logging.getLogger("waitress").warning("error while serving %s", f"{sent.url}/pdf")
    messages = [record.getMessage() for record in caplog.records]
    assert any("/p/<redacted>" in message for message in messages)
    assert not any(sent.token in message for message in messages)
    assert sent.token not in caplog.text


def test_every_client_endpoint_is_rate_limited_per_address(app, anonymous, sent):
    app.config["LIMIT_CLIENT_PAGE"] = "4/minute"
    codes = [anonymous.get(sent.url).status_code for _ in range(3)]
    codes.append(anonymous.get(f"{sent.url}/pdf").status_code)
    assert codes == [200, 200, 200, 200]
    refused = anonymous.get(f"{sent.url}/pdf")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many requests" in refused.get_data(as_text=True)
    assert refused.headers["Referrer-Policy"] == "no-referrer"
    # Guessing tokens counts too: another token from the same address is refused.
    assert anonymous.get("/p/some-guess").status_code == 429


def test_a_link_is_rate_limited_across_addresses(app, sent):
    app.config["LIMIT_CLIENT_PAGE"] = "3/minute"
    codes = [
        app.test_client().get(sent.url, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
