"""The section registry: one list from which the PDF, the review and the trust check derive."""

from __future__ import annotations

import re

import pytest

from proposals import sections
from proposals.document import SECTIONS as DOCUMENT_PARTS
from proposals.trust import SECTION_TITLES, SECTIONS
from proposals.wizard.steps import STEPS
from tests.wizard_driver import Wizard


def test_the_contract_order():
    assert [section.id for section in sections.SECTIONS] == [
        "heard",
        "sample",
        "others",
        "offer",
        "next",
    ]


def test_every_document_key_belongs_to_exactly_one_section_and_a_real_step():
    keys = [key for section in (sections.COVER, *sections.SECTIONS) for key in section.keys]
    assert len(keys) == len(set(keys))
    document_keys = {
        field.alias or name
        for part in DOCUMENT_PARTS.values()
        for name, field in part.model_fields.items()
    }
    assert document_keys <= set(keys)
    slugs = {step.slug for step in STEPS}
    assert {section.step for section in (sections.COVER, *sections.SECTIONS)} <= slugs


@pytest.mark.parametrize(
    ("path", "step"),
    [
        ("offer.options[0].price", "offer"),
        ("self_help[2]", "help"),
        ("follow_up.on", "next"),
        ("prospect.organisation", "people"),
        ("", "people"),
    ],
)
def test_a_problem_is_fixed_on_the_step_of_its_section(path, step):
    assert sections.step_for_path(path) == step


def test_the_trust_report_reads_the_registry():
    assert SECTIONS == sections.IDS
    assert SECTION_TITLES["offer"] == "If you'd like our help"


def test_the_review_links_each_section_to_the_step_that_edits_it(client, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    html = wizard.get("review").get_data(as_text=True)
    preview = html[html.index('<article class="preview">') :]
    edited = re.findall(r'href="/proposals/\d+/step/(\w+)">Edit</a>', preview)
    assert edited == ["people", "heard", "sample", "help", "offer", "next"]
