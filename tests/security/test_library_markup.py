"""Hostile text through the sample library (editor, .md upload, a sample's own labels and
help) and through a worked sample's table cells (typed in the wizard, or a CSV upload):
the library pages, the wizard's sample step, the review and the PDF stay harmless."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from proposals import db
from proposals.library import lookups
from tests.security.checks import assert_page_harmless, assert_pdf_harmless
from tests.security.conftest import NOTES_MARKER, hostile_document, latest_pdf, sample_source
from tests.security.payloads import CATEGORIES, MARKUP, Payload
from tests.wizard_driver import STEP_FORMS, Wizard


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


def _problem(response) -> str:
    """What a page says is wrong (its error summary or missing list), for failure messages."""
    html = response.get_data(as_text=True)
    found = re.findall(
        r'<(?:div class="error-summary"|section class="missing"|p class="error").*?</', html, re.S
    )
    return f"{response.status_code}: " + (" | ".join(found) or html[:1500])


def _get_harmless(client, url: str, leaks: list[str]) -> str:
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, (url, response.status_code, html[:1500])
    assert_page_harmless(html, url)
    for leak in leaks:
        assert leak not in html, f"{leak!r} leaked into {url}"
    return html


def _payload_sample(slug: str, texts: list[str]) -> str:
    """A sample whose title, summary, input labels, help texts and choices are the payloads,
    whose body carries them literally, and which prints its text inputs and table cells."""
    first = texts[0]
    inputs = [
        {"name": f"note{index}", "label": text[:200], "type": "text", "help": text}
        for index, text in enumerate(texts)
    ]
    inputs += [
        {"name": "pick", "label": "Pick", "type": "choice", "choices": texts},
        {
            "name": "rows",
            "label": first[:200],
            "type": "table",
            "help": first,
            "columns": [
                {"name": "cell", "label": first[:200], "type": "text"},
                {"name": "amount", "label": "Amount", "type": "money"},
            ],
        },
    ]
    example = {f"note{index}": text for index, text in enumerate(texts)}
    example.update(pick=texts[-1], rows=[{"cell": text, "amount": "10"} for text in texts])
    raw = "\n\n".join("{% raw %}" + text + "{% endraw %}" for text in texts)
    notes = "\n\n".join(f"Note {index}: {{{{ note{index} }}}}" for index in range(len(texts)))
    body = (
        f"{raw}\n\n{notes}\n\nPicked: {{{{ pick }}}}\n\n"
        "{% for r in rows %}\n\n{{ r.cell }}\n\n{% endfor %}\n\n"
        '{{ table(rows, [["cell", "Cell"], ["amount", "Amount", "money"]]) }}\n'
    )
    source = sample_source(slug, first[:200], body, inputs, example)
    return source.replace(
        f"summary: {json.dumps(first[:200])}", f"summary: {json.dumps(' '.join(texts))}"
    )


def canary_fill(fill, text: str) -> str:
    """Fill a bare string's @NET@ / canary markers as a payload's would be."""
    return fill(Payload("label", "chart", text))


def _chunks():
    """The categories in three groups of at most 30 (cost-per-lead prints 30 channels)."""
    groups = {
        "script-and-base": CATEGORIES["script"] + CATEGORIES["base"],
        "links-and-templates": CATEGORIES["links"] + CATEGORIES["text-templates"],
        "fetch": CATEGORIES["fetch"],
    }
    assert sum(map(len, groups.values())) == len(MARKUP)
    assert all(len(payloads) <= 30 for payloads in groups.values())
    return [pytest.param(name, payloads, id=name) for name, payloads in groups.items()]


def _benign_proposal(client) -> Wizard:
    document = hostile_document(["Plain words."])
    wizard = Wizard(client)
    for slug in ("people", "heard", "help", "offer", "next"):
        assert wizard.post(slug, STEP_FORMS[slug](document)).status_code == 302
    return wizard


def _generate_and_check(client, session, spy, wizard, leaks) -> None:
    review = _get_harmless(client, wizard.url("review"), leaks)
    assert "Generate PDF" in review, re.findall(
        r'<section class="missing">.*?</section>', review, re.S
    )
    response = client.post(f"/proposals/{wizard.id}/generate")
    assert response.status_code == 302, _problem(response)
    version = latest_pdf(session, wizard.id)
    assert version is not None
    assert_pdf_harmless(version.pdf, [*leaks, NOTES_MARKER])
    spy.assert_quiet()


@pytest.mark.parametrize(("category", "payloads"), _chunks())
def test_hostile_table_cells_typed_into_a_hostile_sample(
    client, session, spy, fill, leaks, category, payloads
):
    """A category's payloads in a sample's front matter and body (uploaded as .md: its
    page with the live preview, its editor, the library list and its history stay
    harmless), chosen in the wizard, and typed into its table cells, text inputs and
    choice; then the review and the PDF."""
    texts = [fill(payload) for payload in payloads]
    slug = f"hostile-{category}"
    upload = (io.BytesIO(_payload_sample(slug, texts).encode()), f"{slug}.md")
    response = client.post(
        "/library/upload", data={"file": upload}, content_type="multipart/form-data"
    )
    assert response.status_code == 302, _problem(response)
    for url in (
        f"/library/{slug}",
        f"/library/{slug}/edit",
        "/library/",
        f"/library/{slug}/history",
    ):
        _get_harmless(client, url, leaks)

    wizard = _benign_proposal(client)
    assert wizard.choose_sample(slug).status_code == 302
    _get_harmless(client, wizard.url("sample"), leaks)
    form = {
        "mode": "library",
        "sample_id": slug,
        "shown_sample_id": slug,
        "inputs-pick": texts[0],
        "commentary": texts[-1],
    }
    for index, text in enumerate(texts):
        form[f"inputs-note{index}"] = text
    for index, text in enumerate(texts):
        form[f"inputs-rows-{index}-cell"] = text
        form[f"inputs-rows-{index}-amount"] = str(index + 1)
    response = wizard.post("sample", form, action="work")
    assert response.status_code == 302, _problem(response)
    _get_harmless(client, wizard.url("sample"), leaks)
    _generate_and_check(client, session, spy, wizard, leaks)


# Long hostile labels leave matplotlib no room for its margins, and control characters
# have no glyph; it says so with UserWarnings, which pytest turns into errors (in the app
# they are only logged). Reported: charts.py could shorten and clean its labels.
@pytest.mark.filterwarnings("ignore:Tight layout not applied:UserWarning")
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font:UserWarning")
@pytest.mark.parametrize(("category", "payloads"), _chunks())
def test_hostile_csv_upload_into_a_starter_sample_with_a_chart(
    client, session, spy, fill, leaks, category, payloads
):
    """A CSV file uploaded into cost-per-lead: each channel name is a payload, printed in
    its table (the first two also drawn as chart labels: see the chart test below)."""
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["channel", "spend", "leads", "customers"])
    for index, payload in enumerate(payloads):
        # Channels that won no customer are listed but not charted: two charted keep it quick.
        writer.writerow([fill(payload), 1000 + index, 50, index + 1 if index < 2 else 0])
    wizard = _benign_proposal(client)
    assert wizard.choose_sample("cost-per-lead").status_code == 302
    upload = (io.BytesIO(rows.getvalue().encode()), "channels.csv")
    response = client.post(
        wizard.url("sample"),
        data={
            "mode": "library",
            "sample_id": "cost-per-lead",
            "shown_sample_id": "cost-per-lead",
            "inputs-channels__file": upload,
            "action": "work",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, _problem(response)
    with db.standalone_session(client.application) as check:
        saved = wizard.proposal(check).document["sample"]["inputs"]["channels"]
    assert [row["channel"] for row in saved] == [fill(payload).strip() for payload in payloads]
    html = _get_harmless(client, wizard.url("sample"), leaks)
    assert "<svg" in html  # the chart was drawn from the hostile labels
    _generate_and_check(client, session, spy, wizard, leaks)


def test_the_upload_kept_the_payloads_as_text(client, fill):
    """Sanity check for the tests above: what is stored is exactly what was uploaded."""
    payload = MARKUP[0]
    source = _payload_sample("kept-as-text", [fill(payload)])
    upload = (io.BytesIO(source.encode()), "kept-as-text.md")
    client.post("/library/upload", data={"file": upload}, content_type="multipart/form-data")
    with db.standalone_session(client.application) as session:
        sample = lookups.find(session, "kept-as-text")
        assert sample is not None and sample.current.source == source
        assert json.dumps(fill(payload)[:200]) in sample.current.source


@pytest.mark.parametrize(
    "label",
    ["$\\undefinedcommand$", "$x^{" + "{" * 60 + "}" * 60 + "}$"],
    ids=["unknown-tex-command", "deep-nesting"],
)
def test_dollar_signs_in_chart_labels_do_not_break_the_sample(client, session, label):
    """matplotlib reads text between two '$' as TeX: a channel named '$\\undefined$' was a
    500 on the sample step and the review, and no PDF (fixed: labels are drawn as text)."""
    wizard = _benign_proposal(client)
    assert wizard.choose_sample("cost-per-lead").status_code == 302
    form = {"mode": "library", "sample_id": "cost-per-lead", "shown_sample_id": "cost-per-lead"}
    for index, name in enumerate([label, "Radio"]):
        form.update(
            {
                f"inputs-channels-{index}-channel": name,
                f"inputs-channels-{index}-spend": "1000",
                f"inputs-channels-{index}-leads": "50",
                f"inputs-channels-{index}-customers": str(index + 2),
            }
        )
    wizard.post("sample", form, action="work")
    assert client.get(wizard.url("sample")).status_code == 200
    assert client.get(wizard.url("review")).status_code == 200
    assert client.post(f"/proposals/{wizard.id}/generate").status_code == 302


SVG_BREAKOUTS = [
    "--><script>alert(1)</script><!--",
    "]]><script>alert(1)</script><![CDATA[",
    '"/><image href="file://@PNG@" width="9" height="9"/><text x="',
    "</svg><img src=x onerror=alert(1)>",
    "<foreignObject><iframe src=http://@NET@/></iframe></foreignObject>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;",
]


@pytest.mark.filterwarnings("ignore:Tight layout not applied:UserWarning")
def test_chart_labels_cannot_break_out_of_the_svg(client, session, spy, fill, leaks):
    """Charts are drawn by matplotlib after sanitizing (so they keep their SVG): labels that
    try to close a comment, a CDATA section, an attribute or the SVG itself stay text."""
    labels = [canary_fill(fill, text) for text in SVG_BREAKOUTS]
    wizard = _benign_proposal(client)
    assert wizard.choose_sample("cost-per-lead").status_code == 302
    form = {"mode": "library", "sample_id": "cost-per-lead", "shown_sample_id": "cost-per-lead"}
    for index, label in enumerate(labels):
        form.update(
            {
                f"inputs-channels-{index}-channel": label,
                f"inputs-channels-{index}-spend": str(1000 + 100 * index),
                f"inputs-channels-{index}-leads": "50",
                f"inputs-channels-{index}-customers": "3",
            }
        )
    assert wizard.post("sample", form, action="work").status_code == 302
    html = _get_harmless(client, wizard.url("sample"), leaks)
    assert html.count("<svg") >= 1
    _generate_and_check(client, session, spy, wizard, leaks)
