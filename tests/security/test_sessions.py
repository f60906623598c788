"""Signing out means signed out: sign-ins live on the server, expire, and can all be ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from proposals.models import SignIn, User
from tests.conftest import DANA, PASSWORD, SAM, sign_in
from tests.security.accounts import is_signed_in, reset_link

START = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "quiet lantern orchard"


def copy_of(client, app):
    """A second browser holding an exact copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_signing_out_no_longer_opens_anything(app, signed_in):
    dana = signed_in()
    thief = copy_of(dana, app)
    assert is_signed_in(thief)  # the copy works while the sign-in lasts
    dana.post("/logout")
    assert thief.get("/").status_code == 302
    assert thief.get("/").location.startswith("/login")
    assert thief.get("/library/").status_code == 302


def test_signing_out_ends_only_that_browsers_sign_in(signed_in):
    laptop, phone = signed_in(), signed_in()
    laptop.post("/logout")
    assert not is_signed_in(laptop)
    assert is_signed_in(phone)


def test_sign_out_everywhere_ends_every_browser(app, signed_in):
    laptop, phone, sams = signed_in(), signed_in(), signed_in(SAM)
    response = laptop.post("/logout/everywhere", follow_redirects=True)
    assert "Signed out everywhere (2 sign-ins ended)" in response.get_data(as_text=True)
    assert not is_signed_in(laptop) and not is_signed_in(phone)
    assert is_signed_in(sams)  # someone else's sign-in is theirs


def test_a_session_idle_for_eight_hours_ends(signed_in, time_machine):
    time_machine.move_to(START, tick=False)
    dana = signed_in()
    for _ in range(3):  # working now and then keeps it going
        time_machine.shift(timedelta(hours=7, minutes=59))
        assert is_signed_in(dana)
    time_machine.shift(timedelta(hours=8, minutes=1))
    assert not is_signed_in(dana)
    assert is_signed_in(sign_in(dana))  # signing in again works


def test_a_session_ends_after_thirty_days_however_busy(signed_in, time_machine):
    time_machine.move_to(START, tick=False)
    dana = signed_in()
    while datetime.now(UTC) + timedelta(hours=7) < START + timedelta(days=30):
        time_machine.shift(timedelta(hours=7))
        assert is_signed_in(dana), datetime.now(UTC)
    time_machine.move_to(START + timedelta(days=30, minutes=1), tick=False)
    assert not is_signed_in(dana)


def test_lifetimes_follow_the_settings(tmp_path, time_machine):
    from tests.security.conftest import make_app

    app = make_app(tmp_path, SESSION_IDLE_HOURS=0.5, SESSION_LIFETIME_DAYS=1)
    time_machine.move_to(START, tick=False)
    dana = sign_in(app.test_client())
    time_machine.shift(timedelta(minutes=31))
    assert not is_signed_in(dana)
    assert app.permanent_session_lifetime == timedelta(days=1)
    app.extensions["db_engine"].dispose()


def test_the_cookie_itself_is_kept_as_long_as_a_sign_in_may_last(anonymous_client):
    response = anonymous_client.post("/login", data={"email": DANA, "password": PASSWORD})
    assert "Expires=" in response.headers["Set-Cookie"]


@pytest.fixture
def anonymous_client(app):
    return app.test_client()


def test_changing_the_password_ends_every_other_sign_in(app, signed_in, session):
    here, elsewhere = signed_in(), signed_in()
    response = here.post(
        "/account/password",
        data={"current": PASSWORD, "password": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "Password changed. You stay signed in here; 1 other sign-in ended." in (
        response.get_data(as_text=True)
    )
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert (
        app.test_client().post("/login", data={"email": DANA, "password": PASSWORD}).status_code
        == 401
    )
    sign_in(app.test_client(), DANA, NEW_PASSWORD)


def test_changing_the_password_needs_the_current_one(signed_in):
    dana = signed_in()
    response = dana.post(
        "/account/password", data={"current": "not my password", "password": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert "that is not your current password" in response.get_data(as_text=True)


def test_every_user_finds_change_password_and_sign_out_everywhere(signed_in):
    client = signed_in(SAM)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in html  # their name in the top bar: their profile
    account = client.get("/account")
    assert account.status_code == 200
    assert 'href="/account/password"' in account.get_data(as_text=True)
    assert 'action="/logout/everywhere"' in account.get_data(as_text=True)
    assert client.get("/account/password").status_code == 200


def test_an_administrators_reset_link_sets_a_password_once_and_ends_other_sign_ins(
    app, signed_in, session
):
    sams_laptop = signed_in(SAM)
    link = reset_link(signed_in(), session, SAM)
    sam = session.scalar(select(User).where(User.email == SAM))
    assert link.rsplit("/", 1)[1] not in (sam.reset_token_hash or "")  # only a hash is kept
    assert is_signed_in(sams_laptop)  # issuing the link changes nothing yet

    browser = app.test_client()
    assert "Set a new password" in browser.get(link).get_data(as_text=True)
    response = browser.post(link, data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert is_signed_in(browser)  # signed in as Sam with the new password
    assert not is_signed_in(sams_laptop)
    sign_in(app.test_client(), SAM, NEW_PASSWORD)
    assert app.test_client().get(link).status_code == 404  # single use


def test_a_reset_link_expires_after_24_hours(app, signed_in, session, time_machine):
    time_machine.move_to(START, tick=False)
    link = reset_link(signed_in(), session, SAM)
    time_machine.shift(timedelta(hours=23, minutes=59))
    assert app.test_client().get(link).status_code == 200
    time_machine.shift(timedelta(minutes=2))
    assert app.test_client().get(link).status_code == 404
    assert app.test_client().post(link, data={"password": NEW_PASSWORD}).status_code == 404


def test_only_administrators_issue_reset_links(signed_in, session):
    dana = session.scalar(select(User).where(User.email == DANA))
    assert signed_in(SAM).post(f"/users/{dana.id}/reset").status_code == 403
    session.expire_all()
    assert session.get(User, dana.id).reset_token_hash is None


def test_a_switched_off_account_is_signed_out_at_once(signed_in, session):
    sams = signed_in(SAM)
    sam = session.scalar(select(User).where(User.email == SAM))
    signed_in().post(f"/users/{sam.id}/active", data={"active": "0"})
    assert not is_signed_in(sams)


def test_only_live_sign_ins_are_kept_and_only_as_hashes(app, signed_in, session, time_machine):
    time_machine.move_to(START, tick=False)
    first = signed_in()
    cookie = first.get_cookie("session").value
    time_machine.shift(timedelta(hours=9))
    signed_in()  # a new sign-in forgets the expired one
    rows = session.scalars(select(SignIn)).all()
    assert len(rows) == 1
    user_id = app.session_interface.get_signing_serializer(app).loads(cookie)["_user_id"]
    token = user_id.partition(":")[2]
    assert token and all(token not in (row.token_hash, str(row.id)) for row in rows)
