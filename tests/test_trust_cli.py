"""`proposals check`: exit 0 without problems, 1 with any, 2 for an invalid file; the JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from proposals.cli import main
from proposals.trust import ENV_VARIABLE, SECTIONS
from tests.conftest import HARBOR, NORTHWIND, load_example


@pytest.fixture
def run(monkeypatch):
    monkeypatch.delenv(ENV_VARIABLE, raising=False)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


def write_json(path, document):
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def pushy(tmp_path):
    document = load_example(NORTHWIND)
    document["offer"]["summary"] = "Our world-class team can start Monday. Act now!"
    return write_json(tmp_path / "pushy.json", document)


def test_examples_pass_with_exit_0(run, example_path):
    result = run("check", example_path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{example_path}: no problems")
    assert "Who the words are about:" in result.output


def test_advice_alone_still_exits_0_and_is_grouped_by_section(run):
    result = run("check", HARBOR)
    assert result.exit_code == 0
    assert "1 piece of advice" in result.output
    assert "\nWhat we heard\n  advice   coverage: If the schedule is gone" in result.output


def test_a_problem_exits_1_and_names_the_words(run, pushy):
    result = run("check", pushy)
    assert result.exit_code == 1
    assert "2 problems" in result.output
    assert "If you'd like our help" in result.output
    assert "problem  hype: world-class" in result.output
    assert "problem  pressure: Act now" in result.output


def test_json_shape(run, pushy):
    result = run("check", pushy, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"findings", "summary"}
    for finding in data["findings"]:
        assert set(finding) == {"rule", "severity", "section", "text", "suggestion"}
        assert finding["severity"] in ("problem", "advice") and finding["section"] in SECTIONS
    assert {(f["rule"], f["text"]) for f in data["findings"]} == {
        ("hype", "world-class"),
        ("pressure", "Act now"),
    }
    summary = data["summary"]
    assert (summary["problems"], summary["advice"]) == (2, 0)
    assert summary["by_rule"] == {"hype": 1, "pressure": 1}
    assert summary["sample_checked"] == "whole"
    assert set(summary["self_orientation"]) == {"overall", "sections"}
    assert set(summary["self_orientation"]["overall"]) == {"first_person", "client", "seller_share"}


def test_json_for_a_clean_document_exits_0(run):
    result = run("check", NORTHWIND, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["findings"] == []


def test_an_invalid_document_exits_2_listing_every_error(run, tmp_path):
    document = load_example(NORTHWIND)
    document["offer"]["options"][0]["price"] = "four hundred"
    del document["prospect"]["organisation"]
    result = run("check", write_json(tmp_path / "bad.json", document))
    assert result.exit_code == 2
    assert "offer.options[0].price: not a number" in result.output
    assert "prospect.organisation: required" in result.output
    assert "2 problems, not checked" in result.output


@pytest.mark.parametrize("name", ["missing.json", "proposal.txt"])
def test_an_unreadable_file_exits_2(run, tmp_path, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("hello", encoding="utf-8")
    assert run("check", path).exit_code == 2


def test_an_unknown_sample_is_checked_on_its_commentary(run, tmp_path):
    document = load_example(HARBOR)
    document["sample"]["id"] = "no-such-sample"
    result = run("check", write_json(tmp_path / "odd.json", document))
    assert result.exit_code == 0
    assert "only its commentary was checked" in result.output


def test_a_firms_phrase_file_is_used_and_a_broken_one_exits_2(run, tmp_path, monkeypatch):
    firm = tmp_path / "firm.yaml"
    firm.write_text("rules:\n  hype:\n    phrases: [runway]\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VARIABLE, str(firm))
    result = run("check", NORTHWIND)
    assert result.exit_code == 1 and "hype: runway" in result.output

    firm.write_text("rules:\n  pushy: {}\n", encoding="utf-8")
    result = run("check", NORTHWIND)
    assert result.exit_code == 2
    assert "unknown pushy" in result.output
