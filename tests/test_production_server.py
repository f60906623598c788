"""gunicorn with deploy/gunicorn.conf.py: two processes share sign-ins, and the settings a
firm's server needs are checked before it starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from proposals import create_app, db
from proposals.auth.users import create_user
from tests.conftest import DANA, PASSWORD
from tests.databases import url_for
from tests.http_client import Browser
from tests.servers import REPO, free_port, wait_for_port


def _environment(tmp_path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PROPOSALS_INSTANCE_PATH": str(tmp_path / "instance"),
        "PROPOSALS_DATABASE_URL": url_for(tmp_path / "web.db"),
        "PROPOSALS_SEED_DEMO": "0",
        "PROPOSALS_WEB_PROCESSES": "2",
        "PROPOSALS_RENDER_WORKERS": "0",
        "PROPOSALS_SAMPLE_WORKERS": "0",
        **extra,
    }


def _gunicorn(env: dict[str, str], port: int, access_log) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--access-logfile", str(access_log),
        "--access-logformat", "%(p)s %(U)s %(s)s", "proposals:create_app()",
    ]  # fmt: skip


@pytest.fixture
def server(tmp_path):
    env = _environment(tmp_path, PROPOSALS_SECRET_KEY="one key for every process")
    app = create_app({"INSTANCE_PATH": tmp_path / "instance", "SECRET_KEY": "x", "SEED_DEMO": False,
                      "DATABASE_URL": env["PROPOSALS_DATABASE_URL"]})  # fmt: skip
    with app.app_context():
        create_user(db.session(), DANA, "Dana Whitfield", PASSWORD)
    app.extensions["db_engine"].dispose()
    port, log = free_port(), tmp_path / "access.log"
    process = subprocess.Popen(_gunicorn(env, port, log), env=env, cwd=tmp_path)
    wait_for_port(port, timeout=60)
    yield port, log
    process.send_signal(signal.SIGQUIT)  # a quick shutdown: nothing is left to finish
    process.wait(30)


def _pids(log, path: str) -> set[str]:
    lines = [line.split() for line in log.read_text().splitlines()]
    return {pid for pid, url, status in lines if url == path and status == "200"}


def test_two_processes_answer_and_a_sign_in_holds_across_them(server):
    port, log = server
    deadline = time.monotonic() + 60
    while len(_pids(log, "/healthz")) < 2 and time.monotonic() < deadline:
        assert Browser(port, keep_alive=False).get("/healthz").status == 200
    assert len(_pids(log, "/healthz")) == 2, "both worker processes answered /healthz"

    browser = Browser(port)
    assert browser.sign_in(DANA, PASSWORD).status == 302

    def signed_in_page(_) -> bool:
        # Requests at the same time, each on a connection of its own, reach both processes.
        other = Browser(port, keep_alive=False)
        other.cookies = dict(browser.cookies)
        page = other.get("/")
        return page.status == 200 and "Dana Whitfield" in page.text

    with ThreadPoolExecutor(8) as pool:
        while len(_pids(log, "/")) < 2 and time.monotonic() < deadline:
            assert all(pool.map(signed_in_page, range(16)))
    browser.close()
    assert len(_pids(log, "/")) == 2, "the signed-in page came from both processes"


def test_several_processes_without_a_secret_key_do_not_start(tmp_path):
    env = _environment(tmp_path, PROPOSALS_SECRET_KEY="")
    port = free_port()
    result = subprocess.run(
        _gunicorn(env, port, tmp_path / "access.log"), env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert result.returncode == 1
    assert "PROPOSALS_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr
