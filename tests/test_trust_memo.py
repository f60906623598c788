"""What the check worked out once is kept in the user's cache (trust/memo.py): checking the
same proposal again in a new process gives the same report without loading the slow
libraries, and a cache that is damaged or from other versions is only slower."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from proposals import cli
from proposals.document import validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.trust import check as trust_check
from proposals.trust import memo, worked_sample_text
from tests.conftest import NORTHWIND, load_example

# Loaded only for text the check has not read before (their load is most of a cold check).
SLOW = ("numpy", "tokenizers", "textstat", "wordfreq", "jinja2", "markdown", "matplotlib")
# Never needed by `proposals check`.
APP = ("flask", "sqlalchemy", "weasyprint", "waitress")


def check(path, cache) -> tuple[dict, set[str]]:
    """`proposals check --json` in a new Python: the report and every module it imported."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PROPOSALS_TRUST_PHRASES", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "proposals", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    return json.loads(done.stdout), imported


@pytest.fixture
def edited(tmp_path):
    """Northwind with one new paragraph in what we heard."""
    document = load_example(NORTHWIND)
    document["listening"]["situation"] += (
        "\n\nMaria also wants the new oven's lease compared with buying it outright."
    )
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_second_check_reads_its_cache_and_loads_neither_the_app_nor_the_slow_libraries(
    tmp_path,
):
    cache = tmp_path / "cache"
    first, imported_first = check(NORTHWIND, cache)
    assert {"numpy", "textstat", "wordfreq", "jinja2"} <= imported_first  # a cold cache
    again, imported_again = check(NORTHWIND, cache)
    assert again == first
    assert not imported_again & {*SLOW, *APP}, sorted(imported_again & {*SLOW, *APP})
    assert not imported_first & set(APP)


def test_an_edited_proposal_works_out_only_what_is_new_and_reports_it(tmp_path, edited):
    cache = tmp_path / "cache"
    check(NORTHWIND, cache)
    report, imported = check(edited, cache)
    fresh, _ = check(edited, tmp_path / "empty")
    assert report == fresh  # the kept results change nothing
    assert {"numpy", "textstat"} <= imported  # the new sentence and its section
    assert "jinja2" not in imported  # nothing the worked sample reads has changed


def test_a_damaged_cache_is_worked_out_again(tmp_path):
    cache = tmp_path / "cache"
    first, _ = check(NORTHWIND, cache)
    for kept in (cache / "proposals").glob("*.pickle"):
        kept.write_bytes(b"not a pickle")
    again, imported = check(NORTHWIND, cache)
    assert again == first
    assert "numpy" in imported


def test_a_memo_is_named_by_what_made_its_values(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    old = memo.Memo("test-words", "wordfreq", "3.1.1")
    old.get("overdraft", lambda: 2.9)
    old.save()
    new = memo.Memo("test-words", "wordfreq", "3.2.0")
    assert new.get("overdraft", lambda: 3.0) == 3.0  # another version: worked out again
    same = memo.Memo("test-words", "wordfreq", "3.1.1")
    assert same.get("overdraft", lambda: pytest.fail("worked out again")) == 2.9
    memo._memos[:] = [m for m in memo._memos if m.name != "test-words"]


def test_a_memo_keeps_only_its_newest_values(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = memo.Memo("test-newest", "1", kept=2)
    for word in ("a", "b", "c"):
        kept.get(word, lambda word=word: word.upper())
    kept.save()
    again = memo.Memo("test-newest", "1", kept=2)
    asked = []
    assert again.get_many(["a", "b", "c"], lambda keys: asked.extend(keys) or ["A!"]) == [
        "A!",
        "B",
        "C",
    ]
    assert asked == ["a"]
    memo._memos[:] = [m for m in memo._memos if not m.name.startswith("test-")]


def test_the_kept_worked_sample_follows_what_it_reads(tmp_path, monkeypatch):
    """New inputs or another currency are in the worked sample at once; an edit it doesn't
    read keeps it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    catalog = FolderCatalog(SAMPLES)
    document = load_example(NORTHWIND)
    before = worked_sample_text(validate_document(document), catalog)
    document["listening"]["notes"] += " Met again on Friday."
    monkeypatch.setattr(trust_check, "_worked_out", lambda *args: pytest.fail("worked out again"))
    assert worked_sample_text(validate_document(document), catalog) == before
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    document["sample"]["inputs"]["cash_on_hand"] = "12000.00"
    assert "£12,000.00 you have today" in worked_sample_text(validate_document(document), catalog)
    for option in document["offer"]["options"]:
        option["currency"] = "EUR"
    assert "€12,000.00 you have today" in worked_sample_text(validate_document(document), catalog)


def test_only_the_check_command_pauses_the_garbage_collector(monkeypatch):
    """A one-off check skips collecting (a fifth of its time); the server never does."""
    paused, frozen_at_exit = [], []
    monkeypatch.setattr(cli.gc, "disable", lambda: paused.append(True))
    monkeypatch.setattr(cli.atexit, "register", lambda callback: frozen_at_exit.append(callback))
    monkeypatch.setattr(cli, "main", lambda: None)
    for argv in (["proposals", "serve"], ["proposals", "--help"], ["proposals", "render", "x"]):
        monkeypatch.setattr(sys, "argv", argv)
        cli.run()
    assert not paused and not frozen_at_exit
    monkeypatch.setattr(sys, "argv", ["proposals", "check", str(NORTHWIND)])
    cli.run()
    assert paused == [True] and frozen_at_exit == [cli.gc.freeze]


def test_a_memo_never_saved_stays_bounded_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = memo.Memo("test-bounded", "1", kept=10)
    for number in range(100):
        kept.get(number, lambda number=number: number)
    assert len(kept._values) <= 20 and 99 in kept._values
    memo._memos[:] = [m for m in memo._memos if not m.name.startswith("test-")]


def test_values_asked_together_come_back_even_when_the_memo_trims_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = memo.Memo("test-together", "1", kept=2)
    kept.get_many(["old"], lambda keys: ["OLD"])
    many = [f"new{number}" for number in range(10)]  # trims "old" away while they are added
    assert kept.get_many(["old", *many], lambda keys: [key.upper() for key in keys]) == [
        "OLD",
        *(key.upper() for key in many),
    ]
    memo._memos[:] = [m for m in memo._memos if not m.name.startswith("test-")]
