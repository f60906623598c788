"""The firm profile: name, address, brand colour, logo, paper size and PDF layout (admins)."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, has_app_context
from sqlalchemy.orm import Session

from .. import db
from ..folding import same_name
from ..formatting import DEFAULT_LOCALE, proposal_locale
from .models import DEFAULT_COLOUR, FirmProfile

bp = Blueprint("firm", __name__)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def profile(session: Session) -> FirmProfile:
    """The firm's profile, created with defaults on first use."""
    firm = session.get(FirmProfile, 1)
    if firm is None:
        firm = FirmProfile(id=1, brand_colour=DEFAULT_COLOUR, page_size="A4")
        session.add(firm)
        session.flush()
    return firm


def valid_colour(value: str | None) -> str | None:
    """`#rrggbb` lower-cased, or None: the only form that reaches the print CSS."""
    return value.lower() if value and _COLOUR.fullmatch(value) else None


def app_locale() -> str:
    """PROPOSALS_DEFAULT_LOCALE of the running app (en-US outside one)."""
    return current_app.config.get("DEFAULT_LOCALE") if has_app_context() else DEFAULT_LOCALE


def default_locale(session: Session) -> str:
    """The locale of a proposal that names none: the firm's, else the app's default."""
    firm = session.get(FirmProfile, 1)
    return proposal_locale(None, firm.locale if firm else None, app_locale())


def locale_for(session: Session, document: dict | None) -> str:
    """The locale one proposal is written in: its own, the firm's or the app's default."""
    return proposal_locale((document or {}).get("locale"), default_locale(session))


def print_settings(session: Session) -> dict:
    """Plain values for the print templates (never the ORM object)."""
    firm = session.get(FirmProfile, 1)
    if firm is None:
        return {
            "name": "",
            "address": "",
            "colour": DEFAULT_COLOUR,
            "page_size": "A4",
            "logo": None,
            "layout": "formal",
            "locale": app_locale(),
        }
    return {
        "name": firm.name,
        "address": firm.address,
        "colour": valid_colour(firm.brand_colour) or DEFAULT_COLOUR,
        "page_size": firm.page_size if firm.page_size in ("A4", "Letter") else "A4",
        "logo": firm.logo_png,
        "layout": firm.pdf_layout if firm.pdf_layout in ("formal", "compact") else "formal",
        "locale": proposal_locale(None, firm.locale, app_locale()),
    }


def profile_name(session: Session) -> str:
    """The firm profile's name ("" until an administrator sets one)."""
    firm = session.get(FirmProfile, 1)
    return firm.name if firm is not None else ""


def register(app) -> None:
    from . import views  # noqa: F401  (routes register themselves on bp)

    app.register_blueprint(bp)
    # The people step says when the firm typed on a proposal is not the profile's.
    app.jinja_env.globals["profile_firm_name"] = lambda: profile_name(db.session())
    app.jinja_env.globals["same_name"] = same_name
