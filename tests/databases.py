"""A database of its own for each test: a SQLite file, or on PostgreSQL a fresh database.

With PROPOSALS_TEST_DATABASE_URL set (scripts/postgres sets it), `url_for(path)` gives a
PostgreSQL database instead of the SQLite file at `path`: cloned from a template that is
migrated once per run (migrating takes ~1 s; a clone and its DROP 150-300 ms, each forcing
a checkpoint), and dropped when the test ends. The same path gives the same database
within a test, so a test can restart its app on the database it had. A database asked for
with `on_first_use=True` is only named at first; `create_pending(url)` makes it when
something is about to open it (conftest calls it when an engine is made or a process
started), so a test that never opens it costs no clone.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

SERVER = os.environ.get("PROPOSALS_TEST_DATABASE_URL", "")
ON_POSTGRES = SERVER.startswith("postgresql")
TEMPLATE = f"proposals_template_{os.getpid()}"

_names = itertools.count(1)
_in_use: dict[str, str] = {}  # path -> database name, for the running test
_pending: set[str] = set()  # names given out with on_first_use=True, not yet created
_shared: dict[str, str] = {}  # path -> database name, for a module's or the session's fixture
_admin = None
_template_ready = False
_in_test = False  # set by conftest's own_database while a test (not a wider fixture) runs


def url_for(
    path: Path, *, migrated: bool = True, shared: bool = False, on_first_use: bool = False
) -> str:
    """The URL of the test's database at `path`. `migrated=False`: an empty database, for
    tests of the migrations themselves. One asked for outside a test (by a fixture of a
    module or the session), or with `shared=True`, is kept until the run ends.
    `on_first_use=True`: a migrated database made by `create_pending` when first needed."""
    if not ON_POSTGRES:
        return f"sqlite:///{path}"
    names = _shared if shared or not _in_test else _in_use
    key = str(path)
    if key not in names:
        name = f"proposals_test_{os.getpid()}_{next(_names)}"
        if on_first_use:
            _pending.add(name)
        else:
            _create(name, migrated)
        names[key] = name
    return _url(names[key])


def create_pending(url: str) -> None:
    """Make the database `url` names if it was given out on first use and isn't made yet."""
    name = make_url(url).database if url.startswith("postgresql") else None
    if name in _pending:
        _create(name, migrated=True)
        _pending.discard(name)


def _create(name: str, migrated: bool) -> None:
    if migrated:
        _ensure_template()
        _execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}" STRATEGY FILE_COPY')
    else:
        _execute(f'CREATE DATABASE "{name}"')


def test_starts() -> None:
    global _in_test
    _in_test = True


def drop_all() -> None:
    """Drop the databases the test made (connections its apps left open are cut)."""
    global _in_test
    _in_test = False
    while _in_use:
        _, name = _in_use.popitem()
        if name in _pending:  # never opened, so never made
            _pending.discard(name)
            continue
        _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_shared() -> None:
    """At the end of the run: the fixtures' databases, and the template."""
    while _shared:
        _, name = _shared.popitem()
        _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if _template_ready:
        _execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')


def _url(database: str) -> str:
    return make_url(SERVER).set(database=database).render_as_string(hide_password=False)


def _execute(statement: str) -> None:
    global _admin
    if _admin is None:
        _admin = create_engine(SERVER, isolation_level="AUTOCOMMIT", pool_size=1)
    with _admin.connect() as connection:
        connection.execute(text(statement))


def _ensure_template() -> None:
    """Migrate the template once, with the starter library loaded, as a new app would."""
    global _template_ready
    if _template_ready:
        return
    from proposals import db, seed

    _execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
    _execute(f'CREATE DATABASE "{TEMPLATE}"')
    engine = db.make_engine(_url(TEMPLATE))
    db.migrate(engine)
    with Session(engine) as session:
        seed.starter_samples(session)
    engine.dispose()  # a template may have no connections while it is cloned
    _template_ready = True
