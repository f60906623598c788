"""The follow-up kit: what a consultant needs once the PDF exists.

A calendar entry for the follow-up, a cover email for sending the PDF and a follow-up note
about the client's issue (both plain text, written from the document and editable), the
"sent" status with its date, and the list of follow-ups due. No Flask here: the views,
the dashboard and the tests all call these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import formatting
from ..document import Document, DocumentError, validate_document
from ..models import Proposal, Status
from ..trust import Finding, check_text, client_of

# Rules that judge a whole proposal's shape; a short note or e-mail is not one.
_WHOLE_PROPOSAL_RULES = {"coverage", "thin-referrals", "offer-price", "if-it-goes-wrong"}
_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"}
# Words that may start a sentence and read naturally in lower case after a colon or inside
# a sentence ("Tell us which option" -> "tell us which option"). Anything else, a name
# such as "Ray's" or "Eastgate" above all, keeps its capital.
_LOWER_STARTS = frozenset(
    """a an the whether how what when where which who why if their your its this that these
    those any some one two three four five six seven eight nine ten next last first each every
    no not all both only on in by for from after before during at to of with without about
    until within over under into once as so and or but while
    ask tell pick send set move book call check choose decide keep list look make note read
    reply review try write let start stop talk put find get go know see share think use plan
    test time compare run agree confirm give bring fix show meet pay change open close moving
    having knowing making getting seeing keeping finding stop stopping sending asking telling
    is are was were be been will would can could should may might must do does did have has
    had there here it they we you he she""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Plan:
    """The follow-up as it stands: when, and about what."""

    on: date
    about: str


# ---------------------------------------------------------------------------
# Which document, and which follow-up.


def sent_document(proposal: Proposal) -> dict:
    """The document as the client has it: the latest PDF's, else the proposal's own."""
    version = proposal.latest_version
    return version.document if version is not None else proposal.document


def document_of(proposal: Proposal) -> Document | None:
    """The sent document, validated; None if there is no whole document yet."""
    try:
        return validate_document(sent_document(proposal))
    except DocumentError:
        return None


def _planned(document: dict) -> Plan | None:
    planned = document.get("follow_up") or {}
    try:
        on = date.fromisoformat(str(planned.get("on", "")))
    except ValueError:
        return None
    return Plan(on, str(planned.get("about") or "").strip())


def plan_of(proposal: Proposal) -> Plan | None:
    """The follow-up as scheduled on the kit page, else as written in the document."""
    planned = _planned(sent_document(proposal))
    if proposal.follow_up_on is not None:
        about = proposal.follow_up_about or (planned.about if planned else "")
        return Plan(proposal.follow_up_on, about)
    return planned


# ---------------------------------------------------------------------------
# What can be done.


def record_sent(proposal: Proposal, today: date | None = None) -> None:
    """Mark the proposal as sent today; the follow-up date comes from the document unless
    one was already scheduled on the kit page. The caller commits."""
    proposal.status = Status.SENT
    proposal.sent_on = today or date.today()
    if proposal.follow_up_on is None:
        planned = _planned(sent_document(proposal))
        if planned is not None:
            proposal.follow_up_on, proposal.follow_up_about = planned.on, planned.about


def schedule(proposal: Proposal, on: date, about: str) -> None:
    """Set (or move) the follow-up; a new date is a new follow-up, not yet made."""
    if on != proposal.follow_up_on or about != proposal.follow_up_about:
        proposal.follow_up_done_on = None
    proposal.follow_up_on, proposal.follow_up_about = on, about


def mark_done(proposal: Proposal, today: date | None = None) -> None:
    proposal.follow_up_done_on = today or date.today()


@dataclass
class Due:
    """Follow-ups to make: those whose date has passed, and the rest of this week's."""

    overdue: list[Proposal]
    this_week: list[Proposal]
    week_start: date
    week_end: date
    later: list[Proposal]  # scheduled after this week


def due_follow_ups(session: Session, owner_id: int, today: date | None = None) -> Due:
    """The owner's follow-ups not made yet: overdue (before today) and due from today to
    Sunday of this week (weeks run Monday to Sunday)."""
    today = today or date.today()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    open_follow_ups = (
        select(Proposal)
        .where(
            Proposal.owner_id == owner_id,
            Proposal.follow_up_on.is_not(None),
            Proposal.follow_up_done_on.is_(None),
        )
        .order_by(Proposal.follow_up_on, Proposal.id)
    )
    found = session.scalars(open_follow_ups).all()
    return Due(
        overdue=[p for p in found if p.follow_up_on < today],
        this_week=[p for p in found if today <= p.follow_up_on <= week_end],
        week_start=week_start,
        week_end=week_end,
        later=[p for p in found if p.follow_up_on > week_end],
    )


# ---------------------------------------------------------------------------
# Words: small helpers for writing about the client.


def greeting_name(contact_name: str) -> str:
    """ "Priya Raman" -> "Priya"; "Dr. Elena Soto" -> "Dr. Soto"."""
    words = contact_name.split()
    if not words:
        return contact_name
    if len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0]


def _lower_first(text: str) -> str:
    """A sentence as it reads after a colon: "Ask the two café customers" -> "ask the two
    café customers"; a name ("Ray's test", "Eastgate") keeps its capital."""
    text = " ".join(text.split())
    first = text.split(" ", 1)[0] if text else ""
    plain = first.rstrip(",:;.")
    if plain[:1].isupper() and plain[1:] == plain[1:].lower() and plain.lower() in _LOWER_STARTS:
        return text[:1].lower() + text[1:]
    return text


def topic(about: str) -> str:
    """A follow-up topic as it reads inside a sentence: no full stop, "Whether ..." in
    lower case."""
    return _lower_first(about).rstrip(" .")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def first_sentence(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


_WORD = re.compile(r"[^\W\d_]{3,}")


def _words(text: str) -> set[str]:
    return {word.lower().rstrip("s") for word in _WORD.findall(text)}


def closest(items: list[str], to: str) -> str | None:
    """The item sharing the most words with `to` (None when none shares any)."""
    wanted = _words(to)
    scored = [(len(_words(item) & wanted), -index, item) for index, item in enumerate(items)]
    best = max(scored, default=None)
    return best[2] if best and best[0] > 0 else None


def _count_word(count: int) -> str:
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[count] if count < len(words) else str(count)


def _signature(document: Document) -> list[str]:
    consultant = document.consultant
    lines = [consultant.name, consultant.firm]
    if consultant.phone:
        lines.append(consultant.phone)
    return lines


# ---------------------------------------------------------------------------
# The two drafts.


def follow_up_note(document: Document, plan: Plan | None) -> str:
    """A short note about the client's issue, for the follow-up date: their words, the
    thing they were going to try, what the worked sample showed, and an offer of use."""
    heard = document.listening
    about = (plan.about if plan else "") or (document.follow_up.about if document.follow_up else "")
    greeting = greeting_name(document.prospect.contact_name)
    subject = _sentence(topic(about)).rstrip(".") if about else document.title
    paragraphs = [f"Hi {greeting},"]

    quote = closest(list(heard.their_words), about) or (
        heard.their_words[0] if heard.their_words else None
    )
    met = (
        f" on {formatting.day_month(document.prospect.met_on)}" if document.prospect.met_on else ""
    )
    opening = f"When we met{met}, you said: “{quote.rstrip()}”" if quote else ""
    if about:
        promise = f"I said I would come back to you about {topic(about)}."
        opening = f"{opening} {promise}" if opening else promise
    if opening:
        paragraphs.append(opening)

    step = closest([*document.self_help, *document.next_steps], about)
    if step:
        paragraphs.append(f"One thing on your list was “{_sentence(step)}” How did it go?")

    finding = first_sentence(document.sample.commentary)
    if finding:
        paragraphs.append(f"As the worked sample showed, {_lower_first(finding)}")

    goal = closest(list(heard.goals), about) or (heard.goals[0] if heard.goals else None)
    offer = "Reply with what happened and I will update the worked sample on your figures"
    if goal:
        offer += f", so you can see where that leaves your goal: “{_sentence(goal)}”"
    else:
        offer += ", so you can see where that leaves you."
    paragraphs.append(offer)
    paragraphs.append("\n".join(_signature(document)))
    return f"Subject: {subject}\n\n" + "\n\n".join(paragraphs) + "\n"


def cover_email(
    document: Document,
    plan: Plan | None,
    pdf_name: str | None = None,
    sample_title: str | None = None,
) -> str:
    """A short e-mail to send the PDF with: what it is, the worked sample first, who else
    could help, one next step, and when the follow-up will be."""
    prospect = document.prospect
    greeting = greeting_name(prospect.contact_name)
    met = f" on {formatting.day_month(prospect.met_on)}" if prospect.met_on else ""
    attachment = f" ({pdf_name})" if pdf_name else ""
    paragraphs = [
        f"Hi {greeting},",
        f"Attached is “{document.title}”{attachment}. It starts with what I heard from you"
        f"{met}, so you can check I got it right.",
    ]

    sample = document.sample.title or sample_title
    named = f"the worked sample, “{sample}”," if sample else "the worked sample,"
    finding = first_sentence(document.sample.commentary)
    sample_line = f"The part to read first is {named} done on your own figures."
    if finding:
        sample_line += f" It shows that {_lower_first(finding)}"
    paragraphs.append(sample_line)

    count = len(document.referrals)
    if count:
        people = "one other provider" if count == 1 else f"{_count_word(count)} other providers"
        helpers = f"It also names {people} who could help with parts of this"
        helpers += ", and what you can do yourself" if document.self_help else ""
        paragraphs.append(helpers + ", before the options for working together.")
    elif document.self_help:
        paragraphs.append(
            "It also lists what you can do yourself, without hiring anyone, before the options "
            "for working together."
        )

    if document.next_steps:
        step = _lower_first(document.next_steps[0]).rstrip(".")
        paragraphs.append(f"One next step, when you are ready: {step}.")
    if plan:
        about = f" about {topic(plan.about)}" if plan.about else ""
        paragraphs.append(f"I will come back to you on {formatting.day_month(plan.on)}{about}.")
    paragraphs.append("\n".join(_signature(document)))
    subject = f"{document.title} (for {prospect.organisation})"
    return f"Subject: {subject}\n\n" + "\n\n".join(paragraphs) + "\n"


def check_draft(text: str, document: Document) -> list[Finding]:
    """The trust check on a note or an e-mail, read as a next-steps passage."""
    findings = check_text(text, "next", client_of(document))
    return [finding for finding in findings if finding.rule not in _WHOLE_PROPOSAL_RULES]


# ---------------------------------------------------------------------------
# The calendar entry.


def calendar_uid(proposal: Proposal) -> str:
    """Stable per proposal: a second download replaces the entry instead of adding one."""
    created = proposal.created_at.strftime("%Y%m%dT%H%M%S") if proposal.created_at else "0"
    return f"proposal-{proposal.id}-{created}-follow-up@proposals"


def calendar_summary(organisation: str, about: str) -> str:
    return (
        f"Follow up with {organisation}: {topic(about)}"
        if about
        else f"Follow up with {organisation}"
    )


def calendar_file(
    proposal: Proposal, plan: Plan, kit_url: str | None = None, now: datetime | None = None
) -> bytes:
    """An all-day event on the follow-up date, the prospect as attendee and the consultant
    as organiser. It is a reminder for the consultant's own calendar (METHOD:PUBLISH)."""
    document = sent_document(proposal)
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
    title = document.get("title") or proposal.title
    lines = [_sentence(plan.about) if plan.about else "", f"Proposal: {title}"]
    if proposal.sent_on:
        lines.append(f"Sent on {formatting.long_day(proposal.sent_on)}.")
    if prospect.get("contact_name"):
        lines.append(f"Contact: {prospect['contact_name']}")
    if kit_url:
        lines.append(f"Follow-up note and cover email: {kit_url}")
    event.add("description", "\n".join(line for line in lines if line))
    event.add("transp", "TRANSPARENT")
    if consultant.get("email"):
        organizer = vCalAddress(f"mailto:{consultant['email']}")
        if consultant.get("name"):
            organizer.params["cn"] = vText(consultant["name"])
        event.add("organizer", organizer)
    if prospect.get("email"):
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
