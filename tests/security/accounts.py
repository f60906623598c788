"""Helpers for the account tests: is a browser signed in, and an administrator's reset link."""

from __future__ import annotations

from sqlalchemy import select

from proposals.models import User


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


def reset_link(admin, session, email: str) -> str:
    """The path of the one-time link `admin` is shown on the users page for `email`."""
    person = session.scalar(select(User).where(User.email == email))
    page = admin.post(f"/users/{person.id}/reset").get_data(as_text=True)
    start = page.index("http://localhost/reset/")
    return page[start : page.index('"', start)].removeprefix("http://localhost")
