"""`proposals users ...`: create accounts from the command line (e.g. the first administrator)."""

from __future__ import annotations

import sys

import click

from ..cli_app import app_session
from .users import AccountError, create_user


@click.group("users")
def users() -> None:
    """Manage who can sign in."""


@users.command("create")
@click.option("--email", prompt=True, help="What they sign in with.")
@click.option("--name", prompt=True, help="Shown on revisions and in the app.")
@click.option("--admin", is_flag=True, help="May manage users and the firm profile.")
@click.password_option(
    help="At least 10 characters, not easy to guess (asked for twice when not given)."
)
def create(email: str, name: str, admin: bool, password: str) -> None:
    """Create an account. The first account is always an administrator."""
    with app_session() as session:
        try:
            user = create_user(session, email, name, password, admin=admin)
        except AccountError as exc:
            click.echo(f"{exc.field}: {exc}", err=True)
            sys.exit(2)
        click.echo(f"{user.name} <{user.email}> can sign in ({user.role}).")
