"""`proposals samples import|export|check`: files in and out of the library, checked."""

from __future__ import annotations

import html
import io
import re

import pytest
from click.testing import CliRunner

from proposals import create_app, db
from proposals.cli import main
from proposals.document import Limits
from proposals.library import lookups
from proposals.paths import SAMPLES

RUNWAY = (SAMPLES / "cash-runway.md").read_text(encoding="utf-8")
BAD_EXAMPLE = "---\nid: twice\ntitle: Twice\ninputs: [{name: n, label: N, type: number}]\n" + (
    'example: {n: "eight"}\n---\nTwice is {{ n * 2 }}.\n'
)
BROKEN = "---\nid: broken\ntitle: Broken\ninputs:\n  - {name: a, label: A, type: colour}\n---\nx\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def library(tmp_path):
    """Read the CLI's database after a command ran."""

    def snapshot() -> dict[str, list[str]]:
        app = create_app({"INSTANCE_PATH": tmp_path / "instance", "SEED_DEMO": False})
        with db.standalone_session(app) as session:
            found = {
                s.slug: [r.source for r in s.revisions]
                for s in lookups.all_samples(session, include_archived=True)
            }
        app.extensions["db_engine"].dispose()
        return found

    return snapshot


def test_check_passes_on_the_starter_library(run):
    result = run("samples", "check", SAMPLES)
    assert result.exit_code == 0, result.output
    count = len([p for p in SAMPLES.glob("*.md") if p.name != "README.md"])
    assert f"{count} of {count} sample(s) work out" in result.output


def test_check_names_the_failing_sample_and_exits_1(run, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "cash-runway.md").write_text((SAMPLES / "cash-runway.md").read_text())
    (folder / "broken.md").write_text(BROKEN)
    result = run("samples", "check", folder)
    assert result.exit_code == 1
    assert (
        "FAIL broken.md: front matter: inputs[0].type: unknown input type 'colour'" in result.output
    )
    assert "ok   cash-runway.md" in result.output


def test_check_without_a_path_checks_the_database_library(run):
    result = run("samples", "check")
    assert result.exit_code == 0, result.output
    assert "ok   cash-runway" in result.output


def test_export_then_import_gives_identical_samples(run, tmp_path, library):
    out = tmp_path / "out"
    assert run("samples", "export", out).exit_code == 0
    before = library()
    assert {p.stem for p in out.glob("*.md")} == set(before)
    assert (out / "cash-runway.md").read_text() == before["cash-runway"][0]
    result = run("samples", "import", out)
    assert result.exit_code == 0
    assert "cash-runway.md: unchanged" in result.output
    assert library() == before  # no new revision anywhere


def test_import_adds_samples_and_revisions(run, tmp_path, library):
    folder = tmp_path / "in"
    folder.mkdir()
    runway = (SAMPLES / "cash-runway.md").read_text().replace("title: Cash runway", "title: Runway")
    (folder / "runway.md").write_text(runway)
    (folder / "minutes.md").write_text(
        (SAMPLES / "cash-runway.md").read_text().replace("id: cash-runway", "id: runway-copy")
    )
    result = run("samples", "import", folder)
    assert result.exit_code == 0, result.output
    assert "runway.md: revision 2" in result.output
    assert "minutes.md: new sample" in result.output
    found = library()
    assert found["cash-runway"][0] == runway and len(found["cash-runway"]) == 2
    assert "runway-copy" in found


def test_a_bad_file_leaves_the_whole_library_unchanged(run, tmp_path, library):
    folder = tmp_path / "in"
    folder.mkdir()
    good = (SAMPLES / "backup-gap.md").read_text().replace("id: backup-gap", "id: new-one")
    (folder / "a-good.md").write_text(good)
    (folder / "b-broken.md").write_text(BROKEN)
    run("samples", "check")  # create the database
    before = library()
    result = run("samples", "import", folder)
    assert result.exit_code == 1
    assert "b-broken.md: front matter" in result.output
    assert "Nothing was imported" in result.output
    assert library() == before


def test_duplicate_ids_in_one_import_are_refused(run, tmp_path, library):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SAMPLES / "backup-gap.md").read_text().replace("id: backup-gap", "id: twin")
    (folder / "one.md").write_text(text)
    (folder / "two.md").write_text(text.replace("title: Backup gap", "title: Twin"))
    result = run("samples", "import", folder)
    assert result.exit_code == 1
    assert "the id 'twin' is also used by one.md" in result.output
    assert "twin" not in library()


BAD_FILES = {
    "not-utf8": ("latin.md", RUNWAY.replace("runway", "caf\xe9").encode("latin-1")),
    "too-long": ("long.md", (RUNWAY + "x" * Limits.SAMPLE_FILE).encode()),
    "far-too-long": ("huge.md", b"x" * (4 * Limits.SAMPLE_FILE + 1)),
    "not-markdown": ("runway.txt", RUNWAY.replace("cash-runway", "runway-text").encode()),
    "bad-declaration": ("broken.md", BROKEN.encode()),
    "bad-example": ("example.md", BAD_EXAMPLE.encode()),
    "body-fails": (
        "body.md",
        BAD_EXAMPLE.replace('"eight"', '"8"').replace("n * 2", "n / 0").encode(),
    ),
}


def upload_refusal(client, name: str, data: bytes) -> str:
    """The reason the library page gives next to its upload field."""
    response = client.post(
        "/library/upload",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    found = re.search(
        r'<p class="error" id="file-error">(.*?)</p>', response.get_data(as_text=True)
    )
    return html.unescape(found.group(1))


@pytest.mark.parametrize("name, data", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_the_command_line_and_the_upload_refuse_a_bad_file_in_the_same_words(
    run, tmp_path, client, name, data
):
    file = tmp_path / name
    file.write_bytes(data)
    result = run("samples", "import", file)
    assert result.exit_code == 1
    assert f"{file}: {upload_refusal(client, name, data)}\n" in result.output
    assert "Nothing was imported" in result.output


def test_import_refuses_a_file_longer_than_a_sample_file_may_be(run, tmp_path, library):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.md").write_text(RUNWAY.replace("id: cash-runway", "id: long") + "x" * 100_000)
    run("samples", "check")  # create the database
    result = run("samples", "import", folder)
    assert result.exit_code == 1
    assert f"long.md: a sample file is at most {Limits.SAMPLE_FILE:,} characters" in result.output
    assert "long" not in library()


def test_check_says_which_file_is_not_utf8_instead_of_crashing(run, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "cash-runway.md").write_text(RUNWAY)
    (folder / "latin.md").write_bytes("caf\xe9".encode("latin-1"))
    result = run("samples", "check", folder)
    assert result.exit_code == 1
    assert "FAIL latin.md: that file is not UTF-8 text" in result.output
    assert "ok   cash-runway.md" in result.output
    assert "1 of 2 sample(s) work out" in result.output
