"""User Markdown to safe HTML: Python-Markdown for the syntax, nh3 for an allow-list.

Everything a user typed (notes, quotes, sample bodies) goes through `to_html` before it
reaches a page or a PDF. Nothing that can run, load or restyle survives: no scripts, no
event handlers, no images, no styles, no <base>, no iframes, no SVG, and links only to
http, https and mailto.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "sub",
    "sup",
    "small",
    "mark",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "div",
    "span",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
}
# Classes let a sample body mark numbers and findings for the print CSS; nothing else is kept.
_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"class", "colspan", "rowspan", "scope"},
    "td": {"class", "colspan", "rowspan"},
    "table": {"class"},
    "tr": {"class"},
    "div": {"class"},
    "span": {"class"},
    "p": {"class"},
    "figure": {"class"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https", "mailto"}
_EXTENSIONS = ["tables", "sane_lists", "smarty"]


def sanitize(html: str) -> str:
    """Keep only allow-listed tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


MAX_QUOTE_DEPTH = 8
_DEEP_QUOTE = re.compile(rf"^((?:[ \t]*>){{{MAX_QUOTE_DEPTH}}})(?:[ \t]*>)+", re.MULTILINE)


def to_html(text: str | None) -> Markup:
    """Render a block of user Markdown to sanitized HTML."""
    if not text:
        return Markup("")
    # Quotes nested hundreds deep are never meant, and would exhaust the layout engine.
    text = _DEEP_QUOTE.sub(r"\1", text)
    html = markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    return Markup(sanitize(html))


def to_inline_html(text: str | None) -> Markup:
    """Render one line of user Markdown (a quote, a goal) without the wrapping <p>."""
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
