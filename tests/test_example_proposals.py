"""The two demo proposals are marked as examples, on the dashboard and in the first greeting."""

from __future__ import annotations

import re
from html import unescape

import pytest

from proposals import create_app, db, operations, seed
from proposals.models import Proposal
from tests import databases
from tests.conftest import PASSWORD


@pytest.fixture
def first_start(tmp_path, monkeypatch):
    """A new database with the demo proposals loaded (without their PDFs) and no account yet."""
    monkeypatch.setattr(operations, "generate_pdf", lambda session, proposal: None)
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
            "RENDER_WORKERS": 0,
            "SAMPLE_WORKERS": 0,
        }
    )
    with app.app_context():
        seed.demo_proposals(db.session())
    yield app
    app.extensions["db_engine"].dispose()


def prospects(html: str) -> list[tuple[str, bool]]:
    """Each dashboard row's prospect, and whether it is marked as an example."""
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>", html, re.S)
    return [
        (unescape(re.search(r"<a [^>]*>(.*?)</a>", cell).group(1)), ">Example</span>" in cell)
        for cell in cells
    ]


def test_the_demo_proposals_say_they_are_examples_and_your_own_do_not(first_start):
    client = first_start.test_client()
    data = {"name": "Dana", "email": "dana@firm.example", "password": PASSWORD}
    response = client.post("/setup", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "The examples below show finished proposals" in unescape(html)
    assert "will be listed here" not in html

    with db.standalone_session(first_start) as session:
        northwind = session.query(Proposal).filter_by(prospect="Northwind Bakery Ltd").one().id
    reuse = {"organisation": "Southwind Café", "contact_name": "Marta Lind", "carry": ["offer"]}
    client.post(f"/proposals/{northwind}/duplicate", data=reuse)
    client.post("/proposals/new", data={"organisation": "New prospect", "contact_name": "Ann"})
    rows = prospects(client.get("/").get_data(as_text=True))
    assert sorted(rows) == [
        ("Harbor Dental Group", True),
        ("New prospect", False),
        ("Northwind Bakery Ltd", True),
        ("Southwind Café", False),  # started from an example, it is the consultant's own
    ]


def test_without_examples_the_greeting_says_where_proposals_will_be(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    data = {"name": "Dana", "email": "dana@firm.example", "password": PASSWORD}
    html = app.test_client().post("/setup", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Your proposals will be listed here." in html
    app.extensions["db_engine"].dispose()
