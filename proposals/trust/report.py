"""What the trust check found: findings, counts, and the report as JSON or as text."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from .. import sections

PROBLEM = "problem"
ADVICE = "advice"

SECTIONS = sections.IDS  # in the order the PDF has them
SECTION_TITLES = sections.TITLES

# Every rule, its severity and what it looks for (docs/trust-check.md says the same).
RULES = {
    "pressure": (PROBLEM, "urgency, countdowns, discount theatre and assumptive closes"),
    "hype": (PROBLEM, "superlatives and claims nobody can check"),
    "fake-empathy": (PROBLEM, "scripted sympathy and needless apology"),
    "sales-talk": (PROBLEM, "prices, fees or pitch in what we heard or the worked sample"),
    "offer-price": (PROBLEM, "an offer option without a plain price"),
    "self-orientation": (
        ADVICE,
        "more about the firm than about the client (a problem across the whole proposal)",
    ),
    "thin-referrals": (ADVICE, "an empty or one-line 'who else could help'"),
    "if-it-goes-wrong": (ADVICE, "an offer that doesn't say what happens if something goes wrong"),
    "coverage": (ADVICE, "a goal, obstacle or quote of the client's that nothing later answers"),
    "generic-sample": (ADVICE, "a worked sample with none of the client's figures or names"),
    "refuses-help": (
        PROBLEM,
        "discouraging other providers or what the client could do themselves",
    ),
    "generic": (
        ADVICE,
        "stock phrasing with nothing of this client in it (a problem for a whole section)",
    ),
    "plain-language": (ADVICE, "a section much harder to read than the rest"),
    "reads-like": (
        ADVICE,
        "a sentence that means what pressure, hype, refusing help or boilerplate mean, "
        "in words no list has",
    ),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "problem" or "advice"
    section: str  # one of SECTIONS
    text: str  # the words found, as written
    suggestion: str


@dataclass
class Report:
    findings: list[Finding]
    summary: dict = field(default_factory=dict)

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == PROBLEM]

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    def to_dict(self) -> dict:
        return {"findings": [asdict(finding) for finding in self.findings], "summary": self.summary}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def ordered(findings: list[Finding]) -> list[Finding]:
    """Findings in reading order: by section as in the PDF, problems first within one."""
    position = {section: index for index, section in enumerate(SECTIONS)}
    return sorted(
        findings,
        key=lambda finding: (position.get(finding.section, 99), finding.severity != PROBLEM),
    )


def counts(findings: list[Finding]) -> dict:
    severities = Counter(finding.severity for finding in findings)
    return {
        "problems": severities[PROBLEM],
        "advice": severities[ADVICE],
        "by_rule": dict(sorted(Counter(finding.rule for finding in findings).items())),
        "by_section": {
            section: sum(1 for finding in findings if finding.section == section)
            for section in SECTIONS
        },
    }


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def format_text(report: Report, name: str) -> str:
    """The report for a person: a headline, then the findings grouped by section."""
    summary = report.summary
    problems = summary.get("problems", 0)
    advice = summary.get("advice", 0)
    head = (
        f"{name}: {_plural(problems, 'problem') if problems else 'no problems'}, "
        f"{_plural(advice, 'piece', 'pieces') + ' of advice' if advice else 'no advice'}"
    )
    lines = [head]
    overall = (summary.get("self_orientation") or {}).get("overall")
    if overall:
        share = overall.get("seller_share")
        shown = f"{share:.0%} about the firm" if share is not None else "no pronouns"
        lines.append(
            f"Who the words are about: you/your/their name {overall['client']}, "
            f"we/our/I {overall['first_person']} ({shown})"
        )
    if summary.get("sample_note"):
        lines.append(summary["sample_note"])
    note = (summary.get("language") or {}).get("note")
    if note:
        lines.append(note)
    reading = summary.get("reading") or {}
    shown = [
        f"{SECTION_TITLES[section]} {figures['reading_ease']:.0f}"
        for section, figures in reading.items()
        if figures.get("reading_ease") is not None
    ]
    if shown and not note:
        minutes = sum(figures["reading_seconds"] for figures in reading.values()) / 60
        lines.append(
            f"Reading ease (60+ is plain English): {', '.join(shown)}; "
            f"about {max(1, round(minutes))} min to read"
        )
    for section in SECTIONS:
        found = [finding for finding in report.findings if finding.section == section]
        if not found:
            continue
        lines += ["", SECTION_TITLES[section]]
        for finding in found:
            lines.append(f"  {finding.severity:<8} {finding.rule}: {finding.text}")
            lines.append(f"  {'':<8} {finding.suggestion}")
    return "\n".join(lines)
