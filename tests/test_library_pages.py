"""The library pages: browse, search, preview, edit with validation, revisions, files."""

from __future__ import annotations

import io
import logging

import pytest

from proposals.document import Limits
from proposals.library.lookups import find
from proposals.library.suggestions import suggest
from proposals.models import Sample, SampleRevision
from proposals.paths import SAMPLES
from tests.conftest import download_name
from tests.wizard_driver import STEP_FORMS, Wizard

RUNWAY = (SAMPLES / "cash-runway.md").read_text(encoding="utf-8")

SMALL = """---
id: meeting-minutes
title: What your meetings cost
summary: The yearly cost of one recurring meeting.
tags: [training, meetings]
inputs:
  - {name: people, label: People in the room, type: number}
  - {name: hourly, label: Cost of an hour of their time, type: money}
example:
  people: "8"
  hourly: "55"
---
Eight people for an hour a week costs {{ money(people * hourly * 48) }} a year.
"""


def sample_count(session) -> int:
    session.expire_all()
    return session.query(Sample).count()


def revisions_of(session, slug: str) -> list[SampleRevision]:
    session.expire_all()
    return find(session, slug).revisions


def test_list_shows_starter_samples_with_tags(client):
    html = client.get("/library/").get_data(as_text=True)
    assert "Cash runway" in html and "Backup gap" in html
    assert 'href="/library/?tag=it"' in html


@pytest.mark.parametrize(
    "query, present, absent",
    [
        ("runway", "Cash runway", "Backup gap"),
        ("restore", "Backup gap", "Cash runway"),  # a word from the body only
        ("backup continuity", "Backup gap", "Cash runway"),
        ("nothing-like-this", None, "Cash runway"),
    ],
)
def test_search_finds_title_summary_tags_and_body(client, query, present, absent):
    html = client.get("/library/", query_string={"q": query}).get_data(as_text=True)
    listing = html[html.index('class="library-list"') :]
    if present:
        assert present in listing
    assert absent not in listing


def test_tag_filter(client):
    html = client.get("/library/?tag=accounting").get_data(as_text=True)
    listing = html[html.index('class="library-list"') :]
    assert "Cash runway" in listing and "Backup gap" not in listing


def test_sample_page_shows_inputs_and_a_live_preview(client):
    html = client.get("/library/backup-gap").get_data(as_text=True)
    assert "downtime_cost_per_hour" in html
    assert '<table class="worked">' in html  # worked out on its example block
    assert client.get("/library/no-such-sample").status_code == 404


def test_creating_a_sample(client, session):
    response = client.post("/library/new", data={"source": SMALL})
    assert response.status_code == 302
    revision = revisions_of(session, "meeting-minutes")[0]
    assert (revision.number, revision.author) == (1, "Dana Whitfield")
    assert "$21,120.00" in client.get("/library/meeting-minutes").get_data(as_text=True)


@pytest.mark.parametrize(
    "broken, message",
    [
        ("no front matter at all", "starts with front matter"),
        (
            SMALL.replace("tags: [training, meetings]", "tags: [training, meetings"),
            "not valid YAML",
        ),
        (SMALL.replace("type: number", "type: colour"), "unknown input type &#39;colour&#39;"),
        (SMALL + "{% if people %}unclosed\n", "line 14"),
        (SMALL + "{{ ''.__class__.__mro__ }}\n", "not allowed in a sample"),
        (SMALL + "{{ cycler.__init__.__globals__ }}\n", "line 14"),
        (SMALL + "{% for i in range(100000000) %}x{% endfor %}\n", "range"),
        (SMALL.replace('people: "8"', 'people: "eight"'), "example: people: not a number"),
    ],
)
def test_bad_samples_are_refused_with_a_message_and_the_text_kept(client, session, broken, message):
    before = sample_count(session)
    response = client.post("/library/new", data={"source": broken, "author": "Dana"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert broken.splitlines()[0] in html  # what was typed is still in the editor
    assert sample_count(session) == before


def test_a_huge_output_is_refused(client, session):
    source = SMALL + "{% for i in range(10000) %}{{ 'x' * 50 }}{% endfor %}\n"
    response = client.post("/library/new", data={"source": source})
    assert response.status_code == 422
    assert "longer than 200,000 characters" in response.get_data(as_text=True)


def padded(source: str, length: int) -> str:
    """The sample with a body line of x's, `length` characters once line endings are `\\n`."""
    return source + "x" * (length - len(source.replace("\r\n", "\n")) - 1) + "\n"


def test_the_editor_takes_a_sample_file_up_to_the_limit_and_no_more(client, session):
    typed = padded(SMALL.replace("\n", "\r\n"), Limits.SAMPLE_FILE)  # as a browser sends it
    assert client.post("/library/new", data={"source": typed}).status_code == 302
    assert len(revisions_of(session, "meeting-minutes")[0].source) == Limits.SAMPLE_FILE
    longer = padded(RUNWAY, Limits.SAMPLE_FILE + 1)
    response = client.post("/library/cash-runway/edit", data={"source": longer})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"a sample file is at most {Limits.SAMPLE_FILE:,} characters" in html
    assert f'maxlength="{Limits.SAMPLE_FILE}"' in html
    assert len(revisions_of(session, "cash-runway")) == 1


def test_each_saved_change_is_logged_with_who_made_it(client, caplog):
    with caplog.at_level(logging.INFO, logger="proposals.library.operations"):
        client.post("/library/new", data={"source": SMALL})
        client.post("/library/meeting-minutes/archive", data={"archived": "1"})
    assert "sample meeting-minutes created by Dana Whitfield" in caplog.text
    assert "sample meeting-minutes archived by Dana Whitfield" in caplog.text


def test_a_new_sample_cannot_take_an_existing_id(client, session):
    response = client.post("/library/new", data={"source": RUNWAY})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert len(revisions_of(session, "cash-runway")) == 1


def test_every_edit_is_a_revision_with_a_readable_diff_and_restore(client, other_client, session):
    edited = RUNWAY.replace("title: Cash runway", "title: Cash runway, month by month")
    response = other_client.post("/library/cash-runway/edit", data={"source": edited})
    assert response.status_code == 302
    revisions = revisions_of(session, "cash-runway")
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[0].author == "Sam Okoro"  # the library is shared by the firm

    diff = client.get("/library/cash-runway/diff?from=1&to=2").get_data(as_text=True)
    # The removed and the added line, with only the words that changed marked.
    assert '<div class="diff-line diff-removed">' in diff
    assert (
        '<span class="visually-hidden">Added: </span>title: Cash runway<ins>, month by month</ins>'
        in diff
    )

    assert client.post("/library/cash-runway/restore/1").status_code == 302
    revisions = revisions_of(session, "cash-runway")
    assert [r.number for r in revisions] == [3, 2, 1]
    assert revisions[0].source == RUNWAY
    assert find(session, "cash-runway").title == "Cash runway"


def test_editing_cannot_change_the_id(client, session):
    renamed = RUNWAY.replace("id: cash-runway", "id: cash-runway-2")
    response = client.post("/library/cash-runway/edit", data={"source": renamed})
    assert response.status_code == 422
    assert "duplicate the sample instead" in response.get_data(as_text=True)


def test_saving_unchanged_text_makes_no_revision(client, session):
    client.post("/library/cash-runway/edit", data={"source": RUNWAY})
    assert len(revisions_of(session, "cash-runway")) == 1


def test_duplicate_and_archive(client, session):
    assert client.post("/library/backup-gap/duplicate").status_code == 302
    copy = find(session, "backup-gap-copy")
    assert copy.title == "Copy of Backup gap"
    assert (
        client.post("/library/backup-gap-copy/archive", data={"archived": "1"}).status_code == 302
    )
    session.expire_all()
    assert find(session, "backup-gap-copy").archived
    listing = client.get("/library/").get_data(as_text=True)
    assert "Copy of Backup gap" not in listing
    assert "Copy of Backup gap" in client.get("/library/?archived=1").get_data(as_text=True)
    assert len(find(session, "backup-gap-copy").revisions) == 1  # nothing deleted


def test_a_revision_used_by_a_proposal_stays_what_the_proposal_renders(client, session, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    pinned = wizard.proposal(session).sample_revision_id
    edited = RUNWAY.replace("### What this shows", "### What the figures say")
    client.post("/library/cash-runway/edit", data={"source": edited})
    client.post(f"/proposals/{wizard.id}/generate")
    proposal = wizard.proposal(session)
    assert proposal.sample_revision_id == pinned
    assert proposal.versions[0].sample_revision_id == pinned


def test_download_and_upload_round_trip(client, session):
    download = client.get("/library/cash-runway/download")
    assert download_name(download) == "cash-runway.md"
    assert download.get_data(as_text=True) == RUNWAY
    response = client.post(
        "/library/upload",
        data={"file": (io.BytesIO(SMALL.encode()), "minutes.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert revisions_of(session, "meeting-minutes")[0].author == "Dana Whitfield"
    again = client.post(
        "/library/upload",
        data={"file": (io.BytesIO(download.get_data()), "cash-runway.md")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "No change: that file is already the current text." in again.get_data(as_text=True)
    assert again.request.path == "/library/cash-runway"
    assert len(revisions_of(session, "cash-runway")) == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.txt", SMALL.encode(), "ends in .md"),
        ("latin.md", "caf\xe9".encode("latin-1"), "not UTF-8"),
        ("broken.md", b"---\nid: [\n---\n", "not valid YAML"),
    ],
)
def test_bad_uploads_are_refused(client, session, name, content, message):
    before = sample_count(session)
    response = client.post(
        "/library/upload",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert sample_count(session) == before


def test_wizard_suggests_samples_from_what_was_heard(client, session, harbor, northwind):
    for document, expected in ((harbor, "Backup gap"), (northwind, "Cash runway")):
        wizard = Wizard(client)
        wizard.post(
            "people",
            {
                "title": "t",
                "prospect-organisation": "o",
                "prospect-contact_name": "c",
                "prospect-industry": document["prospect"]["industry"],
                "consultant-name": "n",
                "consultant-firm": "f",
            },
        )
        wizard.post("heard", STEP_FORMS["heard"](document))
        suggestions = suggest(session, wizard.proposal(session).document)
        assert suggestions[0].title == expected
        html = wizard.get("sample").get_data(as_text=True)
        assert f'{expected} <span class="badge">Suggested</span>' in html


def test_wizard_searches_the_library(client):
    wizard = Wizard(client)
    html = wizard.client.get(wizard.url("sample"), query_string={"q": "restore"}).get_data(
        as_text=True
    )
    assert 'value="backup-gap"' in html
