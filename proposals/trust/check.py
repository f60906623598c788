"""Checking a passage or a whole proposal: which rules run where, and the report."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..document import Document, dump_document
from ..numbers import NumberProblem, parse_decimal
from . import meaning, memo, phrase_files
from .generic import Anchors, generic_findings
from .judgements import (
    coverage,
    generic_sample,
    no_safety_net,
    offer_without_price,
    orientation_figures,
    self_orientation,
    thin_referrals,
)
from .languages import applies, language_of, language_summary
from .normalise import content_stems, reading_figures, tokenise
from .phrases import PhraseBook
from .readability import harder_sections, section_reading
from .report import SECTIONS, Finding, Report, counts, ordered
from .rules import LATER_SECTIONS, Client, Scan, echoes_of, html_to_text, scan


def _section(section: str) -> str:
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}: use one of {', '.join(SECTIONS)}")
    return section


def check_text(
    text: str,
    section: str,
    client: Client | dict | None = None,
    book: PhraseBook | None = None,
) -> list[Finding]:
    """Check one passage as if it were the whole of that section of a proposal.

    Without `client`, every quoted passage counts as the client's words, and the rules
    that need to know the client (coverage, generic sample) do not run.
    """
    section = _section(section)
    book = book or phrase_files.load()
    if isinstance(client, dict):
        client = Client.from_dict(client)
    scanned = scan(text, section, book, client)
    findings = list(scanned.findings)
    findings += generic_findings([text], section, book, _anchors(client, []))
    if meaning.available():
        findings += _reads_like({section: [text]}, findings, client)
    findings.append(self_orientation(scanned, section, book))
    if section == "others":
        findings.append(thin_referrals(scanned, book, text))
    if section == "offer":
        findings.append(offer_without_price(scanned, book))
        findings.append(no_safety_net(scanned, book, "the offer"))
    if section == "sample":
        findings.append(generic_sample(scanned, client, book, "the worked sample"))
    if section in LATER_SECTIONS:
        findings += coverage(scanned.stems, client, book)
    return ordered([finding for finding in findings if finding is not None])


# ---------------------------------------------------------------------------
# A whole document.


def _figures(value: Any) -> set[Decimal]:
    """Every figure in the sample's inputs, however deep."""
    if isinstance(value, dict):
        return set().union(*(_figures(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_figures(item) for item in value))
    if isinstance(value, bool) or value is None:
        return set()
    try:
        return {parse_decimal(value).normalize()}
    except NumberProblem:
        return set()


def client_of(document: Document) -> Client:
    listening = document.listening
    heard = [
        listening.situation,
        listening.tried_before,
        listening.sleep_well,
        listening.constraints,
        *listening.their_words,
        *listening.goals,
        *listening.obstacles,
    ]
    figures = _figures(document.sample.inputs or {})
    for text in filter(None, heard):
        figures |= {token.value for token in tokenise(text) if token.kind != "word"}
    ignore = [document.consultant.firm, document.consultant.name]
    for referral in document.referrals:
        ignore += [referral.name, referral.organisation or "", referral.contact or ""]
    return Client(
        names=(document.prospect.organisation, document.prospect.contact_name),
        their_words=tuple(listening.their_words),
        goals=tuple(listening.goals),
        obstacles=tuple(listening.obstacles),
        figures=frozenset(value for value in figures if value is not None),
        ignore=tuple(name for name in ignore if name),
        firm=(document.consultant.firm, document.consultant.name),
    )


def section_texts(document: Document, worked_sample_text: str | None) -> dict[str, list[str]]:
    """The client-facing text of each section. The private notes are never read, and the
    client's own words are context, not text to check."""
    listening, sample, offer = document.listening, document.sample, document.offer
    texts = {
        "heard": [
            document.title,
            listening.situation,
            *listening.goals,
            *listening.obstacles,
            listening.tried_before,
            listening.sleep_well,
            listening.constraints,
        ],
        "sample": ([sample.title, sample.body] if sample.is_inline else [worked_sample_text])
        + [sample.commentary],
        "others": [
            text for referral in document.referrals for text in (referral.serves, referral.why)
        ]
        + list(document.self_help),
        "offer": [offer.summary]
        + [
            text
            for option in offer.options
            for text in (option.name, option.description, option.timeline)
        ]
        # Extras are part of the offer: their words and prices are read with it.
        + [
            text
            for option in offer.options
            for add_on in option.add_ons
            for text in (add_on.name, add_on.description)
        ]
        + [offer.if_it_goes_wrong],
        "next": list(document.next_steps)
        + ([document.follow_up.about] if document.follow_up else []),
    }
    return {section: [text for text in found if text] for section, found in texts.items()}


def check_document(
    document: Document,
    worked_sample_text: str | None = None,
    book: PhraseBook | None = None,
) -> Report:
    """Check every client-facing part of a proposal.

    `worked_sample_text` is the library sample as the client will read it (plain text or
    HTML); without it only the sample's commentary is read, and the generic-sample rule
    is left out for a library sample. Figures are read in the proposal's locale.
    """
    with reading_figures(document.locale):
        report = _check_document(document, worked_sample_text, book)
    memo.save_all()  # what this check worked out, for the next one (even in a new process)
    return report


def _check_document(
    document: Document, worked_sample_text: str | None, book: PhraseBook | None
) -> Report:
    book = book or phrase_files.load()
    client = client_of(document)
    if worked_sample_text and "<" in worked_sample_text:
        worked_sample_text = html_to_text(worked_sample_text)
    texts = section_texts(document, worked_sample_text)
    echoes = echoes_of(client, book)
    scans: dict[str, Scan] = {}
    for section in SECTIONS:
        scans[section] = Scan()
        for text in texts[section]:
            scans[section].add(scan(text, section, book, client, echoes))

    findings: list[Finding] = []
    overall = Scan()
    for section in SECTIONS:
        findings += scans[section].findings
        findings.append(self_orientation(scans[section], section, book))
        overall.add(scans[section])
    # The whole proposal's finding stands in the section that talks most about the firm.
    loudest = max(SECTIONS, key=lambda section: sum(scans[section].first_person.values()))
    findings.append(self_orientation(overall, loudest, book, overall=True))
    findings.append(thin_referrals(scans["others"], book, " / ".join(texts["others"])))
    findings += _offer_findings(document, scans["offer"], book)
    sample_seen = document.sample.is_inline or bool(worked_sample_text)
    if sample_seen:
        label = document.sample.title or "the worked sample"
        findings.append(generic_sample(scans["sample"], client, book, label))
    later = set().union(*(scans[section].stems for section in LATER_SECTIONS))
    findings += coverage(later, client, book)
    findings += _generic(document, texts, client, book)
    if meaning.available():
        # The worked sample's own text is the library's figures and tables, not prose
        # written for this client: only its commentary (and an inline body) is read.
        written = {**texts, "sample": [t for t in texts["sample"] if t != worked_sample_text]}
        findings += _reads_like(written, findings, client)
    reading = section_reading(texts)
    findings += harder_sections(reading)

    language = language_of(document.locale)
    findings = ordered([f for f in findings if f is not None and applies(f.rule, language)])
    summary = counts(findings)
    summary["self_orientation"] = {
        "overall": orientation_figures(overall),
        "sections": {section: orientation_figures(scans[section]) for section in SECTIONS},
    }
    summary["reading"] = reading
    summary["language"] = language_summary(language)
    summary["reads_like"] = "applied" if meaning.available() else meaning.MISSING
    summary["sample_checked"] = "whole" if sample_seen else "commentary only"
    if not sample_seen:
        summary["sample_note"] = (
            "The worked sample could not be worked out here: only its commentary was checked."
        )
    return Report(findings, summary)


def _anchors(client: Client | None, heard: list[str], book: PhraseBook | None = None) -> Anchors:
    """What ties a sentence to this client: their names and the words of what was heard."""
    if client is None:
        return Anchors()
    stop = (book or phrase_files.load()).words.stop
    heard_texts = (*heard, *client.goals, *client.obstacles, *client.their_words)
    return Anchors(client.name_words, _heard_stems(heard_texts, stop), client.firm_words)


@lru_cache(maxsize=256)
def _heard_stems(texts: tuple[str, ...], stop: frozenset[str]) -> frozenset[str]:
    return frozenset(set().union(*(content_stems(tokenise(text), stop) for text in texts)))


def _generic(document: Document, texts: dict, client: Client, book: PhraseBook) -> list:
    """Generic sentences in every section; what was heard is anchored in the rest of it."""
    listening = document.listening
    heard = [
        text
        for text in (
            listening.situation,
            listening.tried_before,
            listening.sleep_well,
            listening.constraints,
            document.prospect.industry,
        )
        if text
    ]
    found = []
    for section in SECTIONS:
        if section == "heard":
            for text in texts[section]:
                others = [other for other in heard if other != text]
                found += generic_findings([text], section, book, _anchors(client, others, book))
        else:
            found += generic_findings(texts[section], section, book, _anchors(client, heard, book))
    return found


def _reads_like(texts: dict, found: list, client: Client | None) -> list[Finding]:
    """The sentences that read like a pushy family, except the client's own words and
    sentences another rule already named."""
    spared = set(client.their_words) if client else set()
    findings = []
    for section, section_texts in texts.items():
        named = [f.text.rstrip("…") for f in found if f is not None and f.section == section]
        for finding in meaning.reads_like(section_texts, section, spared):
            if not any(text and text in finding.text for text in named):
                findings.append(finding)
    return findings


def _offer_findings(document: Document, scanned: Scan, book: PhraseBook) -> list[Finding]:
    offer = document.offer
    found = []
    if not offer.options:
        found.append(
            Finding("offer-price", "problem", "offer", "no options", book.suggestion("offer-price"))
        )
    for option in offer.options:
        if not str(option.price or "").strip():
            found.append(
                Finding(
                    "offer-price", "problem", "offer", option.name, book.suggestion("offer-price")
                )
            )
    if not offer.if_it_goes_wrong:
        found.append(
            no_safety_net(scanned, book, "nothing on what happens if something goes wrong")
        )
    return found


# A worked sample's text depends on the sample's file, what of the document it reads and
# the day.
WORKED = memo.Memo("worked-sample", "1", kept=100)  # about 10 KB each


def worked_sample_text(document: Document, catalog) -> str | None:
    """The library sample worked out on the client's inputs, as plain text; None if it
    cannot be worked out here (the check then reads the commentary only)."""
    if document.sample.is_inline:
        return None
    data = dump_document(document)
    try:
        source = catalog.get(data["sample"]["id"]).source
    except Exception:  # noqa: BLE001 - an unknown sample: check the commentary only
        return None
    key = (source, _what_the_sample_reads(data), date.today().isoformat())
    return WORKED.get(key, lambda: _worked_out(document, data["sample"], catalog))


def _what_the_sample_reads(data: dict) -> str:
    """The parts of the document a worked sample depends on: its inputs and what
    library/worked.py's `sample_context` takes (an edit elsewhere needs no new run)."""
    options = (data.get("offer") or {}).get("options") or [{}]
    read = [
        data["sample"],
        data.get("prospect"),
        data.get("currency"),
        options[0].get("currency"),
        data.get("locale"),
    ]
    return json.dumps(read, sort_keys=True, default=str)


def _worked_out(document: Document, sample: dict, catalog) -> str | None:
    # The sandbox, Jinja and Markdown: loaded only for a sample not worked out before.
    from ..library.worked import sample_context, work_out_sample

    try:
        # Charts are drawn as paths, so the check reads only their captions: none drawn.
        worked = work_out_sample(sample, catalog, sample_context(document), draw_charts=False)
    except Exception:  # noqa: BLE001 - any failure means: check the commentary only
        return None
    return f"{worked.title}\n\n{html_to_text(worked.html)}"
