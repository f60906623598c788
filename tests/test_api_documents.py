"""`/validate`, `POST /proposals` and `/check` say what the CLI says about the same documents
(the table in tests/document_cases.py), and `/check` answers `proposals check --json`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from proposals.cli import main
from proposals.models import Proposal
from tests.conftest import EXAMPLES, load_example
from tests.document_cases import CASES, SCHEMA_CASES, case_ids

JSON = {"Content-Type": "application/json"}


def problems_of(response) -> list[str]:
    """The problems of a problem+json answer, written as the CLI prints them."""
    assert response.mimetype == "application/problem+json", response.data[:300]
    return [
        f"{item['path']}: {item['message']}" if item["path"] else item["message"]
        for item in response.json["errors"]
    ]


def expected_status(case) -> int:
    return 400 if case.id == "broken-json" else 422


@pytest.mark.parametrize("case", CASES, ids=case_ids)
def test_validate_finds_what_the_cli_finds(api, case):
    response = api.post("/api/v1/validate", data=case.body(), headers=JSON)
    assert response.status_code == expected_status(case)
    assert problems_of(response) == case.problems
    assert response.json["status"] == response.status_code


@pytest.mark.parametrize("case", CASES, ids=case_ids)
def test_creating_from_a_bad_document_stores_nothing(api, session, case):
    response = api.post("/api/v1/proposals", data=case.body(), headers=JSON)
    assert response.status_code == expected_status(case)
    assert problems_of(response) == case.problems
    assert session.scalar(select(func.count()).select_from(Proposal)) == 0


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=case_ids)
def test_check_refuses_what_the_cli_refuses(api, case):
    response = api.post("/api/v1/check", data=case.body(), headers=JSON)
    assert response.status_code == expected_status(case)
    assert problems_of(response) == case.problems


@pytest.mark.parametrize("example_file", EXAMPLES, ids=lambda path: path.stem)
def test_the_examples_are_valid(api, example_file):
    response = api.post("/api/v1/validate", json=load_example(example_file))
    assert response.status_code == 200
    assert response.json == {"valid": True}


@pytest.mark.parametrize("example_file", EXAMPLES, ids=lambda path: path.stem)
def test_check_answers_the_json_of_proposals_check(api, tmp_path, monkeypatch, example_file):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "cli"))
    printed = CliRunner().invoke(main, ["check", str(example_file), "--json"]).stdout
    response = api.post("/api/v1/check", json=load_example(example_file))
    assert response.status_code == 200
    assert response.json == json.loads(printed)


def test_check_finds_sales_talk_in_what_was_heard(api, northwind):
    northwind["listening"]["situation"] = "Act now: this special discount ends on Friday."
    response = api.post("/api/v1/check", json=northwind)
    assert response.status_code == 200
    rules = {finding["rule"] for finding in response.json["findings"]}
    assert "pressure" in rules
    assert response.json["summary"]["problems"] >= 1


def test_a_sample_that_cannot_be_worked_out_is_still_checked(api, northwind):
    """As `proposals check`: the check reads the commentary when the sample won't work out."""
    northwind["sample"]["id"] = "cash-runaway"
    response = api.post("/api/v1/check", json=northwind)
    assert response.status_code == 200
    assert "findings" in response.json
