"""After the client answers: the one-page receipt, the consultant's view of the answer, the
notice e-mail's words, and the follow-up note the kit suggests next."""

from __future__ import annotations

import io
import re
import subprocess
import time

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from proposals import db
from proposals.client_page.notify import answer_notice
from proposals.document import validate_document
from proposals.followup.answered import not_now_note, thank_you_note
from proposals.models import AnswerKind, ClientAnswer, PdfVersion
from tests.client_setup import send_with_link
from tests.conftest import download_name, pdf_text, squash
from tests.test_client_page_answers import accept
from tests.test_offer_pdf import taxed_document


@pytest.fixture
def sent(app, northwind):
    return send_with_link(app, taxed_document(northwind))


@pytest.fixture
def accepted(app, anonymous, sent):
    assert accept(anonymous, sent).status_code == 302
    return sent


def answer_row(app, proposal_id: int, kind: str = AnswerKind.ACCEPT) -> ClientAnswer:
    with app.app_context():
        answer = db.session().scalar(
            select(ClientAnswer).where(
                ClientAnswer.proposal_id == proposal_id, ClientAnswer.kind == kind
            )
        )
        answer.receipt_pdf  # noqa: B018  (a deferred column: loaded before leaving the session)
        db.session().expunge(answer)
        return answer


def test_the_receipt_is_one_page_with_the_hash_names_and_totals(app, anonymous, accepted, tmp_path):
    response = anonymous.get(f"{accepted.url}/receipt")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert download_name(response) == "northwind-bakery-ltd-acceptance-v1.pdf"
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1
    with app.app_context():
        sha = db.session().get(PdfVersion, accepted.version_id).sha256
    text = squash(pdf_text(response.data))
    for expected in (
        sha,
        "Priya Raman",
        "Owner",
        "PO-2291",
        "Third session",
        "£600.00",
        "£750.00",
        "Getting through February with cash to spare",
        "Whitfield & Co. Accounting",
        "Dana Whitfield",
        "version 1",
        "UTC",
    ):
        assert squash(expected) in text, expected
    (tmp_path / "receipt.pdf").write_bytes(response.data)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(tmp_path / "receipt.pdf"), str(tmp_path / "r")],
        check=True,
    )
    assert (tmp_path / "r-1.png").stat().st_size > 5000


def test_the_receipt_speaks_the_proposals_language(app, anonymous, northwind):
    document = taxed_document(northwind)
    document["locale"] = "fr-FR"
    sent = send_with_link(app, document)
    accept(anonymous, sent)
    text = pdf_text(anonymous.get(f"{sent.url}/receipt").data)
    assert "Accusé d’acceptation" in text and "Acceptée par" in text
    assert "600,00" in text and "750,00" in text


def test_no_receipt_before_an_acceptance(anonymous, sent):
    assert anonymous.get(f"{sent.url}/receipt").status_code == 404


def test_the_consultants_page_shows_the_acceptance_and_its_receipt(app, client, accepted):
    html = client.get(f"/proposals/{accepted.proposal_id}").get_data(as_text=True)
    assert "The client's answer" in html and "accepted" in html
    assert "Third session" in html and "£750.00" in html and "Priya Raman, Owner" in html
    answer = answer_row(app, accepted.proposal_id)
    receipt = client.get(f"/answers/{answer.id}/receipt")
    assert receipt.status_code == 200 and receipt.data == answer.receipt_pdf
    listing = client.get("/").get_data(as_text=True)
    assert "status-accepted" in listing
    option = answer.option_name
    assert f'<span class="answer-line">{option} with Third session, £750.00</span>' in listing


def test_another_consultant_cannot_open_the_receipt(app, other_client, accepted):
    answer = answer_row(app, accepted.proposal_id)
    url = f"/answers/{answer.id}/receipt"
    assert other_client.get(url).status_code == 404


def test_a_question_waits_on_the_dashboard_until_marked_answered(app, anonymous, client, sent):
    anonymous.post(f"{sent.url}/question", data={"message": "Can the call be on Fridays?"})
    page = client.get(f"/proposals/{sent.proposal_id}").get_data(as_text=True)
    assert "question waiting" in page and "Can the call be on Fridays?" in page
    assert "question waiting" in client.get("/").get_data(as_text=True)
    question = answer_row(app, sent.proposal_id, AnswerKind.QUESTION)
    done = client.post(f"/answers/{question.id}/answered")
    assert done.status_code == 302
    assert "question waiting" not in client.get("/").get_data(as_text=True)
    assert "Answered questions (1)" in client.get(f"/proposals/{sent.proposal_id}").get_data(
        as_text=True
    )


def test_the_consultants_page_shows_a_decline_and_its_reason(anonymous, client, sent):
    anonymous.post(f"{sent.url}/decline", data={"reason": "Budget is frozen until April."})
    html = client.get(f"/proposals/{sent.proposal_id}").get_data(as_text=True)
    assert "declined" in html and "Budget is frozen until April." in html
    listing = client.get("/").get_data(as_text=True)
    assert "status-declined" in listing and "Not now: Budget is frozen until April." in listing


def test_the_notice_tells_the_consultant_what_was_accepted(app, accepted):
    with app.app_context():
        answer = db.session().scalar(select(ClientAnswer))
        subject, body = answer_notice(answer)
        sha = answer.pdf_sha256
    assert subject == "Northwind Bakery Ltd accepted “Getting through February with cash to spare”"
    assert "Priya Raman (Owner) accepted version 1" in body
    assert "with Third session" in body and "£600.00 before tax, £750.00 with tax" in body
    assert "PO-2291" in body and sha in body


def test_the_notice_is_sent_through_the_apps_mailer_when_there_is_one(app, anonymous, sent):
    sent_mail = []
    app.extensions["notify_consultant"] = lambda config, user, subject, body: sent_mail.append(
        (user.email, subject, body)
    )
    anonymous.post(f"{sent.url}/question", data={"message": "Can we start in May?"})
    [(to, subject, body)] = sent_mail
    assert to == "dana@whitfield.example"
    assert subject.startswith("Northwind Bakery Ltd asked a question")
    assert "Can we start in May?" in body


def test_a_failing_mailer_never_loses_the_answer(app, anonymous, sent):
    def broken(*args):
        raise ConnectionRefusedError("smtp down")

    app.extensions["notify_consultant"] = broken
    response = anonymous.post(f"{sent.url}/decline", data={"reason": "Later this year."})
    assert response.status_code == 302
    assert answer_row(app, sent.proposal_id, AnswerKind.DECLINE).message == "Later this year."


def test_after_an_acceptance_the_kit_suggests_a_thank_you_and_the_first_step(client, accepted):
    html = client.get(f"/proposals/{accepted.proposal_id}/follow-up").get_data(as_text=True)
    assert "Thank you for choosing" in html
    assert "The first step: send last month" in html


def test_the_thank_you_names_the_choice_and_skips_the_choosing_step(northwind):
    document = validate_document(northwind)
    answer = ClientAnswer(option_name="Monthly runway", add_ons=["Weekly call"], reference="PO-7")
    note = thank_you_note(document, answer)
    assert note.startswith("Subject: Thank you, and the first step for Northwind Bakery Ltd")
    assert "Hi Priya," in note
    assert (
        "Thank you for choosing “Monthly runway”, with Weekly call (your reference PO-7)." in note
    )
    assert re.search(r"The first step: send last month.s bank statement", note)
    assert "which option" not in note


def test_after_not_now_the_note_is_about_their_reason_without_pressure(northwind):
    document = validate_document(northwind)
    answer = ClientAnswer(
        message="We want to see whether the café customers agree to 30-day terms first."
    )
    note = not_now_note(document, answer, None)
    assert "Thank you for telling me why not now: “We want to see whether the café" in note
    assert "Something you can do on your own in the meantime: “Ask the two café customers" in note
    assert "I won't chase you about the proposal" in note
    for pressure in ("limited time", "act now", "sign today", "discount"):
        assert pressure not in note.lower()


def test_after_not_now_the_kit_suggests_the_note_about_the_reason(client, anonymous, sent):
    anonymous.post(f"{sent.url}/decline", data={"reason": "The bank decides in March."})
    html = client.get(f"/proposals/{sent.proposal_id}/follow-up").get_data(as_text=True)
    assert "Thank you for telling me why not now: “The bank decides in March.”" in html


def test_with_a_mail_server_the_consultant_gets_the_notice_by_email(app, anonymous, sent, tmp_path):
    from tests import smtp_server

    server = smtp_server.start(tmp_path)
    try:
        app.config.update(SMTP_URL=server.url(), MAIL_FROM="proposals@whitfield.example")
        from proposals.sending.mailer import notify_in_background

        app.extensions["notify_consultant"] = notify_in_background
        response = anonymous.post(f"{sent.url}/question", data={"message": "Can we start in May?"})
        assert response.status_code == 302  # answered at once; the e-mail goes out behind it
        deadline = time.monotonic() + 15
        while not server.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        [message] = server.inbox.messages
        assert message["To"] == "dana@whitfield.example"
        assert "Can we start in May?" in message.get_body(("plain",)).get_content()
        assert sent.token not in message.as_string()
    finally:
        server.stop()
