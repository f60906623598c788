"""The send page, the link shown once, and ending a link. Form → operation → redirect; the
rules live in outgoing.py and operations.py."""

from __future__ import annotations

import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from .. import db, formatting
from ..followup import drafts, schedule
from ..followup.mailto import mailto_link
from ..lookup import get_proposal
from ..models import ClientLink, Proposal, Sending
from ..problems import DocumentError
from ..throttle import by_account, limiter, setting
from ..web import EmptyForm, button_post
from . import operations, outgoing, records
from .blueprint import bp
from .forms import SendForm
from .mailer import DeliveryError
from .setup import MailSetupError, why_not_set_up

# Sendings per signed-in account (LIMIT_SEND): a stuck button or a script can't flood a client.
throttled = limiter.limit(setting("LIMIT_SEND"), key_func=by_account, methods=["POST"])


def _base_url() -> str:
    """PROPOSALS_BASE_URL, else the address this page was asked for."""
    return current_app.config["BASE_URL"] or request.url_root


def _render(proposal: Proposal, form: SendForm, problem: str | None = None, status: int = 200):
    """The send page, with what was typed, the trust check of the body, and why the app
    cannot send by itself (then: copy, mailto and "I sent it myself")."""
    document = schedule.document_of(proposal)
    reason = why_not_set_up(current_app.config)
    draft = f"Subject: {form.subject.data or ''}\n\n{form.body.data or ''}"
    return render_template(
        "web/sending/send.html",
        proposal=proposal,
        form=form,
        findings=drafts.check_draft(form.body.data or "", document) if document else [],
        not_set_up=reason,
        mailto=mailto_link(document, draft, to=form.to.data or "") if document else None,
        problem=problem,
    ), status


@bp.get("/proposals/<int:proposal_id>/send")
def send_page(proposal_id: int):
    """Send to the client: the cover e-mail, the PDF version, and the private link."""
    proposal = get_proposal(proposal_id)
    start = outgoing.suggestion(db.session(), proposal)
    if start is None:
        return render_template("web/sending/no_pdf.html", proposal=proposal), 404
    latest = proposal.latest_version
    form = SendForm(
        formdata=None,
        data={
            "to": start.to,
            "subject": start.subject,
            "body": start.body,
            "version": str(latest.number),
            "expires_on": records.default_expiry(latest).isoformat(),
            "send_key": secrets.token_urlsafe(24),
        },
    )
    form.offer_versions(proposal)
    return _render(proposal, form)


@bp.post("/proposals/<int:proposal_id>/send")
@throttled
@button_post
def send(proposal_id: int):
    """Send it (or record that you sent it yourself); what was typed is kept on any refusal."""
    proposal = get_proposal(proposal_id)
    if proposal.latest_version is None:
        abort(404)
    form = SendForm()
    form.offer_versions(proposal)
    action = request.form.get("action", "send")
    if action == "refresh":  # show the mailto link and the trust check for the text as typed
        return _render(proposal, form)
    try:
        checked = outgoing.check(request.form, proposal)
    except DocumentError as exc:
        form.show_errors(exc)
        return _render(proposal, form, status=422)
    with _once(checked.send_key) as first:
        earlier = operations.already_sent(db.session(), proposal, checked.send_key)
        if not first or earlier is not None:
            return _pressed_twice(proposal, earlier)
        if action == "manual":
            return _by_hand(proposal, checked)
        return _by_email(proposal, form, checked)


# Send keys whose request is under way in this process: a double click's second request
# waits for nothing and sends nothing (the first one's result is on the proposal page).
_in_flight: set[str] = set()
_in_flight_lock = threading.Lock()


@contextmanager
def _once(send_key: str | None):
    """Yield whether this request is the only one under way with its send key."""
    if not send_key:
        yield True
        return
    with _in_flight_lock:
        first = send_key not in _in_flight
        _in_flight.add(send_key)
    try:
        yield first
    finally:
        if first:
            with _in_flight_lock:
                _in_flight.discard(send_key)


def _pressed_twice(proposal: Proposal, earlier: Sending | None):
    if earlier is not None:
        flash(
            f"This was already sent to {earlier.to_address} with version "
            f"{earlier.version.number}: nothing was sent again.",
            "warning",
        )
    else:
        flash("The first press of the button is still sending: nothing was sent twice.", "warning")
    return redirect(url_for("dashboard.show", proposal_id=proposal.id, _anchor="sendings"))


def _by_email(proposal: Proposal, form: SendForm, checked: outgoing.Outgoing):
    try:
        sent = operations.send_by_email(
            db.session(),
            proposal,
            checked,
            config=current_app.config,
            base_url=_base_url(),
            sent_by=_me(),
        )
    except (operations.NotSetUp, MailSetupError) as exc:
        return _render(proposal, form, f"Not sent: {exc}", 422)
    except DeliveryError as exc:
        return _render(proposal, form, f"Not sent, and nothing is marked as sent: {exc}", 502)
    flash(_sent_message(sent.sending, sent.link), "success")
    return redirect(url_for("dashboard.show", proposal_id=proposal.id))


def _me():
    return current_user._get_current_object()  # the User row, for the Sending's sender


def _by_hand(proposal: Proposal, checked: outgoing.Outgoing):
    """Record a sending made from the consultant's own mail program; a new link is shown
    here once (never stored, never in a URL), with the e-mail text that carries it."""
    sent = operations.record_by_hand(
        db.session(), proposal, checked, base_url=_base_url(), sent_by=_me()
    )
    if sent.url is None:
        flash(_sent_message(sent.sending, None, by_hand=True), "success")
        return redirect(url_for("dashboard.show", proposal_id=proposal.id))
    document = schedule.document_of(proposal)
    body = outgoing.with_link(checked.body, sent.url, checked.expires_on)
    page = render_template(
        "web/sending/link_once.html",
        proposal=proposal,
        sending=sent.sending,
        link=sent.link,
        url=sent.url,
        body=body,
        mailto=mailto_link(document, f"Subject: {checked.subject}\n\n{body}", to=checked.to),
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"  # the token must not stay in any cache
    return response


def _sent_message(sending: Sending, link: ClientLink | None, by_hand: bool = False) -> str:
    what = "Recorded as sent by you" if by_hand else "Sent"
    until = f", with a private link until {formatting.day(link.expires_on)}" if link else ""
    return f"{what} to {sending.to_address} with version {sending.version.number}{until}."


def _link_of(proposal: Proposal, link_id: int) -> ClientLink:
    link = db.session().get(ClientLink, link_id)
    if link is None or link.proposal_id != proposal.id:
        abort(404)
    return link


@bp.route("/proposals/<int:proposal_id>/links/<int:link_id>/revoke", methods=["GET", "POST"])
def revoke(proposal_id: int, link_id: int):
    """Ask, then end one private link: the client's page says it has ended."""
    proposal = get_proposal(proposal_id)
    link = _link_of(proposal, link_id)
    form = EmptyForm()
    if form.validate_on_submit():
        ended = operations.revoke(db.session(), proposal, link)
        flash("The link is ended." if ended else "That link had already ended.", "success")
        return redirect(url_for("dashboard.show", proposal_id=proposal.id, _anchor="sendings"))
    if request.method == "POST":
        abort(400)
    return render_template(
        "web/sending/confirm_revoke.html", proposal=proposal, link=link, form=form
    )


@dataclass(frozen=True)
class Summary:
    sendings: list[Sending]
    links: list[ClientLink]


@bp.app_template_global("sending_summary")
def sending_summary(proposal: Proposal) -> Summary:
    """For the proposal page's partial: every sending, and the links that still open."""
    session = db.session()
    return Summary(
        records.sendings_of(session, proposal), records.live_links(session, proposal, date.today())
    )
