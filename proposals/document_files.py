"""Reading a proposal document from a .json or .toml file, as the command line does."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from .document import Document, validate_document
from .problems import DocumentError, FieldError


def parse_document_text(text: str, suffix: str) -> Any:
    """Parse JSON or TOML text into plain data; DocumentError if it is not parseable."""
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix == ".toml":
            return tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [FieldError("", f"not valid JSON: {exc.msg} (line {exc.lineno})")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError([FieldError("", f"not valid TOML: {exc}")]) from None
    except (RecursionError, ValueError) as exc:  # nested past the parser's depth, huge numbers
        raise DocumentError([FieldError("", f"cannot be read: {_reason(exc)}")]) from None
    raise DocumentError([FieldError("", f"unsupported file type {suffix!r}: use .json or .toml")])


def load_document_file(path: str | Path, locale: str | None = None) -> Document:
    """Read and validate a `.json` or `.toml` proposal document.

    Its figures are read in its own locale, else `locale` (PROPOSALS_DEFAULT_LOCALE).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError([FieldError("", f"cannot read {path}: {exc}")]) from None
    return validate_document(parse_document_text(text, path.suffix.lower()), locale)


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested far too deeply"
    return str(exc) or type(exc).__name__
