"""A real `proposals serve` process on 127.0.0.1, and a small cookie-keeping HTTP client.

The server runs in its own process group, so killing it with SIGKILL is a real crash, and
whatever it started (render workers) can be cleaned up by that group's id afterwards.
"""

from __future__ import annotations

import contextlib
import copy
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import NORTHWIND, load_example
from tests.wizard_driver import PROSPECT

ROOT = Path(__file__).resolve().parents[2]
# The command through the running Python, wherever its virtualenv is; run from ROOT, so `-m`
# imports this checkout's package whatever the virtualenv has installed.
PROPOSALS = (sys.executable, "-m", "proposals")
SECRET_KEY = "resilience-tests-fixed-secret"  # fixed, so sessions survive restarts
PASSWORD = "correct horse battery"
START_TIMEOUT = 60.0
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(instance: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PROPOSALS_")}
    env.update(
        PROPOSALS_INSTANCE_PATH=str(instance),
        PROPOSALS_SEED_DEMO="0",
        PROPOSALS_SECRET_KEY=SECRET_KEY,
        PROPOSALS_LOG_LEVEL="WARNING",
    )
    return env


def create_user(instance: Path, email: str, name: str, admin: bool = False) -> None:
    """`proposals users create`, the password typed twice on stdin."""
    command = [*PROPOSALS, "users", "create", "--email", email, "--name", name]
    completed = subprocess.run(
        [*command, *(["--admin"] if admin else [])],
        input=f"{PASSWORD}\n{PASSWORD}\n",
        env=environment(instance),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


class Server:
    """`proposals serve` on a free port; start, kill -9, start again on the same data."""

    def __init__(self, instance: Path, threads: int = 4, database_url: str | None = None):
        """Its database: `database_url`, or a SQLite file in `instance` (what the crash
        tests inspect)."""
        self.instance = instance
        self.database_url = database_url
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = instance.parent / "server.log"
        self.starts = 0

    def environment(self) -> dict[str, str]:
        env = environment(self.instance)
        if self.database_url:
            env["PROPOSALS_DATABASE_URL"] = self.database_url
        return env

    @property
    def database(self) -> Path:
        return self.instance / "proposals.db"

    def start(self) -> None:
        assert self.process is None
        self.starts += 1
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(f"\n--- start {self.starts} ---\n")
            log.flush()
            self.process = subprocess.Popen(
                [*PROPOSALS, "serve", "--port", str(self.port), "--threads", str(self.threads)],
                env=self.environment(),
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if Client(self.port).get("/healthz", timeout=2).status == 200:
                    return
            time.sleep(0.1)
        self.kill()
        raise AssertionError(f"the server did not answer within {START_TIMEOUT} s")

    def crash(self) -> None:
        """SIGKILL the server and return at once, from any thread; `kill` then cleans up."""
        process = self.process
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the server (a crash), then anything left in its process group."""
        self.crash()
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # its group: render workers, if any

    def group(self) -> set[int]:
        """The processes of the server's group besides the server: its render workers and
        their fork server, once it has started rendering (Linux: read from /proc)."""
        if self.process is None:
            return set()
        members = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The command name may hold spaces: the fields after its ")" are fixed.
                fields = stat.read_text().rpartition(")")[2].split()
                if int(fields[2]) == self.process.pid:  # field 5, the process group
                    members.add(int(stat.parent.name))
        return members - {self.process.pid}

    def ensure_running(self) -> None:
        if self.process is None:
            self.start()

    def restart(self) -> None:
        self.kill()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8").splitlines()[-lines:])
        except OSError:
            return ""


def wait_until(condition, timeout: float, interval: float = 0.02):
    """Poll `condition` until it returns something true, or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def integrity(database: Path) -> tuple[str, list]:
    """PRAGMA integrity_check and foreign_key_check, on a read-only connection."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=15)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        return check, foreign
    finally:
        connection.close()


def query(database: Path, sql: str, *args) -> list[tuple]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=15)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


@dataclass
class Response:
    status: int
    headers: Message
    text: str
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Client:
    """One browser: keeps its cookies, never follows redirects, one connection a request."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.token: str | None = None

    def request(self, method: str, path: str, fields=None, timeout: float = 30) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Connection": "close"}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if fields is not None:
                body = urlencode(fields, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value and "01 Jan 1970" not in header and "Max-Age=0" not in header:
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            return Response(
                response.status, response.headers, data.decode("utf-8", "replace"), data
            )
        finally:
            connection.close()

    def get(self, path: str, timeout: float = 30) -> Response:
        return self.request("GET", path, timeout=timeout)

    def post(self, path: str, fields: dict | None = None, timeout: float = 30) -> Response:
        fields = dict(fields or {})
        if self.token:
            fields.setdefault("csrf_token", self.token)
        return self.request("POST", path, fields, timeout=timeout)

    def sign_in(self, email: str) -> None:
        page = self.get("/login")
        self.token = _token(page.text)
        response = self.post("/login", {"email": email, "password": PASSWORD})
        assert response.status == 302, (response.status, response.text[:500])
        self.token = _token(self.get("/").text)

    def new_proposal(self) -> int:
        response = self.post("/proposals/new", PROSPECT)
        assert response.status == 302, (response.status, response.text[:500])
        return int(response.location.split("/proposals/")[1].split("/")[0])

    def save_step(self, proposal_id: int, slug: str, form: dict, action: str = "next", **kw):
        path = f"/proposals/{proposal_id}/step/{slug}"
        return self.post(path, {**form, "action": action}, **kw)


def _token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1) or match.group(2)


# ---------------------------------------------------------------------------- documents
FORM_STEPS = ("people", "heard", "help", "offer", "next")


def document(marker: str) -> dict:
    """The Northwind example, with a marker in one field of every step."""
    doc = copy.deepcopy(load_example(NORTHWIND))
    doc["title"] = f"Title {marker}"
    doc["listening"]["situation"] = f"Situation {marker}"
    doc["referrals"][0]["why"] = f"Why {marker}"
    doc["offer"]["summary"] = f"Offer {marker}"
    doc["next_steps"][0] = f"Next {marker}"
    return doc


def saved_value(doc: dict, slug: str):
    """The marked field of one step, as stored (None when that step isn't saved)."""
    if slug == "people":
        return doc.get("title")
    if slug == "heard":
        return doc.get("listening", {}).get("situation")
    if slug == "help":
        return (doc.get("referrals") or [{}])[0].get("why")
    if slug == "offer":
        return doc.get("offer", {}).get("summary")
    return (doc.get("next_steps") or [None])[0]


def expected_value(marker: str, slug: str) -> str:
    return saved_value(document(marker), slug)


def stored(server: Server, proposal_id: int) -> tuple[dict, dict, str]:
    if server.database_url:
        rows = query_url(
            server.database_url,
            "SELECT document, step_drafts, status FROM proposal WHERE id = :id",
            id=proposal_id,
        )
    else:
        rows = query(
            server.database,
            "SELECT document, step_drafts, status FROM proposal WHERE id = ?",
            proposal_id,
        )
    assert rows, f"proposal {proposal_id} is gone"
    document_json, drafts_json, status = rows[0]
    return _json(document_json), _json(drafts_json) or {}, status


def _json(value):
    """A JSON column: text from sqlite3, already decoded from PostgreSQL's driver."""
    return json.loads(value) if isinstance(value, str) else value


def query_url(url: str, sql: str, **parameters) -> list[tuple]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), parameters)]
    finally:
        engine.dispose()


def assert_healthy(server: Server) -> None:
    if server.database_url:  # PostgreSQL keeps its own integrity; there is no file to check
        assert query_url(server.database_url, "SELECT count(*) FROM proposal")
        return
    check, foreign = integrity(server.database)
    assert check == "ok", check
    assert foreign == [], foreign
