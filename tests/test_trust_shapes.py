"""The trust check's rules of issue 13: shapes for pressure and hype, refusing referrals
or self-help, generic text, plain language and proposals in other languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proposals.document import validate_document
from proposals.document_files import load_document_file
from proposals.trust import ENV_VARIABLE, PhraseError, check_document, check_text, load
from proposals.trust.normalise import figure
from tests.conftest import EXAMPLES, load_example

BASES = Path(__file__).parent / "data" / "trust_bases"
FIRM = {"firm": ["Brennan Family Law", "Aoife Brennan"], "names": ["Siobhán Kelly"]}


@pytest.fixture(autouse=True)
def _built_in_phrases_only(monkeypatch):
    monkeypatch.delenv(ENV_VARIABLE, raising=False)


def rules(text: str, section: str = "next", client: dict | None = None) -> set[str]:
    return {finding.rule for finding in check_text(text, section, client)}


# ---------------------------------------------------------------------------
# Pressure: a decision, a limit and a stake, in any words.


@pytest.mark.parametrize(
    "text",
    [
        "This rate holds until Thursday, so reply before then to keep it.",
        "We can only keep this fee for clients who come back to us before the end of the "
        "month, after which our new pricing applies.",
        "Have you had a chance to decide yet?",
        "Any thoughts yet on which option you'll go with?",
        "Our diary for January is nearly gone.",
        "We have room for only one new matter before Christmas, so an early answer would "
        "help you secure it.",
        "Every month you wait is another month of overdraft interest you'll never get back.",
        "This quote is good for seven days.",
        "We'll pencil you in for the first Saturday and assume that's fine unless we hear back.",
        "Plenty of clients wish they'd started a year earlier.",
    ],
)
def test_pressure_in_new_wording_is_found(text):
    assert "pressure" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        # near misses: a real limit that is not on the client's decision
        "The insurer wants the questionnaire back by 15 January.",
        "The prices hold until 31 January because our fees are reviewed each year; after "
        "that we would quote again, and nothing changes for work already agreed.",
        "There is no rush: reply whenever it suits you, with the option you'd like.",
        "No decision is needed yet; the drill is useful on its own.",
        "The setup fee is £650 whenever you start, with no discount for starting sooner.",
    ],
)
def test_honest_limits_and_patience_are_not_pressure(text):
    assert "pressure" not in rules(text)


def test_the_clients_own_worry_about_waiting_is_not_pressure():
    text = "Siobhán is worried that waiting could cost her the goodwill she needs."
    assert "pressure" not in rules(text, "heard", FIRM)


# ---------------------------------------------------------------------------
# Hype: superlatives the firm claims for itself, not the client's people.


@pytest.mark.parametrize(
    "text",
    [
        "You'd be working with the most respected family-law team in the region.",
        "Brennan Family Law is hands down the finest practice in the county.",
        "No firm in Dublin settles more separations out of court than we do.",
        "You won't find a more experienced family lawyer in Dublin than Aoife.",
        "Our forecasting is the most accurate you will find anywhere, bar none.",
    ],
)
def test_firm_superlatives_in_new_wording_are_hype(text):
    assert "hype" in rules(text, "offer", FIRM)


@pytest.mark.parametrize(
    "text",
    [
        "We met your team leads, the most experienced people in the practice.",
        "Dr. Soto's team leads are stretched: the two practice leads cover reception.",
        "Priya's best bakers start at 4am.",
        "The biggest risk we see is the imaging server.",
        "Ray leads on IT by default, not by choice.",
    ],
)
def test_the_clients_people_and_things_are_not_hype(text):
    assert "hype" not in rules(text, "heard", {"names": ["Elena Soto", "Priya Raman"]})


def test_leads_the_noun_is_not_leading_the_claim():
    """The false alarm of issue 13: 'leads' matched the stem of 'leading'."""
    text = "We spoke with the team leads; the leads said the rota is the real problem."
    assert "hype" not in rules(text, "heard")
    assert "hype" in rules("We are the leading firm for rotas.", "offer")


# ---------------------------------------------------------------------------
# Refusing referrals or self-help.


@pytest.mark.parametrize(
    "text",
    [
        "There's no point bringing in a separate specialist; it all sits with us.",
        "You won't need a bookkeeper or anyone else once we take over.",
        "Trying to draft the reply yourself would be a mistake.",
        "Free mediation services rarely work for cases like yours, so we wouldn't "
        "recommend going down that road.",
        "A separate actuary isn't necessary; we handle the pension side in-house.",
        "We'd steer you away from relying on Citizens Information for your case.",
    ],
)
def test_refusing_referrals_or_self_help_is_a_problem(text):
    found = check_text(text, "others", FIRM)
    assert any(f.rule == "refuses-help" and f.severity == "problem" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        # near misses: naming others, or telling the client they can do it themselves
        "You may not need us for all of it: the Legal Aid Board's mediation is free.",
        "There's no need to pay anyone to track your spending: the free budget planner "
        "does it well.",
        "A specialist security firm would serve the penetration test better than we would.",
        "Ray can run the monthly restore test himself once he has done it twice with us.",
    ],
)
def test_referring_and_suggesting_self_help_are_not_refusals(text):
    assert "refuses-help" not in rules(text, "others", FIRM)


def test_a_refusal_that_names_a_referral_of_the_proposal_is_found():
    data = json.loads((BASES / "retirement-nz.json").read_text(encoding="utf-8"))
    data["next_steps"].append(
        "Please don't run the numbers through Sorted again; it tends to muddy the picture "
        "we're building for you."
    )
    report = check_document(validate_document(data))
    assert [f.section for f in report.findings if f.rule == "refuses-help"] == ["next"]


# ---------------------------------------------------------------------------
# Generic text.


def test_stock_phrasing_with_nothing_of_the_client_is_advice():
    text = (
        "In today's ever-changing business landscape, we partner with forward-thinking "
        "organisations to drive meaningful outcomes and unlock sustainable growth."
    )
    found = [f for f in check_text(text, "offer") if f.rule == "generic"]
    assert [f.severity for f in found] == ["advice"]


def test_a_whole_generic_section_is_a_problem():
    text = (
        "Our tailored approach leverages industry best practices to deliver robust, scalable "
        "solutions. We pride ourselves on innovative, end-to-end solutions with a "
        "client-centric focus and a commitment to excellence."
    )
    found = [f for f in check_text(text, "offer") if f.rule == "generic"]
    assert [f.severity for f in found] == ["problem"]
    assert found[0].text.startswith("the whole section:")


@pytest.mark.parametrize(
    "text",
    [
        # anchored in this client: a name, a figure, a place, or their own terms
        "Priya's growth is what makes February tight: more wages and flour are paid first.",
        "A holistic view of the overdraft shows the low point is £4,200 in February.",
        "The restore of the imaging server is the weakest link of the strategy.",
    ],
)
def test_specific_text_is_not_generic(text):
    client = {"names": ["Priya Raman"], "goals": ["Stop paying overdraft interest."]}
    assert "generic" not in rules(text, "sample", client)


def test_the_examples_own_drafts_are_not_generic():
    for path in EXAMPLES:
        report = check_document(load_document_file(path))
        assert not [f for f in report.findings if f.rule == "generic"], path.name


# ---------------------------------------------------------------------------
# Plain language.


def test_reading_ease_and_time_are_reported_per_section():
    report = check_document(load_document_file(EXAMPLES[0]))
    reading = report.summary["reading"]
    assert set(reading) == {"heard", "sample", "others", "offer", "next"}
    assert all(0 < figures["reading_ease"] <= 121 for figures in reading.values())
    assert all(figures["reading_seconds"] >= 1 for figures in reading.values())


def test_a_section_much_harder_to_read_than_the_rest_gets_advice():
    data = load_example(EXAMPLES[0])
    data["offer"]["summary"] = (
        "Notwithstanding the foregoing, the engagement contemplates the comprehensive "
        "reconciliation of intercompany receivables, the establishment of documented "
        "authorisation hierarchies, and the implementation of a contemporaneous "
        "cash-management methodology, subject to the satisfactory completion of "
        "preliminary diagnostic procedures and the availability of appropriately "
        "qualified personnel, consistently with applicable professional standards, "
        "regulatory obligations and the engagement terms previously communicated."
    )
    report = check_document(validate_document(data))
    found = [f for f in report.findings if f.rule == "plain-language"]
    assert [(f.section, f.severity) for f in found] == [("offer", "advice")]


# ---------------------------------------------------------------------------
# Other languages.


def test_a_german_proposal_says_which_rules_it_could_not_apply():
    data = load_example(EXAMPLES[0])
    data["locale"] = "de-DE"
    data["offer"]["summary"] = "Nur diese Woche: unterschreiben Sie bis Freitag!"
    report = check_document(validate_document(data))
    language = report.summary["language"]
    assert language["language"] == "de"
    assert "pressure" in language["rules_not_applied"]
    assert "German" in language["note"] and "not applied" in language["note"]
    assert not [f for f in report.findings if f.rule in language["rules_not_applied"]]


def test_an_english_proposal_applies_every_rule():
    report = check_document(load_document_file(EXAMPLES[0]))
    assert report.summary["language"] == {"language": "en", "rules_not_applied": []}


# ---------------------------------------------------------------------------
# A firm extends the word classes.


def test_a_firm_can_add_words_to_a_class(tmp_path, monkeypatch):
    text = "Tell us yea or nay before the end of the week to keep this rate."
    assert "pressure" in rules(text)  # "before the end" + "keep this rate" + "tell us"
    extra = tmp_path / "firm.yaml"
    extra.write_text("classes:\n  decision: [yea or nay]\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VARIABLE, str(extra))
    assert "pressure" in rules("Yea or nay by Friday keeps the rate.")


def test_a_shape_naming_an_unknown_class_says_so(tmp_path):
    extra = tmp_path / "firm.yaml"
    extra.write_text("shapes:\n  pressure:\n    - {needs: [no-such-class]}\n", encoding="utf-8")
    with pytest.raises(PhraseError, match="no such class: no-such-class"):
        load((extra,))


def test_a_figure_before_a_comma_is_still_read():
    """'savings of €12,000, so …': the comma ends the clause; it is not part of the figure."""
    assert figure("€12,000,") == 12000
    assert figure("£18,500.00") == 18500
