"""The proposals/v1 document: what validates, what doesn't, and what the consultant is told."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path

import pytest

from proposals.document import (
    SECTIONS,
    Document,
    DocumentError,
    Limits,
    client_facing,
    normalize,
    validate_document,
    validate_section,
)
from proposals.document_files import load_document_file, parse_document_text
from proposals.paths import DEMO

NORTHWIND = DEMO / "northwind-bakery.json"
HARBOR = DEMO / "harbor-dental.toml"
MISSING = object()  # "remove this field" in set_path

LISTENING_MESSAGE = "write the situation or at least one goal: what did you hear?"
HELP_MESSAGE = "name at least one other provider or one thing the client can do themselves"
CURRENCY_MESSAGE = "not an ISO 4217 currency code (like GBP or USD)"
DATE_MESSAGE = "not a date (use YYYY-MM-DD)"


def raw(path: Path = NORTHWIND) -> dict:
    """A fresh, unvalidated copy of an example document."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else tomllib.loads(text)


def set_path(data: dict, path: str, value) -> dict:
    """Set (or, with MISSING, remove) `offer.options[0].price`-style paths in place."""
    keys = [
        int(k[1:-1]) if k.startswith("[") else k for k in re.findall(r"\[\d+\]|[^.\[\]]+", path)
    ]
    parent = data
    for key in keys[:-1]:
        parent = parent[key]
    if value is MISSING:
        del parent[keys[-1]]
    else:
        parent[keys[-1]] = value
    return data


def changed(path: str, value, document: dict | None = None) -> dict:
    return set_path(copy.deepcopy(document or raw()), path, value)


def problems(data) -> list[str]:
    """Every message validation reports, as the consultant reads them."""
    with pytest.raises(DocumentError) as caught:
        validate_document(data)
    return [str(error) for error in caught.value.errors]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# The examples


def test_json_example_loads_with_its_content():
    document = load_document_file(NORTHWIND)
    assert isinstance(document, Document)
    assert document.title == "Getting through February with cash to spare"
    assert document.prospect.organisation == "Northwind Bakery Ltd"
    assert [option.price for option in document.offer.options] == ["450.00", "120.00", "900.00"]
    assert document.display_currency == "GBP"


def test_toml_example_loads_with_its_content():
    document = load_document_file(HARBOR)
    assert document.consultant.name == "Marcus Lindqvist"
    assert str(document.prospect.met_on) == "2026-11-16"
    assert len(document.referrals) == 2
    assert [option.currency for option in document.offer.options] == ["USD", "USD"]
    assert document.follow_up is not None and str(document.follow_up.on) == "2026-11-30"


def test_toml_native_dates_are_accepted(tmp_path):
    text = HARBOR.read_text(encoding="utf-8").replace(
        'met_on = "2026-11-16"', "met_on = 2026-11-16"
    )
    assert "met_on = 2026-11-16" in text
    document = load_document_file(write(tmp_path, "native.toml", text))
    assert str(document.prospect.met_on) == "2026-11-16"


def test_upper_case_suffix_is_read(tmp_path):
    path = write(tmp_path, "PROPOSAL.JSON", NORTHWIND.read_text(encoding="utf-8"))
    assert load_document_file(path).title == "Getting through February with cash to spare"


@pytest.mark.parametrize("path", [NORTHWIND, HARBOR], ids=lambda path: path.suffix)
def test_normalize_is_stable(path):
    once = normalize(raw(path))
    assert normalize(once) == once
    assert normalize(json.loads(json.dumps(once))) == once


def test_normalize_keeps_the_private_notes():
    assert normalize(raw())["listening"]["notes"].startswith("Met at the bakery")


def test_normalize_cleans_what_people_type():
    data = changed("title", "  Cash to spare  ")
    set_path(data, "offer.options[0].price", " 1,250.00 ")
    set_path(data, "offer.options[0].currency", "gbp")
    set_path(data, "consultant.name", "Dana Whitfield\r\n")
    document = normalize(data)
    assert document["title"] == "Cash to spare"
    assert document["offer"]["options"][0]["price"] == "1250.00"
    assert document["offer"]["options"][0]["currency"] == "GBP"
    assert document["consultant"]["name"] == "Dana Whitfield"


def test_normalize_writes_dates_and_schema_as_text():
    document = normalize(raw())
    assert document["schema"] == "proposals/v1"
    assert document["prospect"]["met_on"] == "2026-11-18"
    assert document["follow_up"]["on"] == "2026-12-02"
    assert document["offer"]["valid_until"] == "2027-01-31"


# ---------------------------------------------------------------------------
# One mistake, one message at the right path


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("consultant.name", MISSING, "consultant.name: required"),
        ("consultant.name", "   ", "consultant.name: required"),
        ("consultant.firm", "", "consultant.firm: required"),
        ("prospect.organisation", MISSING, "prospect.organisation: required"),
        ("prospect.organisation", "", "prospect.organisation: required"),
        ("title", MISSING, "title: required"),
        ("title", "", "title: required"),
        ("title", "x" * (Limits.TITLE + 1), "title: at most 200 characters"),
        ("consultant.name", "x" * 201, "consultant.name: at most 200 characters"),
        ("listening.notes", "x" * 20_001, "listening.notes: at most 20000 characters"),
        ("offer.options[0].price", "abc", "offer.options[0].price: not a number"),
        ("offer.options[0].price", "", "offer.options[0].price: not a number"),
        ("offer.options[0].price", None, "offer.options[0].price: not a number"),
        ("offer.options[0].price", "NaN", "offer.options[0].price: not a number"),
        ("offer.options[0].price", "Infinity", "offer.options[0].price: not a number"),
        ("offer.options[2].price", "12 pounds", "offer.options[2].price: not a number"),
        ("offer.options[0].price", "-1", "offer.options[0].price: cannot be negative"),
        ("offer.options[0].price", -0.01, "offer.options[0].price: cannot be negative"),
        ("offer.options[0].price", "1000000000", "offer.options[0].price: is too large"),
        ("offer.options[0].price", MISSING, "offer.options[0].price: required"),
        ("offer.options[0].currency", "XYZ", f"offer.options[0].currency: {CURRENCY_MESSAGE}"),
        ("offer.options[0].currency", "pounds", f"offer.options[0].currency: {CURRENCY_MESSAGE}"),
        ("offer.options[0].currency", "", "offer.options[0].currency: required"),
        ("currency", "EURO", f"currency: {CURRENCY_MESSAGE}"),
        ("locale", "xx-YY", "locale: unknown locale 'xx-YY'"),
        ("locale", "Swedish please", "locale: unknown locale 'Swedish please'"),
        ("locale", 12, "locale: not a locale tag (like en-GB or sv-SE)"),
        (
            "offer.options[1].tax",
            {"rate": "120"},
            "offer.options[1].tax.rate: a percentage from 0 to 100",
        ),
        (
            "offer.options[1].tax",
            {"rate": "-1"},
            "offer.options[1].tax.rate: a percentage from 0 to 100",
        ),
        (
            "offer.options[1].tax",
            {"rate": "lots"},
            "offer.options[1].tax.rate: a percentage from 0 to 100",
        ),
        ("offer.options[1].tax", {"included": True}, "offer.options[1].tax.rate: required"),
        (
            "offer.options[0].unit",
            "fortnight",
            "offer.options[0].unit: must be one of "
            "'one-off', 'hour', 'day', 'week', 'month' or 'year'",
        ),
        (
            "offer.options[0].add_ons",
            [{"name": "Extra", "price": "1e5"}],
            "offer.options[0].add_ons[0].price: not a number: write it out in full, without an"
            " exponent",
        ),
        (
            "offer.options[0].add_ons",
            [{"price": "50"}],
            "offer.options[0].add_ons[0].name: required",
        ),
        (
            "offer.options[0].add_ons",
            [{"name": "x", "price": "1"}] * 7,
            "offer.options[0].add_ons: at most 6 items",
        ),
        ("pdf", {"layout": "tiny"}, "pdf.layout: must be one of 'compact' or 'formal'"),
        ("prospect.met_on", "18/11/2026", f"prospect.met_on: {DATE_MESSAGE}"),
        ("prospect.met_on", "2026-02-30", f"prospect.met_on: {DATE_MESSAGE}"),
        ("prospect.met_on", "last Tuesday", f"prospect.met_on: {DATE_MESSAGE}"),
        ("offer.valid_until", "soon", f"offer.valid_until: {DATE_MESSAGE}"),
        ("follow_up.on", "next week", f"follow_up.on: {DATE_MESSAGE}"),
        ("follow_up.on", "", "follow_up.on: required"),
        ("consultant.email", "dana at whitfield", "consultant.email: not an e-mail address"),
        ("colour", "red", "colour: unknown field"),
        ("prospect.twitter", "@priya", "prospect.twitter: unknown field"),
        ("offer.options[1].discount", "10%", "offer.options[1].discount: unknown field"),
        ("schema", "proposals/v2", 'schema: must be "proposals/v1"'),
        ("schema", MISSING, "schema: required"),
        ("offer.options", [], "offer.options: at least 1 item"),
        ("listening.goals", ["a goal"] * 13, "listening.goals: at most 12 items"),
        ("listening.their_words", "one quote", "listening.their_words: must be a list"),
        ("prospect", "Northwind", "prospect: must be a table of named values"),
        ("title", 42, "title: must be text"),
    ],
)
def test_one_mistake_gives_one_message(path, value, expected):
    assert problems(changed(path, value)) == [expected]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("sv-SE", "sv-SE"), ("de_CH", "de-CH"), ("EN-nz", "en-NZ"), ("fr", "fr"), (" ", None)],
)
def test_a_locale_is_stored_in_its_usual_spelling(typed, stored):
    assert normalize(changed("locale", typed)).get("locale") == stored


def test_the_offer_accepts_units_tax_and_add_ons():
    option = {
        "name": "Monthly close",
        "price": "4 900",
        "currency": "SEK",
        "unit": "month",
        "tax": {"rate": "25", "included": False},
        "add_ons": [{"name": "Payroll", "description": "Up to 10 staff", "price": "1 200"}],
    }
    data = changed("offer.options", [option])
    set_path(data, "offer.tax_label", "moms")
    set_path(data, "pdf", {"layout": "compact"})
    stored = normalize(data)
    assert stored["offer"]["options"][0]["tax"] == {"rate": "25", "included": False}
    assert stored["offer"]["options"][0]["add_ons"][0]["price"] == "1200"
    assert stored["offer"]["options"][0]["unit"] == "month"
    assert stored["offer"]["tax_label"] == "moms"
    assert stored["pdf"] == {"layout": "compact", "archival": False, "tagged": False}


def test_the_examples_limits_are_inclusive():
    data = changed("title", "x" * Limits.TITLE)
    set_path(data, "listening.goals", ["goal"] * Limits.LIST_ITEMS)
    set_path(data, "offer.options[0].price", "999999999.99")
    set_path(data, "offer.options[1].price", "0")
    document = validate_document(data)
    assert len(document.title) == 200
    assert document.offer.options[1].price == "0"


def test_four_options_are_allowed_and_five_are_not():
    four = raw()
    four["offer"]["options"].append(dict(four["offer"]["options"][0], name="Fourth"))
    assert len(validate_document(four).offer.options) == Limits.OPTIONS_MAX
    five = copy.deepcopy(four)
    five["offer"]["options"].append(dict(four["offer"]["options"][0], name="Fifth"))
    assert problems(five) == ["offer.options: at most 4 items"]


@pytest.mark.parametrize(
    ("situation", "goals"),
    [(MISSING, []), ("", []), ("   ", ["", "  "]), (None, MISSING)],
    ids=["absent", "empty", "blank", "none"],
)
def test_listening_needs_situation_or_goals(situation, goals):
    data = changed("listening.situation", situation)
    set_path(data, "listening.goals", goals)
    assert problems(data) == [f"listening: {LISTENING_MESSAGE}"]


def test_listening_with_only_goals_or_only_situation_is_enough():
    only_goals = changed("listening.situation", MISSING)
    assert validate_document(only_goals).listening.goals
    only_situation = changed("listening.goals", [])
    assert validate_document(only_situation).listening.situation


@pytest.mark.parametrize(
    ("referrals", "self_help"),
    [([], []), (MISSING, MISSING), ([], ["", "   "])],
    ids=["empty", "absent", "blank-self-help"],
)
def test_someone_else_or_self_help_is_required(referrals, self_help):
    data = changed("referrals", referrals)
    set_path(data, "self_help", self_help)
    with pytest.raises(DocumentError) as caught:
        validate_document(data)
    assert [(error.path, error.message) for error in caught.value.errors] == [("", HELP_MESSAGE)]
    assert str(caught.value) == HELP_MESSAGE


def test_self_help_alone_or_referrals_alone_is_enough():
    assert validate_document(changed("referrals", [])).self_help
    assert validate_document(changed("self_help", [])).referrals


# ---------------------------------------------------------------------------
# Blank is absent


def test_blank_list_items_are_dropped():
    data = changed("listening.goals", ["First goal", "", "   ", "Second goal"])
    set_path(data, "listening.their_words", ["\n", "Quoted words"])
    set_path(data, "next_steps", ["", "Call us"])
    document = normalize(data)
    assert document["listening"]["goals"] == ["First goal", "Second goal"]
    assert document["listening"]["their_words"] == ["Quoted words"]
    assert document["next_steps"] == ["Call us"]


@pytest.mark.parametrize(
    ("path", "blank"),
    [
        ("consultant.phone", ""),
        ("consultant.email", "   "),
        ("prospect.industry", ""),
        ("prospect.contact_role", "\n"),
        ("prospect.met_on", ""),
        ("listening.tried_before", "  "),
        ("offer.valid_until", ""),
        ("offer.options[0].timeline", ""),
        ("currency", ""),
    ],
)
def test_blank_optional_text_is_absent(path, blank):
    document = normalize(changed(path, blank))
    *parents, leaf = path.replace("[0]", ".0").split(".")
    container = document
    for key in parents:
        container = container[int(key)] if key.isdigit() else container[key]
    assert leaf not in container


def test_an_empty_follow_up_is_no_follow_up():
    document = normalize(changed("follow_up", {"on": "", "about": "  "}))
    assert "follow_up" not in document


# ---------------------------------------------------------------------------
# Many mistakes at once


def test_several_mistakes_are_reported_together():
    data = changed("title", MISSING)
    set_path(data, "consultant.name", "")
    set_path(data, "offer.options[0].price", "lots")
    set_path(data, "prospect.met_on", "yesterday")
    with pytest.raises(DocumentError) as caught:
        validate_document(data)
    error = caught.value
    assert error.by_path() == {
        "title": "required",
        "consultant.name": "required",
        "prospect.met_on": DATE_MESSAGE,
        "offer.options[0].price": "not a number",
    }
    lines = str(error).splitlines()
    assert len(lines) == 4
    assert "offer.options[0].price: not a number" in lines


def test_a_document_must_be_a_table():
    assert problems(["not", "a", "table"]) == ["a proposal document must be a table of fields"]
    assert problems(None) == ["a proposal document must be a table of fields"]


# ---------------------------------------------------------------------------
# Reading files and text


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (
            '{"schema": "proposals/v1",\n "title": "x",\n oops}',
            ".json",
            r"^not valid JSON: .*\(line 3\)$",
        ),
        ("{}}", ".json", r"^not valid JSON: "),
        ("", ".json", r"^not valid JSON: "),
        ('title = "unterminated', ".toml", r"^not valid TOML: "),
        ("[consultant\nname = 1", ".toml", r"^not valid TOML: "),
        (
            "schema: proposals/v1",
            ".yaml",
            r"^unsupported file type '\.yaml': use \.json or \.toml$",
        ),
        ("{}", ".txt", r"^unsupported file type '\.txt'"),
        ("{}", "", r"^unsupported file type ''"),
    ],
)
def test_unparseable_text_is_a_document_error(text, suffix, expected):
    with pytest.raises(DocumentError) as caught:
        parse_document_text(text, suffix)
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].path == ""
    assert re.search(expected, str(caught.value))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.json", '{"title": ', "not valid JSON"),
        ("broken.toml", "title = ", "not valid TOML"),
        ("proposal.yaml", "title: x\n", "unsupported file type '.yaml'"),
        ("list.json", "[1, 2]", "a proposal document must be a table of fields"),
        ("empty.toml", "", "schema: required"),
        ("latin1.json", '{"title": "caf\xe9"}'.encode("latin-1"), "cannot read"),
    ],
)
def test_bad_files_give_a_document_error(tmp_path, name, content, expected):
    with pytest.raises(DocumentError) as caught:
        load_document_file(write(tmp_path, name, content))
    assert expected in str(caught.value)


def test_a_missing_file_cannot_be_read(tmp_path):
    missing = tmp_path / "nowhere.json"
    with pytest.raises(DocumentError) as caught:
        load_document_file(missing)
    assert str(caught.value).startswith(f"cannot read {missing}")


def test_a_directory_cannot_be_read(tmp_path):
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(DocumentError, match="^cannot read"):
        load_document_file(folder)


def test_a_file_that_parses_is_then_validated(tmp_path):
    data = changed("offer.options[0].price", "abc")
    path = write(tmp_path, "bad-price.json", json.dumps(data))
    with pytest.raises(DocumentError) as caught:
        load_document_file(path)
    assert str(caught.value) == "offer.options[0].price: not a number"


# ---------------------------------------------------------------------------
# What the client sees


def test_client_facing_removes_private_notes_without_touching_the_original():
    original = normalize(raw())
    before = copy.deepcopy(original)
    shown = client_facing(original)
    assert "notes" not in shown["listening"]
    assert "PRIVATE" not in json.dumps(shown)
    assert original == before
    assert original["listening"]["notes"].startswith("Met at the bakery")
    shown["listening"]["situation"] = "changed"
    shown["offer"]["options"][0]["price"] = "1"
    assert original == before


def test_client_facing_keeps_everything_else():
    original = normalize(raw(HARBOR))
    shown = client_facing(original)
    expected = copy.deepcopy(original)
    del expected["listening"]["notes"]
    assert shown == expected


def test_client_facing_of_a_document_without_notes_is_unchanged():
    original = normalize(changed("listening.notes", MISSING))
    assert client_facing(original) == original


# ---------------------------------------------------------------------------
# Sections, as the wizard validates them one step at a time

SECTION_KEYS = {
    "people": ("title", "consultant", "prospect"),
    "listening": ("listening",),
    "sample": ("sample",),
    "help": ("referrals", "self_help"),
    "offer": ("offer",),
    "next_steps": ("next_steps", "follow_up"),
}


def section_of(name: str, document: dict | None = None) -> dict:
    document = document or normalize(raw())
    return {key: copy.deepcopy(document[key]) for key in SECTION_KEYS[name]}


def test_every_section_is_covered():
    assert set(SECTION_KEYS) == set(SECTIONS)


@pytest.mark.parametrize("name", sorted(SECTION_KEYS))
def test_a_valid_section_comes_back_normalized(name):
    assert validate_section(name, section_of(name)) == section_of(name)


@pytest.mark.parametrize(
    ("name", "path", "value", "expected"),
    [
        ("people", "consultant.name", "", "consultant.name: required"),
        ("people", "title", "x" * 201, "title: at most 200 characters"),
        ("people", "prospect.met_on", "someday", f"prospect.met_on: {DATE_MESSAGE}"),
        (
            "listening",
            "listening",
            {"situation": " ", "goals": []},
            f"listening: {LISTENING_MESSAGE}",
        ),
        ("listening", "listening.mood", "calm", "listening.mood: unknown field"),
        (
            "sample",
            "sample.title",
            "Also inline",
            "sample: choose a library sample (id) or write one inline (title and body), not both",
        ),
        ("help", "referrals[1].why", "", "referrals[1].why: required"),
        ("offer", "offer.options[0].price", "abc", "offer.options[0].price: not a number"),
        (
            "offer",
            "offer.options[1].currency",
            "ZZZ",
            f"offer.options[1].currency: {CURRENCY_MESSAGE}",
        ),
        ("next_steps", "follow_up.on", "later", f"follow_up.on: {DATE_MESSAGE}"),
        ("next_steps", "next_steps", ["x" * 601], "next_steps[0]: at most 600 characters"),
    ],
)
def test_an_invalid_section_names_the_same_path_as_the_whole_document(name, path, value, expected):
    with pytest.raises(DocumentError) as section_error:
        validate_section(name, set_path(section_of(name), path, value))
    with pytest.raises(DocumentError) as document_error:
        validate_document(changed(path, value))
    assert [str(e) for e in section_error.value.errors] == [
        str(e) for e in document_error.value.errors
    ]
    if expected is not None:
        assert [str(e) for e in section_error.value.errors] == [expected]


def test_help_section_without_anyone_or_anything():
    with pytest.raises(DocumentError) as caught:
        validate_section("help", {"referrals": [], "self_help": ["  "]})
    assert str(caught.value) == HELP_MESSAGE


def test_section_drops_blanks_and_absent_values():
    stored = validate_section(
        "next_steps", {"next_steps": ["Call us", "", "  "], "follow_up": {"on": "", "about": ""}}
    )
    assert stored == {"next_steps": ["Call us"]}


def test_section_reports_several_errors_with_full_paths():
    with pytest.raises(DocumentError) as caught:
        validate_section(
            "people", {"title": "", "consultant": {"firm": "F"}, "prospect": {"organisation": "O"}}
        )
    assert caught.value.by_path() == {
        "title": "required",
        "consultant.name": "required",
        "prospect.contact_name": "required",
    }
