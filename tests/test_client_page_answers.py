"""The client's answers: a choice only from the sent version, totals worked out by the
server, one acceptance per link, questions and "not now", forms with tokens and limits."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from proposals import db
from proposals.client_page.forms import form_token
from proposals.models import AnswerKind, ClientAnswer, ClientLink, PdfVersion, Status
from tests.client_setup import proposal_status, send_with_link
from tests.test_client_page import row_counts
from tests.test_offer_pdf import taxed_document

SIGNED = {"full_name": "Priya Raman", "role": "Owner", "reference": "PO-2291", "confirm": "y"}


@pytest.fixture
def sent(app, northwind):
    return send_with_link(app, taxed_document(northwind))


def answers_of(app, proposal_id: int) -> list[ClientAnswer]:
    with app.app_context():
        rows = db.session().scalars(
            select(ClientAnswer).where(ClientAnswer.proposal_id == proposal_id)
        )
        return [
            {
                "kind": row.kind,
                "option": row.option_name,
                "add_ons": row.add_ons,
                "net": row.total_net,
                "gross": row.total_gross,
                "full_name": row.full_name,
                "reference": row.reference,
                "message": row.message,
                "sha": row.pdf_sha256,
                "receipt": row.receipt_pdf is not None,
            }
            for row in rows
        ]


def accept(client, sent, **fields):
    data = {"option": "0", "add_on_0": ["Third session"], "action": "accept", **SIGNED, **fields}
    return client.post(f"{sent.url}/accept", data=data)


def test_show_total_works_out_the_choice_on_the_server_without_recording(app, anonymous, sent):
    before = row_counts(app)
    response = anonymous.post(
        f"{sent.url}/accept",
        data={"option": "0", "add_on_0": ["Third session"], "action": "total", "total": "1"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # £450 + £150 = £600 before 25 % VAT, £750 with it; the browser's figures are ignored.
    assert re.search(r'data-total="net">£600\.00<', html)
    assert re.search(r'data-total="gross">£750\.00<', html)
    assert 'value="Third session" id="add-on-0-0" data-position="0" checked' in html
    assert row_counts(app) == before


def test_every_choice_of_extras_is_in_the_page_for_its_script(anonymous, sent):
    html = anonymous.get(sent.url).get_data(as_text=True)
    tables = re.findall(r'data-totals="([^"]*)"', html)
    assert len(tables) == 3
    first = tables[0].replace("&#34;", '"')
    assert '"0,1": {"net": "£699.99", "gross": "£874.99"' in first


def test_an_acceptance_is_recorded_with_the_pdfs_hash_and_the_proposal_is_accepted(
    app, anonymous, sent
):
    response = accept(anonymous, sent)
    assert response.status_code == 302 and response.headers["Location"].endswith("#answer")
    with app.app_context():
        sha = db.session().get(PdfVersion, sent.version_id).sha256
    [answer] = answers_of(app, sent.proposal_id)
    assert answer["kind"] == AnswerKind.ACCEPT
    assert answer["option"].startswith("Winter check-up, with a title long enough")
    assert (answer["add_ons"], answer["net"], answer["gross"]) == (
        ["Third session"],
        "600.00",
        "750.00",
    )
    assert answer["sha"] == sha and answer["receipt"]
    assert proposal_status(app, sent.proposal_id) == Status.ACCEPTED
    page = anonymous.get(sent.url).get_data(as_text=True)
    assert "You accepted this proposal on" in page and "PO-2291" in page
    assert f'href="{sent.url}/receipt"' in page
    assert 'name="full_name"' not in page  # the forms make way for the acceptance
    assert "dana@whitfield.example" in page  # the consultant's contact details


def test_a_second_acceptance_changes_nothing(app, anonymous, sent):
    accept(anonymous, sent)
    first = answers_of(app, sent.proposal_id)
    again = accept(anonymous, sent, option="1", full_name="Someone Else", role="Clerk")
    assert again.status_code == 302
    tampered = accept(anonymous, sent, option="9")
    assert tampered.status_code == 302  # shown the first acceptance, not a form error
    assert answers_of(app, sent.proposal_id) == first
    page = anonymous.get(sent.url).get_data(as_text=True)
    assert "Priya Raman" in page and "Someone Else" not in page


def test_two_acceptances_racing_leave_one(app, sent):
    """The database refuses the second acceptance; the loser is shown the winner's."""
    results, barrier = [], threading.Barrier(2)

    def submit(name):
        client = app.test_client()
        barrier.wait()
        results.append(accept(client, sent, full_name=name).status_code)

    threads = [threading.Thread(target=submit, args=(name,)) for name in ("Ann One", "Bo Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302, 302]
    assert len(answers_of(app, sent.proposal_id)) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"option": "7"},
        {"option": "-1"},
        {"option": "one"},
        {"option": "1", "add_on_1": ["Third session"]},  # option 0's extra on option 1
        {"option": "0", "add_on_0": ["A free holiday"]},
        {"option": "0", "add_on_0": ["Third session", "Third session"]},
    ],
)
def test_a_choice_the_sent_version_doesnt_offer_is_refused(app, anonymous, sent, fields):
    before = row_counts(app)
    response = accept(anonymous, sent, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not part of this proposal" in html or "not offered with the chosen option" in html
    assert 'value="Priya Raman"' in html  # what was typed stays
    assert row_counts(app) == before


def test_a_choice_missing_from_an_edited_proposal_is_judged_by_the_sent_version(
    app, anonymous, sent
):
    """An extra added to the proposal after sending isn't on offer to the client."""
    with app.app_context():
        from proposals.models import Proposal

        session = db.session()
        proposal = session.get(Proposal, sent.proposal_id)
        document = dict(proposal.document)
        offer = dict(document["offer"])
        options = [dict(option) for option in offer["options"]]
        options[0]["add_ons"] = [*options[0]["add_ons"], {"name": "New extra", "price": "1"}]
        document["offer"] = {**offer, "options": options}
        proposal.document = document
        session.commit()
    assert accept(anonymous, sent, add_on_0=["New extra"]).status_code == 422


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"full_name": ""}, "Please give your full name."),
        ({"role": "  "}, "Please give your role."),
        ({"confirm": ""}, "Please tick the box to accept the proposal as sent."),
        ({"full_name": "x" * 201}, "At most 200 characters."),
        ({"reference": "x" * 201}, "At most 200 characters."),
        ({"option": ""}, "Please choose one of the options."),
    ],
)
def test_a_refused_acceptance_says_why_next_to_the_field_and_keeps_what_was_typed(
    app, anonymous, sent, fields, message
):
    before = row_counts(app)
    response = accept(anonymous, sent, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'value="Owner"' in html or fields.get("role") == "  "
    assert row_counts(app) == before
    assert proposal_status(app, sent.proposal_id) == Status.SENT


def test_a_question_is_kept_and_leaves_the_status(app, anonymous, sent):
    response = anonymous.post(f"{sent.url}/question", data={"message": "Can we start in May?"})
    assert response.status_code == 302
    page = anonymous.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your question was sent to Dana Whitfield" in page
    [answer] = answers_of(app, sent.proposal_id)
    assert (answer["kind"], answer["message"]) == (AnswerKind.QUESTION, "Can we start in May?")
    assert proposal_status(app, sent.proposal_id) == Status.SENT


@pytest.mark.parametrize(
    ("message", "error"),
    [("", "Please write your question."), ("x" * 2001, "At most 2000 characters.")],
)
def test_a_question_must_be_written_and_not_too_long(app, anonymous, sent, message, error):
    before = row_counts(app)
    response = anonymous.post(f"{sent.url}/question", data={"message": message})
    assert response.status_code == 422 and error in response.get_data(as_text=True)
    assert row_counts(app) == before


def test_not_now_declines_with_its_reason_and_can_still_be_followed_by_an_acceptance(
    app, anonymous, sent
):
    reason = "Our bank is reviewing the overdraft first."
    assert anonymous.post(f"{sent.url}/decline", data={"reason": reason}).status_code == 302
    assert proposal_status(app, sent.proposal_id) == Status.DECLINED
    page = anonymous.get(sent.url).get_data(as_text=True)
    assert "You answered “Not now”" in page and 'name="full_name"' in page
    assert accept(anonymous, sent).status_code == 302
    assert proposal_status(app, sent.proposal_id) == Status.ACCEPTED
    kinds = sorted(answer["kind"] for answer in answers_of(app, sent.proposal_id))
    assert kinds == [AnswerKind.ACCEPT, AnswerKind.DECLINE]


def test_not_now_after_an_acceptance_leaves_it_accepted(app, anonymous, sent):
    accept(anonymous, sent)
    anonymous.post(f"{sent.url}/decline", data={"reason": ""})
    assert proposal_status(app, sent.proposal_id) == Status.ACCEPTED


@pytest.fixture
def guarded(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_a_form_with_a_wrong_token_is_refused_and_keeps_what_was_typed(guarded, anonymous, sent):
    before = row_counts(guarded)
    response = accept(anonymous, sent, csrf_token="0" * 64)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This form had expired" in html
    assert 'value="Priya Raman"' in html
    wrong = anonymous.post(
        f"{sent.url}/question", data={"message": "Hello?", "csrf_token": "0" * 64}
    )
    assert wrong.status_code == 400 and "Hello?" in wrong.get_data(as_text=True)
    assert row_counts(guarded) == before


def test_a_form_without_a_token_gets_the_same_400_for_any_link(guarded, anonymous, sent):
    before = row_counts(guarded)
    bodies = set()
    for token in (sent.token, "no-such-link"):
        for form in ("accept", "question", "decline"):
            response = anonymous.post(f"/p/{token}/{form}", data={"message": "Hello?"})
            assert response.status_code == 400
            assert response.headers["Referrer-Policy"] == "no-referrer"
            bodies.add(response.data)
    assert len(bodies) == 1 and b"This form has expired" in bodies.pop()
    assert row_counts(guarded) == before


def test_the_pages_own_token_lets_a_form_through_without_any_cookie(guarded, anonymous, sent):
    page = anonymous.get(sent.url)
    assert "Set-Cookie" not in page.headers
    tokens = re.findall(r'name="csrf_token" value="([0-9a-f]{64})"', page.get_data(as_text=True))
    assert len(set(tokens)) == 3  # one per form
    with guarded.app_context():
        link = db.session().get(ClientLink, sent.link_id)
        assert tokens[1] == form_token(link, "question")
    # A token of another form doesn't pass for this one.
    crossed = anonymous.post(
        f"{sent.url}/question", data={"message": "Hello?", "csrf_token": tokens[0]}
    )
    assert crossed.status_code == 400
    answered = anonymous.post(
        f"{sent.url}/question", data={"message": "Hello?", "csrf_token": tokens[1]}
    )
    assert answered.status_code == 302 and "Set-Cookie" not in answered.headers


def test_answers_are_rate_limited_per_link(app, anonymous, sent):
    app.config["LIMIT_CLIENT_ANSWER"] = "2/minute"
    codes = [
        anonymous.post(f"{sent.url}/question", data={"message": f"Question {n}"}).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert len(answers_of(app, sent.proposal_id)) == 2
    assert anonymous.get(sent.url).status_code == 200  # reading goes on
