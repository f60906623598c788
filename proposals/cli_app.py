"""How every `proposals` command that needs the database gets it: one app, one session.

The app is made the same way for each command (settings from the environment, the database
migrated, the starter library loaded, no demo proposals), so `proposals users create`,
`proposals samples import` and `proposals render` all see the same database as the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy.orm import Session

from . import create_app, db


@contextmanager
def app_session() -> Iterator[Session]:
    """A database session of the app the commands share, closed when the block ends."""
    with app_and_session() as (_, session):
        yield session


@contextmanager
def app_and_session() -> Iterator[tuple[Flask, Session]]:
    """The app as well, for commands that read its settings (the mail server, say)."""
    app = create_app({"SEED_DEMO": False})
    with db.standalone_session(app) as session:
        yield app, session
