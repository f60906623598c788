"""What the consultant asks to send: checked once here for the send page and the command line.

The e-mail starts as the follow-up kit's cover e-mail (its "Subject:" line split off), goes
to the prospect's address from the document, and carries the latest PDF unless another
version is chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from .. import formatting
from ..document import Limits
from ..fields import Email, OptionalDate, Title, text_field
from ..followup import drafts, schedule
from ..followup.mailto import split_subject
from ..models import PdfVersion, Proposal
from ..problems import DocumentError, FieldError, errors_from
from . import records

Body = text_field(Limits.TEXT, required=True)


def _required(value: str | None) -> str:
    if value is None:
        raise PydanticCustomError("required", "required")
    return value


def _one_line(value: str) -> str:
    return " ".join(value.split())  # a line break in a subject would start a new header


class _Typed(BaseModel):
    model_config = ConfigDict(extra="ignore")

    to: Annotated[Email, AfterValidator(_required)]
    subject: Annotated[Title, AfterValidator(_one_line)]
    body: Body
    link: bool = False
    expires_on: OptionalDate = None


@dataclass(frozen=True)
class Outgoing:
    """A checked request to send one version: to whom, what, and whether with a link."""

    to: str
    subject: str
    body: str
    version: PdfVersion
    link: bool
    expires_on: date | None  # the link's last day (set when `link`)
    send_key: str | None = None  # the send page's one-time key (none from the command line)


def check(data: Mapping[str, Any], proposal: Proposal, today: date | None = None) -> Outgoing:
    """The request as typed, checked; DocumentError by field name (to, subject, body,
    version, expires_on) with every problem at once."""
    today = today or date.today()
    fields = {**data, "body": _plain(data.get("body"))}
    if not _ticked(fields.get("link")):
        fields.pop("expires_on", None)  # a date for a link not asked for is not read
    problems: list[FieldError] = []
    try:
        typed = _Typed.model_validate(fields)
    except ValidationError as exc:
        problems, typed = errors_from(exc).errors, None
    version = chosen_version(proposal, data.get("version"))
    if version is None:
        problems.append(FieldError("version", "not a PDF version of this proposal"))
    if typed is None or version is None:
        raise DocumentError(problems)
    expires = None
    if typed.link:
        expires = typed.expires_on or records.default_expiry(version, today)
        if expires < today:
            raise DocumentError([FieldError("expires_on", "must be today or later")])
    key = str(data.get("send_key") or "").strip()[:64] or None
    return Outgoing(typed.to, typed.subject, typed.body, version, typed.link, expires, key)


def _ticked(value: Any) -> bool:
    return bool(value) and str(value).strip().lower() not in ("0", "false", "n", "no", "off")


def chosen_version(proposal: Proposal, number: Any) -> PdfVersion | None:
    """The version a form names by number, the latest when it names none."""
    if number in (None, ""):
        return proposal.latest_version
    return next((v for v in proposal.versions if str(v.number) == str(number).strip()), None)


def _plain(text: Any) -> Any:
    """Typed text as sent: Unix line ends, no trailing spaces on lines."""
    if not isinstance(text, str):
        return text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


@dataclass(frozen=True)
class Suggestion:
    """What the send page starts with."""

    to: str
    subject: str
    body: str


def suggestion(session: Session, proposal: Proposal) -> Suggestion | None:
    """The kit's cover e-mail (as saved, else as suggested) to the prospect's address; None
    while there is no PDF."""
    document = schedule.document_of(proposal)
    if document is None:
        return None
    text = proposal.cover_email
    if text is None:
        plan = schedule.plan_of(proposal)
        text = drafts.suggested(session, proposal, document, plan)["cover_email"]
    subject, body = split_subject(text)
    return Suggestion(document.prospect.email or "", subject or document.title, body.rstrip())


def with_link(body: str, url: str, expires_on: date) -> str:
    """The body with the private link after it, and the day it stops working (in English,
    as the cover e-mail is)."""
    until = formatting.long_day(expires_on)
    return (
        f"{body.rstrip()}\n\n"
        f"You can also read the proposal online and answer there, without an account, "
        f"until {until}:\n{url}\n"
    )
