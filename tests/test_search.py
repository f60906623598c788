"""Searching the library: accents and plurals don't matter, in either kind of index."""

from __future__ import annotations

import pytest

from proposals.library import search as search_module
from proposals.library.revisions import save_revision
from proposals.library.search import search
from tests import databases

RESUME = """---
id: resume-review
title: Résumé review
summary: Which résumés of the last hiring round reached an interview.
tags: [hr, recruitment]
inputs:
  - {name: roles, label: Rôles advertised, type: number}
example:
  roles: "3"
---
Of {{ roles }} rôles, the interviews came from the same two boards.
"""


@pytest.fixture(
    params=[
        search_module.TSVECTOR if databases.ON_POSTGRES else search_module.FTS5,
        search_module.LIKE,
    ]
)
def either_index(request, monkeypatch):
    """Search through the database's full-text index (FTS5 on SQLite, tsvector on
    PostgreSQL), and through the LIKE other databases use."""
    monkeypatch.setattr(search_module, "full_text", lambda session: request.param)


def slugs(session, query: str) -> list[str]:
    return [sample.slug for sample in search(session, query).samples]


def test_cafe_with_or_without_accent_or_plural_finds_the_same_samples(session, either_index):
    found = slugs(session, "café")
    assert {"cash-runway", "pricing-margin"} <= set(found)
    for query in ("cafe", "cafés", "cafes", "CAFÉ", "Cafe"):
        assert slugs(session, query) == found, query


def test_a_sample_is_found_by_the_words_of_its_example(session, either_index):
    assert "pricing-margin" in slugs(session, "lunches")  # "Café lunches", a line of its example


def test_plurals_find_the_singular_and_back(session, either_index):
    assert slugs(session, "invoice") == slugs(session, "invoices") != []
    assert slugs(session, "contracts") == slugs(session, "contract") == ["contract-clause-risk"]


def test_accented_words_of_a_new_sample_are_found_without_accents(session, either_index):
    save_revision(session, RESUME, "dana")
    session.commit()
    for query in ("resume", "résumé", "resumes", "roles"):
        assert "resume-review" in slugs(session, query), query


def test_the_library_page_finds_cafe_samples(client):
    html = client.get("/library/", query_string={"q": "cafés"}).get_data(as_text=True)
    assert "Cash runway" in html and "Pricing and margin by line" in html
