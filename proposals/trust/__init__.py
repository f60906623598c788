"""The trust check: does a proposal read like someone listening, or someone selling?

    report = check_document(document, worked_sample_text)
    report.findings   # [Finding(rule, severity, section, text, suggestion), ...]
    report.summary    # counts by severity, rule and section; who the words are about
    report.to_json()

`check_text(text, section)` checks one passage as if it were a whole section. The phrase
lists live in phrases.yaml; docs/trust-check.md describes every rule and how a firm adds
phrases of its own.
"""

from .check import check_document, check_text, client_of, section_texts, worked_sample_text
from .phrase_files import ENV_VARIABLE, load
from .phrases import PhraseBook, PhraseError
from .report import ADVICE, PROBLEM, RULES, SECTION_TITLES, SECTIONS, Finding, Report, format_text
from .rules import Client

__all__ = [
    "ADVICE",
    "ENV_VARIABLE",
    "PROBLEM",
    "RULES",
    "SECTIONS",
    "SECTION_TITLES",
    "Client",
    "Finding",
    "PhraseBook",
    "PhraseError",
    "Report",
    "check_document",
    "check_text",
    "client_of",
    "format_text",
    "load",
    "section_texts",
    "worked_sample_text",
]
