"""PDF variants and the embedded document: qpdf-clean, right paper, importable again."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from proposals import create_app, db
from proposals.cli import main
from proposals.document import client_facing, normalize, validate_document
from proposals.library.catalog import FolderCatalog
from proposals.models import Proposal
from proposals.paths import SAMPLES
from proposals.render import render_pdf
from tests.conftest import EXAMPLES, load_example

VARIANTS = {
    "plain": None,
    "archival": {"archival": True},
    "tagged": {"tagged": True},
    "archival+tagged": {"archival": True, "tagged": True},
}
POINTS = {"A4": (595, 842), "Letter": (612, 792)}


def logo_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (120, 40), (170, 51, 0)).save(output, format="PNG")
    return output.getvalue()


@pytest.fixture(scope="module")
def catalog():
    return FolderCatalog(SAMPLES)


def render(example_path, catalog, pdf_options=None, firm=None) -> tuple[dict, bytes]:
    data = normalize(load_example(example_path))
    if pdf_options:
        data["pdf"] = pdf_options
    pdf, _ = render_pdf(validate_document(data), catalog, firm=firm)
    return data, pdf


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("example_path", EXAMPLES, ids=lambda p: p.stem)
def test_qpdf_finds_no_errors_in_any_variant(tmp_path, catalog, example_path, variant):
    assert shutil.which("qpdf"), "qpdf is missing: run scripts/setup --test"
    _, pdf = render(example_path, catalog, VARIANTS[variant])
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_archival_variant_declares_pdf_a(catalog):
    _, pdf = render(EXAMPLES[0], catalog, {"archival": True})
    metadata = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert metadata is not None
    assert b"pdfaid" in metadata.stream.get_data()


def test_tagged_variant_has_a_structure_tree(catalog):
    _, pdf = render(EXAMPLES[0], catalog, {"tagged": True})
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_paper_size_from_the_proposal_or_else_the_firm(catalog, size):
    other = "Letter" if size == "A4" else "A4"
    for options, firm in (({"page_size": size}, {"page_size": other}), (None, {"page_size": size})):
        _, pdf = render(EXAMPLES[1], catalog, options, firm)
        for page in PdfReader(io.BytesIO(pdf)).pages:
            assert (
                round(float(page.mediabox.width)),
                round(float(page.mediabox.height)),
            ) == POINTS[size]


def test_the_firm_logo_and_colour_reach_the_cover(catalog):
    _, pdf = render(
        EXAMPLES[0],
        catalog,
        firm={"logo": logo_png(), "colour": "#aa3300", "name": "Whitfield & Co. Accounting"},
    )
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(cover.images) == 1
    assert "Whitfield & Co." in cover.extract_text()


@pytest.mark.parametrize("example_path", EXAMPLES, ids=lambda p: p.stem)
def test_the_pdf_carries_the_document_without_private_notes(catalog, example_path):
    data, pdf = render(example_path, catalog)
    embedded = PdfReader(io.BytesIO(pdf)).attachments["proposal.json"][0]
    assert json.loads(embedded) == client_facing(data)
    assert data["listening"]["notes"][:40].encode() not in pdf


def test_proposals_import_recreates_the_proposal(tmp_path, monkeypatch, catalog, northwind):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    _, pdf = render(EXAMPLES[0], catalog)
    source = tmp_path / "sent.pdf"
    source.write_bytes(pdf)
    result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code == 0, result.output
    assert "as proposal 1" in result.output
    app = create_app({"INSTANCE_PATH": tmp_path / "instance", "SEED_DEMO": False})
    with db.standalone_session(app) as session:
        assert session.get(Proposal, 1).document == client_facing(northwind)
    app.extensions["db_engine"].dispose()


def test_importing_a_pdf_without_a_document_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    from proposals.render import html_to_pdf

    other = tmp_path / "other.pdf"
    other.write_bytes(html_to_pdf("<p>Not a proposal</p>"))
    result = CliRunner().invoke(main, ["import", str(other)])
    assert result.exit_code == 2
    assert "carries no proposal.json" in result.output
