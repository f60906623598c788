"""Input that once ended in a 500 page or a traceback now gets a 4xx (or exit 2) and a reason.

Ids past what a database row can hold, integers of thousands of digits, and documents or
sample bodies nested thousands of levels deep (issue 12, finding 6 and 7).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from proposals.cli import main
from proposals.document import DocumentError, validate_document
from proposals.library.revisions import LibraryError, validate_source
from tests.conftest import NORTHWIND, load_example

HUGE_ID = 2**63  # one past the largest 64-bit id


@pytest.mark.parametrize(
    "path",
    [
        f"/proposals/{HUGE_ID}",
        f"/proposals/{HUGE_ID}/step/people",
        f"/proposals/1/pdf/{HUGE_ID}",
        f"/referrals/{HUGE_ID}/edit",
        f"/library/cash-runway/diff?from={HUGE_ID}&to=1",
        f"/library/cash-runway/download?revision={HUGE_ID}",
        "/library/?page=99999999999999999999999",
        "/audit/?page=99999999999999999999999",
    ],
)
def test_ids_past_any_row_are_not_found_never_a_500(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert "Something went wrong" not in response.get_data(as_text=True)


SAMPLE = """---
id: nested
title: Deep
inputs: []
{extra}
---
{body}
"""


@pytest.mark.parametrize(
    ("extra", "body", "message"),
    [
        ("summary: " + "9" * 5000, "Hello", "huge number"),
        ("example: {n: " + "9" * 400 + "}", "Hello", "more than 300 digits"),
        ("tags: " + "[" * 40 + "]" * 40, "Hello", "nested"),
        ("", "{{ " + "(" * 30_000 + "1" + ")" * 30_000 + " }}", "nested more than 100 deep"),
        ("", "{{ " + "9" * 500 + " }}", "more than 300 digits"),
    ],
    ids=["5000-digit-yaml-int", "400-digit-example", "deep-yaml", "30000-brackets", "long-literal"],
)
def test_hostile_sample_files_are_refused_with_a_reason(extra, body, message):
    with pytest.raises(LibraryError, match=message):
        validate_source(SAMPLE.format(extra=extra, body=body))


def test_a_deep_body_in_the_editor_is_a_422_with_the_line(client):
    body = "Fine line\n{{ " + "[" * 5000 + "]" * 5000 + " }}"
    response = client.post("/library/new", data={"source": SAMPLE.format(extra="", body=body)})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "nested more than 100 deep" in html and "line 8" in html


def nested(depth: int):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


def test_a_deep_document_is_refused_by_path_not_by_recursion():
    document = load_example(NORTHWIND)
    document["sample"]["inputs"]["months"] = nested(5000)
    with pytest.raises(DocumentError, match="nested more than 32 levels deep"):
        validate_document(document)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 200_000 + "]" * 200_000),
        ("deep.toml", "a = " + "[" * 200_000 + "]" * 200_000),
        ("huge.json", '{"title": ' + "9" * 5000 + "}"),
    ],
)
def test_the_cli_says_what_is_wrong_and_exits_2(tmp_path, monkeypatch, name, text):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for command in (["render", path, "-o", tmp_path / "out.pdf"], ["check", path]):
        result = CliRunner().invoke(main, [str(part) for part in command])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert "problem" in result.output
    assert not (tmp_path / "out.pdf").exists()
