"""The starter samples in samples/ work out the right figures on a client's own numbers."""

from __future__ import annotations

import re

import pytest

from proposals.library.sandbox import RenderContext, work_out
from proposals.library.spec import parse_sample
from proposals.paths import SAMPLES

NORTHWIND_INPUTS = {
    "cash_on_hand": "18500.00",
    "months": [
        {"month": "2025-12", "revenue": "46200", "costs": "38900"},
        {"month": "2026-01", "revenue": "29800", "costs": "37100"},
        {"month": "2026-02", "revenue": "27400", "costs": "36800"},
        {"month": "2026-03", "revenue": "33900", "costs": "37000"},
        {"month": "2026-04", "revenue": "38800", "costs": "37400"},
        {"month": "2026-05", "revenue": "41200", "costs": "37900"},
        {"month": "2026-06", "revenue": "43500", "costs": "38200"},
        {"month": "2026-07", "revenue": "44100", "costs": "38600"},
        {"month": "2026-08", "revenue": "42700", "costs": "38100"},
        {"month": "2026-09", "revenue": "41900", "costs": "38300"},
        {"month": "2026-10", "revenue": "43000", "costs": "38700"},
        {"month": "2026-11", "revenue": "44800", "costs": "39000"},
    ],
}

HARBOR_INPUTS = {
    "downtime_cost_per_hour": "1850.00",
    "hours_to_recover_today": "30",
    "systems": [
        {
            "system": "Practice management",
            "data_gb": "42",
            "hours_since_backup": "24",
            "restore_tested": "no",
            "offsite": "no",
            "max_loss_hours": "24",
        },
        {
            "system": "Imaging server",
            "data_gb": "1350",
            "hours_since_backup": "168",
            "restore_tested": "no",
            "offsite": "no",
            "max_loss_hours": "24",
        },
        {
            "system": "Shared drive",
            "data_gb": "85",
            "hours_since_backup": "24",
            "restore_tested": "yes",
            "offsite": "no",
            "max_loss_hours": "72",
        },
        {
            "system": "Email",
            "data_gb": "60",
            "hours_since_backup": "1",
            "restore_tested": "yes",
            "offsite": "yes",
            "max_loss_hours": "24",
        },
    ],
}


def load(sample_id: str):
    return parse_sample((SAMPLES / f"{sample_id}.md").read_text(encoding="utf-8"))


def work(sample_id: str, inputs: dict, currency: str, organisation: str = "the client") -> str:
    context = RenderContext(organisation=organisation, currency=currency, locale="en")
    return str(work_out(load(sample_id), inputs, context))


def findings(html: str) -> list[str]:
    """The bullet points under "What this shows", as plain text."""
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def cells(html: str, first_cell: str) -> list[str]:
    """The cells of the table row that starts with `first_cell`."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        values = re.findall(r"<td[^>]*>(.*?)</td>", row)
        if values and values[0] == first_cell:
            return values
    raise AssertionError(f"no table row starts with {first_cell!r}")


@pytest.mark.parametrize("sample_id", ["cash-runway", "backup-gap"])
def test_sample_works_out_on_its_own_example(sample_id):
    parsed = load(sample_id)
    assert parsed.spec.id == sample_id
    assert set(parsed.spec.example) == {spec.name for spec in parsed.inputs}
    html = work(sample_id, parsed.spec.example, "GBP")
    assert '<table class="worked">' in html
    assert "<h3>What this shows</h3>" in html
    assert findings(html)


@pytest.mark.parametrize("sample_id", ["cash-runway", "backup-gap"])
def test_sample_declares_the_inputs_the_wizard_asks_for(sample_id):
    expected = {
        "cash-runway": {"cash_on_hand": "money", "months": "table"},
        "backup-gap": {
            "downtime_cost_per_hour": "money",
            "hours_to_recover_today": "number",
            "systems": "table",
        },
    }[sample_id]
    assert {spec.name: spec.type for spec in load(sample_id).inputs} == expected


# Cash runway ----------------------------------------------------------------------------


def test_cash_runway_on_northwind_table():
    html = work("cash-runway", NORTHWIND_INPUTS, "GBP", "Northwind Bakery Ltd")
    # Month, revenue, costs, revenue less costs, cash at month end.
    assert cells(html, "December 2025") == [
        "December 2025",
        "£46,200.00",
        "£38,900.00",
        "£7,300.00",
        "£25,800.00",
    ]
    assert cells(html, "February 2026")[3:] == ["-£9,400.00", "£9,100.00"]
    assert cells(html, "March 2026")[3:] == ["-£3,100.00", "£6,000.00"]
    assert cells(html, "November 2026")[4] == "£39,800.00"
    assert cells(html, "Total")[1:4] == ["£477,300.00", "£456,000.00", "£21,300.00"]


def test_cash_runway_on_northwind_findings():
    html = work("cash-runway", NORTHWIND_INPUTS, "GBP", "Northwind Bakery Ltd")
    low, run, burn, year = findings(html)
    assert low == (
        "Your cash never goes below zero at a month end. It is lowest at the end of "
        "March 2026: £6,000.00, which is £12,500.00 less than you have today."
    )
    assert "From January 2026 to March 2026 you lose money 3 months in a row, £19,800.00" in run
    assert "more than the £18,500.00 you have today" in run
    assert "December 2025 adds £7,300.00 first" in run
    assert "you lose £6,600.00 a month on average" in burn
    assert "would cover about 2.8 loss-making months" in burn
    assert "a surplus of £21,300.00" in year
    assert "You end November 2026 with £39,800.00 in cash" in year
    assert "below zero at the end of" not in html


def test_cash_runway_names_the_months_below_zero_and_the_worst_shortfall():
    inputs = {
        "cash_on_hand": "5000",
        "months": [
            {"month": "2027-01", "revenue": "10000", "costs": "14000"},
            {"month": "2027-02", "revenue": "10000", "costs": "13000"},
            {"month": "2027-03", "revenue": "12000", "costs": "11000"},
            {"month": "2027-04", "revenue": "15000", "costs": "11000"},
        ],
    }
    low, run, burn, year = findings(work("cash-runway", inputs, "USD"))
    assert low.startswith(
        "Your cash goes below zero at the end of 2 months: February 2027 and March 2027."
    )
    assert "lowest at the end of February 2027, when you are $2,000.00 short" in low
    assert "you lose $3,500.00 a month on average" in burn
    assert "cover about 1.4 loss-making months" in burn
    assert run == (
        "From January 2027 to February 2027 you lose money 2 months in a row, $7,000.00 in all."
    )
    assert "a shortfall of $2,000.00" in year
    assert "You end April 2027 with $3,000.00 in cash" in year


def test_cash_runway_with_no_loss_making_month_and_free_text_months():
    inputs = {
        "cash_on_hand": "1000",
        "months": [
            {"month": "Spring", "revenue": "500", "costs": "400"},
            {"month": "Summer", "revenue": "700", "costs": "400"},
        ],
    }
    html = work("cash-runway", inputs, "EUR")
    assert cells(html, "Spring")[4] == "€1,100.00"
    assert "never ends a month below the €1,000.00 you have today" in html
    assert "No month in these figures loses money" in html
    assert "Over these 2 months" in html


# Backup gap -----------------------------------------------------------------------------


def test_backup_gap_on_harbor_dental_table():
    html = work("backup-gap", HARBOR_INPUTS, "USD", "Harbor Dental Group")
    assert cells(html, "Imaging server")[-1] == (
        "144 hours over your limit; restore not tested; no copy offsite"
    )
    assert cells(html, "Practice management")[-1] == (
        "At your limit; restore not tested; no copy offsite"
    )
    assert cells(html, "Shared drive")[-1] == "No copy offsite"
    assert cells(html, "Email")[-1] == "No gap found"


def test_backup_gap_on_harbor_dental_findings():
    html = work("backup-gap", HARBOR_INPUTS, "USD", "Harbor Dental Group")
    over, at_limit, cost, untested, offsite, clean = findings(html)
    assert over.startswith("Imaging server: ")
    assert "168 hours (7 days) ago" in over
    assert "144 hours (6 days) over your limit" in over
    assert at_limit.startswith("Practice management is exactly at your limit")
    assert "about 30 hours" in cost and "$1,850.00" in cost and "$55,500.00" in cost
    assert "No restore has been tested for Practice management or Imaging server" in untested
    assert offsite.startswith("Practice management, Imaging server and Shared drive have no copy")
    assert "1,477 GB, 96% of your data" in offsite
    assert clean.startswith("Email has no gap")


def test_backup_gap_when_every_system_is_covered():
    inputs = {
        "downtime_cost_per_hour": "200",
        "hours_to_recover_today": "4.5",
        "systems": [
            {
                "system": "Books",
                "data_gb": "5",
                "hours_since_backup": "2",
                "restore_tested": "Yes",
                "offsite": "YES",
                "max_loss_hours": "24",
            },
        ],
    }
    html = work("backup-gap", inputs, "GBP")
    assert findings(html) == [
        "Every system\u2019s last backup is within the data loss you said you can accept.",
        "As things stand, getting running again takes about 4.5 hours. At £200.00 for each hour "
        "of downtime, one failure costs about £900.00 in downtime alone, before counting any "
        "data that cannot be recovered.",
        "Every system has had a restore tested.",
        "Every system has a copy kept away from your premises.",
    ]


def test_backup_gap_lists_many_systems_over_the_limit_in_one_finding():
    systems = [
        {
            "system": f"Server {n}",
            "data_gb": "10",
            "hours_since_backup": str(24 + 12 * n),
            "restore_tested": "yes",
            "offsite": "yes",
            "max_loss_hours": "24",
        }
        for n in range(1, 6)
    ]
    inputs = {"downtime_cost_per_hour": "100", "hours_to_recover_today": "2", "systems": systems}
    first = findings(work("backup-gap", inputs, "USD"))[0]
    assert first.startswith("5 systems are over the data loss you said you can accept.")
    assert first.endswith(
        "Server 5, 60 hours (about 2.5 days); Server 4, 48 hours (2 days); "
        "Server 3, 36 hours; Server 2, 24 hours; Server 1, 12 hours."
    )
