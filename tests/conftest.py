"""Fixtures: a fresh app and database per test, the example documents, a wizard driver."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

from proposals import create_app, db
from proposals.document import normalize
from proposals.paths import DEMO

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


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
            "SECRET_KEY": "test",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session()


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Letters and digits only, lower case: survives line breaks and typographic quotes."""
    text = text.replace("\u2019", "'")
    return re.sub(r"[^0-9a-z]", "", text.lower())
