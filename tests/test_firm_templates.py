"""Firm templates: saved from a proposal by anyone, shared by the firm, renamed, deleted,
and a proposal started from one begins with their offer, referrals and next steps."""

from __future__ import annotations

import json

from proposals import operations
from proposals.document import validate_document
from proposals.firm_templates.models import FirmTemplate
from proposals.models import Proposal

SOUTHWIND = {"organisation": "Southwind Café", "contact_name": "Marta Lind"}
PARTS = ["offer", "help", "next_steps", "sample"]


def complete(session, document, owner_id: int = 1) -> Proposal:
    return operations.import_document(session, validate_document(document), owner_id=owner_id)


def save(client, proposal_id: int, name: str = "Bakery cash plan", sections=PARTS):
    return client.post(
        "/templates/new", data={"name": name, "proposal": proposal_id, "sections": sections}
    )


def templates(session) -> list[FirmTemplate]:
    session.expire_all()
    return session.query(FirmTemplate).order_by(FirmTemplate.id).all()


def test_save_from_a_proposal_keeps_only_reusable_validated_parts(client, session, northwind):
    source = complete(session, northwind)
    form = client.get(f"/templates/new?proposal={source.id}").get_data(as_text=True)
    assert f'<option selected value="{source.id}">' in form
    assert save(client, source.id).status_code == 302
    (template,) = templates(session)
    assert template.content["offer"] == {"offer": northwind["offer"]}
    assert template.content["help"]["referrals"] == northwind["referrals"]
    assert template.content["sample"] == {"sample": {"id": northwind["sample"]["id"]}}
    kept = json.dumps(template.content, ensure_ascii=False)
    for private in (
        northwind["prospect"]["organisation"],
        northwind["listening"]["notes"][:40],
        northwind["sample"]["commentary"][:40],
        northwind["follow_up"]["about"],
    ):
        assert private not in kept


def test_the_templates_page_lists_them_for_everyone_at_the_firm(
    client, other_client, session, northwind
):
    save(client, complete(session, northwind).id)
    html = other_client.get("/templates").get_data(as_text=True)
    assert "Bakery cash plan" in html
    assert "the offer" in html and "who else could help" in html


def test_refusals_are_named_next_to_their_fields(client, session, northwind):
    source = complete(session, northwind)
    save(client, source.id, name="Taken")
    blank = save(client, source.id, name="  ", sections=[])
    assert blank.status_code == 422
    html = blank.get_data(as_text=True)
    assert 'id="name-error"' in html and 'id="sections-error"' in html
    taken = save(client, source.id, name="taken")
    assert "already has a template of that name" in taken.get_data(as_text=True)
    assert [t.name for t in templates(session)] == ["Taken"]


def test_a_part_not_complete_on_the_proposal_is_refused(client, session):
    started = client.post("/proposals/new", data=SOUTHWIND)
    proposal_id = int(started.location.split("/")[2])
    response = save(client, proposal_id, sections=["offer"])
    assert response.status_code == 422
    assert "not complete on this proposal yet: the offer" in response.get_data(as_text=True)
    assert templates(session) == []


def test_someone_else_s_proposal_cannot_be_made_a_template(
    other_client, session, northwind, harbor
):
    complete(session, harbor, owner_id=2)  # Sam has a proposal of his own
    response = save(other_client, complete(session, northwind).id)
    assert response.status_code == 422
    assert "choose one of your proposals" in response.get_data(as_text=True)
    assert templates(session) == []


def test_rename_and_delete(client, other_client, session, northwind):
    source = complete(session, northwind)
    save(client, source.id)
    save(client, source.id, name="Second")
    first, second = templates(session)
    second_id = second.id
    clash = other_client.post(f"/templates/{first.id}/rename", data={"name": "second"})
    assert clash.status_code == 422
    assert 'value="second"' in clash.get_data(as_text=True)  # kept as typed
    assert (
        other_client.post(f"/templates/{first.id}/rename", data={"name": "Cash plan"}).status_code
        == 302
    )
    assert [t.name for t in templates(session)] == ["Cash plan", "Second"]
    confirm = other_client.get(f"/templates/{second.id}/delete").get_data(as_text=True)
    assert "Delete the template “Second”?" in confirm
    assert len(templates(session)) == 2  # asking first deletes nothing
    assert other_client.post(f"/templates/{second.id}/delete").status_code == 302
    assert [t.name for t in templates(session)] == ["Cash plan"]
    assert client.get(f"/templates/{second_id}/delete").status_code == 404


def test_a_proposal_started_from_a_template_begins_with_its_parts(
    client, other_client, session, northwind
):
    save(client, complete(session, northwind).id)
    (template,) = templates(session)
    page = other_client.get(f"/proposals/new?template={template.id}").get_data(as_text=True)
    assert f'<option selected value="{template.id}">Bakery cash plan</option>' in page
    response = other_client.post("/proposals/new", data={**SOUTHWIND, "template": template.id})
    assert response.status_code == 302
    started = session.query(Proposal).filter(Proposal.owner_id == 2).one()
    assert started.document["offer"] == northwind["offer"]
    assert started.document["referrals"] == northwind["referrals"]
    assert started.document["next_steps"] == northwind["next_steps"]
    assert {"offer", "help", "next_steps"} <= set(started.completed_steps)
    # The sample is chosen; its inputs are the new client's to fill in.
    assert started.step_drafts["sample"]["sample"] == {"id": northwind["sample"]["id"]}
    sample_step = other_client.get(f"/proposals/{started.id}/step/sample").get_data(as_text=True)
    assert "error-summary" not in sample_step


def test_a_deleted_template_chosen_meanwhile_starts_a_blank_proposal(client, session):
    response = client.post("/proposals/new", data={**SOUTHWIND, "template": "99"})
    assert response.status_code == 302
    started = session.query(Proposal).one()
    assert "offer" not in started.document


def test_the_migration_creates_what_the_models_describe(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from proposals.models import Base

    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)
    mine = [
        item
        for item in differences
        if any(
            word in repr(item) for word in ("firm_template", "job_title", "phone", "search_text")
        )
    ]
    assert mine == []
