"""`proposals render`: examples render, invalid files exit 2 naming the field, nothing written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from proposals.cli import main
from proposals.paths import SAMPLES
from tests.conftest import NORTHWIND, load_example


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


def test_invalid_document_lists_every_error_and_writes_nothing(run, tmp_path):
    document = load_example(NORTHWIND)
    document["offer"]["options"][0]["price"] = "four hundred"
    del document["prospect"]["organisation"]
    output = tmp_path / "proposal.pdf"
    result = run("render", write_json(tmp_path / "bad.json", document), "-o", output)
    assert result.exit_code == 2
    assert "offer.options[0].price: not a number" in result.output
    assert "prospect.organisation: required" in result.output
    assert "2 problems, nothing written" in result.output
    assert not output.exists()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.tmp")) == []


def test_unknown_sample_names_the_available_ones(run, tmp_path):
    document = load_example(NORTHWIND)
    document["sample"]["id"] = "cash-runaway"
    output = tmp_path / "proposal.pdf"
    result = run("render", write_json(tmp_path / "typo.json", document), "-o", output)
    assert result.exit_code == 2
    assert "sample.id: no sample 'cash-runaway' in the library" in result.output
    assert "backup-gap" in result.output and "cash-runway" in result.output
    assert not output.exists()


def test_sample_inputs_that_do_not_fit_name_row_and_column(run, tmp_path):
    document = load_example(NORTHWIND)
    document["sample"]["inputs"]["months"][2]["costs"] = "n/a"
    result = run("render", write_json(tmp_path / "cells.json", document), "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "sample.inputs.months[2].costs: row 3, costs: not a number" in result.output


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("broken.json", '{"schema": "proposals/v1",', "not valid JSON"),
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
