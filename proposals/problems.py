"""Problems with a document, by the path of the field they belong to, in plain words.

pydantic's error codes become the messages a consultant reads, and its locations the dotted
paths (`offer.options[0].price`) that the wizard matches to its form fields and the command
line prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

SCHEMA = "proposals/v1"

# Messages more than one module gives (pydantic's own codes are translated in _MESSAGES).
REQUIRED = "required"
NOT_A_DATE = "not a date (use YYYY-MM-DD)"


def at_most_characters(limit: int) -> str:
    return f"at most {limit} characters"


@dataclass(frozen=True)
class FieldError:
    """One problem, located by its path in the document (`offer.options[0].price`)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentError(ValueError):
    """A document that does not fit `proposals/v1`; carries every problem found."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))

    def by_path(self) -> dict[str, str]:
        """Map each failing path to its first message, for showing next to fields."""
        found: dict[str, str] = {}
        for error in self.errors:
            found.setdefault(error.path, error.message)
        return found


_MESSAGES = {
    "missing": REQUIRED,
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a table of named values",
    "model_type": "must be a table of named values",
    "extra_forbidden": "unknown field",
    "date_from_datetime_parsing": NOT_A_DATE,
    "date_parsing": NOT_A_DATE,
    "date_type": NOT_A_DATE,
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
}


def _message(error: dict) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "literal_error":
        if error["loc"] and error["loc"][-1] in ("schema", "schema_"):
            return f'must be "{SCHEMA}"'
        return f"must be one of {context['expected']}"
    if kind == "string_too_long":
        return at_most_characters(context["max_length"])
    if kind == "too_long":
        return f"at most {context['max_length']} items"
    if kind == "too_short":
        count = context["min_length"]
        return f"at least {count} item" + ("s" if count != 1 else "")
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = error["msg"]
    return message.removeprefix("Value error, ")


def format_path(location: tuple) -> str:
    """Turn pydantic's location tuple into `offer.options[0].price`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            part = "schema" if part == "schema_" else part
            path += f".{part}" if path else part
    return path


def errors_from(exc: ValidationError, prefix: str = "") -> DocumentError:
    """Convert a pydantic ValidationError into our own, with readable paths."""
    found = []
    for error in exc.errors(include_url=False):
        path = format_path(error["loc"])
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        found.append(FieldError(path, _message(error)))
    return DocumentError(found)
