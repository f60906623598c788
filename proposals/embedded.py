"""Reading back the document a PDF carries (`proposal.json`), to recreate its proposal."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .document import Document, DocumentError, FieldError, validate_document
from .render.pdf import EMBEDDED_NAME


def document_from_pdf(path: str | Path) -> Document:
    """The validated document embedded in a PDF made by this app; DocumentError otherwise."""
    try:
        reader = PdfReader(str(path))
        attachments = reader.attachments or {}
    except (OSError, PdfReadError, ValueError) as exc:
        raise DocumentError([FieldError("", f"not a readable PDF: {exc}")]) from None
    if EMBEDDED_NAME not in attachments:
        raise DocumentError(
            [FieldError("", f"this PDF carries no {EMBEDDED_NAME}: was it made by proposals?")]
        )
    data = attachments[EMBEDDED_NAME]
    raw = b"".join(data) if isinstance(data, list) else data
    try:
        return validate_document(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError([FieldError("", f"{EMBEDDED_NAME} is not valid JSON: {exc}")]) from None
    except (RecursionError, ValueError):  # nested past the parser's depth, a huge number
        raise DocumentError(
            [FieldError("", f"{EMBEDDED_NAME} is nested too deeply or holds a huge number")]
        ) from None
