"""The trust check: each rule, negations and the client's own words, phrase files, and the
labelled passages in tests/data/trust_passages.yaml measured against their targets."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from proposals.document import Document, validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.trust import (
    ENV_VARIABLE,
    RULES,
    SECTIONS,
    PhraseError,
    check_document,
    check_text,
    load,
    worked_sample_text,
)
from proposals.trust.phrases import compile_phrase
from tests.conftest import EXAMPLES, load_example

PASSAGES = Path(__file__).parent / "data" / "trust_passages.yaml"
PUSHY_FLAGGED_AT_LEAST = 0.90
GOOD_FLAGGED_AT_MOST = 0.10
BATCH_RULES = {"refuses-help", "generic", "plain-language", "reads-like"}


@pytest.fixture(autouse=True)
def _built_in_phrases_only(monkeypatch):
    monkeypatch.delenv(ENV_VARIABLE, raising=False)


def rules(text: str, section: str = "next", client: dict | None = None) -> set[str]:
    return {finding.rule for finding in check_text(text, section, client)}


def document(path: Path = EXAMPLES[0], **changes) -> Document:
    """An example document with some fields replaced (dotted paths, as in error messages)."""
    data = load_example(path)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return validate_document(data)


def check(proposal: Document):
    """Check a document with its library sample worked out, as the command does."""
    return check_document(proposal, worked_sample_text(proposal, FolderCatalog(SAMPLES)))


def found(report, rule: str) -> list:
    return [finding for finding in report.findings if finding.rule == rule]


# ---------------------------------------------------------------------------
# Pressure.


@pytest.mark.parametrize(
    "text",
    [
        "Act now: we can only take two more clients.",
        "ACT NOW!",
        "Acting now means you keep the rate.",
        "This is a limited-time offer.",
        "For a limited time only, the audit is half price.",
        "Only 3 spots left this quarter.",
        "Only three places remaining.",
        "Sign by Friday for 10% off.",
        "Sign before 30 November and save.",
        "If you don't sign by Friday, the discount goes to someone else.",
        "Once you sign, we'll book the kickoff.",
        "We've pencilled you in for Monday.",
        "Don't miss out on this.",
        "Every month you delay costs you money.",
    ],
)
def test_pressure_is_found_whatever_the_case_inflection_or_spacing(text):
    assert "pressure" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "There is no limited-time offer here.",
        "We won't ask you to act now.",
        "Nobody will ask you to sign by Friday.",
        "There is no deadline and no discount for signing quickly.",
        "You don't have to decide today.",
        "Take whatever time you need.",
    ],
)
def test_negated_pressure_is_not_found(text):
    assert "pressure" not in rules(text)


def test_pressure_in_the_clients_quoted_words_is_not_found():
    assert rules('You said "we have to act now or we lose the contract".', "heard") == set()
    client = {"their_words": ["We have to act now or we lose the contract."]}
    assert rules('As you put it, "we have to act now".', "next", client) == set()


def test_the_clients_own_words_repeated_without_quotes_are_not_found():
    client = {"their_words": ["I need a world-class website, not another template."]}
    assert "hype" not in rules("You asked for a world-class website.", "next", client)
    assert "hype" in rules("You asked for a world-class website.", "next")


def test_a_quote_that_is_not_the_clients_is_checked():
    client = {"their_words": ["I don't have time to chase invoices."]}
    text = 'Another client called us "simply the best accountants in the county".'
    assert "hype" in rules(text, "next", client)


# ---------------------------------------------------------------------------
# Hype.


@pytest.mark.parametrize(
    "text",
    [
        "Our world-class team.",
        "Our World Class team.",
        "A best-in-class process.",
        "An industry-leading firm.",
        "Cutting edge tools.",
        "Guaranteed results within a month.",
        "We guarantee the result.",
        "Results guaranteed.",
        "Not only world-class but friendly.",
        "We are the leading firm for dentists in the county.",
    ],
)
def test_hype_is_found(text):
    assert "hype" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "This is not a guarantee of any saving.",
        "No world-class promises, just the figures.",
        "You are the leading supplier of oak flooring in the county.",
        "Your best month last year was July.",
        "If a restore fails, we guarantee to fix it at no charge.",
    ],
)
def test_negated_or_plain_claims_are_not_hype(text):
    assert "hype" not in rules(text)


# ---------------------------------------------------------------------------
# Fake empathy and needless apology.


@pytest.mark.parametrize(
    "text",
    [
        "We apologize for any inconvenience.",
        "We apologise for any inconvenience this may have caused.",
        "Apologies for any confusion.",
        "I'm sure that must be frustrating.",
        "I can only imagine how hard this has been.",
        "Just checking in to see if you've read it.",
    ],
)
def test_fake_empathy_is_found(text):
    assert "fake-empathy" in rules(text)


def test_a_quoted_apology_is_the_clients_story_not_ours():
    text = 'Their reply to your complaint was "we apologise for any inconvenience".'
    assert rules(text, "heard") == set()


# ---------------------------------------------------------------------------
# Sales talk in what we heard and the worked sample; prices in the offer.


def test_sales_talk_is_found_in_heard_and_sample_only():
    text = "Our fee for fixing this would be £400."
    assert "sales-talk" in rules(text, "heard")
    assert "sales-talk" in rules(text, "sample")
    assert "sales-talk" not in rules(text, "next")


def test_the_clients_own_amounts_are_not_sales_talk():
    text = "Starting from the £18,500 you have today, cash is lowest at the end of March."
    assert rules(text, "sample") == set()


def test_an_offer_passage_needs_a_price_and_a_safety_net():
    assert rules("Two options: a workshop, or a workshop with coaching.", "offer") == {
        "offer-price",
        "if-it-goes-wrong",
    }
    assert rules("Pricing on request. You can cancel at any time.", "offer") == {"offer-price"}
    assert rules("The workshop is £900; you can cancel at any time.", "offer") == set()
    assert rules("The workshop is £900.", "offer") == {"if-it-goes-wrong"}


def test_an_option_without_a_price_is_a_problem():
    proposal = document()
    options = [option.model_copy(update={"price": ""}) for option in proposal.offer.options]
    proposal = proposal.model_copy(
        update={"offer": proposal.offer.model_copy(update={"options": options})}
    )
    findings = found(check_document(proposal), "offer-price")
    assert len(findings) == 3
    assert {finding.severity for finding in findings} == {"problem"}


def test_an_offer_without_if_it_goes_wrong_gets_advice():
    report = check_document(document(EXAMPLES[1], offer__if_it_goes_wrong=None))
    [finding] = found(report, "if-it-goes-wrong")
    assert finding.severity == "advice" and finding.section == "offer"
    # Northwind's monthly option says "cancel any time": that answers it too.
    assert found(check_document(document(offer__if_it_goes_wrong=None)), "if-it-goes-wrong") == []


# ---------------------------------------------------------------------------
# Self-orientation.


def test_a_section_about_the_firm_gets_advice():
    text = (
        "We are a boutique firm. We have worked with over 200 clients and our consultants "
        "bring decades of experience. Our process is rigorous and we are proud of it."
    )
    # reads-like also gives advice on these sentences (they read like hype); not this rule.
    [finding] = [f for f in check_text(text, "others") if f.rule != "reads-like"]
    assert (finding.rule, finding.severity) == ("self-orientation", "advice")
    assert "we ×" in finding.text


def test_a_section_about_the_client_does_not():
    text = (
        "You told us we could help with the rota. We think you can do most of it yourself: "
        "your shift leads already know the patterns, and your payroll tool exports them."
    )
    assert "self-orientation" not in rules(text, "others")


def test_quoted_client_words_and_their_names_count_for_the_client():
    text = 'Priya said "we run out of cash and I never see it coming". Priya wants to know.'
    client = {"names": ["Northwind Bakery Ltd", "Priya Raman"]}
    assert rules(text, "heard", client) == set()


def test_a_seller_centred_proposal_is_a_problem():
    salesy = "We are proud of our team. We have our method, our experts and our awards."
    proposal = document(
        offer__summary=salesy * 2, listening__situation=salesy, sample__commentary=salesy
    )
    report = check_document(proposal)
    problem = [f for f in found(report, "self-orientation") if f.severity == "problem"]
    assert problem and problem[0].text.startswith("the whole proposal")
    assert report.summary["self_orientation"]["overall"]["seller_share"] > 0.5


# ---------------------------------------------------------------------------
# Who else could help.


def test_a_one_line_others_section_gets_advice():
    # "We are the right fit" also reads like hype to the reads-like rule (advice).
    assert rules("We are the right fit for this.", "others") - {"reads-like"} == {"thin-referrals"}


def test_a_document_with_one_self_help_line_gets_advice():
    report = check_document(
        document(referrals=[], self_help=["Ask the bank about a seasonal loan."])
    )
    [finding] = found(report, "thin-referrals")
    assert finding.section == "others" and "seasonal loan" in finding.text


# ---------------------------------------------------------------------------
# Coverage.


def test_a_goal_nothing_later_answers_is_reported():
    goals = load_example(EXAMPLES[0])["listening"]["goals"] + ["Open a shop in Leeds by 2028."]
    report = check(document(listening__goals=goals))
    assert [finding.text for finding in found(report, "coverage")] == [
        "Open a shop in Leeds by 2028."
    ]


def test_coverage_matches_other_forms_of_the_same_words():
    client = {"goals": ["Reduce the interest paid on the overdraft."]}
    assert rules("We'd look at reducing overdraft interest first.", "next", client) == set()
    assert rules("We'd look at the rota first.", "next", client) == {"coverage"}


# ---------------------------------------------------------------------------
# Generic sample.


def test_a_sample_without_the_clients_figures_or_names_is_generic():
    client = {"names": ["Larkspur Dental", "Dr. Amir Haddad"], "figures": [1850, 168]}
    generic = "A typical clinic losing $1,000 an hour for 10 hours loses $10,000."
    assert rules(generic, "sample", client) == {"generic-sample"}
    assert rules("Larkspur loses $1,850 an hour when down.", "sample", client) == set()
    assert rules("At $1,850.00 an hour, a day costs a lot.", "sample", client) == set()


def test_an_inline_sample_is_read_whole():
    body = "Most bakeries keep three months of costs in reserve."
    report = check_document(
        document(sample={"title": "Reserves", "body": body, "commentary": "A rule of thumb."})
    )
    [finding] = found(report, "generic-sample")
    assert (finding.section, finding.text, finding.severity) == ("sample", "Reserves", "advice")
    assert report.summary["sample_checked"] == "whole"


# ---------------------------------------------------------------------------
# Whole documents.


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_the_examples_have_no_problem(path):
    proposal = validate_document(load_example(path))
    worked = worked_sample_text(proposal, FolderCatalog(SAMPLES))
    assert worked
    for report in (check_document(proposal, worked), check_document(proposal)):
        assert report.problems == [], report.findings
    assert check_document(proposal).summary["sample_checked"] == "commentary only"


def test_private_notes_and_the_clients_words_are_never_flagged():
    report = check(
        document(
            listening__notes="Act now! World-class! We apologise for any inconvenience.",
            listening__their_words=["We have to act now, we need world-class help."],
        )
    )
    # Nothing later answers that quote (advice), but nothing in it is held against them.
    assert [finding.rule for finding in report.findings] == ["coverage"]


def test_names_in_the_proposal_are_not_claims():
    report = check_document(
        document(
            consultant__firm="Cutting Edge IT",
            offer__summary="Cutting Edge IT would keep this picture current for you.",
        )
    )
    assert found(report, "hype") == []


def test_report_shape():
    report = check(document(offer__summary="Act now: this offer ends Friday."))
    data = json.loads(report.to_json())
    assert set(data) == {"findings", "summary"}
    assert data["findings"][0] == {
        "rule": "pressure",
        "severity": "problem",
        "section": "offer",
        "text": "Act now",
        "suggestion": data["findings"][0]["suggestion"],
    }
    assert data["summary"]["problems"] == 2 and data["summary"]["by_rule"]["pressure"] == 2
    assert set(data["summary"]["self_orientation"]["sections"]) == set(SECTIONS)


def test_check_text_rejects_an_unknown_section():
    with pytest.raises(ValueError, match="unknown section"):
        check_text("Hello", "cover")


# ---------------------------------------------------------------------------
# Phrase files.


def test_a_firm_can_add_and_remove_phrases(tmp_path, monkeypatch):
    extra = tmp_path / "firm.yaml"
    extra.write_text(
        "rules:\n"
        "  hype:\n"
        "    phrases: [synergise, {phrase: 'rock star', suggestion: 'Say what they did.'}]\n"
        "    remove: [cutting-edge]\n"
        "words:\n"
        "  negations: [no]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_VARIABLE, str(extra))
    assert "hype" in rules("We will synergize your teams.")
    [finding] = check_text("Our rock stars will help.", "next")
    assert finding.suggestion == "Say what they did."
    assert "hype" not in rules("Cutting-edge tools.")
    assert "hype" in rules("World-class tools.")


def test_the_documented_example_phrase_file_works(tmp_path, monkeypatch):
    docs = (Path(__file__).parent.parent / "docs" / "trust-check.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    extra = tmp_path / "firm-phrases.yaml"
    extra.write_text(example, encoding="utf-8")
    monkeypatch.setenv(ENV_VARIABLE, str(extra))
    assert "hype" in rules("Our ninja will sort it.")
    assert "hype" in rules("We bring big four experience.")
    assert "hype" not in rules("Big four experience is what your last adviser offered.")
    assert "hype" not in rules("An unbeatable view from the office.")
    assert "hype" not in rules("Premier Accounting Group did your last audit.")
    assert "pressure" in rules("Please enrol this week.")
    assert "pressure" not in rules("We hardly ever say act now.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules:\n  pushy:\n    phrases: [x]\n", "unknown pushy"),
        ("rules:\n  hype:\n    phrase: [x]\n", "unknown phrase"),
        ("rules:\n  hype:\n    phrases: ['only (spot']\n", "cannot read"),
        ("rules: [\n", "cannot read phrase file"),
        ("rules:\n  hype:\n    remove: [world class]\n", "no such phrase: world class"),
    ],
)
def test_a_broken_phrase_file_says_what_is_wrong(tmp_path, content, message):
    extra = tmp_path / "firm.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(PhraseError, match=message):
        load((extra,))


def test_phrase_syntax():
    assert len(compile_phrase("only <number> (spot|place) [left]").elements) == 4
    for bad in ("[maybe]", "a ... ", "act 3 now", "(a|)"):
        with pytest.raises(PhraseError):
            compile_phrase(bad)


# ---------------------------------------------------------------------------
# The labelled passages.


def measure(entries: list[dict]) -> dict:
    """Per-rule true/false positives and misses, and how many passages were flagged."""
    true, false, missed = Counter(), Counter(), Counter()
    flagged = {True: 0, False: 0}
    for entry in entries:
        got = {f.rule for f in check_text(entry["text"], entry["section"], entry.get("client"))}
        expected = set(entry["rules"])
        true.update(got & expected)
        false.update(got - expected)
        missed.update(expected - got)
        flagged[entry["pushy"]] += bool(got)
    return {"true": true, "false": false, "missed": missed, "flagged": flagged}


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def table(entries: list[dict], figures: dict) -> str:
    """The Markdown table docs/trust-check.md shows."""
    pushy = sum(entry["pushy"] for entry in entries)
    good = len(entries) - pushy
    lines = [
        "| rule | labelled | found | false alarms | missed | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rule in RULES:
        tp, fp, fn = figures["true"][rule], figures["false"][rule], figures["missed"][rule]
        precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
        lines.append(
            f"| {rule} | {tp + fn} | {tp} | {fp} | {fn} | "
            f"{'–' if precision is None else f'{precision:.0%}'} | "
            f"{'–' if recall is None else f'{recall:.0%}'} |"
        )
    lines.append("")
    lines.append(
        f"{len(entries)} passages: {figures['flagged'][True]} of {pushy} pushy passages flagged "
        f"({figures['flagged'][True] / pushy:.0%}), {figures['flagged'][False]} of {good} good "
        f"passages flagged ({figures['flagged'][False] / good:.0%})."
    )
    return "\n".join(lines)


def test_labelled_passages_meet_the_targets():
    entries = yaml.safe_load(PASSAGES.read_text(encoding="utf-8"))
    pushy = [entry for entry in entries if entry["pushy"]]
    good = [entry for entry in entries if not entry["pushy"]]
    assert len(entries) >= 60
    assert all(entry["rules"] for entry in pushy) and not any(entry["rules"] for entry in good)
    labelled = Counter(rule for entry in entries for rule in entry["rules"])
    # The rules of issue 13 are measured by the held-out batches (test_trust_batches.py).
    assert set(RULES) - BATCH_RULES <= set(labelled), "every older rule has labelled passages"

    figures = measure(entries)
    print("\n" + table(entries, figures))
    assert figures["flagged"][True] / len(pushy) >= PUSHY_FLAGGED_AT_LEAST
    assert figures["flagged"][False] / len(good) <= GOOD_FLAGGED_AT_MOST
    for rule in set(RULES) - BATCH_RULES:
        tp, fp, fn = figures["true"][rule], figures["false"][rule], figures["missed"][rule]
        assert tp / (tp + fn) >= 0.8, f"{rule}: recall"
        assert tp / (tp + fp) >= 0.8, f"{rule}: precision"
