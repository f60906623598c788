"""The sample step's suggestions: for a realistic prospect, the fitting starter sample first."""

from __future__ import annotations

import frontmatter
import pytest

from proposals.library import search as search_module
from proposals.library import suggestions
from proposals.library.suggestions import suggest
from proposals.paths import SAMPLES
from tests import databases

# One prospect a consultant could meet for each English starter sample: their industry, the
# situation, their words, goals and obstacles, as the listening step records them.
PROSPECTS = {
    "cash-runway": (
        "Café",
        "A café with a bakery counter in a seaside town. Summer is busy; in winter takings "
        "halve but rent and wages don't.",
        ["Every January I wonder whether we'll make it to Easter."],
        ["See the quiet months coming and plan for them."],
        ["Coffee beans and milk keep getting dearer.", "Hard to keep staff over the winter."],
    ),
    "backup-gap": (
        "Dental practice",
        "Two practices, an imaging server and the patient records on a box in the closet.",
        ["If that box dies, we're closed."],
        ["Be sure we could restore the patient records."],
        ["Nobody has tested a restore in a year; ransomware hit a friend's practice."],
    ),
    "contract-clause-risk": (
        "Family law",
        "A family-law practice with three solicitors and two paralegals. New enquiries come "
        "from the website and word of mouth. The client care letter and fee agreement were "
        "written years ago.",
        ["Clients tell us they didn't know what they agreed to pay."],
        ["Terms clients understand and that protect the practice."],
        ["Two paralegals left this year.", "Leads from online directories cost a lot."],
    ),
    "cost-per-lead": (
        "Physiotherapy clinic",
        "They spend on Google ads, Facebook and a local paper; new patient enquiries are flat.",
        ["I have no idea which advert brings patients in."],
        ["Spend the marketing budget where it brings new patients."],
        ["The agency reports clicks, not bookings."],
    ),
    "inventory-turns": (
        "Hardware wholesaler",
        "A wholesaler with a full warehouse and a tight bank balance.",
        ["The warehouse is full and the bank account is empty."],
        ["Free the money sitting on the shelves."],
        ["Nobody knows which product lines actually sell."],
    ),
    "late-payments": (
        "Engineering contractor",
        "Their customers pay at 60 to 90 days while their own terms say 30.",
        ["We chase invoices every Friday and still wait months."],
        ["Get paid on time by the customers who owe most."],
        ["Nobody owns credit control."],
    ),
    "licence-spend": (
        "Architecture studio",
        "Thirty people, a dozen software subscriptions renewed automatically.",
        ["We pay for seats nobody uses, I'm sure of it."],
        ["Cut the software bill without losing the tools people need."],
        ["Every team buys its own tools on a company card."],
    ),
    "meeting-cost": (
        "Regional charity",
        "The leadership team meets weekly for three hours; managers say they can't get work done.",
        ["Our week disappears into meetings."],
        ["Give the managers back time for actual work."],
        ["Every team adds its own recurring meeting."],
    ),
    "pipeline-leakage": (
        "B2B software",
        "Plenty of demos but few signed deals; the sales team blames the price.",
        ["We lose deals somewhere between the demo and the proposal."],
        ["Win more of the deals we already talk to."],
        ["The CRM stages are not used consistently."],
    ),
    "pricing-margin": (
        "Restaurant",
        "Busy every night but the profit at year end is thin. The menu has not changed in "
        "two years.",
        ["We're full and still barely make money."],
        ["Know which dishes earn their keep and whether to raise prices."],
        ["Food costs went up a lot this year."],
    ),
    "retirement-runway": (
        "Self-employed electrician",
        "Fifty-four, pension pots from three old jobs and some savings; wants to stop "
        "working at 62.",
        ["Will I have enough to stop at 62?"],
        ["A steady income once the work stops."],
        ["Doesn't know what the old pensions are worth."],
    ),
    "staff-turnover-cost": (
        "Care home",
        "Carers leave within a year; agency cover is expensive and residents notice.",
        ["We train people and they leave."],
        ["Keep good carers longer."],
        ["Recruitment takes months; the agency bill keeps rising."],
    ),
}


def english_starter_samples() -> set[str]:
    """The ids of the starter samples written in English (copies in other languages say so)."""
    found = set()
    for path in SAMPLES.glob("*.md"):
        if path.name.lower() == "readme.md":
            continue
        metadata = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
        if str(metadata.get("language") or "en").split("-")[0] not in ("de", "fr"):
            found.add(metadata["id"])
    return found


def prospect(industry, situation, their_words, goals, obstacles) -> dict:
    return {
        "schema": "proposals/v1",
        "prospect": {"organisation": "Client Ltd", "contact_name": "Alex", "industry": industry},
        "listening": {
            "situation": situation,
            "their_words": their_words,
            "goals": goals,
            "obstacles": obstacles,
        },
    }


@pytest.fixture(
    params=[
        search_module.TSVECTOR if databases.ON_POSTGRES else search_module.FTS5,
        search_module.LIKE,
    ]
)
def either_index(request, monkeypatch):
    """Suggestions through the database's full-text index (FTS5 on SQLite, tsvector on
    PostgreSQL), and through the fallback other databases use."""
    monkeypatch.setattr(suggestions, "full_text", lambda session: request.param)


def test_every_english_starter_sample_has_a_prospect_it_fits():
    assert english_starter_samples() == set(PROSPECTS)


@pytest.mark.parametrize("slug", sorted(PROSPECTS))
def test_the_fitting_starter_sample_is_suggested_first(session, either_index, slug):
    suggested = suggest(session, prospect(*PROSPECTS[slug]))
    assert [sample.slug for sample in suggested][:1] == [slug]


def test_a_family_lawyer_gets_the_legal_sample_before_leads_and_turnover(session, either_index):
    suggested = [s.title for s in suggest(session, prospect(*PROSPECTS["contract-clause-risk"]))]
    assert suggested[0] == "Contract clause risk review"


def test_an_industry_typed_with_or_without_accents_suggests_the_same(session, either_index):
    with_accent = prospect(*PROSPECTS["cash-runway"])
    without = prospect("Cafe", *PROSPECTS["cash-runway"][1:])
    plural = prospect("Cafés and bakeries", *PROSPECTS["cash-runway"][1:])
    ranked = [[s.slug for s in suggest(session, doc)] for doc in (with_accent, without, plural)]
    assert ranked[0][0] == "cash-runway"
    assert ranked[0] == ranked[1] == ranked[2]


def test_solicitors_meet_the_legal_sample_though_no_tag_says_solicitor(session):
    document = prospect(
        "Solicitors", "A high-street firm.", [], ["Stop signing supplier terms blind."], []
    )
    assert suggest(session, document)[0].slug == "contract-clause-risk"
