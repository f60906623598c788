"""The firm profile: administrators only, colours checked, logos re-encoded, bombs refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from proposals.document import Limits
from proposals.firm import print_settings, profile
from proposals.firm.logo import LogoError, clean_logo


def image_bytes(kind: str = "PNG", size=(40, 20)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (29, 92, 99)).save(output, format=kind)
    return output.getvalue()


def bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny file claiming a huge image: the header of a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def post_profile(client, **fields):
    data = {
        "name": "Whitfield & Co.",
        "address": "1 High St",
        "brand_colour": "#336699",
        "page_size": "Letter",
        **fields,
    }
    return client.post("/firm", data=data, content_type="multipart/form-data")


def test_admin_saves_the_profile_with_a_logo(client, session):
    response = post_profile(client, logo=(io.BytesIO(image_bytes("JPEG")), "logo.jpg"))
    assert response.status_code == 302
    settings = print_settings(session)
    assert (settings["name"], settings["colour"], settings["page_size"]) == (
        "Whitfield & Co.",
        "#336699",
        "Letter",
    )
    with Image.open(io.BytesIO(settings["logo"])) as logo:
        assert logo.format == "PNG"  # always re-encoded, never the uploaded bytes
    served = client.get("/firm/logo.png")
    assert served.status_code == 200 and served.mimetype == "image/png"


def test_consultants_cannot_change_the_profile(other_client):
    assert other_client.get("/firm").status_code == 403
    assert post_profile(other_client).status_code == 403


@pytest.mark.parametrize(
    "colour",
    ["red", "#12345", "#1234567", "url(file:///etc/passwd)", "#12345g", "</style><script>"],
)
def test_bad_colours_are_refused_and_the_rest_is_kept(client, session, colour):
    response = post_profile(client, brand_colour=colour, name="Kept Name Ltd")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "a colour like #1d5c63" in html
    assert 'value="Kept Name Ltd"' in html
    assert profile(session).name == ""


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("logo.gif", None, "must be a PNG or JPEG"),
        ("logo.png", b"this is not an image", "not a PNG or JPEG image we can read"),
        ("logo.png", None, "far too many pixels"),
        ("logo.png", image_bytes()[:60], "damaged or incomplete"),
    ],
)
def test_bad_logos_are_refused_with_a_reason(client, session, name, data, message):
    if data is None and name.endswith(".gif"):
        data = image_bytes("GIF")
    elif data is None:
        data = bomb_png()
    response = post_profile(client, logo=(io.BytesIO(data), name))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert print_settings(session)["logo"] is None


def test_clean_logo_shrinks_huge_but_legal_images():
    png = clean_logo(image_bytes(size=(3000, 1500)))
    with Image.open(io.BytesIO(png)) as logo:
        assert max(logo.size) == 1200


def test_clean_logo_refuses_a_file_over_2_mb():
    with pytest.raises(LogoError, match="larger than 2 MB"):
        clean_logo(b"\x89PNG" + b"\0" * (2 * 1024 * 1024))


def test_clean_logo_refuses_a_bomb_directly():
    with pytest.raises(LogoError):
        clean_logo(bomb_png())


@pytest.mark.parametrize(
    "field, limit",
    [("name", Limits.SHORT), ("address", Limits.ADDRESS)],
)
def test_over_long_text_is_refused_next_to_its_field_and_kept(client, session, field, limit):
    typed = "W" * (limit + 1)
    response = post_profile(client, **{field: typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">at most {limit} characters</p>' in html
    assert typed in html  # what was typed is still in the form, not cut short
    assert print_settings(session)["name"] == ""  # nothing of the change was saved


def test_text_at_the_limit_is_saved_whole(client, session):
    name, address = "N" * Limits.SHORT, "A" * (Limits.ADDRESS - 2) + "\r\nB"
    assert post_profile(client, name=name, address=address).status_code == 302
    session.expire_all()
    settings = print_settings(session)
    assert settings["name"] == name
    assert settings["address"] == address.replace("\r\n", "\n")  # a line break counts once


def test_every_refused_field_is_named_at_once(client, session):
    response = post_profile(
        client, name="x" * (Limits.SHORT + 1), brand_colour="red", logo=(io.BytesIO(b"no"), "a.png")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("name", "brand_colour", "logo"):
        assert f'id="{field}-error"' in html


def test_the_form_counts_to_the_limits_and_never_cuts_what_is_pasted(client):
    html = client.get("/firm").get_data(as_text=True)
    assert f'data-limit="{Limits.SHORT}"' in html
    assert f'data-limit="{Limits.ADDRESS}"' in html
    assert "maxlength" not in html  # a browser cuts a pasted text to maxlength silently
    assert "web/counter.js" in html


def test_a_firm_name_over_the_limit_is_refused_and_kept_as_typed(client, session):
    typed = "Whitfield " * 500  # 5,000 characters
    response = post_profile(client, name=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"at most {Limits.SHORT} characters" in html
    assert typed.strip() in html
    assert print_settings(session)["name"] == ""
