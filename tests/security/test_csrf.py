"""CSRF: every state-changing request without a valid token is refused with the friendly
400 page, and nothing changes. (The shared app fixture switches CSRF off; this one doesn't.)"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from proposals import db, operations
from proposals.document import validate_document
from proposals.library import lookups
from proposals.models import Proposal, Sample, Status, User
from tests.conftest import DANA, NORTHWIND, PASSWORD, SAM, load_example
from tests.security.conftest import make_app
from tests.wizard_driver import PROSPECT

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def token_of(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1) or match.group(2)


def form_sign_in(client, email: str = DANA) -> str:
    """Sign in through the real form (with its token); return a valid token of the session."""
    token = token_of(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    return token_of(client.get("/").get_data(as_text=True))


@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("csrf"), WTF_CSRF_ENABLED=True)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def world(csrf_app):
    """Dana signed in (with a valid token), one complete proposal of hers, Sam's id."""
    with db.standalone_session(csrf_app) as session:
        dana = session.scalar(select(User).where(User.email == DANA))
        sam = session.scalar(select(User).where(User.email == SAM))
        document = validate_document(load_example(NORTHWIND))
        proposal = operations.import_document(session, document, owner_id=dana.id)
        ids = {"proposal": proposal.id, "sam": sam.id}
    client = csrf_app.test_client()
    ids["token"] = form_sign_in(client)
    return client, ids


def snapshot(app, proposal_id: int) -> dict:
    """Everything a forged request could change."""
    with db.standalone_session(app) as session:
        proposal = session.get(Proposal, proposal_id)
        return {
            "proposals": session.scalar(select(func.count()).select_from(Proposal)),
            "document": proposal.document if proposal else None,
            "drafts": proposal.step_drafts if proposal else None,
            "status": proposal.status if proposal else None,
            "versions": len(proposal.versions) if proposal else None,
            "samples": session.scalar(select(func.count()).select_from(Sample)),
            "revisions": [
                (s.slug, s.current_revision_id, s.archived)
                for s in lookups.all_samples(session, include_archived=True)
            ],
            "users": [(u.email, u.active) for u in session.scalars(select(User).order_by(User.id))],
        }


def _starter_slug(app) -> str:
    with db.standalone_session(app) as session:
        return lookups.active_samples(session)[0].slug


FORGED = {
    "new-proposal": ("/proposals/new", {}),
    "wizard-step": ("/proposals/{proposal}/step/heard", {"listening-situation": "Forged."}),
    "wizard-autosave": (
        "/proposals/{proposal}/step/heard/autosave",
        {"listening-situation": "Forged."},
    ),
    "generate": ("/proposals/{proposal}/generate", {}),
    "duplicate": ("/proposals/{proposal}/duplicate", {}),
    "delete": ("/proposals/{proposal}/delete", {}),
    "status": ("/proposals/{proposal}/status", {"status": "won"}),
    "library-new": (
        "/library/new",
        {"source": "---\nid: forged\ntitle: Forged\n---\nForged body.\n"},
    ),
    "library-edit": ("/library/{slug}/edit", {"source": "---\nid: {slug}\ntitle: X\n---\nX\n"}),
    "library-archive": ("/library/{slug}/archive", {"archived": "1"}),
    "library-duplicate": ("/library/{slug}/duplicate", {}),
    "library-restore": ("/library/{slug}/restore/1", {}),
    "library-upload": ("/library/upload", {"upload": True}),
    "logout": ("/logout", {}),
    "users-create": (
        "/users",
        {"name": "Mallory", "email": "mallory@evil.example", "password": "long enough pw 1"},
    ),
    "users-deactivate": ("/users/{sam}/active", {"active": "0"}),
}


@pytest.mark.parametrize("token", ["missing", "wrong", "other-session"])
@pytest.mark.parametrize(("url", "data"), FORGED.values(), ids=FORGED.keys())
def test_a_forged_post_is_refused_and_changes_nothing(csrf_app, world, url, data, token):
    client, ids = world
    slug = _starter_slug(csrf_app)
    url = url.format(slug=slug, **ids)
    data = {
        key: value.replace("{slug}", slug) if isinstance(value, str) else value
        for key, value in data.items()
    }
    if data.pop("upload", False):
        data["file"] = (io.BytesIO(b"---\nid: forged-upload\ntitle: F\n---\nF\n"), "f.md")
    if token == "wrong":
        data["csrf_token"] = ids["token"][:-4] + "AAAA"
    elif token == "other-session":
        data["csrf_token"] = form_sign_in(csrf_app.test_client(), SAM)
    before = snapshot(csrf_app, ids["proposal"])

    response = client.post(url, data=data)
    html = response.get_data(as_text=True)

    assert response.status_code == 400, (url, response.status_code)
    assert "expired" in html, html[:1500]  # the friendly page, or the step kept with a note
    assert "Traceback" not in html
    assert response.headers["Content-Security-Policy"]
    assert snapshot(csrf_app, ids["proposal"]) == before
    assert client.get("/").status_code == 200  # still signed in (logout was refused too)


def test_every_state_changing_endpoint_wants_a_token(csrf_app, world):
    """Whatever endpoints exist now or are added later: a POST without a token is a 400.

    The API's are the exception by design: they take no CSRF token but no cookie either, so
    this signed-in browser's POST to them is refused as unauthenticated (401)."""
    client, ids = world
    slug = _starter_slug(csrf_app)
    values = {"proposal_id": ids["proposal"], "user_id": ids["sam"], "slug": slug}
    refused, checked = [], []
    for rule in csrf_app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "static":
            continue
        arguments = {name: values.get(name, 1) for name in rule.arguments}
        if rule.endpoint == "wizard.step":
            arguments["slug"] = "people"
        url = csrf_app.url_map.bind("localhost").build(rule.endpoint, arguments)
        response = client.post(url, data={"x": "1"})
        checked.append(url)
        expected = 401 if rule.endpoint.startswith("api.") else 400
        if response.status_code != expected:
            refused.append((url, response.status_code))
    assert len(checked) >= 20
    assert not refused, f"accepted without a token: {refused}"


def test_signing_in_needs_the_forms_token(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": DANA, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # still signed out


def test_with_the_token_the_same_requests_work(csrf_app, world):
    """The control: the refusals above are about the token, not the requests."""
    client, ids = world
    before = snapshot(csrf_app, ids["proposal"])
    token = ids["token"]
    assert client.post("/proposals/new", data={**PROSPECT, "csrf_token": token}).status_code == 302
    response = client.post(
        f"/proposals/{ids['proposal']}/status", data={"status": "sent", "csrf_token": token}
    )
    assert response.status_code == 302
    after = snapshot(csrf_app, ids["proposal"])
    assert after["proposals"] == before["proposals"] + 1
    assert after["status"] == Status.SENT
