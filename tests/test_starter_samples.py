"""Every starter sample in samples/ parses, works out on its own example, reads as the method
asks, and gets its figures right, on its example and on a client's own numbers (the expected
figures are worked out here, independently)."""

from __future__ import annotations

import html as html_lib
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from proposals.library.revisions import validate_source
from proposals.library.sandbox import OUTPUT_LIMIT_CHARS, RenderContext, work_out
from proposals.library.spec import parse_sample
from proposals.paths import SAMPLES

SAMPLE_FILES = sorted(path for path in SAMPLES.glob("*.md") if path.name.lower() != "readme.md")
TABLE_SAMPLES = [
    path
    for path in SAMPLE_FILES
    if any(spec.type == "table" for spec in parse_sample(path.read_text(encoding="utf-8")).inputs)
]
FORBIDDEN = [
    "world-class",
    "best-in-class",
    "cutting-edge",
    "act now",
    "limited time",
    "we can help",
    "our services",
]
# The samples written to summarise long tables ("The other 37 lines"); the first two starters
# list every row, which still fits within the output limit.
SUMMARISED = {
    "pricing-margin",
    "licence-spend",
    "contract-clause-risk",
    "retirement-runway",
    "staff-turnover-cost",
    "cost-per-lead",
    "pipeline-leakage",
    "inventory-turns",
    "late-payments",
    "meeting-cost",
}
CONTEXT = RenderContext(organisation="Acme Ltd", currency="GBP", locale="en_GB")
# The heading of the findings, in each language the starter samples are written in.
FINDINGS_HEADING = {"en": "What this shows", "de": "Was das zeigt", "fr": "Ce que cela montre"}
TRANSLATIONS = {"cash-runway": ("de", "fr"), "backup-gap": ("de", "fr")}
D = Decimal

# The two examples' own figures, as in proposals/demo/northwind-bakery.json and harbor-dental.toml.
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


def in_currency(currency: str, organisation: str = "the client") -> RenderContext:
    """A plain English context for a client who counts in `currency`."""
    return RenderContext(organisation=organisation, currency=currency, locale="en")


def work(sample_id: str, inputs: dict | None = None, context: RenderContext = CONTEXT) -> str:
    """The sample worked out on `inputs` (default: its own example)."""
    parsed = load(sample_id)
    return str(work_out(parsed, parsed.spec.example if inputs is None else inputs, context))


def example(sample_id: str) -> dict:
    return load(sample_id).spec.example


def plain(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def findings(html: str) -> list[str]:
    """Every list item (bullets under "What this shows", numbered lists), as plain text."""
    return [plain(item) for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def text_of(html: str) -> str:
    return " ".join(findings(html))


def cells(html: str, first_cell: str) -> list[str]:
    """The cells of the first table row that starts with `first_cell`."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        values = [plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if values and values[0] == first_cell:
            return values
    raise AssertionError(f"no table row starts with {first_cell!r}")


def first_column(html: str) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [plain(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[0]) for row in rows if "<td" in row]


def gbp(value, digits: int = 2) -> str:
    """What money() prints in pounds, worked out here without Babel."""
    amount = D(value).quantize(D(1).scaleb(-digits), ROUND_HALF_UP)
    text = f"£{abs(amount):,.{digits}f}"
    return f"-{text}" if amount < 0 else text


def pct(value, digits: int = 0) -> str:
    return f"{(D(value) * 100).quantize(D(1).scaleb(-digits), ROUND_HALF_UP):,.{digits}f}%"


# Every sample ------------------------------------------------------------------------------


def test_there_are_at_least_twelve_starter_samples():
    languages = [
        parse_sample(path.read_text(encoding="utf-8")).spec.language for path in SAMPLE_FILES
    ]
    assert languages.count("en") >= 12
    assert len(SAMPLE_FILES) == languages.count("en") + sum(map(len, TRANSLATIONS.values()))


@pytest.mark.parametrize(
    "sample_id, language",
    [(sample_id, language) for sample_id, langs in TRANSLATIONS.items() for language in langs],
)
def test_a_translated_sample_asks_for_the_same_inputs_and_has_the_same_example(sample_id, language):
    original, translated = load(sample_id), load(f"{sample_id}-{language}")
    assert translated.spec.language == language and original.spec.language == "en"
    assert translated.spec.example == original.spec.example
    shape = [
        (spec.name, spec.type, spec.choices, [(c.name, c.type, c.choices) for c in spec.columns])
        for spec in original.inputs
    ]
    assert [
        (spec.name, spec.type, spec.choices, [(c.name, c.type, c.choices) for c in spec.columns])
        for spec in translated.inputs
    ] == shape


def test_sample_ids_are_unique():
    ids = [parse_sample(path.read_text(encoding="utf-8")).spec.id for path in SAMPLE_FILES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.stem)
def test_sample_works_out_on_its_own_example(path):
    parsed = parse_sample(path.read_text(encoding="utf-8"))
    assert parsed.spec.id == path.stem
    assert parsed.spec.title and parsed.spec.summary and parsed.spec.tags
    assert set(parsed.spec.example) == {spec.name for spec in parsed.inputs}
    html = str(work_out(parsed, parsed.spec.example, CONTEXT))
    assert '<table class="worked">' in html
    assert f"<h3>{FINDINGS_HEADING[parsed.spec.language]}</h3>" in html
    assert findings(html)
    lowered = html.lower()
    for word in FORBIDDEN:
        assert word not in lowered, word


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


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.stem)
def test_sample_passes_the_library_check(path):
    # What `proposals samples check` and the library editor run (USD, plain "en" locale).
    validate_source(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.stem)
def test_sample_has_no_singular_plural_slips(path):
    text = plain(work(path.stem))
    units = (
        "months|years|seats|days|weeks|hours|people|deals|customers|clauses|leads|invoices|lines"
    )
    assert not re.search(rf"(?<![\d.,])1 ({units})\b", text)


@pytest.mark.parametrize("path", TABLE_SAMPLES, ids=lambda path: path.stem)
def test_sample_stays_short_on_a_500_row_table(path):
    parsed = parse_sample(path.read_text(encoding="utf-8"))
    inputs = dict(parsed.spec.example)
    for spec in [spec for spec in parsed.inputs if spec.type == "table"]:
        rows = inputs[spec.name]
        inputs[spec.name] = [
            {
                **rows[n % len(rows)],
                **{c.name: f"Item {n}" for c in spec.columns[:1] if c.type == "text"},
            }
            for n in range(500)
        ]
    html = str(work_out(parsed, inputs, CONTEXT))
    without_charts = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert len(without_charts) < OUTPUT_LIMIT_CHARS
    if parsed.spec.id in SUMMARISED:
        assert len(without_charts) < OUTPUT_LIMIT_CHARS / 4


# Cash runway ----------------------------------------------------------------------------


def test_cash_runway_on_northwind_table():
    html = work("cash-runway", NORTHWIND_INPUTS, in_currency("GBP", "Northwind Bakery Ltd"))
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
    html = work("cash-runway", NORTHWIND_INPUTS, in_currency("GBP", "Northwind Bakery Ltd"))
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
    low, run, burn, year = findings(work("cash-runway", inputs, in_currency("USD")))
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
    html = work("cash-runway", inputs, in_currency("EUR"))
    assert cells(html, "Spring")[4] == "€1,100.00"
    assert "never ends a month below the €1,000.00 you have today" in html
    assert "No month in these figures loses money" in html
    assert "Over these 2 months" in html


# Backup gap -----------------------------------------------------------------------------


def test_backup_gap_on_harbor_dental_table():
    html = work("backup-gap", HARBOR_INPUTS, in_currency("USD", "Harbor Dental Group"))
    assert cells(html, "Imaging server")[-1] == (
        "144 hours over your limit; restore not tested; no copy offsite"
    )
    assert cells(html, "Practice management")[-1] == (
        "At your limit; restore not tested; no copy offsite"
    )
    assert cells(html, "Shared drive")[-1] == "No copy offsite"
    assert cells(html, "Email")[-1] == "No gap found"


def test_backup_gap_on_harbor_dental_findings():
    html = work("backup-gap", HARBOR_INPUTS, in_currency("USD", "Harbor Dental Group"))
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
    html = work("backup-gap", inputs, in_currency("GBP"))
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
    first = findings(work("backup-gap", inputs, in_currency("USD")))[0]
    assert first.startswith("5 systems are over the data loss you said you can accept.")
    assert first.endswith(
        "Server 5, 60 hours (about 2.5 days); Server 4, 48 hours (2 days); "
        "Server 3, 36 hours; Server 2, 24 hours; Server 1, 12 hours."
    )


# Pricing and margin -------------------------------------------------------------------------


def pricing_figures():
    lines = example("pricing-margin")["lines"]
    contribution = {r["line"]: (D(r["price"]) - D(r["unit_cost"])) * D(r["units"]) for r in lines}
    revenue = sum(D(r["price"]) * D(r["units"]) for r in lines)
    return contribution, revenue


def test_pricing_margin_on_its_example():
    html = work("pricing-margin")
    contribution, revenue = pricing_figures()
    total = sum(contribution.values())
    assert cells(html, "Sourdough loaves")[4:] == [
        gbp(contribution["Sourdough loaves"]),
        pct((D("4.20") - D("1.35")) / D("4.20")),
        pct(contribution["Sourdough loaves"] / total),
    ]
    assert cells(html, "Wholesale bread")[4] == gbp(-3120)
    assert cells(html, "All lines")[4:6] == [gbp(total), pct(total / revenue)]
    # Ranked by contribution, largest first.
    assert first_column(html)[:2] == ["Sourdough loaves", "Coffee"]
    text = text_of(html)
    extra = revenue * D("0.05")
    assert f"adds {gbp(extra)} a year" in text
    assert f"contribution goes from {gbp(total)} to {gbp(total + extra)}" in text
    assert f"more than {pct(1 - total / (total + extra))} fewer units" in text
    assert "Each unit of Wholesale bread loses £0.12, £3,120.00 over the year" in text
    assert "Sourdough loaves and Coffee: £99,600.00 between them" in text
    profit = total - D(145000)
    assert f"profit is {gbp(profit)}" in text
    assert f"profit would be {gbp(profit + extra)}: {pct(extra / profit, 1)} more" in text
    assert "Café lunches: 26% of your sales, but only 16% of your contribution" in text
    assert '<figure class="chart">' in html


def test_pricing_margin_price_cut_without_fixed_costs():
    inputs = {
        "price_change": "-10",
        "fixed_costs": "",
        "lines": [
            {"line": "Audit", "price": "200", "unit_cost": "80", "units": "50"},
            {"line": "Payroll", "price": "40", "unit_cost": "30", "units": "100"},
        ],
    }
    text = text_of(work("pricing-margin", inputs))
    # Contribution 6,000 + 1,000 = 7,000; revenue 14,000; a 10% cut costs 1,400.
    assert "costs £1,400.00 a year: contribution goes from £7,000.00 to £5,600.00" in text
    assert "you would need to sell 25% more units" in text
    assert "of fixed costs" not in text  # no fixed costs given, so no profit finding


# Licence spend -----------------------------------------------------------------------------


def test_licence_spend_on_its_example():
    html = work("licence-spend")
    # Acrobat: 11 used plus 10% is 12.1, so 13 seats kept and 17 of the 30 can go.
    acrobat = 17 * D("19.97") * 12
    assert cells(html, "Adobe Acrobat Pro") == [
        "Adobe Acrobat Pro",
        "30",
        "11",
        "37%",
        gbp(19 * D("19.97") * 12),
        "13",
        gbp(acrobat),
    ]
    assert first_column(html)[0] == "Adobe Acrobat Pro"
    savings = (
        acrobat + 4 * D(80) * 12 + 15 * D("13.50") * 12 + 8 * D("12.99") * 12 + 7 * D("10.30") * 12
    )
    assert cells(html, "All products")[-1] == gbp(savings)
    text = text_of(html)
    assert f"would save {gbp(savings)} a year" in text
    assert "Next come Salesforce Sales Cloud (4 seats, £3,840.00) and Miro Business" in text
    assert "Nobody used Miro Business in the last 90 days: all 15 seats, £2,430.00 a year" in text
    assert "DocuSign Standard has 2 seats more in use than you pay for" in text
    assert f"about {gbp(2 * 25 * 12)} a year" in text


def test_licence_spend_with_nothing_to_cut():
    inputs = {
        "headroom": "0",
        "licences": [
            {"product": "Xero", "seats_paid": "3", "seats_used": "3", "cost_per_seat": "30"}
        ],
    }
    text = text_of(work("licence-spend", inputs))
    assert "You pay £1,080.00 a year for 3 seats." in text
    assert "nothing to cut" in text


# Contract clause risk ----------------------------------------------------------------------


def test_contract_clause_risk_on_its_example():
    html = work("contract-clause-risk")
    assert cells(html, "1")[1:] == [
        "11.3 Termination for convenience",
        "They can end the contract on 30 days' notice; you need 12 months",
        "High",
        "High",
        "9",
        "High",
    ]
    assert cells(html, "High impact") == [
        "High impact",
        "13.1 Intellectual property",
        "9.1 Limitation of liability",
        "11.3 Termination for convenience",
    ]
    assert cells(html, "Medium impact")[3] == "4.2 Payment terms; 6.5 Price review"
    items = findings(html)
    assert items[0] == (
        "Of the 8 clauses reviewed, 4 are high risk (score 6 or more), 2 medium (3 or 4) "
        "and 2 low (1 or 2)."
    )
    order = re.findall(r"<ol>(.*?)</ol>", html, re.S)[0]
    assert [plain(m).split(":")[0] for m in re.findall(r"<li>(.*?)</li>", order, re.S)] == [
        "11.3 Termination for convenience",  # 9
        "9.1 Limitation of liability",  # 6, high impact before high likelihood
        "4.2 Payment terms",  # 6, in contract order
        "6.5 Price review",
    ]


def test_contract_clause_risk_when_nothing_is_high():
    inputs = {
        "contract": "Lease",
        "clauses": [
            {
                "clause": "Rent review",
                "says": "Upward only",
                "likelihood": "medium",
                "impact": "medium",
            },
            {
                "clause": "Repairs",
                "says": "Tenant repairs the roof",
                "likelihood": "low",
                "impact": "low",
            },
        ],
    }
    html = work("contract-clause-risk", inputs)
    assert "None of the clauses is high risk" in plain(html)
    assert findings(html)[0].startswith(
        "Of the 2 clauses reviewed, none are high risk (score 6 or more), 1 medium"
    )


# Retirement runway -------------------------------------------------------------------------


def retirement_pot(years: int = 17) -> Decimal:
    pot = D(185000)
    for _ in range(years):
        pot = pot * D("1.035") + 12000
    return pot


def test_retirement_runway_on_its_example():
    html = work("retirement-runway")
    pot = retirement_pot()
    assert cells(html, "Year 17") == [
        "Year 17",
        "65",
        gbp(389000),
        gbp((pot - 389000).quantize(D(1))),
        gbp(pot.quantize(D(1))),
    ]
    assert cells(html, "Year 5")[4] == gbp(retirement_pot(5).quantize(D(1)))
    need = D(42000) - D(11500)
    balance, years = pot, 0
    while balance >= need:
        balance, years = (balance - need) * D("1.035"), years + 1
    target = need / D("0.04")
    extra = (target - pot) * D("0.035") / (D("1.035") ** 17 - 1)
    text = text_of(html)
    assert f"your pot could reach about {gbp(pot, 0)} by age 65" in text
    assert f"Drawing 4% of it would give about {gbp(pot * D('0.04'), 0)} a year" in text
    assert f"about {gbp(need - pot * D('0.04'), 0)} a year short" in text
    assert f"it would pay for {years} years, until you are about {65 + years}" in text
    assert f"Saving about {gbp(extra, 0)} more a year" in text
    assert '<figure class="chart">' in html


def test_retirement_runway_when_other_income_covers_spending():
    inputs = {**example("retirement-runway"), "other_income": "45000", "age_today": ""}
    text = text_of(work("retirement-runway", inputs))
    assert "Your other income alone covers the £42,000 you want to spend." in text
    assert "by the time you retire" in text
    assert "short" not in text


# Staff turnover cost -----------------------------------------------------------------------


def test_staff_turnover_cost_on_its_example():
    html = work("staff-turnover-cost")
    lost = D(31500) / 52 * 16 / 2
    per_leaver = 4200 + lost
    yearly = per_leaver * 14
    assert cells(html, "Lost output while the new person learns the job") == [
        "Lost output while the new person learns the job",
        gbp(lost),
        gbp(lost * 14),
    ]
    assert cells(html, "Total") == ["Total", gbp(per_leaver), gbp(yearly)]
    assert cells(html, "Turnover halved")[3:] == [gbp(yearly / 2), gbp(yearly / 2)]
    assert cells(html, "At 12% turnover")[4] == gbp(yearly - D(62) * D("0.12") * per_leaver)
    text = text_of(html)
    assert "14 of your 62 people left in the last 12 months: a turnover rate of 23%" in text
    assert "one person leaving every 3.7 weeks" in text
    assert f"Each person who leaves costs about {gbp(per_leaver, 0)}" in text
    assert f"Halving it, to 7 people a year, would save about {gbp(yearly / 2, 0)} a year" in text


def test_staff_turnover_cost_with_nobody_leaving():
    inputs = {**example("staff-turnover-cost"), "leavers": "0", "comparison_rate": ""}
    text = text_of(work("staff-turnover-cost", inputs))
    assert text.startswith("Nobody left in the last 12 months")


# Cost per lead -----------------------------------------------------------------------------


def test_cost_per_lead_on_its_example():
    html = work("cost-per-lead")
    assert first_column(html)[:6] == ["1", "2", "3", "4", "5", "6"]
    assert cells(html, "1")[1] == "Referral scheme"
    assert cells(html, "5")[1:] == [
        "Trade shows",
        gbp(14500),
        "95",
        "6",
        gbp(D(14500) / 95),
        pct(D(6) / 95),
        gbp(D(14500) / 6),
    ]
    assert cells(html, "6")[1] == "Local radio" and cells(html, "6")[-1] == "–"
    text = text_of(html)
    assert f"won 65 customers from 1,305 leads: {gbp(D(58300) / 1305)} per lead" in text
    # Below average: Referral, SEO, Google (27,000 for 50 customers).
    # Above 1.5 times the average, or no customers: Local radio and Trade shows (21,700).
    assert f"{gbp(21700)} went to channels" in text
    moved = round(D(21700) / (D(27000) / 50))
    assert f"{gbp(D(27000) / 50)} each), it would have brought about {moved} customers" in text
    assert (
        "a customer from Trade shows costs more to win (£2,416.67) than the customer is worth"
        in text
    )
    assert "The cheapest leads came from Facebook and Instagram ads, at £18.82 each" in text


# Pipeline leakage --------------------------------------------------------------------------


def test_pipeline_leakage_on_its_example():
    html = work("pipeline-leakage")
    assert cells(html, "Proposal sent") == [
        "Proposal sent",
        "160",
        "64",
        "40%",
        gbp(14500),
        gbp(96 * 14500),
    ]
    # 5 more points past Proposal sent: 8 more deals reach Negotiation, which wins 41 of 64.
    extra_wins = D(160) * D("0.05") * D(41) / D(64)
    text = text_of(html)
    assert (
        f"41 were won: a win rate of {pct(D(41) / 480, 1)}, worth about {gbp(41 * 15000, 0)}"
        in text
    )
    assert f"The most value leaves at Enquiry: 230 deals worth about {gbp(230 * 12000, 0)}" in text
    assert (
        "The weakest step is Proposal sent: only 40% of deals move on, against 52% to 64%" in text
    )
    assert "8 more deals would reach Negotiation" in text
    assert f"about {gbp(extra_wins * 15000, 0)} more over the last 12 months" in text


# Inventory turns ---------------------------------------------------------------------------


def test_inventory_turns_on_its_example():
    html = work("inventory-turns")
    excess = {
        name: max(D(stock) - D(cogs) * 60 / 365, D(0))
        for name, cogs, stock in [
            ("Timber", 1240000, 155000),
            ("Plumbing fittings", 620000, 210000),
            ("Power tools", 380000, 145000),
            ("Paint and decorating", 410000, 62000),
            ("Ironmongery", 150000, 88000),
            ("Insulation", 530000, 48000),
            ("Discontinued flooring", 0, 14500),
        ]
    }
    assert cells(html, "Ironmongery") == [
        "Ironmongery",
        gbp(150000),
        gbp(88000),
        "1.7",
        "214",
        gbp(D(88000) * D("0.22")),
        gbp(excess["Ironmongery"]),
    ]
    assert first_column(html)[:2] == ["Discontinued flooring", "Ironmongery"]
    assert cells(html, "All lines")[-1] == gbp(sum(excess.values()))
    text = text_of(html)
    assert f"holding it costs about {gbp(D(722500) * D('0.22'), 0)}" in text
    slow = (
        "Ironmongery (1.7 turns), Power tools (2.6) and Plumbing fittings (3.0) turn fewer than 4"
    )
    assert slow in text
    assert f"would free about {gbp(sum(excess.values()), 0)} of cash" in text
    assert "Discontinued flooring: nothing sold in the year" in text


# Late payments -----------------------------------------------------------------------------


def test_late_payments_on_its_example():
    html = work("late-payments")
    invoices = example("late-payments")["invoices"]
    owed = sum(D(i["amount"]) for i in invoices)
    over_90 = sum(D(i["amount"]) for i in invoices if D(i["days_overdue"]) > 90)
    assert cells(html, "More than 90 days") == [
        "More than 90 days",
        "3",
        gbp(over_90),
        pct(over_90 / owed),
    ]
    assert cells(html, "Hollis Construction") == [
        "Hollis Construction",
        gbp(35250),
        "3",
        "95",
        gbp(7250),
    ]
    text = text_of(html)
    on_terms = D(780000) * 30 / 365
    assert f"about {round(owed / 780000 * 365)} days of sales waiting to be paid" in text
    assert f"you would be owed about {gbp(on_terms, 0)}, so {gbp(owed - on_terms, 0)} more" in text
    assert (
        "owed by Hollis Construction (£7,250.00), Penrose Hotels (£4,950.00) and Kestrel Events"
        in text
    )
    assert (
        f"owe {gbp(36900 + 35250 + 11250)} between them, {pct(D(83400) / owed)} of the total"
        in text
    )


def test_late_payments_when_customers_pay_on_time():
    inputs = {
        "annual_sales": "1200000",
        "terms_days": "30",
        "invoices": [{"customer": "Ames", "amount": "20000", "days_overdue": "0"}],
    }
    text = text_of(work("late-payments", inputs))
    assert "none of it is more than 60 days overdue" in text
    assert "paying within your terms" in text


# Meeting cost ------------------------------------------------------------------------------


def test_meeting_cost_on_its_example():
    html = work("meeting-cost")
    yearly = {
        "Monday leadership meeting": 7 * 58 * D(90) / 60 * 46,
        "Operations stand-up": 9 * 32 * D(15) / 60 * 230,
        "Sales pipeline review": 6 * 45 * 46,
        "All-hands": 42 * 35 * 12,
        "Project status meeting": 8 * 40 * D(45) / 60 * 46,
        "Product review": 10 * 48 * 23,
        "Board meeting": 6 * 120 * 3 * 4,
    }
    total = sum(yearly.values())
    assert cells(html, "Monday leadership meeting")[4:6] == [
        gbp(609),
        gbp(yearly["Monday leadership meeting"]),
    ]
    assert cells(html, "All meetings")[5] == gbp(total)
    text = text_of(html)
    assert f"cost about {gbp(total, 0)} a year" in text
    assert "Operations stand-up looks small at £72 a time, but it happens 230 times a year" in text
    assert f"would free about {gbp(total / 4, 0)}" in text
