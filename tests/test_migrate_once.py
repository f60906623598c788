"""Migrating on start: processes starting at once migrate once, and a database that can't be
opened is one clear line and exit 1 (on SQLite, and on PostgreSQL in the suite's second pass)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from sqlalchemy import create_engine, text

from proposals.paths import PROJECT_ROOT
from tests import databases

# Each process imports the app, says it is ready, and starts it once every one is ready.
START = """
import sys, time
from pathlib import Path
from proposals import create_app
folder, url = Path(sys.argv[1]), sys.argv[2]
(folder / f"ready-{sys.argv[3]}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
app = create_app({"INSTANCE_PATH": folder / sys.argv[3], "DATABASE_URL": url,
                  "SECRET_KEY": "x", "SEED_DEMO": False, "LOG_LEVEL": "INFO"})
app.extensions["db_engine"].dispose()
"""
PROCESSES = 4


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


def test_four_processes_starting_at_once_migrate_the_new_database_once(tmp_path):
    url = databases.url_for(tmp_path / "fresh.db", migrated=False)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", START, str(tmp_path), url, str(number)],
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for number in range(PROCESSES)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "go").touch()
    errors = [process.communicate(timeout=120)[1] for process in processes]

    assert [process.returncode for process in processes] == [0] * PROCESSES, errors
    assert not any("Traceback" in output for output in errors), errors
    migrated = [output for output in errors if "Migrated the database from nothing to" in output]
    assert len(migrated) == 1, errors
    engine = create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        samples = connection.execute(text("SELECT count(*) FROM sample")).scalar_one()
    engine.dispose()
    assert len(versions) == 1
    assert samples > 0  # and the starter library was loaded once, not refused or doubled


def serve_with(url: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**environment(), "PROPOSALS_DATABASE_URL": url}
    env["PROPOSALS_INSTANCE_PATH"] = str(tmp_path / "instance")
    return subprocess.run(
        [sys.executable, "-m", "proposals", "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_serve_with_a_postgresql_server_that_is_down_says_so_in_one_line(tmp_path):
    url = f"postgresql+psycopg://proposals:secret@127.0.0.1:{closed_port()}/proposals"
    finished = serve_with(url, tmp_path)
    assert finished.returncode == 1
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("Error: Cannot open the database postgresql+psycopg://proposals:")
    assert "Connection refused" in lines[0] and "secret" not in lines[0]


def test_serve_with_a_sqlite_file_that_cannot_be_made_says_so_in_one_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    finished = serve_with(f"sqlite:///{tmp_path / 'a-file' / 'proposals.db'}", tmp_path)
    assert finished.returncode == 1
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("Error: Cannot open the database sqlite:///"), lines
