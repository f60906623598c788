"""Fixtures: a fresh app and database per test, the example documents, a wizard driver."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import tempfile
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader
from werkzeug.http import parse_options_header

from proposals import create_app, db
from proposals.api import tokens as api_tokens
from proposals.auth.users import create_user, find_by_email
from proposals.document import normalize
from proposals.paths import DEMO
from tests import clock, databases

# Hypothesis keeps its caches outside the repository: a run leaves the clone as it found it.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "proposals-hypothesis")
)

NORTHWIND = DEMO / "northwind-bakery.json"
HARBOR = DEMO / "harbor-dental.toml"
EXAMPLES = [NORTHWIND, HARBOR]


def load_example(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else tomllib.loads(text)


@pytest.fixture(params=EXAMPLES, ids=lambda path: path.stem)
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def example(example_path) -> dict:
    return normalize(load_example(example_path))


@pytest.fixture
def northwind() -> dict:
    return normalize(load_example(NORTHWIND))


@pytest.fixture
def harbor() -> dict:
    return normalize(load_example(HARBOR))


@pytest.fixture(scope="session", autouse=True)
def suite_clock():
    """Python's clock on PROPOSALS_TEST_TODAY for the whole run, when it is set."""
    moved = clock.travel()
    yield clock.chosen_today()
    if moved is not None:
        moved.stop()


@pytest.fixture(scope="session", autouse=True)
def default_instance(tmp_path_factory):
    """A temporary folder for any app or CLI run that names no instance folder of its own.

    Without PROPOSALS_INSTANCE_PATH the app keeps its database and secret in the project's
    ./instance, and no test may write into the repository (.ci/run checks `git status`).
    """
    folder = tmp_path_factory.mktemp("default-instance")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROPOSALS_INSTANCE_PATH", str(folder))
        patch.delenv("PROPOSALS_DATABASE_URL", raising=False)
        yield folder


def pytest_report_header(config):
    today = clock.chosen_today()
    lines = [f"clock moved to {today} ({clock.ENVIRONMENT})"] if today else []
    if databases.ON_POSTGRES:
        lines.append("databases on PostgreSQL (PROPOSALS_TEST_DATABASE_URL)")
    return lines


@pytest.fixture(autouse=True)
def own_database(monkeypatch):
    """On PostgreSQL, an app or CLI run that names no database of its own (and any process
    a test starts) gets a fresh database; whatever databases the test made are dropped."""
    engines = []
    databases.test_starts()
    if databases.ON_POSTGRES:
        # Most tests never open it: it is made when an engine or a process might.
        url = databases.url_for(Path("<environment>"), on_first_use=True)
        monkeypatch.setenv("PROPOSALS_DATABASE_URL", url)
        make_engine = db.make_engine

        def made_engine(engine_url):
            databases.create_pending(str(engine_url))
            engines.append(make_engine(engine_url))
            return engines[-1]

        start_process = subprocess.Popen.__init__

        def started_process(self, *args, **kwargs):
            env = kwargs.get("env")
            databases.create_pending(
                (os.environ if env is None else env).get("PROPOSALS_DATABASE_URL", "")
            )
            start_process(self, *args, **kwargs)

        monkeypatch.setattr(db, "make_engine", made_engine)
        monkeypatch.setattr(subprocess.Popen, "__init__", started_process)
    yield
    for engine in engines:  # what a test left open would be cut by the DROP DATABASE below
        engine.dispose()
    databases.drop_all()


def pytest_configure(config):
    if databases.ON_POSTGRES:
        # A connection a test's thread or app kept is cut when its database is dropped;
        # psycopg then warns as it is collected (sqlite3 says nothing in that case).
        config.addinivalue_line(
            "filterwarnings",
            "ignore:Exception ignored in.*BaseConnection.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        )
        config.addinivalue_line(
            "filterwarnings", "ignore:.*was deleted while still open:ResourceWarning"
        )


def pytest_sessionfinish(session, exitstatus):
    databases.drop_shared()


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Werkzeug's default (scrypt) takes ~0.2 s a hash; tests don't need that strength.

    tests/test_auth.py checks that the app itself uses the default.
    """
    from werkzeug.security import generate_password_hash

    from proposals.auth import users

    monkeypatch.setattr(
        users,
        "generate_password_hash",
        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1000"),
    )


PASSWORD = "correct horse battery"
DANA = "dana@whitfield.example"  # the first user: an administrator
SAM = "sam@whitfield.example"  # a second consultant at the same firm


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "DATABASE_URL": databases.url_for(tmp_path / "test.db"),
            "SECRET_KEY": "test",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
            "PRERENDER": False,  # tests that want background renders turn it on
            "RENDER_WORKERS": 0,  # render in the test's process; tests of the pool say so
            "SAMPLE_WORKERS": 0,  # likewise for sample bodies
        }
    )
    with app.app_context():
        create_user(db.session(), DANA, "Dana Whitfield", PASSWORD)
        create_user(db.session(), SAM, "Sam Okoro", PASSWORD)
    yield app
    app.extensions["db_engine"].dispose()


def sign_in(client, email: str = DANA, password: str = PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def client(app):
    """Dana, signed in."""
    return sign_in(app.test_client())


@pytest.fixture
def other_client(app):
    """Sam, another consultant of the same firm, signed in."""
    return sign_in(app.test_client(), SAM)


@pytest.fixture
def anonymous(app):
    return app.test_client()


@pytest.fixture
def session(app):
    """A database session of its own. No app context is held open: requests made by the
    test clients must each get their own, as in production (or `g`, and with it the
    signed-in user, would leak from one client's request into another's)."""
    with db.standalone_session(app) as db_session:
        yield db_session


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Letters and digits only, lower case: survives line breaks and typographic quotes."""
    text = text.replace("\u2019", "'")
    return re.sub(r"[^0-9a-z]", "", text.lower())


def download_name(response) -> str:
    """The file name a browser saves a download under (RFC 6266, `filename*` first)."""
    kind, options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == "attachment"
    return options["filename"]


def api_client(app, email: str = DANA):
    """A test client that sends `email`'s new personal API token, and no cookie."""
    with db.standalone_session(app) as db_session:
        _, secret = api_tokens.create(db_session, find_by_email(db_session, email), "tests")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    client.token = secret
    return client


@pytest.fixture
def api(app):
    """Dana's API client (her token)."""
    return api_client(app)


@pytest.fixture
def other_api(app):
    """Sam's API client: another consultant of the same firm."""
    return api_client(app, SAM)
