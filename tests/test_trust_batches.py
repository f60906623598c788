"""The held-out batches of the trust check, each passage placed in a realistic proposal.

Each batch in tests/data/trust_batches/ was committed before any rule it tests changed and
run once; the README records those first-run figures. This test recomputes today's figures
and holds the last batch to the targets of issue 13.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from proposals.document import dump_document, validate_document
from proposals.document_files import load_document_file
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.trust import ENV_VARIABLE, check_document, worked_sample_text
from proposals.trust.report import PROBLEM

DATA = Path(__file__).parent / "data"
BATCHES = sorted((DATA / "trust_batches").glob("batch-*.yaml"))
DEMO = Path(__file__).parent.parent / "proposals" / "demo"
BASES = {
    "northwind": DEMO / "northwind-bakery.json",
    "harbor": DEMO / "harbor-dental.toml",
    "family-law": DATA / "trust_bases" / "family-law.json",
    "retirement-nz": DATA / "trust_bases" / "retirement-nz.json",
    "training-au": DATA / "trust_bases" / "training-au.json",
}
PUSHY_FOUND_AT_LEAST = 0.85  # pushy passages with any finding
GOOD_PROBLEM_AT_MOST = 0.10  # good passages with a `problem`


@pytest.fixture(autouse=True)
def _built_in_phrases_only(monkeypatch):
    monkeypatch.delenv(ENV_VARIABLE, raising=False)


@cache
def base_data(name: str) -> str:
    return json.dumps(dump_document(load_document_file(BASES[name])))


def _joined(first: str, rest: str | None) -> str:
    return f"{first}\n\n{rest}" if rest else first


def placed(entry: dict) -> dict:
    """The base proposal with the passage added to its section's main text."""
    data = copy.deepcopy(json.loads(base_data(entry["base"])))
    text, section = entry["text"].strip(), entry["section"]
    if section == "heard":
        data["listening"]["situation"] = _joined(text, data["listening"].get("situation"))
    elif section == "sample":
        data["sample"]["commentary"] = _joined(text, data["sample"].get("commentary"))
    elif section == "others":
        data["self_help"] = [*data.get("self_help", []), text]
    elif section == "offer":
        data["offer"]["summary"] = _joined(text, data["offer"].get("summary"))
    elif section == "next":
        data["next_steps"] = [*data.get("next_steps", []), text]
    else:
        raise ValueError(f"{entry['id']}: unknown section {section!r}")
    return data


@cache
def worked(name: str) -> str | None:
    """The base's library sample worked out (a passage never changes its inputs)."""
    document = validate_document(json.loads(base_data(name)))
    return worked_sample_text(document, FolderCatalog(SAMPLES))


def findings(data: dict, base: str) -> Counter:
    report = check_document(validate_document(data), worked(base))
    return Counter((f.rule, f.section, f.severity) for f in report.findings)


@cache
def base_findings(name: str) -> Counter:
    return findings(json.loads(base_data(name)), name)


def new_findings(entry: dict) -> Counter:
    """What the check finds with the passage that it doesn't find without it."""
    return findings(placed(entry), entry["base"]) - base_findings(entry["base"])


def measure(entries: list[dict]) -> dict:
    pushy = [entry for entry in entries if entry["pushy"]]
    good = [entry for entry in entries if not entry["pushy"]]
    found = {entry["id"]: new_findings(entry) for entry in entries}
    return {
        "pushy": len(pushy),
        "good": len(good),
        "pushy_found": [e["id"] for e in pushy if found[e["id"]]],
        "pushy_missed": [e["id"] for e in pushy if not found[e["id"]]],
        "good_flagged": [e["id"] for e in good if found[e["id"]]],
        "good_problem": [e["id"] for e in good if any(key[2] == PROBLEM for key in found[e["id"]])],
        "found": found,
    }


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def summary_line(path: Path, figures: dict) -> str:
    return (
        f"{path.stem}: {len(figures['pushy_found'])}/{figures['pushy']} pushy found, "
        f"{len(figures['good_flagged'])}/{figures['good']} good flagged, "
        f"{len(figures['good_problem'])}/{figures['good']} good with a problem; "
        f"missed {figures['pushy_missed']}; good flagged {figures['good_flagged']}"
    )


@pytest.mark.parametrize("path", BATCHES, ids=lambda path: path.stem)
def test_each_batch_is_well_formed(path):
    entries = load(path)
    assert len(entries) >= 40
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    pushy = sum(entry["pushy"] for entry in entries)
    assert 0.4 <= pushy / len(entries) <= 0.6, "about half pushy, half good"
    for entry in entries:
        assert entry["base"] in BASES
        assert bool(entry["rules"]) == entry["pushy"]
        validate_document(placed(entry))  # every passage fits its proposal


@pytest.mark.parametrize("path", BATCHES, ids=lambda path: path.stem)
def test_each_batch_meets_the_targets_today(path):
    """After tuning, every batch holds the targets; the first runs are in the README."""
    figures = measure(load(path))
    print("\n" + summary_line(path, figures))
    assert len(figures["pushy_found"]) / figures["pushy"] >= PUSHY_FOUND_AT_LEAST
    assert len(figures["good_problem"]) / figures["good"] <= GOOD_PROBLEM_AT_MOST


def test_first_runs_are_recorded_for_every_batch():
    runs = yaml.safe_load((DATA / "trust_batches" / "first_runs.yaml").read_text())
    assert set(runs) == {path.stem for path in BATCHES}
    for path in BATCHES:
        entries = load(path)
        assert runs[path.stem]["passages"] == len(entries)
        assert runs[path.stem]["pushy"] == sum(entry["pushy"] for entry in entries)
