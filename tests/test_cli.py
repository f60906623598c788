"""`proposals render`: examples render, invalid files exit 2 naming the field, nothing written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from proposals.cli import main
from proposals.paths import SAMPLES
from tests.conftest import NORTHWIND, load_example
from tests.document_cases import CASES, SCHEMA_CASES, case_ids


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run `proposals ...` with the database in a temporary instance folder."""
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


def write_json(path, document):
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_renders_each_example(run, tmp_path, example_path):
    output = tmp_path / "out" / "proposal.pdf"
    result = run("render", example_path, "-o", output)
    assert result.exit_code == 0, result.output
    assert f"Wrote {output}" in result.output
    reader = PdfReader(output)
    assert len(reader.pages) >= 6
    assert reader.metadata.title == load_example(example_path)["title"]


def test_renders_from_a_samples_folder_without_a_database(run, tmp_path):
    output = tmp_path / "proposal.pdf"
    result = run("render", NORTHWIND, "-o", output, "--samples", SAMPLES)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "instance" / "proposals.db").exists()
    assert output.read_bytes().startswith(b"%PDF")


def printed_problems(output: str) -> list[str]:
    """The problems the CLI lists, one an indented line, as they were printed."""
    return [line.strip() for line in output.splitlines() if line.startswith("  ")]


@pytest.mark.parametrize("case", CASES, ids=case_ids)
def test_each_bad_document_lists_every_problem_and_writes_nothing(run, tmp_path, case):
    """The table the API's tests share: the same problems, paths and words as /validate."""
    source = tmp_path / "bad.json"
    source.write_text(case.body(), encoding="utf-8")
    output = tmp_path / "proposal.pdf"
    result = run("render", source, "-o", output)
    assert result.exit_code == 2, result.output
    assert printed_problems(result.output) == case.problems
    count = len(case.problems)
    assert f"{count} problem{'s' if count != 1 else ''}, nothing written" in result.output
    assert not output.exists()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.tmp")) == []


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=case_ids)
def test_check_refuses_the_same_documents_in_the_same_words(run, tmp_path, case):
    source = tmp_path / "bad.json"
    source.write_text(case.body(), encoding="utf-8")
    result = run("check", source)
    assert result.exit_code == 2, result.output
    assert printed_problems(result.output) == case.problems
    assert "not checked" in result.output


def test_unknown_sample_names_the_available_ones(run, tmp_path):
    document = load_example(NORTHWIND)
    document["sample"]["id"] = "cash-runaway"
    output = tmp_path / "proposal.pdf"
    result = run("render", write_json(tmp_path / "typo.json", document), "-o", output)
    assert result.exit_code == 2
    assert "backup-gap" in result.output and "cash-runway" in result.output


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("broken.toml", 'title = "unterminated', "not valid TOML"),
        ("proposal.yaml", "title: x", "unsupported file type"),
    ],
)
def test_unparseable_files_exit_2(run, tmp_path, name, text, message):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = run("render", source, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_missing_file_exits_2(run, tmp_path):
    result = run("render", tmp_path / "nowhere.json", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_a_render_failure_exits_1_and_writes_nothing(run, tmp_path, monkeypatch):
    from proposals import render as render_package
    from proposals.render import RenderError

    def fail(*args, **kwargs):
        raise RenderError("the PDF could not be laid out: test")

    monkeypatch.setattr(render_package, "render_pdf", fail)
    result = run("render", NORTHWIND, "-o", tmp_path / "x.pdf", "--samples", SAMPLES)
    assert result.exit_code == 1
    assert "could not be laid out" in result.output
    assert not (tmp_path / "x.pdf").exists()
