"""Fixtures for the security suite: an app whose secrets are recognisable, a canary file,
a network spy, and helpers to put hostile text through the wizard and the library."""

from __future__ import annotations

import io
import json
import secrets
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.security import generate_password_hash
from werkzeug.test import encode_multipart

from proposals import create_app, db
from proposals.auth import users
from proposals.auth.users import create_user
from proposals.models import PdfVersion, Proposal
from tests import databases
from tests.conftest import DANA, PASSWORD, SAM, sign_in
from tests.security.checks import NetworkSpy
from tests.wizard_driver import Wizard

SECRET_KEY = "sekrit-" + secrets.token_hex(12)
# Written into the private notes of every hostile proposal: never in a PDF, even its bytes.
NOTES_MARKER = "PRIVATE-NOTE-" + secrets.token_hex(6)


def passwd_line() -> str:
    """The first line of /etc/passwd (what a file:// read would leak), or a stand-in."""
    try:
        return Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0].strip()
    except (OSError, IndexError):
        return "root:x:0:0"


def make_app(tmp_path: Path, **overrides):
    config = {
        "TESTING": True,
        "INSTANCE_PATH": tmp_path / "instance",
        "DATABASE_URL": databases.url_for(tmp_path / "security.db"),
        "SECRET_KEY": SECRET_KEY,
        "SEED_DEMO": False,
        "WTF_CSRF_ENABLED": False,
        "RENDER_WORKERS": 0,  # in this process, where the socket spy sees it (one test: workers)
        "SAMPLE_WORKERS": 0,  # sample bodies too
        **overrides,
    }
    app = create_app(config)
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "generate_password_hash", _quick_hash)
        create_user(db.session(), DANA, "Dana Whitfield", PASSWORD)
        create_user(db.session(), SAM, "Sam Okoro", PASSWORD)
    return app


def _quick_hash(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def app(tmp_path):
    """As tests/conftest.py's app, with a secret key that would be recognised if leaked."""
    app = make_app(tmp_path)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def module_app(tmp_path_factory):
    """One app for a whole module, for tests that each make their own proposal."""
    app = make_app(tmp_path_factory.mktemp("security"))
    yield app
    app.extensions["db_engine"].dispose()


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A real (tiny) PNG file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Canary:
    """Local files whose contents would show in a PDF if the renderer ever read them: the
    token as text (.txt), as generated content (.css), as drawn text (.svg), and a real
    image (.png: any image in a hostile PDF is a failure)."""

    token: str
    txt: Path
    css: Path
    svg: Path
    png: Path

    def fill(self, text: str) -> str:
        for marker, path in (("@FILE@", self.txt), ("@CSS@", self.css), ("@SVG@", self.svg)):
            text = text.replace(marker, str(path))
        up = str(self.png).lstrip("/")  # the PNG's path climbed to from any folder
        text = text.replace("@UP-PNG@", "../" * 30 + up).replace(
            "@UP-PNG-ENC@", "%2e%2e/" * 30 + up
        )
        return text.replace("@PNG@", str(self.png))


@pytest.fixture
def canary(tmp_path) -> Canary:
    token = "CANARY-" + secrets.token_hex(8)
    folder = tmp_path / "canary"
    folder.mkdir()
    files = Canary(
        token,
        folder / "secret.txt",
        folder / "secret.css",
        folder / "secret.svg",
        folder / "secret.png",
    )
    files.txt.write_text(f"{token}\n", encoding="utf-8")
    files.css.write_text(f'body::after {{ content: "{token}" }}\n', encoding="utf-8")
    files.svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        f'<text x="5" y="30" font-size="20">{token}</text></svg>',
        encoding="utf-8",
    )
    files.png.write_bytes(png_bytes())
    return files


@pytest.fixture
def spy(monkeypatch):
    network = NetworkSpy(monkeypatch)
    yield network
    network.close()


@pytest.fixture
def leaks(canary) -> list[str]:
    """Strings whose presence in any page or PDF means something was read or leaked."""
    return [passwd_line(), canary.token, SECRET_KEY]


@pytest.fixture
def fill(spy, canary):
    """payload -> its text with the listener's address and the canary paths filled in."""
    return lambda payload: canary.fill(payload.filled(spy.host, str(canary.txt)))


# ---------------------------------------------------------------------------- documents


def hostile_document(texts: list[str]) -> dict:
    """A complete proposal with `texts` in every field a consultant types into.

    Each text sits alone in its own list entries (quotes, goals, obstacles, self-help,
    next steps, referrals: the one-line Markdown path) and in at least one of the twelve
    block fields (situation ... option descriptions: the Markdown block path) when there
    are at most twelve texts; plain one-line fields (names, titles) take them in turn.
    """
    count = len(texts)

    def at(index: int) -> str:
        return texts[index % count]

    def short(index: int) -> str:
        return at(index)[:200].strip() or "x"

    line = [text[:600] for text in texts]
    return {
        "schema": "proposals/v1",
        "title": short(0),
        "consultant": {"name": short(1), "firm": short(2), "phone": short(3)},
        "prospect": {
            "organisation": short(4),
            "contact_name": short(5),
            "contact_role": short(6),
            "industry": short(7),
        },
        "listening": {
            "notes": "\n\n".join([NOTES_MARKER, *texts]),
            "situation": at(0),
            "their_words": line[:12],
            "goals": line[:12],
            "obstacles": line[:12],
            "tried_before": at(1),
            "sleep_well": at(2),
            "constraints": at(3),
        },
        "sample": {"title": short(8), "body": at(4), "commentary": at(5)},
        "referrals": [
            {
                "name": short(index),
                "organisation": short(index + 1),
                "serves": line[index],
                "why": line[(index + 1) % count],
                "contact": short(index + 2),
            }
            for index in range(min(count, 10))
        ],
        "self_help": line[:12],
        "offer": {
            "summary": at(6),
            "options": [
                {
                    "name": short(index),
                    "description": at(8 + index),
                    "price": f"{100 + index}.00",
                    "currency": "GBP",
                    "timeline": short(index + 1),
                }
                for index in range(4)
            ],
            "if_it_goes_wrong": at(7),
        },
        "next_steps": line[:12],
        "follow_up": {"on": "2030-01-15", "about": line[-1]},
    }


STEP_SLUGS = ("people", "heard", "sample", "help", "offer", "next", "review")


def write_proposal(client, texts: list[str]) -> Wizard:
    wizard = Wizard(client)
    wizard.complete(hostile_document(texts))
    return wizard


def latest_pdf(session, proposal_id: int) -> PdfVersion | None:
    session.expire_all()
    proposal = session.get(Proposal, proposal_id)
    return proposal.latest_version if proposal is not None else None


def sample_source(
    slug: str, title: str, body: str, inputs: list[dict] | None = None, example=None
) -> str:
    """A sample file; strings in the front matter are JSON-quoted (valid YAML)."""
    front = {"id": slug, "title": title, "summary": title, "tags": ["security"]}
    lines = ["---"]
    for key, value in front.items():
        lines.append(f"{key}: {json.dumps(value)}")
    if inputs:
        lines.append(f"inputs: {json.dumps(inputs)}")
    if example:
        lines.append(f"example: {json.dumps(example)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body + "\n"


@pytest.fixture
def signed_in(app):
    """A function: a fresh test client signed in as `email`."""
    return lambda email=DANA: sign_in(app.test_client(), email)


def post_multipart(client, url: str, fields: dict[str, str], files: dict[str, tuple[bytes, str]]):
    """POST a multipart form built in memory (Werkzeug's test client spools big bodies to a
    temporary file it never closes, which pytest reports as a ResourceWarning)."""
    values: dict = dict(fields)
    for name, (data, filename) in files.items():
        values[name] = FileStorage(io.BytesIO(data), filename=filename)
    boundary, body = encode_multipart(values)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
