"""The referral directory: pages, CSV in and out, ranking, and its place in the wizard."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from proposals.audit import Actor
from proposals.models import Proposal, Provider
from proposals.referrals import operations, providers, ranking, store
from tests.wizard_driver import STEP_FORMS, Wizard, flatten

# A small firm's directory: two providers for each example, four that fit neither.
DIRECTORY = [
    {
        "name": "Tom Okafor",
        "organisation": "Eastgate Commercial Property",
        "good_for": "Retail lease negotiation and footfall data for shops in Eastgate",
        "tags": "commercial property; retail lease; Eastgate; second shop",
        "contact": "tom@eastgate-property.example",
    },
    {
        "name": "Business banking desk",
        "organisation": "Northgate Bank",
        "good_for": "Seasonal loans instead of an overdraft, for businesses with a predictable "
        "cash dip",
        "tags": "business banking; seasonal loan; overdraft; cash flow",
        "contact": "Ask for the small-business relationship manager",
    },
    {
        "name": "Coastline Imaging Support",
        "organisation": "Coastline Imaging",
        "good_for": "Support and hosted archive storage for the imaging software and X-rays",
        "tags": "imaging; vendor support; X-ray archive; dental",
        "contact": "support@coastline-imaging.example",
    },
    {
        "name": "Harbor Insurance Brokers",
        "organisation": "",
        "good_for": "Cyber insurance: the policy's backup and restore conditions, and the "
        "insurer's questionnaire",
        "tags": "cyber insurance; insurer; policy; questionnaire",
        "contact": "brokers@harbor-insurance.example",
    },
    {
        "name": "Fairpay Payroll",
        "organisation": "Fairpay Ltd",
        "good_for": "Monthly payroll, payslips and pension auto-enrolment",
        "tags": "payroll; pensions; HR",
    },
    {
        "name": "Reed & Co. Solicitors",
        "organisation": "",
        "good_for": "Contracts of employment, disciplinary matters and redundancy advice",
        "tags": "employment law; contracts",
    },
    {
        "name": "Brightside Marketing",
        "organisation": "",
        "good_for": "Local marketing and social media for independent shops",
        "tags": "marketing; social media",
    },
    {
        "name": "Greenleaf Energy Advisers",
        "organisation": "",
        "good_for": "Lower energy bills for premises: tariffs, meters and efficiency grants",
        "tags": "energy; utilities; premises",
    },
]


def seed(session) -> dict[str, Provider]:
    providers = {row["name"]: store.save(session, row) for row in DIRECTORY}
    session.commit()
    return providers


def names(suggestions) -> list[str]:
    return [suggestion.provider.name for suggestion in suggestions]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client, data: bytes, filename: str = "providers.csv"):
    return client.post(
        "/referrals/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


# ---------------------------------------------------------------------------
# Ranking.


def test_ranking_puts_the_obvious_match_first_for_northwind(session, northwind):
    seed(session)
    ranked = names(ranking.rank_providers(session, northwind, limit=4))
    # Her worry is the overdraft every winter: the seasonal-loan adviser fits best, then
    # the agent for the Eastgate shop she is weighing up.
    assert ranked[:2] == ["Business banking desk", "Tom Okafor"]
    assert "Coastline Imaging Support" not in ranked
    assert "Harbor Insurance Brokers" not in ranked


def test_ranking_puts_the_obvious_match_first_for_harbor(session, harbor):
    seed(session)
    ranked = names(ranking.rank_providers(session, harbor, limit=4))
    # The insurer's questionnaire and untested restores: the cyber-insurance broker first,
    # then the imaging vendor whose archive was too slow to back up.
    assert ranked[:2] == ["Harbor Insurance Brokers", "Coastline Imaging Support"]
    assert "Business banking desk" not in ranked
    assert "Tom Okafor" not in ranked


def test_ranking_says_which_of_the_clients_words_matched(session, northwind):
    seed(session)
    best = ranking.rank_providers(session, northwind, limit=1)[0]
    assert "overdraft" in best.matched
    assert best.score > 0


def test_a_word_the_client_used_more_often_counts_more(session):
    store.save(session, {"name": "Alpha", "good_for": "Overdraft advice"})
    store.save(session, {"name": "Beta", "good_for": "Payroll advice"})
    session.commit()
    document = {
        "prospect": {"industry": "Retail"},
        "listening": {
            "situation": "The payroll runs late. The overdraft is full.",
            "their_words": ["The overdraft keeps me up.", "That overdraft again."],
        },
    }
    assert names(ranking.rank_providers(session, document)) == ["Alpha", "Beta"]


def test_industry_words_count(session):
    store.save(session, {"name": "Bakers' guild", "good_for": "Food hygiene courses"})
    store.save(session, {"name": "Printworks", "good_for": "Menus and signs"})
    session.commit()
    document = {
        "prospect": {"industry": "Food and beverage"},
        "listening": {"situation": "Two shops, one kitchen."},
    }
    assert names(ranking.rank_providers(session, document)) == ["Bakers' guild"]


def test_limit_exclusions_and_weak_matches(session, northwind):
    providers = seed(session)
    assert len(ranking.rank_providers(session, northwind, limit=1)) == 1
    everyone = names(ranking.rank_providers(session, northwind, limit=8))
    # "contracts" (her flour contracts) is one shared word: no reason to suggest a lawyer.
    assert "Reed & Co. Solicitors" not in everyone
    banking = providers["Business banking desk"]
    ranked = ranking.rank_providers(session, northwind, exclude=[banking.match_key])
    assert names(ranked) == ["Tom Okafor"]  # weak matches stay out, measured against the best


def test_nothing_heard_means_no_suggestions(session):
    seed(session)
    assert ranking.rank_providers(session, {"schema": "proposals/v1"}) == []


# ---------------------------------------------------------------------------
# The directory's pages.


def test_add_a_provider_and_find_it(client, other_client, session):
    response = client.post(
        "/referrals/new",
        data={
            "name": "Tom Okafor",
            "organisation": "Eastgate Commercial Property",
            "good_for": "Retail leases in Eastgate",
            "tags": "commercial property; retail lease, Eastgate",
            "contact": "tom@eastgate-property.example",
            "notes": "Dana has sent him three clients.",
        },
    )
    assert response.status_code == 302
    provider = session.scalars(select(Provider)).one()
    assert provider.tags == ["commercial property", "retail lease", "Eastgate"]
    html = client.get("/referrals/").get_data(as_text=True)
    assert "Tom Okafor" in html and "Retail leases in Eastgate" in html
    assert "Tom Okafor" in client.get("/referrals/?q=lease").get_data(as_text=True)
    assert "Tom Okafor" in client.get("/referrals/?q=retail+eastgate").get_data(as_text=True)
    assert "Tom Okafor" not in client.get("/referrals/?q=payroll").get_data(as_text=True)
    # Firm-wide: a colleague sees the same directory.
    assert "Tom Okafor" in other_client.get("/referrals/").get_data(as_text=True)


def test_the_directory_is_linked_from_every_page(client):
    assert 'href="/referrals/"' in client.get("/").get_data(as_text=True)


def test_a_missing_name_is_shown_next_to_the_field_and_keeps_what_was_typed(client, session):
    response = client.post(
        "/referrals/new",
        data={"name": "  ", "good_for": "Seasonal loans", "tags": "banking; loans"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="name-error"' in html and "required" in html
    assert "Seasonal loans" in html and "banking; loans" in html
    assert session.scalars(select(Provider)).all() == []


def test_the_same_provider_twice_is_refused(client, session):
    seed(session)
    response = client.post(
        "/referrals/new",
        data={
            "name": "tom okafor",
            "organisation": "EASTGATE Commercial Property",
            "good_for": "x",
        },
    )
    assert response.status_code == 422
    assert "already in the directory" in response.get_data(as_text=True)


def test_edit_a_provider(client, session):
    provider = seed(session)["Fairpay Payroll"]
    page = client.get(f"/referrals/{provider.id}/edit").get_data(as_text=True)
    assert "payroll; pensions; HR" in page
    response = client.post(
        f"/referrals/{provider.id}/edit",
        data={"name": "Fairpay Payroll", "good_for": "Payroll for small teams", "tags": "payroll"},
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Provider, provider.id).good_for == "Payroll for small teams"
    assert client.get("/referrals/999/edit").status_code == 404


def test_the_same_provider_twice_is_refused_and_the_first_kept(session):
    dana = Actor("Dana Whitfield")
    operations.save_provider(session, {"name": "Tom Okafor", "good_for": "Retail leases"}, dana)
    with pytest.raises(providers.ProviderError) as refused:
        operations.save_provider(session, {"name": " tom  OKAFOR ", "good_for": "Payroll"}, dana)
    assert "already in the directory" in refused.value.errors["name"]
    assert [p.good_for for p in store.search(session)] == ["Retail leases"]


def test_delete_asks_first(client, session):
    provider = seed(session)["Fairpay Payroll"]
    page = client.get(f"/referrals/{provider.id}/delete")
    assert page.status_code == 200
    assert "Remove Fairpay Payroll from the directory?" in page.get_data(as_text=True)
    session.expire_all()
    assert session.get(Provider, provider.id) is not None
    provider_id = provider.id
    assert client.post(f"/referrals/{provider_id}/delete").status_code == 302
    session.expunge_all()
    assert session.get(Provider, provider_id) is None


def test_signing_in_is_needed(anonymous):
    assert anonymous.get("/referrals/").status_code == 302
    assert anonymous.get("/referrals/export.csv").status_code == 302


# ---------------------------------------------------------------------------
# CSV.


def test_csv_round_trip(client, session):
    seed(session)
    store.save(
        session,
        {"name": "Odd, Name", "good_for": 'Quotes "and" commas', "notes": "=SUM(A1)\nline two"},
    )
    session.commit()
    before = {
        p.name: {column: getattr(p, column) for column in providers.COLUMNS}
        for p in session.scalars(select(Provider))
    }
    response = client.get("/referrals/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    exported = response.data
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0] == list(providers.COLUMNS)
    assert len(rows) == len(DIRECTORY) + 2
    assert any(row[-1].startswith("'=SUM") for row in rows)  # no formula for a spreadsheet

    for provider in session.scalars(select(Provider)):
        session.delete(provider)
    session.commit()
    assert upload(client, exported).status_code == 302
    session.expire_all()
    after = {
        p.name: {column: getattr(p, column) for column in providers.COLUMNS}
        for p in session.scalars(select(Provider))
    }
    assert after == before


def test_import_updates_providers_already_there(client, session):
    seed(session)
    data = csv_bytes(
        [
            ["name", "organisation", "good_for", "tags"],
            ["Tom Okafor", "Eastgate Commercial Property", "Retail leases", "lease; Eastgate"],
            ["New Person", "", "Something useful", "useful"],
        ]
    )
    response = upload(client, data)
    assert response.status_code == 302
    html = client.get("/referrals/").get_data(as_text=True)
    assert "Imported 2 providers: 1 new, 1 updated." in html
    session.expire_all()
    tom = store.find(session, "Tom Okafor", "Eastgate Commercial Property")
    assert tom.good_for == "Retail leases" and tom.tags == ["lease", "Eastgate"]
    assert tom.contact == "tom@eastgate-property.example"  # a column the file left out
    assert len(session.scalars(select(Provider)).all()) == len(DIRECTORY) + 1


def test_a_bad_row_imports_nothing_and_names_every_bad_row(client, session):
    data = csv_bytes(
        [
            list(providers.COLUMNS),
            ["Good One", "", "Useful things", "a; b", "", ""],
            ["", "No Name Ltd", "Something", "", "", ""],
            ["Good Two", "", "", "", "", ""],
            ["Good One", "", "Again", "", "", ""],
            ["Too", "many", "cells", "", "", "", "extra"],
        ]
    )
    response = upload(client, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html
    assert "Row 3: name: required." in html
    assert "Row 4: good_for: required" in html
    assert "Row 5: the same name and organisation as row 2." in html
    assert "Row 6: 7 cells for 6 columns" in html
    assert session.scalars(select(Provider)).all() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"who,what\nA,B\n", "Row 1 (the header): no name, good_for column"),
        (b"name,good_for\n", "No providers found below the header row."),
        (b"", "The file is empty"),
        ("name,good_for\nCaf\u00e9,x\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_explained(client, session, data, message):
    response = upload(client, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalars(select(Provider)).all() == []


def test_import_without_a_file_asks_for_one(client):
    response = client.post("/referrals/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a CSV file to import." in response.get_data(as_text=True)


def test_semicolon_separated_files_from_european_spreadsheets(client, session):
    data = b"name;good_for;tags\nAnna Berg;Payroll in Sweden;payroll, sweden\n"
    assert upload(client, data).status_code == 302
    provider = session.scalars(select(Provider)).one()
    assert provider.good_for == "Payroll in Sweden" and provider.tags == ["payroll", "sweden"]


# ---------------------------------------------------------------------------
# The wizard's "Who else could help" step.


def heard(client, document) -> Wizard:
    """A proposal with the prospect and what was heard saved: enough for suggestions."""
    wizard = Wizard(client)
    for slug in ("people", "heard"):
        assert wizard.post(slug, STEP_FORMS[slug](document)).status_code == 302
    return wizard


def test_help_step_suggests_matching_providers(client, session, northwind):
    seed(session)
    wizard = heard(client, northwind)
    html = wizard.get("help").get_data(as_text=True)
    assert "From the firm's referral directory" in html
    assert "Business banking desk" in html and "Tom Okafor" in html
    assert "Coastline Imaging Support" not in html
    assert html.count("Add to this proposal") <= 4
    assert html.index("Business banking desk") < html.index("Tom Okafor")
    assert "Matches what you heard:" in html and "overdraft" in html


def test_help_step_with_an_empty_directory_says_how_to_fill_it(client, northwind):
    wizard = heard(client, northwind)
    html = wizard.get("help").get_data(as_text=True)
    assert "No one else in the firm" in html and 'href="/referrals/"' in html


def test_one_click_adds_a_suggestion_and_leaves_why_to_the_consultant(client, session, northwind):
    providers = seed(session)
    banking = providers["Business banking desk"]
    wizard = heard(client, northwind)
    typed = {"self_help-0": "Ask the café customers for 30-day terms."}
    response = wizard.post("help", typed, action=f"provider:add:{banking.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="referrals-0-why"' in html
    why = re.search(r'<textarea[^>]*id="referrals-0-why"[^>]*>', html).group()
    assert " autofocus " in why
    assert "Say why they fit better, in your own words." in html
    proposal = wizard.proposal(session)
    draft = proposal.step_drafts["help"]
    referral = draft["referrals"][0]
    assert referral["name"] == "Business banking desk"
    assert referral["organisation"] == "Northgate Bank"
    assert referral["serves"] == banking.good_for
    assert referral.get("why", "") == ""
    assert draft["self_help"] == ["Ask the café customers for 30-day terms."]  # kept
    # Added once: it is no longer suggested, and a second click does not add it again.
    page = wizard.get("help").get_data(as_text=True)
    assert f'value="provider:add:{banking.id}"' not in page
    again = wizard.post(
        "help",
        flatten({"referrals": draft["referrals"], "self_help": draft["self_help"]}),
        action=f"provider:add:{banking.id}",
    )
    assert "already in this proposal" in again.get_data(as_text=True)
    assert len(wizard.proposal(session).step_drafts["help"]["referrals"]) == 1


def test_the_added_referral_completes_once_why_is_written(client, session, northwind):
    banking = seed(session)["Business banking desk"]
    wizard = heard(client, northwind)
    wizard.post("help", {}, action=f"provider:add:{banking.id}")
    draft = wizard.proposal(session).step_drafts["help"]
    draft["referrals"][0]["why"] = "Only the bank can offer a seasonal facility."
    response = wizard.post("help", flatten({"referrals": draft["referrals"]}))
    assert response.status_code == 302
    proposal = wizard.proposal(session)
    assert proposal.document["referrals"][0]["why"].startswith("Only the bank")
    assert "help" not in proposal.step_drafts


def test_a_typed_referral_can_be_saved_to_the_directory(client, session, northwind):
    wizard = heard(client, northwind)
    form = STEP_FORMS["help"](northwind)
    response = wizard.post("help", form, action="provider:save:0")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Saved Tom Okafor in the referral directory." in html
    provider = store.find(session, "Tom Okafor", "Eastgate Commercial Property")
    assert provider.good_for == northwind["referrals"][0]["serves"]
    assert provider.contact == "tom@eastgate-property.example"
    # What was typed was saved with it, and the step shows it is in the directory now.
    assert wizard.proposal(session).document["referrals"] == northwind["referrals"]
    assert "Already in the directory" in html

    form["referrals-0-contact"] = "+44 20 7946 0999"
    html = wizard.post("help", form, action="provider:save:0").get_data(as_text=True)
    assert "Updated Tom Okafor in the referral directory." in html
    session.expire_all()
    assert len(session.scalars(select(Provider)).all()) == 1
    assert store.find(session, "Tom Okafor", "Eastgate Commercial Property").contact == (
        "+44 20 7946 0999"
    )


def test_saving_a_referral_without_what_they_serve_says_so(client, session, northwind):
    wizard = heard(client, northwind)
    response = wizard.post(
        "help", {"referrals-0-name": "Someone", "referrals-0-why": "Because."}, "provider:save:0"
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="referrals-0-serves-error"' in html
    assert "to save them to the directory" in html
    assert session.scalars(select(Provider)).all() == []
    # Nothing typed was lost.
    assert wizard.proposal(session).step_drafts["help"]["referrals"][0]["name"] == "Someone"


def test_saving_an_empty_referral_asks_for_a_name(client, session, northwind):
    wizard = heard(client, northwind)
    response = wizard.post("help", {"self_help-0": "Something"}, "provider:save:0")
    assert "Give the provider a name" in response.get_data(as_text=True)


def test_someone_elses_proposal_cannot_be_changed_through_the_directory(
    client, other_client, session, northwind
):
    banking = seed(session)["Business banking desk"]
    wizard = heard(client, northwind)
    response = other_client.post(
        f"/proposals/{wizard.id}/step/help", data={"action": f"provider:add:{banking.id}"}
    )
    assert response.status_code == 404
    assert "help" not in session.get(Proposal, wizard.id).step_drafts
