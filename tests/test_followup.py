"""The follow-up kit (calendar file, drafts, "sent", follow-ups due) and the review step's
trust check."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from icalendar import Calendar

from proposals import operations
from proposals.document import validate_document
from proposals.followup import drafts, ics, schedule, wording
from proposals.followup import operations as kit
from proposals.followup.mailto import MAX_LINK, mailto_link
from proposals.models import PdfVersion, Proposal, Status
from tests.conftest import download_name, sign_in
from tests.wizard_driver import Wizard

DANA, SAM = 1, 2


def complete(session, document: dict, owner_id: int = DANA) -> Proposal:
    return operations.import_document(session, validate_document(document), owner_id=owner_id)


def with_pdf(session, document: dict, owner_id: int = DANA) -> Proposal:
    """A complete proposal with a PDF version (its bytes a stand-in: rendering is tested
    elsewhere and takes seconds)."""
    proposal = complete(session, document, owner_id)
    pdf = b"%PDF-1.7 stand-in"
    session.add(
        PdfVersion(
            proposal=proposal,
            number=1,
            document=proposal.document,
            pdf=pdf,
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            sample_revision_id=proposal.sample_revision_id,
        )
    )
    proposal.status = Status.READY
    session.commit()
    return proposal


def event_of(ics: bytes):
    calendar = Calendar.from_ical(ics)
    events = [component for component in calendar.walk() if component.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


# ---------------------------------------------------------------------------
# The calendar file.


def test_ics_parses_and_has_the_date_summary_and_organiser(client, session, example):
    proposal = with_pdf(session, example)
    response = client.get(f"/proposals/{proposal.id}/follow-up.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert download_name(response).startswith("follow-up-")

    calendar, event = event_of(response.data)
    assert str(calendar["version"]) == "2.0"
    follow_up, prospect = example["follow_up"], example["prospect"]
    start = event.decoded("dtstart")
    assert start == date.fromisoformat(follow_up["on"])
    assert not isinstance(start, datetime)  # all day
    assert event.decoded("dtend") == start + timedelta(days=1)
    summary = str(event["summary"])
    assert (
        summary == f"Follow up with {prospect['organisation']}: {wording.topic(follow_up['about'])}"
    )
    assert "attendee" not in event  # a private reminder: nobody is invited
    assert b"ATTENDEE" not in response.data
    assert str(event["organizer"]) == f"mailto:{example['consultant']['email']}"
    assert follow_up["about"] in str(event["description"])
    assert example["title"] in str(event["description"])
    assert event.decoded("dtstamp")
    # The same UID every time, so a second download replaces the entry.
    _, again = event_of(client.get(f"/proposals/{proposal.id}/follow-up.ics").data)
    assert str(again["uid"]) == str(event["uid"])


def test_ics_summary_reads_as_a_sentence(session, northwind):
    assert ics.calendar_summary("Northwind Bakery Ltd", northwind["follow_up"]["about"]) == (
        "Follow up with Northwind Bakery Ltd: whether the café customers agreed to 30-day "
        "terms, and what that does to February"
    )
    # A name keeps its capital.
    assert wording.topic("Ray's restore test.") == "Ray's restore test"


def test_ics_uses_the_follow_up_as_rescheduled(client, session, northwind):
    proposal = with_pdf(session, northwind)
    response = client.post(
        f"/proposals/{proposal.id}/follow-up/schedule",
        data={"on": "2027-01-08", "about": "What the bank said about a seasonal loan"},
    )
    assert response.status_code == 302
    _, event = event_of(client.get(f"/proposals/{proposal.id}/follow-up.ics").data)
    assert event.decoded("dtstart") == date(2027, 1, 8)
    assert str(event["summary"]) == (
        "Follow up with Northwind Bakery Ltd: what the bank said about a seasonal loan"
    )


def test_ics_names_the_client_as_attendee_only_when_asked(client, session, example):
    proposal = with_pdf(session, example)
    kit = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    assert 'type="checkbox" name="attendee" value="1">' in kit  # not ticked
    response = client.get(f"/proposals/{proposal.id}/follow-up.ics?attendee=1")
    attendee = event_of(response.data)[1]["attendee"]
    prospect = example["prospect"]
    assert str(attendee) == f"mailto:{prospect['email']}"
    assert attendee.params["CN"] == prospect["contact_name"]


def test_ics_without_an_attendee_address(client, session, northwind):
    document = {**northwind, "prospect": {**northwind["prospect"]}}
    del document["prospect"]["email"]
    proposal = with_pdf(session, document)
    _, event = event_of(client.get(f"/proposals/{proposal.id}/follow-up.ics?attendee=1").data)
    assert "attendee" not in event


def test_no_follow_up_date_is_a_friendly_404(client, session, northwind):
    document = {key: value for key, value in northwind.items() if key != "follow_up"}
    proposal = with_pdf(session, document)
    response = client.get(f"/proposals/{proposal.id}/follow-up.ics")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "No follow-up date yet" in html
    assert f'href="/proposals/{proposal.id}/follow-up#follow-up"' in html


def test_someone_elses_kit_and_calendar_are_404(client, other_client, session, northwind):
    proposal = with_pdf(session, northwind)
    base = f"/proposals/{proposal.id}/follow-up"
    assert client.get(base).status_code == 200
    assert other_client.get(base).status_code == 404
    assert other_client.get(f"{base}.ics").status_code == 404
    assert other_client.post(f"{base}/sent").status_code == 404
    assert other_client.post(f"{base}/done").status_code == 404
    assert other_client.post(f"{base}/drafts", data={"cover_email": "x"}).status_code == 404
    assert other_client.post(f"{base}/schedule", data={"on": "2027-01-01"}).status_code == 404
    session.expire_all()
    proposal = session.get(Proposal, proposal.id)
    assert proposal.sent_on is None and proposal.cover_email is None


# ---------------------------------------------------------------------------
# The drafts.


def test_default_drafts_pass_the_trust_check(session, example):
    document = validate_document(example)
    plan = schedule.Plan(document.follow_up.on, document.follow_up.about)
    note = drafts.follow_up_note(document, plan)
    email = drafts.cover_email(document, plan, "client-proposal-v1.pdf", "Cash runway")
    for text in (note, email):
        assert [f for f in drafts.check_draft(text, document) if f.severity == "problem"] == []
        assert "checking in" not in text.lower()
        assert wording.greeting_name(document.prospect.contact_name) in text
        assert document.consultant.name in text
    assert wording.topic(document.follow_up.about) in note
    assert document.listening.their_words[0] in note or document.listening.their_words[1] in note
    assert "client-proposal-v1.pdf" in email
    assert "“Cash runway”" in email
    assert document.next_steps[0][1:].rstrip(".") in email


def test_the_note_quotes_what_the_client_said_about_the_topic(session, harbor):
    document = validate_document(harbor)
    plan = schedule.Plan(date(2026, 12, 2), "Ray's restore drill and the insurer's questionnaire")
    note = drafts.follow_up_note(document, plan)
    # "restore" finds the self-help step about restoring, "questionnaire" the goal.
    assert "One thing on your list was “This week: ask Ray to restore" in note
    assert "your goal: “Meet the insurer's questionnaire" in note


def test_closest_goes_by_the_words_that_say_something():
    items = ["What the bank said about it.", "Test one of the backups this week."]
    assert wording.closest(items, "whether the backup worked") == items[1]
    # Sharing only "the", "what" or "about" is sharing nothing.
    assert wording.closest(items, "what about the shop") is None


def test_the_kit_page_shows_both_drafts_checked(client, session, example):
    proposal = with_pdf(session, example)
    html = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    assert html.count("Reads as written for them") == 2
    assert f"{proposal.prospect.split()[0].lower()}" in html.lower()
    assert "proposal-v1.pdf" in html
    # The library sample's title, from the revision the PDF was made with.
    title = "Cash runway" if example["sample"]["id"] == "cash-runway" else "Backup gap"
    assert f"“{title}”" in html.replace("&#34;", '"')
    assert f'action="/proposals/{proposal.id}/follow-up.ics"' in html


def test_an_edited_draft_is_kept_and_checked(client, session, northwind):
    proposal = with_pdf(session, northwind)
    pushy = "Hi Priya,\n\nJust checking in. Act now: this offer is only valid for 48 hours.\n"
    response = client.post(
        f"/proposals/{proposal.id}/follow-up/drafts",
        data={"follow_up_note": pushy, "action": "save"},
    )
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(Proposal, proposal.id)
    assert stored.follow_up_note == pushy
    assert stored.cover_email is None  # only the draft sent changes
    html = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    assert "Just checking in" in html
    assert "Follow up about their issue with something specific and useful" in html
    assert "Act now" in html
    assert html.count("Reads as written for them") == 1  # the cover email is still fine
    assert "Your own wording, saved." in html

    client.post(
        f"/proposals/{proposal.id}/follow-up/drafts", data={"action": "reset:follow_up_note"}
    )
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_note is None


def test_saving_the_suggestion_unchanged_keeps_following_the_proposal(client, session, northwind):
    proposal = with_pdf(session, northwind)
    document = validate_document(proposal.document)
    suggested = drafts.follow_up_note(document, schedule.plan_of(proposal))
    client.post(
        f"/proposals/{proposal.id}/follow-up/drafts",
        data={"follow_up_note": suggested.replace("\n", "\r\n"), "action": "save"},
    )
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_note is None


def test_a_draft_too_long_is_explained_and_kept(client, session, northwind):
    proposal = with_pdf(session, northwind)
    text = "Hi Priya. " + "x" * 6000
    response = client.post(
        f"/proposals/{proposal.id}/follow-up/drafts",
        data={"cover_email": text, "action": "save"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Cover email: at most 5,000 characters" in html
    assert text in html
    session.expire_all()
    assert session.get(Proposal, proposal.id).cover_email is None


def test_the_kit_waits_for_a_pdf(client, session, northwind):
    proposal = complete(session, northwind)
    html = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    assert "The kit is ready once there is a PDF to send" in html
    assert f'href="/proposals/{proposal.id}/step/review"' in html


def test_the_proposal_page_links_to_the_kit(client, session, northwind):
    proposal = with_pdf(session, northwind)
    html = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}/follow-up"' in html


def test_after_a_real_pdf_the_cover_email_names_it(client, session, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    assert client.post(f"/proposals/{wizard.id}/generate").status_code == 302
    html = client.get(f"/proposals/{wizard.id}/follow-up").get_data(as_text=True)
    assert "northwind-bakery-ltd-proposal-v1.pdf" in html
    assert html.count("Reads as written for them") == 2


# ---------------------------------------------------------------------------
# Sent, and the follow-up date.


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2026, 12, 3), "Sent on Thursday, 3 December 2026."),  # a single-digit day
        (date(2026, 12, 14), "Sent on Monday, 14 December 2026."),
    ],
)
def test_marking_as_sent_records_today_and_keeps_the_follow_up_date(
    client, session, northwind, time_machine, today, shown
):
    time_machine.move_to(datetime.combine(today, time(10, 30)), tick=False)
    sign_in(client)  # again: a session signed later by the clock would not be valid yet
    proposal = with_pdf(session, northwind)
    response = client.post(f"/proposals/{proposal.id}/follow-up/sent")
    assert response.status_code == 302
    session.expire_all()
    proposal = session.get(Proposal, proposal.id)
    assert proposal.status == Status.SENT
    assert proposal.sent_on == today
    assert proposal.follow_up_on == date(2026, 12, 2)
    assert proposal.follow_up_about == northwind["follow_up"]["about"]
    html = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    assert shown in html


def test_marking_as_sent_says_where_that_leaves_the_follow_up(session, northwind):
    proposal = with_pdf(session, northwind)  # the document's follow-up: 2 December 2026
    on_time = kit.mark_sent(session, proposal, date(2026, 11, 30))
    assert on_time.category == "success"
    assert "The follow-up on 2 December is on your list" in on_time.message
    late = kit.mark_sent(session, proposal, date(2026, 12, 3))
    assert late.category == "warning"
    assert "(2 December) has already passed: pick a new one" in late.message
    undated = with_pdf(session, {k: v for k, v in northwind.items() if k != "follow_up"})
    assert "Add a follow-up date" in kit.mark_sent(session, undated, date(2026, 12, 3)).message


def test_a_refused_draft_changes_nothing(session, northwind):
    proposal = with_pdf(session, northwind)
    with pytest.raises(kit.DraftsError) as refused:
        kit.edit_drafts(session, proposal, {"cover_email": "x" * 5_001, "follow_up_note": "Hi"})
    assert refused.value.errors == {"cover_email": "at most 5,000 characters (5,002 now)"}
    assert refused.value.typed["follow_up_note"] == "Hi\n"  # shown again as typed
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_note is None


def test_choosing_sent_on_the_proposal_page_records_the_date_too(client, session, harbor):
    proposal = with_pdf(session, harbor)
    client.post(f"/proposals/{proposal.id}/status", data={"status": "sent"})
    session.expire_all()
    proposal = session.get(Proposal, proposal.id)
    assert proposal.sent_on == date.today()
    assert proposal.follow_up_on == date(2026, 11, 30)


def test_a_schedule_set_before_sending_is_kept(client, session, northwind):
    proposal = with_pdf(session, northwind)
    client.post(
        f"/proposals/{proposal.id}/follow-up/schedule",
        data={"on": "2027-02-01", "about": "How February went"},
    )
    client.post(f"/proposals/{proposal.id}/follow-up/sent")
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_on == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"on": "31/02/2027", "about": "Their terms"}, "on", "not a date (use YYYY-MM-DD)"),
        ({"on": "", "about": "Their terms"}, "on", "required"),
        ({"on": "2027-01-08", "about": " "}, "about", "required"),
    ],
)
def test_a_bad_follow_up_is_shown_next_to_the_field(
    client, session, northwind, form, field, message
):
    proposal = with_pdf(session, northwind)
    response = client.post(f"/proposals/{proposal.id}/follow-up/schedule", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    for value in form.values():
        if value.strip():
            assert f'value="{value}"' in html  # kept as typed
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_on is None


def test_done_takes_it_off_the_list_and_a_new_date_puts_it_back(client, session, northwind):
    proposal = with_pdf(session, northwind)
    client.post(f"/proposals/{proposal.id}/follow-up/sent")
    client.post(f"/proposals/{proposal.id}/follow-up/done", data={"back": "list"})
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_done_on == date.today()
    client.post(
        f"/proposals/{proposal.id}/follow-up/schedule",
        data={"on": date.today().isoformat(), "about": "What the bank said"},
    )
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_done_on is None


# ---------------------------------------------------------------------------
# Follow-ups due.


def scheduled(session, document, on: date | None, owner_id=DANA, done=None) -> Proposal:
    proposal = complete(session, document, owner_id)
    proposal.follow_up_on, proposal.follow_up_about = on, f"Topic for {on}"
    proposal.follow_up_done_on = done
    session.commit()
    return proposal


def test_follow_ups_due_filters_by_date(session, northwind):
    wednesday = date(2026, 12, 2)
    last_friday = scheduled(session, northwind, date(2026, 11, 27))
    monday = scheduled(session, northwind, date(2026, 11, 30))
    today = scheduled(session, northwind, wednesday)
    sunday = scheduled(session, northwind, date(2026, 12, 6))
    scheduled(session, northwind, date(2026, 12, 7))  # next Monday: next week
    scheduled(session, northwind, date(2026, 11, 20), done=date(2026, 11, 21))  # made already
    scheduled(session, northwind, None)  # no follow-up
    scheduled(session, northwind, date(2026, 12, 1), owner_id=SAM)  # Sam's

    due = schedule.due_follow_ups(session, DANA, today=wednesday)
    assert [p.id for p in due.overdue] == [last_friday.id, monday.id]
    assert [p.id for p in due.this_week] == [today.id, sunday.id]
    assert (due.week_start, due.week_end) == (date(2026, 11, 30), date(2026, 12, 6))
    assert [p.follow_up_on for p in due.later] == [date(2026, 12, 7)]

    # On Sunday the week is the same; on the next Monday a new week starts.
    assert [p.id for p in schedule.due_follow_ups(session, DANA, date(2026, 12, 6)).this_week] == [
        sunday.id
    ]
    next_week = schedule.due_follow_ups(session, DANA, date(2026, 12, 7))
    assert len(next_week.overdue) == 4 and len(next_week.this_week) == 1


def test_the_follow_ups_page(client, other_client, session, northwind, harbor):
    today = date.today()
    overdue = scheduled(session, northwind, today - timedelta(days=3))
    this_week = scheduled(session, harbor, today)
    later = scheduled(session, harbor, today + timedelta(days=8))
    html = client.get("/follow-ups").get_data(as_text=True)
    assert "Overdue" in html and "3 days overdue" in html
    assert html.index(f"Topic for {overdue.follow_up_on}") < html.index("Due this week")
    assert f"Topic for {this_week.follow_up_on}" in html
    # Later ones only under "Coming up", after this week's.
    assert html.index("Due this week") < html.index("Coming up")
    assert html.index("Coming up") < html.index(f"Topic for {later.follow_up_on}")
    for proposal in (overdue, this_week):
        assert f'href="/proposals/{proposal.id}/follow-up#follow_up_note"' in html
        assert f'href="/proposals/{proposal.id}/follow-up.ics"' in html
    assert 'href="/follow-ups"' in html  # in the navigation
    assert "Topic for" not in other_client.get("/follow-ups").get_data(as_text=True)


# ---------------------------------------------------------------------------
# The review step's trust check.


def review_html(client, document) -> tuple[int, str]:
    wizard = Wizard(client)
    wizard.complete(document)
    return wizard.id, wizard.get("review").get_data(as_text=True)


def trust_section(html: str) -> str:
    start = html.index('id="trust-check"')
    return html[start : html.index("</section>", start)]


def test_review_shows_pushy_wording_with_a_link_to_the_offer_step(client, northwind):
    pushy = {
        **northwind,
        "offer": {
            **northwind["offer"],
            "summary": "Act now: this offer is only valid for 48 hours.",
        },
    }
    proposal_id, html = review_html(client, pushy)
    section = trust_section(html)
    assert "Act now" in section
    assert "1 problem" in section or "2 problems" in section
    assert "Let them decide in their own time." in section
    assert f'href="/proposals/{proposal_id}/step/offer"' in section


def test_trust_findings_put_problems_first(northwind):
    from proposals.wizard.review import trust_check

    pushy = {
        **northwind,
        "offer": {
            **northwind["offer"],
            "summary": "Act now: this offer is only valid for 48 hours.",
        },
    }
    # Without the worked sample's text a quote goes unanswered: advice on "What you heard",
    # which the client reads first, yet the offer's problems come first.
    found = trust_check(validate_document(pushy), None)
    groups = found["trust"]
    assert [group.slug for group in groups][:2] == ["offer", "heard"]
    assert groups[0].problems == found["trust_problems"] == 2
    assert groups[1].problems == 0
    assert all(f.severity == "problem" for f in groups[0].findings)


def test_review_of_a_careful_proposal_has_no_problems(client, northwind):
    _, html = review_html(client, northwind)
    section = trust_section(html)
    assert "Problem</span>" not in section
    assert "it reads as written by someone who listened" in section


def test_each_section_links_to_its_step(client, session, northwind):
    document = {
        **northwind,
        "listening": {**northwind["listening"], "situation": "Our world-class team is here."},
        "self_help": ["Rest assured, we are here for you."],
        "next_steps": ["Sign today."],
    }
    proposal_id, html = review_html(client, document)
    section = trust_section(html)
    for slug in ("heard", "help", "next"):
        assert f'href="/proposals/{proposal_id}/step/{slug}"' in section


def test_review_still_works_with_an_inline_sample(client, northwind):
    document = {
        **northwind,
        "sample": {"title": "Your February", "body": "Cash falls to **£2,100** in February."},
    }
    _, html = review_html(client, document)
    assert 'id="trust-check"' in html


# ---------------------------------------------------------------------------
# The migration matches the models.


def test_migration_creates_what_the_models_describe(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from proposals.models import Base

    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)

    def mine(item) -> bool:
        text = repr(item)
        return "provider" in text or any(
            column in text
            for column in (
                "sent_on",
                "follow_up_on",
                "follow_up_about",
                "follow_up_done_on",
                "follow_up_note",
                "cover_email",
            )
        )

    assert [item for item in differences if mine(item)] == []
    from sqlalchemy import inspect

    columns = {column["name"] for column in inspect(engine).get_columns("proposal")}
    assert {"sent_on", "follow_up_on", "cover_email"} <= columns


# ---------------------------------------------------------------------------
# Sending the cover e-mail.


def mailto_of(html: str) -> str:
    found = re.search(r'href="(mailto:[^"]+)" id="cover_email-mailto"', html)
    assert found, "no mailto link on the kit page"
    return unescape(found.group(1))


def test_the_mailto_link_decodes_to_the_cover_emails_subject_and_body(client, session, example):
    proposal = with_pdf(session, example)
    html = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    link = urlsplit(mailto_of(html))
    assert link.scheme == "mailto"
    assert unquote(link.path) == example["prospect"]["email"]
    assert " " not in link.query and "\n" not in link.query  # every space and break encoded
    fields = parse_qs(link.query)
    shown = unescape(
        re.search(r'<textarea id="cover_email-text"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    )
    subject, body = shown.split("\n", 1)
    assert fields["subject"] == [subject.removeprefix("Subject: ")]
    assert fields["body"][0].replace("\r\n", "\n") == body.strip()


def test_the_mailto_link_carries_the_consultants_own_wording(client, session, northwind):
    proposal = with_pdf(session, northwind)
    text = "Subject: Your February & the bank?\n\nHi Priya,\n\nHere it is: 100% yours.\n"
    client.post(
        f"/proposals/{proposal.id}/follow-up/drafts",
        data={"cover_email": text, "action": "save"},
    )
    html = client.get(f"/proposals/{proposal.id}/follow-up").get_data(as_text=True)
    fields = parse_qs(urlsplit(mailto_of(html)).query)
    assert fields["subject"] == ["Your February & the bank?"]
    assert fields["body"] == ["Hi Priya,\r\n\r\nHere it is: 100% yours."]


def test_a_long_cover_email_gives_a_link_of_safe_length(northwind):
    document = validate_document(northwind)
    paragraphs = "\n\n".join(f"Paragraph {n}: " + "word " * 60 for n in range(30))
    link = mailto_link(document, f"Subject: Long\n\n{paragraphs}")
    assert link.shortened and len(link.href) <= MAX_LINK
    body = parse_qs(urlsplit(link.href).query)["body"][0]
    assert body.startswith("Paragraph 0: word") and body.endswith("[…]")
    short = mailto_link(document, "Subject: Short\n\nHello.")
    assert not short.shortened
