"""`proposals tokens ...`: personal API tokens from the command line (e.g. for a script)."""

from __future__ import annotations

import sys

import click

from ..auth.users import find_by_email
from ..cli_app import app_session
from . import tokens as api_tokens

EXIT_INVALID = 2


@click.group("tokens")
def tokens() -> None:
    """Personal tokens for the HTTP API (/api/v1)."""


def _user(session, email: str):
    user = find_by_email(session, email)
    if user is None or not user.active:
        click.echo(f"--email: nobody signs in as {email}", err=True)
        sys.exit(EXIT_INVALID)
    return user


@tokens.command("create")
@click.option("--email", required=True, help="Whose token: it acts as this user.")
@click.option("--name", help="What it is for (default: API token).")
def create(email: str, name: str | None) -> None:
    """Make a token and print it, once: only its hash is kept."""
    with app_session() as session:
        user = _user(session, email)
        try:
            token, secret = api_tokens.create(session, user, name)
        except api_tokens.TokenError as exc:
            click.echo(f"--{exc.field}: {exc}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(f"Token “{token.name}” for {user.email}; it is shown only now:", err=True)
        click.echo(secret)  # alone on standard output, for `TOKEN=$(proposals tokens ...)`


@tokens.command("list")
@click.option("--email", required=True, help="Whose tokens.")
def list_tokens(email: str) -> None:
    """A user's tokens: number, name, when made and when last used."""
    with app_session() as session:
        for token in api_tokens.of(session, _user(session, email)):
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            click.echo(f"{token.id}\t{token.name}\tmade {token.created_at:%Y-%m-%d}\tused {used}")


@tokens.command("revoke")
@click.option("--email", required=True, help="Whose token.")
@click.argument("token_id", type=int)
def revoke(email: str, token_id: int) -> None:
    """Revoke a token by its number (from `proposals tokens list`): it stops working at once."""
    with app_session() as session:
        if api_tokens.revoke(session, _user(session, email), token_id) is None:
            click.echo(f"{token_id}: no such token of {email}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(f"Token {token_id} revoked.")
