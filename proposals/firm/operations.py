"""Changing the firm profile: every field checked against document.py's limits, then saved."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, ValidationError
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from ..document import DEFAULT_COLOUR, DocumentError, FieldError, Limits, errors_from
from ..fields import check_locale
from . import profile, valid_colour
from .logo import LogoError, clean_logo
from .models import FirmProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProfileChange:
    """What the profile form sends; `logo` is the uploaded file's bytes, if one was chosen."""

    name: str
    address: str
    brand_colour: str
    page_size: str
    locale: str = ""  # "" leaves proposals to the app's default locale
    logo: bytes | None = None
    pdf_layout: str = "formal"
    remove_logo: bool = False


def _colour(value: str) -> str:
    """The colour as `#rrggbb`, or the refusal document.py's messages carry through."""
    colour = valid_colour(value)
    if colour is None:
        raise PydanticCustomError("colour", f"a colour like {DEFAULT_COLOUR}")
    return colour


class _Fields(BaseModel):
    """The profile's text fields with the limits and messages of document.py."""

    name: Annotated[str, Field(max_length=Limits.SHORT)]
    address: Annotated[str, Field(max_length=Limits.ADDRESS)]
    brand_colour: Annotated[str, AfterValidator(_colour)]
    page_size: Literal["A4", "Letter"]
    pdf_layout: Literal["formal", "compact"]
    locale: Annotated[str | None, BeforeValidator(check_locale)] = None


def _text(value: str | None) -> str:
    """Text as stored: stripped, with `\\n` line endings (a textarea sends `\\r\\n`)."""
    return (value or "").replace("\r\n", "\n").strip()


def update_profile(session: Session, change: ProfileChange) -> FirmProfile:
    """Check every field, then save them all; DocumentError names each field refused.

    A refused change leaves the profile as it was: nothing is cut short or half saved.
    """
    try:
        fields, logo = _checked(change)
    except DocumentError:
        session.rollback()
        raise
    firm = profile(session)
    firm.name, firm.address = fields.name, fields.address
    firm.brand_colour, firm.page_size = fields.brand_colour, fields.page_size
    firm.pdf_layout = fields.pdf_layout
    firm.locale = fields.locale or ""
    if logo is not None:
        firm.logo_png = logo
    elif change.remove_logo:
        firm.logo_png = None
    session.commit()
    log.info("firm profile saved: %r, %s, %s", firm.name, firm.page_size, firm.locale or "-")
    return firm


def _checked(change: ProfileChange) -> tuple[_Fields, bytes | None]:
    """The change's text fields and re-encoded logo, or DocumentError with every problem."""
    errors: list[FieldError] = []
    fields = logo = None
    try:
        fields = _Fields(
            name=_text(change.name),
            address=_text(change.address),
            brand_colour=change.brand_colour or "",
            page_size=change.page_size or "",
            pdf_layout=change.pdf_layout or "",
            locale=change.locale,
        )
    except ValidationError as exc:
        errors.extend(errors_from(exc).errors)
    if change.logo is not None:
        try:
            logo = clean_logo(change.logo)
        except LogoError as exc:
            errors.append(FieldError("logo", str(exc)))
    if errors:
        raise DocumentError(errors)
    return fields, logo
