"""The cover e-mail as a `mailto:` link: the client's address, the subject and the body.

RFC 6068: every character outside the unreserved set is percent-encoded (a space as %20,
a line break as %0D%0A). Browsers and mail programs cut long links at different lengths,
so the body is shortened at a paragraph or word to keep the whole link under MAX_LINK; the
page then says to use the copy button for the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..document import Document

MAX_LINK = 2000  # characters: the length every common browser and mail program accepts
SUBJECT = "Subject:"
SHORTENED = "\n\n[…]"


@dataclass(frozen=True)
class MailtoLink:
    href: str
    shortened: bool  # the body was cut to fit: the whole text is in the box above


def split_subject(text: str) -> tuple[str, str]:
    """A draft's "Subject: …" first line and the rest (no subject line: all is body)."""
    first, _, rest = text.partition("\n")
    if first.startswith(SUBJECT):
        return first.removeprefix(SUBJECT).strip(), rest.lstrip("\n")
    return "", text


def _encode(text: str) -> str:
    return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")


def mailto_link(
    document: Document, draft: str, limit: int = MAX_LINK, to: str | None = None
) -> MailtoLink:
    """A link that opens a new e-mail to the client (or `to`) with the draft's subject and
    body."""
    subject, body = split_subject(draft)
    address = document.prospect.email if to is None else to
    start = f"mailto:{quote(address or '', safe='@')}?subject={_encode(subject)}"
    href = f"{start}&body={_encode(body.rstrip())}"
    if len(href) <= limit:
        return MailtoLink(href, False)
    room = limit - len(start) - len("&body=") - len(_encode(SHORTENED))
    return MailtoLink(f"{start}&body={_encode(_shorten(body, room) + SHORTENED)}", True)


def _shorten(body: str, room: int) -> str:
    """The longest start of the body whose encoding fits in `room`, cut at a paragraph, or
    else at a word."""
    cut = body
    while cut and len(_encode(cut)) > room:
        # Drop the last paragraph while there are several, then the last word.
        shorter = cut.rsplit("\n\n", 1)[0] if "\n\n" in cut else cut.rsplit(" ", 1)[0]
        cut = shorter if shorter != cut else cut[: len(cut) // 2]
    return cut.rstrip()
