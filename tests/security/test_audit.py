"""The audit log of shared material (finding 10 of issue 12): who created, edited, archived,
restored, deleted or imported which sample or provider, and when; shown to administrators.
Deleting a provider and archiving a starter sample are for administrators or the author."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from proposals.audit import log
from proposals.library import lookups
from proposals.models import AuditEntry, Provider, User
from tests.conftest import SAM

PROVIDER = {"name": "Tom Okafor", "organisation": "Eastgate", "good_for": "Retail leases"}


def entries(session) -> list[tuple[str, str, str, str]]:
    """(who, action, kind, subject) of every entry, oldest first."""
    session.expire_all()
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    return [(row.who, row.action, row.kind, row.subject) for row in rows]


def last(session) -> AuditEntry:
    session.expire_all()
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def user_id(session, email: str) -> int:
    return session.scalar(select(User.id).where(User.email == email))


def csv_upload(text: str) -> dict:
    return {"file": (io.BytesIO(text.encode("utf-8")), "providers.csv")}


def test_each_change_to_a_provider_is_logged_with_who_and_when(client, other_client, session):
    before = datetime.now() - timedelta(minutes=1)
    client.post("/referrals/new", data=PROVIDER)
    provider_id = session.scalar(select(Provider.id))
    other_client.post(
        f"/referrals/{provider_id}/edit", data={**PROVIDER, "contact": "tom@eastgate.example"}
    )
    edited = last(session)
    assert edited.user_id == user_id(session, SAM)
    assert '"" → "tom@eastgate.example"' in edited.details
    client.post(
        "/referrals/import",
        data=csv_upload("name,organisation,good_for,contact\nTom Okafor,Eastgate,Leases,tom@x\n"),
        content_type="multipart/form-data",
    )
    assert '"tom@eastgate.example" → "tom@x"' in last(session).details
    client.post(f"/referrals/{provider_id}/delete")
    deleted = last(session)
    assert "Leases" in deleted.details  # what the entry said, to put it back by hand
    assert entries(session) == [
        ("Dana Whitfield", "created", "provider", "Tom Okafor (Eastgate)"),
        ("Sam Okoro", "edited", "provider", "Tom Okafor (Eastgate)"),
        ("Dana Whitfield", "imported", "provider", "Tom Okafor (Eastgate)"),
        ("Dana Whitfield", "deleted", "provider", "Tom Okafor (Eastgate)"),
    ]
    assert all(entry.at >= before for entry in session.scalars(select(AuditEntry)))


def test_each_change_to_a_sample_is_logged_with_who(client, session):
    sample = lookups.active_samples(session)[0]
    slug, source = sample.slug, sample.current.source
    number = sample.current.number
    client.post(f"/library/{slug}/edit", data={"source": source + "\nEdited.\n"})
    client.post(f"/library/{slug}/archive", data={"archived": "1"})
    client.post(f"/library/{slug}/archive", data={"archived": "0"})
    client.post(f"/library/{slug}/restore/{number}")
    client.post(f"/library/{slug}/duplicate")
    assert [(action, subject) for _, action, _, subject in entries(session)] == [
        ("edited", slug),
        ("archived", slug),
        ("unarchived", slug),
        ("restored", slug),
        ("created", f"{slug}-copy"),
    ]
    assert {who for who, *_ in entries(session)} == {"Dana Whitfield"}
    assert last(session).details == f"revision 1, a copy of {slug}"


def test_a_refused_change_leaves_no_entry(client, session):
    response = client.post("/referrals/new", data={"name": "No good_for"})
    assert response.status_code == 422
    client.post(
        "/referrals/import",
        data=csv_upload("name,good_for\nA,\n"),
        content_type="multipart/form-data",
    )
    assert entries(session) == []


def test_only_an_administrator_or_the_author_deletes_a_provider(client, other_client, session):
    client.post("/referrals/new", data=PROVIDER)  # Dana's
    other_client.post("/referrals/new", data={**PROVIDER, "name": "Sam's own"})
    danas, sams = session.scalars(select(Provider.id).order_by(Provider.id)).all()
    directory = other_client.get("/referrals/").get_data(as_text=True)
    assert f"/referrals/{danas}/delete" not in directory
    assert f"/referrals/{sams}/delete" in directory
    for method in (other_client.get, other_client.post):
        refused = method(f"/referrals/{danas}/delete")
        assert refused.status_code == 403
        assert "Only an administrator or whoever added Tom Okafor" in refused.get_data(as_text=True)
    assert other_client.post(f"/referrals/{sams}/delete").status_code == 302
    session.expire_all()
    assert session.scalars(select(Provider.id)).all() == [danas]
    assert client.post(f"/referrals/{danas}/delete").status_code == 302  # an administrator


def test_only_an_administrator_archives_a_starter_sample(client, other_client, session):
    slug = lookups.active_samples(session)[0].slug
    assert f"/library/{slug}/archive" not in other_client.get(f"/library/{slug}").get_data(
        as_text=True
    )
    refused = other_client.post(f"/library/{slug}/archive", data={"archived": "1"})
    assert refused.status_code == 403
    assert "only an administrator can archive it" in refused.get_data(as_text=True)
    session.expire_all()
    assert lookups.find(session, slug).archived is False
    assert entries(session) == []
    assert client.post(f"/library/{slug}/archive", data={"archived": "1"}).status_code == 302
    session.expire_all()
    assert lookups.find(session, slug).archived is True


def test_the_log_page_is_for_administrators_newest_first_by_kind(
    client, other_client, session, monkeypatch
):
    monkeypatch.setattr(log, "PAGE_SIZE", 2)
    for name in ("First", "Second", "Third"):
        client.post("/referrals/new", data={**PROVIDER, "name": name})
    slug = lookups.active_samples(session)[0].slug
    client.post(f"/library/{slug}/archive", data={"archived": "1"})
    assert other_client.get("/audit/").status_code == 403
    assert "/audit/" not in other_client.get("/").get_data(as_text=True)
    assert 'href="/audit/"' in client.get("/").get_data(as_text=True)

    newest = client.get("/audit/").get_data(as_text=True)
    assert newest.index(slug) < newest.index("Third")
    assert "First" not in newest and "Page 1 of 2" in newest
    providers = client.get("/audit/?kind=provider").get_data(as_text=True)
    assert slug not in providers
    assert providers.index("Third") < providers.index("Second")
    older = client.get("/audit/?kind=provider&page=2").get_data(as_text=True)
    assert "First" in older and "Third" not in older


@pytest.mark.parametrize("page", ["0", "-3", "99999999999999999999999", "x"])
def test_any_page_number_gives_a_page(client, page):
    assert client.get(f"/audit/?page={page}").status_code == 200
