"""`proposals send` and `proposals link` (contract): exit 0 done, 2 bad input, 1 not delivered."""

from __future__ import annotations

import sys
from datetime import date

import click
from sqlalchemy.orm import Session

from ..cli_app import app_and_session
from ..models import Proposal
from ..problems import DocumentError
from . import operations, outgoing
from .mailer import DeliveryError
from .setup import MailSetupError, why_not_set_up

EXIT_INVALID = 2
EXIT_NOT_DELIVERED = 1
NO_BASE_URL = "set PROPOSALS_BASE_URL to the app's address (https://proposals.example.com)"


def _refuse(message: str, status: int = EXIT_INVALID) -> None:
    click.echo(message, err=True)
    sys.exit(status)


def _proposal(session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        _refuse(f"There is no proposal {proposal_id}.")
    return proposal


@click.command("send")
@click.argument("proposal_id", metavar="ID", type=int)
@click.option("--to", "to", required=True, help="The client's e-mail address.")
@click.option("--link", is_flag=True, help="Include a private link to read and answer online.")
def send(proposal_id: int, to: str, link: bool) -> None:
    """E-mail the latest PDF version with the cover e-mail, through PROPOSALS_SMTP_URL."""
    with app_and_session() as (app, session):
        proposal = _proposal(session, proposal_id)
        start = outgoing.suggestion(session, proposal)
        if start is None:
            _refuse(f"Proposal {proposal_id} has no PDF yet: generate a PDF first.")
        reason = why_not_set_up(app.config)
        if reason:
            _refuse(f"{reason} Set PROPOSALS_SMTP_URL (smtp://user:pass@host:587).")
        if link and not app.config["BASE_URL"]:
            _refuse(f"--link: {NO_BASE_URL}.")
        data = {"to": to, "subject": start.subject, "body": start.body, "link": link}
        try:
            checked = outgoing.check(data, proposal)
            sent = operations.send_by_email(
                session, proposal, checked, config=app.config, base_url=app.config["BASE_URL"]
            )
        except DocumentError as exc:
            _refuse(
                "\n".join(
                    f"--{error}" if error.path == "to" else str(error) for error in exc.errors
                )
            )
        except MailSetupError as exc:
            _refuse(str(exc))
        except DeliveryError as exc:
            _refuse(f"Not sent: {exc}", EXIT_NOT_DELIVERED)
        until = f", with a private link until {checked.expires_on.isoformat()}" if link else ""
        click.echo(
            f"Sent version {checked.version.number} of proposal {proposal.id} to {checked.to}"
            f"{until} (PDF SHA-256 {sent.sending.sha256[:12]}…)."
        )


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        _refuse(f"--expires: not a date (use YYYY-MM-DD): {value}")
    if chosen < date.today():
        _refuse(f"--expires: {value} has passed; a link must last until today or later.")
    return chosen


@click.command("link")
@click.argument("proposal_id", metavar="ID", type=int)
@click.option("--expires", metavar="YYYY-MM-DD", help="Its last day (default: the offer's).")
@click.option("--revoke", is_flag=True, help="End every link of the proposal instead.")
def link(proposal_id: int, expires: str | None, revoke: bool) -> None:
    """Print a new private client link to the version last sent, or end them all."""
    if revoke and expires:
        _refuse("--revoke ends links; it takes no --expires.")
    expires_on = _day(expires)
    with app_and_session() as (app, session):
        proposal = _proposal(session, proposal_id)
        if revoke:
            count = operations.revoke(session, proposal)
            click.echo(f"Ended {count} link{'' if count == 1 else 's'} of proposal {proposal.id}.")
            return
        if not app.config["BASE_URL"]:
            _refuse(f"No address for the link: {NO_BASE_URL}.")
        try:
            made, url = operations.new_link(session, proposal, app.config["BASE_URL"], expires_on)
        except operations.NeverSent:
            _refuse(
                f"Proposal {proposal.id} was never sent: send it first "
                f"(proposals send {proposal.id} --to EMAIL)."
            )
        click.echo(url)
        click.echo(f"It opens until {made.expires_on.isoformat()}.", err=True)
