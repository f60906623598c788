"""User Markdown becomes HTML that can't run, load or restyle anything, and still reads well."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from proposals.richtext import sanitize, to_html, to_inline_html

ALLOWED_SCHEMES = {"http", "https", "mailto"}
FORBIDDEN_TAGS = {
    "script",
    "style",
    "img",
    "iframe",
    "svg",
    "math",
    "base",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "meta",
    "link",
    "video",
    "audio",
    "source",
    "body",
    "noscript",
    "textarea",
}
# Attributes that can load or run something, or restyle the page.
FORBIDDEN_ATTRIBUTES = {"style", "src", "srcdoc", "data", "action", "formaction", "background"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every (tag, attributes) in the HTML, entities in attribute values decoded."""
    parser = _Elements()
    parser.feed(str(html))
    parser.close()
    return parser.found


def scheme(href: str) -> str | None:
    """The scheme a browser would see: it drops tabs and newlines and trims control chars."""
    cleaned = re.sub(r"[\t\n\r]", "", href).strip("\x00- ")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def hrefs(html: str) -> list[str]:
    return [attrs["href"] or "" for tag, attrs in elements(html) if "href" in attrs]


def assert_harmless(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived in {html!r}"
        for name in attrs:
            assert not name.startswith("on"), f"{name}= survived in {html!r}"
            assert name not in FORBIDDEN_ATTRIBUTES, f"{name}= survived in {html!r}"
    for href in hrefs(html):
        assert scheme(href) in ALLOWED_SCHEMES | {None}, f"href {href!r} survived"
    assert "<script" not in str(html).lower()


# ---------------------------------------------------------------------------
# Hostile input


HOSTILE = {
    "script": "<script>alert(1)</script>",
    "script-mixed-case": "<sCrIpT>alert(1)</ScRiPt>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "img-onerror": "hi <img src=x onerror=alert(1)>",
    "img-upper-case": "<IMG SRC=x OnError=alert(1)>",
    "onclick": '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "onmouseover": '<p onmouseover="alert(1)">x</p>',
    "div-onclick": '<div class="note" onclick="alert(1)">x</div>',
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "markdown-image-file": "![x](file:///etc/passwd)",
    "markdown-image-https": "![tracker](https://evil.example/pixel.png)",
    "markdown-image-data": "![x](data:image/png;base64,AAAA)",
    "img-tag": '<img src="https://evil.example/x.png">',
    "style-tag": "<style>body{display:none}</style>",
    "style-import": '<style>@import "https://evil.example/x.css"</style>text',
    "style-attribute": '<p style="color:red">x</p>',
    "style-url": '<span style="background:url(https://evil.example)">x</span>',
    "style-on-link": '<a href="https://ok.example" style="font-size:90px">x</a>',
    "base": '<base href="https://evil.example/">',
    "base-target": '<base target="_blank">',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-onload": '<svg onload="alert(1)">',
    "svg-link": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math": "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "object": '<object data="x.swf"></object>',
    "object-javascript": '<object data="javascript:alert(1)"><param name=x value=y></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "form": '<form action="https://evil.example"><input name=x><button>go</button></form>',
    "formaction": '<form><button formaction="javascript:alert(1)">x</button></form>',
    "input-image": "<input type=image src=x onerror=alert(1)>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "video-source": "<video><source onerror=alert(1)></video>",
    "audio": "<audio src=x onerror=alert(1)>",
    "noscript-trick": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "textarea-trick": "<textarea><script>alert(1)</script></textarea>",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_does_not_survive(text):
    assert_harmless(to_html(text))


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_does_not_survive_inline(text):
    assert_harmless(to_inline_html(text))


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_sanitize_alone_removes_hostile_html(text):
    assert_harmless(sanitize(text))


BAD_LINKS = {
    "javascript": "[x](javascript:alert(1))",
    "upper-case": "[x](JAVASCRIPT:alert(1))",
    "mixed-case": "[x](JaVaScRiPt:alert(1))",
    "hex-entity": "[x](jav&#x61;script:alert(1))",
    "decimal-entity": "[x](jav&#97;script:alert(1))",
    "colon-entity": "[x](javascript&colon;alert(1))",
    "colon-decimal": "[x](javascript&#58;alert(1))",
    "leading-space": "[x]( javascript:alert(1))",
    "leading-newline": "[x](\njavascript:alert(1))",
    "newline-inside": "[x](java\nscript:alert(1))",
    "angle-brackets": "[x](<javascript:alert(1)>)",
    "reference": "[x][1]\n\n[1]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "raw-entity": '<a href="jav&#x61;script:alert(1)">x</a>',
    "raw-first-letter-entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "raw-newline": '<a href="java\nscript:alert(1)">x</a>',
    "raw-tab": '<a href="java\tscript:alert(1)">x</a>',
    "raw-control-char": '<a href="\x01javascript:alert(1)">x</a>',
    "raw-leading-space": '<a href=" javascript:alert(1)">x</a>',
    "data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-svg": "[x](data:image/svg+xml,<svg onload=alert(1)>)",
    "vbscript": "[x](vbscript:msgbox(1))",
    "vbscript-mixed-case": "[x](VBScript:msgbox(1))",
    "file": "[x](file:///etc/passwd)",
    "ftp": '<a href="ftp://files.example/x">x</a>',
}


@pytest.mark.parametrize("text", BAD_LINKS.values(), ids=BAD_LINKS.keys())
def test_links_to_other_schemes_lose_their_target(text):
    html = to_html(text)
    assert_harmless(html)
    assert [scheme(href) for href in hrefs(html)] in ([], [None])
    assert "javascript:" not in str(html).lower()


@pytest.mark.parametrize(
    "text",
    [text for name, text in BAD_LINKS.items() if name != "autolink"],
    ids=[name for name in BAD_LINKS if name != "autolink"],
)
def test_links_to_other_schemes_keep_their_text(text):
    assert ">x</a>" in str(to_html(text))


def test_tab_inside_a_markdown_link_cannot_spell_javascript():
    # Markdown turns the tab into spaces; browsers keep spaces, so this is a relative link.
    html = to_html("[x](java\tscript:alert(1))")
    assert [scheme(href) for href in hrefs(html)] in ([], [None])


def test_comments_are_removed():
    html = str(to_html("<!-- internal: margin is 70% -->Visible"))
    assert "margin" not in html
    assert "Visible" in html


def test_classes_survive_on_blocks_but_ids_do_not():
    html = str(to_html('<div class="finding" id="x">d</div>'))
    assert elements(html) == [("div", {"class": "finding"})]


# ---------------------------------------------------------------------------
# What people are meant to write


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> They said it", "<blockquote>\n<p>They said it</p>\n</blockquote>"),
        ("`code`", "<p><code>code</code></p>"),
        ("### Heading", "<h3>Heading</h3>"),
        ("one\n\n---\n\ntwo", "<p>one</p>\n<hr>\n<p>two</p>"),
    ],
)
def test_plain_markdown_survives(text, expected):
    assert str(to_html(text)) == expected


def test_tables_survive():
    html = str(to_html("| Month | Cash |\n|---|---:|\n| Jan | 5 |"))
    tags = [tag for tag, _ in elements(html)]
    assert tags == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert "<td>Jan</td>" in html


def test_sample_table_classes_survive():
    html = '<table class="worked"><tr><th class="num" scope="col">Cash</th></tr></table>'
    assert elements(sanitize(html)) == [
        ("table", {"class": "worked"}),
        ("tbody", {}),
        ("tr", {}),
        ("th", {"class": "num", "scope": "col"}),
    ]


@pytest.mark.parametrize(
    "href",
    ["https://example.com/a?b=c", "http://example.com", "mailto:dana@whitfield.example"],
)
def test_allowed_links_survive_with_a_safe_rel(href):
    [(tag, attrs)] = elements(to_html(f"[the link]({href})"))[1:]
    assert tag == "a"
    assert attrs["href"] == href
    assert set(attrs["rel"].split()) >= {"noopener", "noreferrer"}


def test_autolinks_survive():
    assert hrefs(to_html("<https://example.com>")) == ["https://example.com"]
    assert hrefs(to_html("<dana@whitfield.example>")) == ["mailto:dana@whitfield.example"]


def test_link_target_is_dropped():
    [(_, attrs)] = elements(to_html('<a href="https://ok.example" target="_blank">x</a>'))[1:]
    assert "target" not in attrs


def test_typed_angle_brackets_are_text():
    assert str(to_html("cash < costs & costs > 0")) == "<p>cash &lt; costs &amp; costs &gt; 0</p>"


def test_quotes_become_typographic():
    assert str(to_html('"We run out of cash"')) == "<p>\u201cWe run out of cash\u201d</p>"


@pytest.mark.parametrize("empty", [None, ""])
def test_nothing_renders_as_nothing(empty):
    assert to_html(empty) == Markup("")
    assert to_inline_html(empty) == Markup("")


def test_result_is_markup_so_templates_do_not_escape_it_again():
    assert isinstance(to_html("*x*"), Markup)
    assert isinstance(to_inline_html("*x*"), Markup)


# ---------------------------------------------------------------------------
# Inline


def test_inline_strips_the_single_wrapping_paragraph():
    assert str(to_inline_html("*Cash* runs out in **February**")) == (
        "<em>Cash</em> runs out in <strong>February</strong>"
    )


def test_inline_keeps_paragraphs_when_there_are_several():
    assert str(to_inline_html("one\n\ntwo")) == "<p>one</p>\n<p>two</p>"


def test_inline_leaves_a_list_alone():
    assert str(to_inline_html("- one\n- two")).startswith("<ul>")


def test_inline_keeps_a_paragraph_class_it_did_not_add():
    html = str(to_inline_html('<p class="finding">x</p>'))
    assert html == '<p class="finding">x</p>'
