"""A sample says which language it is written in: checked, shown in the library, and the
worked-sample step warns when it is not the proposal's; cash-runway and backup-gap come in
German and French too, working out the example documents' own figures."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from proposals.cli import main
from proposals.library import lookups
from proposals.library.revisions import validate_source
from proposals.library.sandbox import RenderContext, work_out
from proposals.library.spec import SampleFileError, parse_sample
from proposals.models import Proposal
from proposals.paths import SAMPLES
from tests.test_starter_samples import HARBOR_INPUTS, NORTHWIND_INPUTS, cells, findings
from tests.wizard_driver import Wizard

TRANSLATED = ["cash-runway-de", "cash-runway-fr", "backup-gap-de", "backup-gap-fr"]


def front(language_line: str) -> str:
    return f"---\nid: hello\ntitle: Hello\n{language_line}\n---\nHello.\n"


def work(sample_id: str, inputs: dict, context: RenderContext) -> str:
    parsed = parse_sample((SAMPLES / f"{sample_id}.md").read_text(encoding="utf-8"))
    return str(work_out(parsed, inputs, context))


@pytest.mark.parametrize(
    "line, language",
    [("", "en"), ("language: de", "de"), ("language: FR", "fr"), ("language: de-CH", "de-CH")],
)
def test_a_sample_is_in_english_unless_it_says_otherwise(line, language):
    assert parse_sample(front(line)).spec.language == language


@pytest.mark.parametrize("value", ["xx", "german", "''", "42", "[de]", "de-"])
def test_an_unknown_language_is_refused_by_its_path(value):
    with pytest.raises(SampleFileError) as caught:
        parse_sample(front(f"language: {value}"))
    assert str(caught.value).startswith("front matter: language: unknown language code")
    assert "(use one like en, de or fr)" in str(caught.value)


def test_samples_check_names_the_file_and_the_language(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))
    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / "hello.md").write_text(front("language: klingon"), encoding="utf-8")
    result = CliRunner().invoke(main, ["samples", "check", str(folder)])
    assert result.exit_code == 1
    assert "FAIL hello.md: front matter: language: unknown language code 'klingon'" in result.output


@pytest.mark.parametrize("sample_id", TRANSLATED)
def test_the_translations_pass_the_library_check(sample_id):
    validate_source((SAMPLES / f"{sample_id}.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "locale, heading, month, cash",
    [
        ("de_DE", "Was das zeigt", "März 2026", "6.000,00\xa0€"),
        ("fr_FR", "Ce que cela montre", "mars 2026", "6\u202f000,00\xa0€"),
    ],
)
def test_cash_runway_translations_work_out_northwind(locale, heading, month, cash):
    sample_id = f"cash-runway-{locale[:2]}"
    html = work(sample_id, NORTHWIND_INPUTS, RenderContext(currency="EUR", locale=locale))
    assert f"<h3>{heading}</h3>" in html and '<figure class="chart"><svg' in html
    assert cells(html, month)[4] == cash  # the same low point as the English sample
    assert any(month in finding and cash in finding for finding in findings(html))
    assert "What this shows" not in html and "Cash at" not in html


@pytest.mark.parametrize(
    "sample_id, words",
    [
        ("backup-gap-de", ["Imaging server", "144 Stunden (6 Tage) über Ihrer Grenze"]),
        ("backup-gap-fr", ["Imaging server", "144 heures (6 jours) au-delà de votre limite"]),
    ],
)
def test_backup_gap_translations_work_out_harbor_dental(sample_id, words):
    html = work(sample_id, HARBOR_INPUTS, RenderContext(currency="USD", locale="en_US"))
    text = " ".join(findings(html)).replace("\xa0", " ")
    assert all(word in text for word in words)
    assert cells(html, "Email")[4:6] == (
        ["ja", "ja"] if sample_id.endswith("de") else ["oui", "oui"]
    )
    assert "What this shows" not in html and '<figure class="chart"><svg' in html


def test_the_library_page_shows_a_samples_language_and_works_it_out_in_it(client):
    german = client.get("/library/cash-runway-de").get_data(as_text=True)
    assert "Written in German" in german
    assert "Ende März 2027" in german  # the example's months, as German writes them
    assert "Written in English" in client.get("/library/cash-runway").get_data(as_text=True)


def with_locale(session, wizard: Wizard, locale: str) -> None:
    proposal = session.get(Proposal, wizard.id)
    proposal.document = {**proposal.document, "locale": locale}
    session.commit()


@pytest.mark.parametrize(
    "locale, sample_id, warning",
    [
        ("de-DE", "cash-runway", "This sample is written in English; the proposal is in German."),
        ("fr-FR", "backup-gap-de", "This sample is written in German; the proposal is in French."),
        (None, "cash-runway-fr", "This sample is written in French; the proposal is in English."),
        ("de-CH", "cash-runway-de", None),
        ("en-GB", "cash-runway", None),
    ],
)
def test_the_sample_step_warns_when_the_languages_differ(
    client, session, locale, sample_id, warning
):
    wizard = Wizard(client)
    wizard.choose_sample(sample_id)
    if locale:
        with_locale(session, wizard, locale)
    html = wizard.get("sample").get_data(as_text=True)
    if warning:
        assert warning in html
    else:
        assert "This sample is written in" not in html
        assert "Written in " in html


def test_a_sample_with_an_accented_title_can_be_duplicated(client, session):
    response = client.post("/library/cash-runway-fr/duplicate")
    assert response.status_code == 302
    session.expire_all()
    copy = lookups.find(session, "cash-runway-fr-copy")
    assert copy.title == "Copy of Autonomie de trésorerie"
    assert parse_sample(copy.current.source).spec.language == "fr"
