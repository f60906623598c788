"""Starting a proposal asks for the prospect first; reusing one for another client carries
only the chosen parts, never the prospect, what was heard, the quotes or the notes."""

from __future__ import annotations

import json

import pytest

from proposals import operations
from proposals.document import validate_document
from proposals.models import Proposal
from tests.wizard_driver import PROSPECT

SOUTHWIND = {"organisation": "Southwind Café", "contact_name": "Marta Lind"}


def count(session) -> int:
    session.expire_all()
    return session.query(Proposal).count()


def complete(session, document) -> Proposal:
    return operations.import_document(session, validate_document(document), owner_id=1)


def test_opening_start_and_leaving_creates_nothing(client, session):
    page = client.get("/proposals/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Organisation" in html and "Contact name" in html
    client.get("/")  # the consultant walks away
    assert count(session) == 0
    assert "No proposals yet" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"contact_name": "Marta Lind"}, "organisation"),
        ({"organisation": "Southwind"}, "contact_name"),
    ],
)
def test_a_missing_prospect_is_named_next_to_its_field_and_nothing_is_stored(
    client, session, form, field
):
    response = client.post("/proposals/new", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    for typed in form.values():
        assert f'value="{typed}"' in html  # what was typed stays
    assert count(session) == 0


def test_sending_the_start_form_creates_one_proposal_for_that_prospect(client, session):
    response = client.post("/proposals/new", data=SOUTHWIND)
    assert response.status_code == 302 and response.location.endswith("/step/people")
    assert count(session) == 1
    assert "Southwind Café" in client.get("/").get_data(as_text=True)
    html = client.get(response.location).get_data(as_text=True)
    assert 'value="Southwind Café"' in html and 'value="Marta Lind"' in html


def test_reusing_asks_first_and_creates_nothing_until_sent(client, session, northwind):
    source = complete(session, northwind)
    page = client.get(f"/proposals/{source.id}/duplicate")
    assert page.status_code == 200
    assert "Use as a starting point for another client" in page.get_data(as_text=True)
    assert count(session) == 1


def test_the_copy_never_carries_the_prospect_what_was_heard_or_the_notes(
    client, session, northwind
):
    source = complete(session, northwind)
    everything = list(operations.CARRIED)
    response = client.post(
        f"/proposals/{source.id}/duplicate", data={**SOUTHWIND, "carry": everything}
    )
    assert response.status_code == 302
    copy = session.query(Proposal).filter(Proposal.id != source.id).one()
    stored = json.dumps([copy.document, copy.step_drafts], ensure_ascii=False)
    assert "listening" not in copy.document and "listening" not in copy.step_drafts
    for private in (
        northwind["prospect"]["organisation"],
        northwind["prospect"]["contact_name"],
        northwind["listening"]["notes"][:40],
        *northwind["listening"]["their_words"],
        northwind["sample"]["commentary"][:40],
        northwind["follow_up"]["about"],
        northwind["title"],
    ):
        assert private not in stored, private
    assert copy.document["offer"] == northwind["offer"]
    assert copy.document["referrals"] == northwind["referrals"]
    assert copy.document["next_steps"] == northwind["next_steps"]
    assert copy.document["sample"]["inputs"] == northwind["sample"]["inputs"]
    assert copy.prospect == "Southwind Café"
    assert copy.versions == [] and copy.status == "draft"


def test_only_the_chosen_parts_are_carried(client, session, northwind):
    source = complete(session, northwind)
    client.post(f"/proposals/{source.id}/duplicate", data={**SOUTHWIND, "carry": ["offer"]})
    copy = session.query(Proposal).filter(Proposal.id != source.id).one()
    assert copy.document["offer"] == northwind["offer"]
    for left in ("sample", "referrals", "self_help", "next_steps"):
        assert left not in copy.document and left not in json.dumps(copy.step_drafts)
    assert "offer" in copy.completed_steps and "help" not in copy.completed_steps


def test_someone_else_s_proposal_cannot_be_reused(other_client, session, northwind):
    source = complete(session, northwind)
    response = other_client.post(f"/proposals/{source.id}/duplicate", data=PROSPECT)
    assert response.status_code == 404
    assert count(session) == 1
