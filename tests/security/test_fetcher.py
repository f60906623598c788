"""The renderer's last line of defence: print HTML that *did* carry loading markup (as if
the sanitizer had let it through) still makes WeasyPrint read no file and open no
connection. The URL fetcher allows the app's own static files and nothing else, whatever
the spelling of the scheme or host."""

from __future__ import annotations

import pytest

from proposals.render.pdf import html_to_pdf
from tests.security.checks import assert_pdf_harmless
from tests.security.conftest import passwd_line

RAW_HTML = {
    "img-file": '<img src="file:///etc/passwd">',
    "img-file-upper": '<img src="FILE:///etc/passwd">',
    "img-canary": '<img src="file://@PNG@">',
    "img-svg-canary": '<img src="file://@SVG@">',
    "img-network": '<img src="http://@NET@/a.png">',
    "img-network-upper": '<img src="HTTP://@NET@/b.png">',
    "stylesheet-network": '<link rel="stylesheet" href="http://@NET@/c.css">',
    "stylesheet-file": '<link rel="stylesheet" href="file://@CSS@">',
    "import-file": "<style>@import url(file://@CSS@);</style>",
    "import-network": "<style>@import url(http://@NET@/d.css);</style>",
    "background-file": '<p style="background: url(file:///etc/passwd)">p</p>',
    "font-face-canary": "<style>@font-face{font-family:x;src:url(file://@FILE@)}</style>",
    "svg-image": '<svg><image href="file://@PNG@" width="9" height="9"/></svg>',
    "object-file": '<object data="file://@SVG@" type="image/svg+xml"></object>',
    "embed-file": '<embed src="file://@PNG@" type="image/png">',
    "base-relative-canary": '<base href="file://@PNG@"><img src="secret.png">',
    "background-canary": '<div style="background: url(file://@PNG@); height: 40px">x</div>',
    "list-style-canary": '<ul style="list-style-image: url(file://@PNG@)"><li>i</li></ul>',
    "embed-network": '<embed src="http://@NET@/e.svg">',
    "base-file": '<base href="file:///etc/"><img src="passwd">',
    "asset-traversal": '<img src="https://assets.proposals.invalid/@UP-PNG@">',
    "asset-encoded-traversal": '<img src="https://assets.proposals.invalid/@UP-PNG-ENC@">',
    "asset-upper-host": '<img src="HTTPS://ASSETS.PROPOSALS.INVALID/@UP-PNG-ENC@">',
    "asset-backslash": '<img src="https://assets.proposals.invalid/..\\\\..\\\\etc\\\\passwd">',
    "asset-userinfo": '<img src="https://assets.proposals.invalid@@NET@/f.png">',
    "asset-port": '<img src="https://assets.proposals.invalid:1/print/proposal.css">',
    "data-svg-with-file": (
        "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
        "xmlns:xlink='http://www.w3.org/1999/xlink'><image xlink:href='file://@PNG@' "
        "width='9' height='9'/></svg>\">"
    ),
    "iframe-network": '<iframe src="http://@NET@/g.html"></iframe>',
}


@pytest.mark.parametrize("markup", RAW_HTML.values(), ids=RAW_HTML.keys())
def test_raw_print_html_reaches_nothing_but_our_assets(spy, canary, markup):
    body = canary.fill(markup.replace("@NET@", spy.host))
    html = (
        '<!doctype html><html><head><link rel="stylesheet" href="print/proposal.css">'
        f"</head><body><h1>Fetcher</h1>{body}<p>End.</p></body></html>"
    )
    pdf = html_to_pdf(html)
    reader = assert_pdf_harmless(pdf, [passwd_line(), canary.token])
    assert "End." in reader.pages[0].extract_text()
    spy.assert_quiet()
