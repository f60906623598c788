"""Database engine, sessions, and migrating to the current schema on start."""

from __future__ import annotations

import fcntl
import logging
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .paths import MIGRATIONS

log = logging.getLogger(__name__)
# Any fixed number: the key of the PostgreSQL advisory lock that one migration holds.
MIGRATION_LOCK = 7_301_962_014


class DatabaseUnreachable(RuntimeError):
    """The database could not be opened at start (wrong URL, server down, no permission)."""


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it if it is new)."""
    with start_lock(engine) as connection, connection.begin():
        upgrade(connection)


@contextmanager
def start_lock(engine: Engine):
    """Held by one starting process at a time, while it migrates and seeds: several
    processes starting at once migrate once, the others wait and find the schema current.
    PostgreSQL's advisory lock, or a file lock next to a SQLite file. Yields a connection.
    """
    try:
        connection = engine.connect()
    except (OperationalError, InterfaceError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnreachable(f"Cannot open the database {where}: {reason}") from None
    with connection, _migration_lock(connection):
        yield connection


def upgrade(connection: Connection) -> None:
    """Migrate to the newest schema on `connection`, saying so when anything changed."""
    before = MigrationContext.configure(connection).get_current_revision()
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    after = MigrationContext.configure(connection).get_current_revision()
    if after != before:
        log.info("Migrated the database from %s to %s", before or "nothing", after)


@contextmanager
def _migration_lock(connection: Connection):
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
        return
    database = connection.engine.url.database if connection.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield  # no file another process could open, or a database with no lock we know
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def init_app(app: Flask) -> None:
    """Attach an engine and a per-request session to the app."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnreachable(f"Cannot open the database {url}: {exc}") from None
    engine = make_engine(url)
    app.extensions["db_engine"] = engine
    app.extensions["db_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessions"]()
    return g.db_session


def _close_session(_exc) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


@contextmanager
def standalone_session(app: Flask):
    """A session outside a request, for the CLI and start-up seeding."""
    with app.extensions["db_sessions"]() as db_session:
        yield db_session
