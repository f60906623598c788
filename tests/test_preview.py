"""The browser preview: the same print templates, with assets served by the app."""

from __future__ import annotations

from markupsafe import escape

from tests.wizard_driver import Wizard, people_form


def test_preview_shows_the_proposal_with_the_print_stylesheet(client, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    response = client.get(f"/proposals/{wizard.id}/preview")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/static/print/proposal.css"' in html
    assert "assets.proposals.invalid" not in html
    headings = [
        "What we heard",
        "Worked sample",
        "Who else could help",
        "If you'd like our help",
        "Next steps",
    ]
    positions = [html.index(f"<h1>{escape(h)}") for h in headings]
    assert positions == sorted(positions)
    assert "worried the bank" not in html  # private notes stay out of every view
    stylesheet = client.get("/static/print/proposal.css")
    assert stylesheet.status_code == 200
    stylesheet.close()


def test_preview_of_an_incomplete_proposal_explains(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    response = client.get(f"/proposals/{wizard.id}/preview")
    assert response.status_code == 422
    assert "review step lists what is missing" in response.get_data(as_text=True)


def test_nobody_else_can_preview_it(client, other_client, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    assert other_client.get(f"/proposals/{wizard.id}/preview").status_code == 404
