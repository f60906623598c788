"""The firm's profile: one row, used on every proposal's cover."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..document import DEFAULT_COLOUR
from ..models import Base, utcnow


class FirmProfile(Base):
    __tablename__ = "firm_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    brand_colour: Mapped[str] = mapped_column(String(7), default=DEFAULT_COLOUR)
    # Re-encoded by us as PNG (never the uploaded bytes), so it is safe to hand to WeasyPrint.
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    page_size: Mapped[str] = mapped_column(String(10), default="A4")
    # "formal" or "compact": the PDF layout of proposals that don't choose their own.
    pdf_layout: Mapped[str] = mapped_column(String(10), default="formal", server_default="formal")
    # The firm's default locale for proposals that name none ("sv-SE"); "" is the app's.
    locale: Mapped[str] = mapped_column(String(35), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
