"""The review step: the firm's logo at the app's own address, and the warm-up."""

from __future__ import annotations

import io
import re

import waitress
from click.testing import CliRunner
from PIL import Image

import proposals.app
from proposals import cli
from proposals.render.fetcher import ASSET_ORIGIN
from proposals.wizard.review import WARMING, warm_up
from tests.wizard_driver import Wizard


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 92, 99)).save(output, format="PNG")
    return output.getvalue()


def test_the_review_shows_the_firm_logo_from_the_app_itself(client, northwind):
    client.post(
        "/firm",
        data={
            "name": "Whitfield & Co. Accounting",  # the firm the example types
            "brand_colour": "#336699",
            "page_size": "A4",
            "logo": (io.BytesIO(png()), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    wizard = Wizard(client)
    wizard.complete(northwind)
    html = wizard.get("review").get_data(as_text=True)
    assert ASSET_ORIGIN not in html
    sources = re.findall(r'<img[^>]*src="([^"]+)"', html)
    assert "/firm/logo.png" in sources
    logo = client.get("/firm/logo.png")
    assert logo.status_code == 200 and logo.mimetype == "image/png"


def test_the_first_request_starts_one_warm_up_that_finishes(app, client):
    thread = app.extensions[WARMING]
    client.get("/")
    assert app.extensions[WARMING] is thread  # once per app, not per request
    thread.join(timeout=60)
    assert not thread.is_alive()


def test_the_warm_up_compiles_the_review_templates_without_error(app):
    """It runs in a thread, so an error there would only show in the server's log."""
    with app.app_context():
        warm_up(app)  # raises if a template it compiles needs what the web pages lack


def test_serve_starts_the_warm_up_before_the_first_request(app, monkeypatch):
    app.extensions.pop(WARMING, None)
    monkeypatch.setattr(proposals.app, "create_app", lambda: app)
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: None)
    assert CliRunner().invoke(cli.main, ["serve"]).exit_code == 0
    thread = app.extensions[WARMING]  # started before any request reached the app
    thread.join(timeout=60)
    assert not thread.is_alive()
