"""Open redirects: after signing in, `next` may only lead to a page of this site."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import DANA, PASSWORD


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


HOSTILE_NEXT = {
    "protocol-relative": "//evil.example/",
    "absolute-https": "https://evil.example/",
    "absolute-mixed-case": "HtTpS://evil.example/",
    "scheme-no-slashes": "http:evil.example",
    "triple-slash": "///evil.example/",
    "backslash": "/\\evil.example",
    "double-backslash": "\\\\evil.example",
    "slash-backslash-slash": "/\\/evil.example",
    "https-slash-backslash": "https:/\\evil.example",
    "tab-split": "/\t/evil.example",
    "newline-split": "/\n/evil.example",
    "nul-split": "/\x00/evil.example",
    "leading-space": " //evil.example",
    "userinfo": "//localhost@evil.example",
    "other-port": "http://localhost:1/",
    "similar-host": "https://localhost.evil.example/",
    "javascript": "javascript:alert(1)",
    "javascript-after-slash": "/javascript:alert(1)",
    "data-url": "data:text/html,<script>alert(1)</script>",
    "crlf-header-injection": "/\r\nLocation: https://evil.example/",
    "fullwidth-solidus": "\uff0f\uff0fevil.example",
    "ideographic-full-stop": "//evil\u3002example",
    "encoded-slashes": "/%2F%2Fevil.example",
    "encoded-tab": "/%09/evil.example",
}


@pytest.mark.parametrize("target", HOSTILE_NEXT.values(), ids=HOSTILE_NEXT.keys())
def test_next_never_leads_to_another_site(anonymous, target):
    response = anonymous.post(
        "/login", query_string={"next": target}, data={"email": DANA, "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\r" not in location and "\n" not in location
    assert "\\" not in location
    resolved = urlsplit(urljoin("http://localhost/login", location))
    assert resolved.scheme == "http" and resolved.netloc == "localhost", location
    assert not location.lstrip().startswith("//")
    # And the redirect lands on a page of ours (the dashboard when `next` was refused).
    assert anonymous.get(resolved.path or "/").status_code in (200, 302, 404)


def test_a_safe_next_is_still_followed(anonymous):
    response = anonymous.post(
        "/login",
        query_string={"next": "/library/?q=cash"},
        data={"email": DANA, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/library/?q=cash"


def test_the_sign_in_redirect_keeps_the_page_on_this_site(anonymous):
    response = anonymous.get("/proposals/1/step/people")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")
