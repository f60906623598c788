"""No guessing at speed: sign-in, setup, password changes and uploads are throttled."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from proposals import config, create_app
from tests import databases
from tests.conftest import DANA, PASSWORD, SAM, sign_in
from tests.security.conftest import make_app, png_bytes, post_multipart, sample_source

START = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def tight(tmp_path):
    """An app whose limits are small enough to reach in a test."""
    app = make_app(
        tmp_path,
        LIMIT_SIGN_IN="5/minute",
        LIMIT_SIGN_IN_ADDRESS="8/minute",
        LIMIT_PASSWORD="3/minute",
        LIMIT_UPLOAD="2/minute",
    )
    yield app
    app.extensions["db_engine"].dispose()


def test_sixty_wrong_passwords_are_stopped_and_logged_without_the_password(app, caplog):
    """The finding: 60 wrong passwords in 10 s, then the right one signed in (default limits)."""
    browser = app.test_client()
    caplog.set_level(logging.INFO)
    codes = [
        browser.post("/login", data={"email": DANA, "password": f"guess number {n}"}).status_code
        for n in range(60)
    ]
    assert 429 in codes and codes[0] == 401
    right = browser.post("/login", data={"email": DANA, "password": PASSWORD})
    assert right.status_code == 429
    failures = [r for r in caplog.records if "failed sign-in" in r.getMessage()]
    assert failures and DANA in failures[0].getMessage()
    assert not any("guess number" in r.getMessage() for r in caplog.records)


def test_the_429_page_says_when_to_try_again(tight):
    browser = tight.test_client()
    for _ in range(5):
        browser.post("/login", data={"email": DANA, "password": "wrong password!"})
    response = browser.post("/login", data={"email": DANA, "password": PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 61  # the window, rounded up
    assert "Too many attempts" in html and "Try again in" in html and "seconds" in html


def test_after_the_wait_the_right_password_signs_in(tight, time_machine):
    time_machine.move_to(START, tick=False)
    browser = tight.test_client()
    for _ in range(6):
        browser.post("/login", data={"email": DANA, "password": "wrong password!"})
    time_machine.shift(timedelta(seconds=61))
    sign_in(browser)


def test_signing_in_right_is_never_slowed(tight):
    for _ in range(12):
        sign_in(tight.test_client())


def test_guessing_at_many_accounts_from_one_address_is_stopped(tight):
    browser = tight.test_client()
    codes = [
        browser.post("/login", data={"email": f"u{n}@x.example", "password": "nope"}).status_code
        for n in range(9)
    ]
    assert codes[:8] == [401] * 8 and codes[8] == 429
    # Another address is not held up by it.
    other = tight.test_client()
    response = other.post(
        "/login",
        data={"email": SAM, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 302


def test_one_account_is_protected_whichever_address_guesses(tight):
    for n in range(5):
        tight.test_client().post(
            "/login",
            data={"email": DANA, "password": "wrong password!"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"},
        )
    response = tight.test_client().post(
        "/login",
        data={"email": DANA, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
    )
    assert response.status_code == 429


def test_password_changes_are_throttled(tight):
    dana = sign_in(tight.test_client())
    codes = [
        dana.post(
            "/account/password",
            data={"current": "not it at all", "password": "quiet lantern orchard"},
        ).status_code
        for _ in range(4)
    ]
    assert codes == [422, 422, 422, 429]


def test_first_run_setup_is_throttled(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
            "LIMIT_PASSWORD": "3/minute",
        }
    )
    browser = app.test_client()
    data = {"name": "Dana", "email": "dana@firm.example", "password": "1234567890"}
    codes = [browser.post("/setup", data=data).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    app.extensions["db_engine"].dispose()


def upload_sample(client, n: int):
    source = sample_source(f"throttled-{n}", f"Throttled {n}", "Body text.")
    return post_multipart(client, "/library/upload", {}, {"file": (source.encode(), f"s{n}.md")})


@pytest.mark.parametrize(
    "send",
    [
        upload_sample,
        lambda client, n: post_multipart(
            client, "/referrals/import", {}, {"file": (b"name,organisation\n", "p.csv")}
        ),
        lambda client, n: post_multipart(
            client,
            "/firm",
            {"name": "Whitfield", "brand_colour": "#224466", "page_size": "A4"},
            {"logo": (png_bytes(), "logo.png")},
        ),
    ],
    ids=["library", "referrals", "logo"],
)
def test_every_upload_is_throttled(tight, send):
    dana = sign_in(tight.test_client())
    codes = [send(dana, n).status_code for n in range(3)]
    assert 429 not in codes[:2] and codes[2] == 429
    # The limit is the account's: Sam, at another desk, can still upload.
    sam = tight.test_client()
    sam.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    sign_in(sam, SAM)
    assert upload_sample(sam, 9).status_code != 429


def test_limits_and_storage_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_REDIS_URL", "redis://cache.internal:6379/2")
    monkeypatch.setenv("PROPOSALS_LIMIT_SIGN_IN", "3/hour")
    settings = config.from_environment(tmp_path)
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/2"
    assert settings["LIMIT_SIGN_IN"] == "3/hour"
    monkeypatch.delenv("PROPOSALS_REDIS_URL")
    assert config.from_environment(tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"
