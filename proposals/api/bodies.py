"""Reading what a request sent, and answering with a model: every problem becomes an
ApiError with the paths and messages the CLI prints for the same input."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from flask import Response, request
from pydantic import BaseModel, ValidationError

from ..document_files import parse_document_text
from ..problems import DocumentError, FieldError, errors_from
from .problems import ApiError, invalid

M = TypeVar("M", bound=BaseModel)


def json_body() -> Any:
    """The body as plain data; 400 with the CLI's message if it is not JSON (413 if huge)."""
    data = request.get_data(cache=True)  # werkzeug refuses past MAX_CONTENT_LENGTH: 413
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not UTF-8 text.") from None
    if not text.strip():
        raise ApiError(400, "The body is empty: send a JSON document.")
    try:
        return parse_document_text(text, ".json")
    except DocumentError as exc:
        raise invalid(exc, 400, "The body is not JSON.") from None


def model_body(model: type[M]) -> M:
    """The body read into `model`; 422 with every problem by path."""
    data = json_body()
    if not isinstance(data, dict):
        raise invalid(DocumentError([FieldError("", "must be a table of named values")]))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(errors_from(exc)) from None


def query(model: type[M]) -> M:
    """The query string read into `model`; 422 with problems at `query.<name>`."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise invalid(errors_from(exc, prefix="query")) from None


def answer(model: BaseModel, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(model.model_dump_json(), status=status, mimetype="application/json")
    response.headers.update(headers or {})
    return response


def answer_json(data: Any, status: int = 200) -> Response:
    """Plain data as JSON, as json.dumps writes it (the CLI's `--json` output)."""
    return Response(
        json.dumps(data, ensure_ascii=False), status=status, mimetype="application/json"
    )
