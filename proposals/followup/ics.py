"""The follow-up as a calendar file: an all-day reminder for the consultant's calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from .. import formatting
from ..models import Proposal
from .schedule import Plan, sent_document
from .wording import sentence, topic


def calendar_uid(proposal: Proposal) -> str:
    """Stable per proposal: a second download replaces the entry instead of adding one."""
    created = proposal.created_at.strftime("%Y%m%dT%H%M%S") if proposal.created_at else "0"
    return f"proposal-{proposal.id}-{created}-follow-up@proposals"


def calendar_summary(organisation: str, about: str) -> str:
    """The entry's title: who to follow up with, and about what."""
    return (
        f"Follow up with {organisation}: {topic(about)}"
        if about
        else f"Follow up with {organisation}"
    )


def _description(
    proposal: Proposal, plan: Plan, document: dict, kit_url: str | None, locale: str
) -> str:
    """The entry's notes: the topic, the proposal, when it was sent, who, and the kit."""
    prospect = document.get("prospect", {})
    title = document.get("title") or proposal.title
    lines = [sentence(plan.about) if plan.about else "", f"Proposal: {title}"]
    if proposal.sent_on:
        lines.append(f"Sent on {formatting.long_day(proposal.sent_on, locale)}.")
    if prospect.get("contact_name"):
        lines.append(f"Contact: {prospect['contact_name']}")
    if kit_url:
        lines.append(f"Follow-up note and cover email: {kit_url}")
    return "\n".join(line for line in lines if line)


def calendar_file(
    proposal: Proposal,
    plan: Plan,
    kit_url: str | None = None,
    now: datetime | None = None,
    locale: str | None = None,
    invite_client: bool = False,
) -> bytes:
    """An all-day event on the follow-up date: a private reminder for the consultant's own
    calendar (METHOD:PUBLISH), the consultant as organiser, its dates in `locale` (the
    proposal's). Only with `invite_client` is the client named as attendee: a calendar app
    may then send them an invitation."""
    document = sent_document(proposal)
    locale = locale or formatting.proposal_locale(document.get("locale"))
    prospect = document.get("prospect", {})
    consultant = document.get("consultant", {})
    organisation = prospect.get("organisation") or proposal.prospect or "the client"

    calendar = Calendar()
    calendar.add("prodid", "-//proposals//follow-up kit//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", calendar_uid(proposal))
    event.add("dtstamp", now or datetime.now(UTC))
    event.add("dtstart", plan.on)
    event.add("dtend", plan.on + timedelta(days=1))
    event.add("summary", calendar_summary(organisation, plan.about))
    event.add("description", _description(proposal, plan, document, kit_url, locale))
    event.add("transp", "TRANSPARENT")
    if consultant.get("email"):
        organizer = vCalAddress(f"mailto:{consultant['email']}")
        if consultant.get("name"):
            organizer.params["cn"] = vText(consultant["name"])
        event.add("organizer", organizer)
    if invite_client and prospect.get("email"):
        attendee = vCalAddress(f"mailto:{prospect['email']}")
        if prospect.get("contact_name"):
            attendee.params["cn"] = vText(prospect["contact_name"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    if kit_url:
        event.add("url", kit_url)
    calendar.add_component(event)
    return calendar.to_ical()
