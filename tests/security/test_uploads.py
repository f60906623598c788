"""Oversized and malformed uploads and forms: a clear answer (413 page, or the form again
with a message), never a 500, and nothing saved from them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from proposals import db
from proposals.library import lookups
from proposals.models import Sample
from tests.security.checks import assert_page_harmless
from tests.security.conftest import png_bytes, post_multipart
from tests.wizard_driver import Wizard

FRIENDLY_413 = "larger than the app accepts"
VALID_MD = (
    "---\nid: upload-ok\ntitle: Upload ok\ninputs: [{name: n, label: N, type: number}]\n"
    "example: {n: '2'}\n---\nTwice is {{ n * 2 }}.\n"
)


def _sample_count(app) -> int:
    with db.standalone_session(app) as session:
        return session.query(Sample).count()


def _upload(client, data: bytes, filename: str):
    return post_multipart(client, "/library/upload", {}, {"file": (data, filename)})


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


# ---------------------------------------------------------------------------- library


def test_a_5_mb_sample_file_gets_the_friendly_413_page(app, client):
    before = _sample_count(app)
    big = VALID_MD.encode() + b"x" * (5 * 1024 * 1024)
    response = _upload(client, big, "big.md")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert FRIENDLY_413 in html and "Traceback" not in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert_page_harmless(html)
    assert _sample_count(app) == before


MALFORMED_MD = {
    "over-100k-characters": (VALID_MD.encode() + b"x" * 120_000, "long.md", "at most 100,000"),
    "png-renamed-md": (png_bytes(), "logo.md", "not UTF-8"),
    "binary-noise": (bytes(range(256)) * 64, "noise.md", "not UTF-8"),
    "bad-utf8": (VALID_MD.encode() + b"\xff\xfe\xc3\x28", "bad.md", "not UTF-8"),
    "utf16": (VALID_MD.encode("utf-16"), "utf16.md", "not UTF-8"),
    "wrong-extension": (VALID_MD.encode(), "sample.txt", "ends in .md"),
    "double-extension": (VALID_MD.encode(), "sample.md.html", "ends in .md"),
    "html-file": (b"<script>alert(1)</script>", "page.html", "ends in .md"),
    "empty-file": (b"", "empty.md", "front matter"),
    "no-front-matter": (b"# Just a heading\n", "plain.md", "front matter"),
    "yaml-python-tag": (
        b"---\nid: rce\ntitle: !!python/object/apply:os.system ['touch /tmp/proposals-pwned']\n"
        b"---\nbody\n",
        "rce.md",
        "YAML",
    ),
    "yaml-unclosed": (b"---\nid: [unclosed\ntitle: x\n---\nbody\n", "unclosed.md", "YAML"),
    "nul-in-front-matter": (b"---\nid: nul\ntitle: a\x00b\n---\nbody\n", "nul.md", ""),
}


@pytest.mark.parametrize(
    ("data", "filename", "message"), MALFORMED_MD.values(), ids=MALFORMED_MD.keys()
)
def test_a_malformed_sample_file_is_refused_with_a_reason(app, client, data, filename, message):
    before = _sample_count(app)
    response = _upload(client, data, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:1500]
    assert 'id="file-error"' in html  # the reason is shown next to the upload field
    assert message in html
    assert_page_harmless(html)
    assert _sample_count(app) == before
    assert not Path("/tmp/proposals-pwned").exists()


def test_an_upload_without_a_file_is_refused(client):
    response = client.post("/library/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "choose a .md file" in response.get_data(as_text=True)


def test_a_path_in_the_filename_is_only_a_name(app, client, tmp_path):
    """The file is stored in the database by its id, never at a path the client names."""
    target = tmp_path / "escaped.md"
    response = _upload(client, VALID_MD.encode(), f"../../../../..{target}")
    assert response.status_code == 302
    assert not target.exists()
    with db.standalone_session(app) as session:
        assert lookups.find(session, "upload-ok") is not None


def test_nul_bytes_in_a_sample_body_do_not_break_the_pages(client):
    source = VALID_MD.replace("upload-ok", "nul-body").replace("Twice", "Tw\x00ice")
    response = _upload(client, source.encode(), "nul-body.md")
    assert response.status_code == 422  # on every database: PostgreSQL can't store a NUL
    assert "line 7 holds a NUL character" in response.get_data(as_text=True)
    assert client.get("/library/").status_code == 200
    assert client.get("/library/nul-body").status_code == 404


# ---------------------------------------------------------------------------- forms


def test_an_oversized_wizard_step_gets_the_413_page_and_keeps_what_was_saved(client, session):
    wizard = Wizard(client)
    saved = {"listening-situation": "Saved before.", "listening-goals-0": "A goal"}
    assert wizard.post("heard", saved).status_code == 302
    response = wizard.post("heard", {"listening-situation": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 413
    assert FRIENDLY_413 in response.get_data(as_text=True)
    assert wizard.proposal(session).document["listening"]["situation"] == "Saved before."


def test_a_huge_number_of_form_fields_is_refused_cleanly(client):
    wizard = Wizard(client)
    fields = {f"junk-{index}": "x" for index in range(30_000)}
    response = post_multipart(client, wizard.url("heard"), fields, {"x": (b"", "")})
    assert response.status_code == 413
    assert FRIENDLY_413 in response.get_data(as_text=True)


# ---------------------------------------------------------------------------- CSV


@pytest.fixture
def channels(client):
    """A proposal whose worked sample is cost-per-lead (a table of channels)."""
    wizard = Wizard(client)
    assert wizard.choose_sample("cost-per-lead").status_code == 302
    return wizard


BASE = {"mode": "library", "sample_id": "cost-per-lead", "shown_sample_id": "cost-per-lead"}
HEADER = "channel,spend,leads,customers\n"


def _post_csv(client, wizard, data: bytes, filename: str = "channels.csv"):
    files = {"inputs-channels__file": (data, filename)}
    return post_multipart(client, wizard.url("sample"), {**BASE, "action": "work"}, files)


def _saved_channels(wizard, session):
    proposal = wizard.proposal(session)
    sample = proposal.step_drafts.get("sample") or proposal.document.get("sample") or {}
    return [row.get("channel") for row in (sample.get("inputs") or {}).get("channels", [])]


def _fill_two_rows(client, wizard):
    rows = HEADER + "Radio,100,10,1\nPosters,50,5,1\n"
    assert _post_csv(client, wizard, rows.encode()).status_code == 302


MALFORMED_CSV = {
    "over-1-mb": ((HEADER + "a,1,1,1\n" * 200_000).encode(), "under 1 MB"),
    "png-renamed-csv": (png_bytes(), "not a UTF-8 CSV"),
    "bad-utf8": ((HEADER + "Caf\xe9,1,1,1\n").encode("latin-1") + b"\xff", "not a UTF-8 CSV"),
    "wrong-header": (b"name,cost\nRadio,100\n", "header must name the columns"),
}


@pytest.mark.parametrize(("data", "message"), MALFORMED_CSV.values(), ids=MALFORMED_CSV.keys())
def test_a_malformed_csv_upload_is_refused_with_a_message(client, session, channels, data, message):
    _fill_two_rows(client, channels)
    response = _post_csv(client, channels, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:1500]
    assert message in html
    assert_page_harmless(html)
    assert client.get(channels.url("sample")).status_code == 200


# Regression (found by this suite, fixed): library/inputs.py rows_from_csv: csv.Error (here 'field
# larger than field limit (131072)') is not caught, so a CSV with one 200 KB cell (well under the
# 1 MB limit) is a 500.
def test_a_csv_with_a_huge_cell_is_refused_with_a_message(client, channels):
    data = (HEADER + "x" * 200_000 + ",1,1,1\n").encode()
    response = _post_csv(client, channels, data)
    assert response.status_code == 422
    assert "CSV" in response.get_data(as_text=True)


# Regression (found by this suite, fixed): wizard/sample_step.py: a CSV with more rows than
# Limits.TABLE_ROWS (500) is saved as the step's draft, then the form is built with
# max_entries=500 and WTForms raises AssertionError: a 500, and every later GET of the step is a
# 500 too (the draft is stuck).
def test_a_csv_with_too_many_rows_is_refused_and_the_step_still_opens(client, channels):
    data = (HEADER + "".join(f"c{index},1,1,1\n" for index in range(600))).encode()
    response = _post_csv(client, channels, data)
    assert response.status_code == 422
    assert "500" in response.get_data(as_text=True)
    assert client.get(channels.url("sample")).status_code == 200


# Regression (found by this suite, fixed): library/inputs.py rows_from_csv sniffs the dialect from
# the header line only; csv.Sniffer then sets doublequote=False, so a standard CSV cell with
# escaped quotes ('"Acme ""Best"" Ltd"', as Excel and Sheets write it) becomes 'Acme "Best"" Ltd"'
# and a quoted comma can shift the row's columns.
def test_csv_cells_with_quotes_arrive_exactly(client, session, channels):
    names = ['Acme "Best" Ltd', 'She said "hi, there"', "<a href='x'>Link</a>"]
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["channel", "spend", "leads", "customers"])
    for name in names:
        writer.writerow([name, 100, 10, 1])
    assert _post_csv(client, channels, rows.getvalue().encode()).status_code == 302
    assert _saved_channels(channels, session) == names


# Regression (found by this suite, fixed): Werkzeug's MAX_FORM_PARTS (1,000) applies to the sample
# step's multipart form: a table of 300 rows x 4 columns (TABLE_ROWS allows 500) is refused with a
# 413 when saved, losing the edits.
def test_a_full_table_can_be_saved_from_the_form(client, session, channels):
    form = {**BASE, "action": "next"}
    for index in range(300):
        form.update(
            {
                f"inputs-channels-{index}-channel": f"Channel {index}",
                f"inputs-channels-{index}-spend": "100",
                f"inputs-channels-{index}-leads": "10",
                f"inputs-channels-{index}-customers": "1",
            }
        )
    files = {"inputs-channels__file": (b"", "")}
    response = post_multipart(client, channels.url("sample"), form, files)
    assert response.status_code == 302
    assert len(_saved_channels(channels, session)) == 300
