"""A library sample's inputs take one path: converted once per request, wherever they go.

From the sample step to the PDF, the table the consultant typed is read from the form,
checked and converted by library.worked, and worked out by the sandbox: each request that
needs the figures converts them exactly once.
"""

from __future__ import annotations

import pytest

from proposals.library import worked
from tests.conftest import pdf_text, squash
from tests.wizard_driver import Wizard, sample_form


@pytest.fixture
def conversions(monkeypatch):
    """Counts every conversion of a sample's inputs, by the input names converted."""
    seen: list[list[str]] = []
    convert = worked.convert_inputs

    def counting(specs, raw, locale=None):
        seen.append(sorted(raw))
        return convert(specs, raw, locale)

    monkeypatch.setattr(worked, "convert_inputs", counting)
    return seen


def test_each_request_converts_the_inputs_once(client, northwind, conversions):
    wizard = Wizard(client)
    wizard.complete(northwind)
    conversions.clear()

    assert wizard.post("sample", sample_form(northwind), action="work").status_code == 302
    assert len(conversions) == 1  # checked on saving
    conversions.clear()

    assert wizard.get("sample").status_code == 200
    assert len(conversions) == 1  # worked out for the result under the form
    conversions.clear()

    review = wizard.get("review")
    assert review.status_code == 200 and "Generate PDF" in review.get_data(as_text=True)
    assert len(conversions) == 1  # the preview, and the trust check reads the same result
    conversions.clear()

    assert client.post(f"/proposals/{wizard.id}/generate").status_code == 302
    assert conversions == [sorted(northwind["sample"]["inputs"])]  # the PDF
    pdf = client.get(f"/proposals/{wizard.id}/pdf/latest").data
    assert squash("Cash runway") in squash(pdf_text(pdf))


def test_a_wrong_figure_is_shown_at_its_row_and_column(client, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    form = sample_form(northwind)
    form["inputs-months-1-revenue"] = "lots"
    response = wizard.post("sample", form, action="work")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "row 2" in html and "not a number" in html
