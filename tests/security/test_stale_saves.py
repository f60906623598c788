"""Two tabs, one entry (finding 8 of issue 12): the follow-up drafts, a referral directory
entry, a library sample, and a wizard step (each step has its own version, issue 10). The
second tab to save from an out-of-date page gets a 409 with both texts and changes nothing;
"keep what I just sent" then saves."""

from __future__ import annotations

import re
from html import unescape

from proposals.library import lookups
from proposals.models import Proposal, Provider
from tests.test_followup import with_pdf
from tests.wizard_driver import STEP_FORMS, Wizard


def hidden(html: str, name: str) -> str:
    """The value of the page's hidden field `name`."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no {name} on the page"
    return unescape(match.group(1) or match.group(2))


def resent(html: str) -> dict[str, str]:
    """What the conflict page's "Keep what I just sent" button posts (its hidden fields)."""
    fields = re.findall(r'<textarea name="([^"]+)" hidden>\n(.*?)</textarea>', html, re.S)
    return {name: unescape(value) for name, value in fields}


def test_a_stale_follow_up_draft_is_shown_beside_the_saved_one(client, session, northwind):
    proposal = with_pdf(session, northwind)
    kit = f"/proposals/{proposal.id}/follow-up"
    first_tab = client.get(kit).get_data(as_text=True)
    second_tab = client.get(kit).get_data(as_text=True)
    seen = hidden(first_tab, "follow_up_note_version")
    assert hidden(second_tab, "follow_up_note_version") == seen
    saved = client.post(
        f"{kit}/drafts",
        data={"follow_up_note": "From the second tab.", "follow_up_note_version": seen},
    )
    assert saved.status_code == 302

    late = client.post(
        f"{kit}/drafts",
        data={"follow_up_note": "From the first tab.", "follow_up_note_version": seen},
    )
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "From the second tab." in html and "From the first tab." in html
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_note == "From the second tab.\n"

    kept = client.post(f"{kit}/drafts", data=resent(html))
    assert kept.status_code == 302
    session.expire_all()
    assert session.get(Proposal, proposal.id).follow_up_note == "From the first tab.\n"


def test_a_stale_referral_entry_is_shown_beside_the_saved_one(client, session):
    client.post("/referrals/new", data={"name": "Tom Okafor", "good_for": "Retail leases"})
    provider = session.query(Provider).one()
    edit = f"/referrals/{provider.id}/edit"
    seen = hidden(client.get(edit).get_data(as_text=True), "edit_version")
    entry = {"name": "Tom Okafor", "good_for": "Retail leases", "edit_version": seen}
    assert client.post(edit, data={**entry, "contact": "tom@second.example"}).status_code == 302

    late = client.post(edit, data={**entry, "contact": "tom@first.example"})
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "tom@second.example" in html and "tom@first.example" in html
    session.expire_all()
    assert session.get(Provider, provider.id).contact == "tom@second.example"

    assert client.post(edit, data=resent(html)).status_code == 302
    session.expire_all()
    assert session.get(Provider, provider.id).contact == "tom@first.example"


def test_a_stale_sample_save_is_shown_beside_the_saved_text(client, session):
    sample = lookups.active_samples(session)[0]
    edit = f"/library/{sample.slug}/edit"
    page = client.get(edit).get_data(as_text=True)
    seen, source = hidden(page, "revision"), sample.current.source
    second = source.rstrip("\n") + "\n\nAdded in the second tab.\n"
    assert client.post(edit, data={"source": second, "revision": seen}).status_code == 302

    first = source.rstrip("\n") + "\n\nAdded in the first tab.\n"
    late = client.post(edit, data={"source": first, "revision": seen})
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "Added in the second tab." in html and "Added in the first tab." in html
    session.expire_all()
    assert "Added in the second tab." in lookups.find(session, sample.slug).current.source

    assert client.post(edit, data=resent(html)).status_code == 302
    session.expire_all()
    assert "Added in the first tab." in lookups.find(session, sample.slug).current.source


def test_a_stale_wizard_step_is_shown_beside_the_saved_one_and_other_steps_are_not(
    client, session, northwind
):
    wizard = Wizard(client)
    seen = hidden(wizard.get("heard").get_data(as_text=True), "edit_version")
    # Another tab saves a different step first: that is no reason to refuse this one...
    assert wizard.post("offer", STEP_FORMS["offer"](northwind)).status_code == 302
    # ...but it then saves this very step.
    second = {"listening-situation": "From the second tab.", "edit_version": seen}
    assert wizard.post("heard", second).status_code == 302

    late = wizard.post(
        "heard", {"listening-situation": "From the first tab.", "edit_version": seen}
    )
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "From the second tab." in html and "From the first tab." in html
    assert "Their situation" in html and "listening.situation" not in html
    assert wizard.proposal(session).document["listening"]["situation"] == "From the second tab."

    again = {**resent(html), "edit_version": hidden(html, "edit_version")}
    assert client.post(wizard.url("heard"), data=again).status_code == 302
    assert wizard.proposal(session).document["listening"]["situation"] == "From the first tab."
