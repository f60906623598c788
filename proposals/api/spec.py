"""`/api/v1/openapi.json`: the API described, generated from its routes and models."""

from __future__ import annotations

import functools

from flask import jsonify

from .blueprint import api
from .registry import ok

TITLE = "Proposals API"
VERSION = "1"
DESCRIPTION = (
    "Create proposals from your own systems, render their PDFs, check their wording and "
    "work out library samples. Every request carries a personal token as "
    "`Authorization: Bearer <token>`; a token sees exactly what its user sees in the app. "
    "Errors are RFC 9457 problem details with every problem by path."
)


@functools.cache
def document() -> dict:
    """Built once per process: the routes and models don't change while it runs."""
    return api.openapi(TITLE, VERSION, DESCRIPTION)


@api.route(
    "/openapi.json",
    "GET",
    summary="This description of the API (OpenAPI 3.1)",
    answers={200: ok(None, "The OpenAPI document (JSON).")},
    public=True,
)
def openapi_json():
    """The OpenAPI 3.1 document, generated from the routes and the pydantic models."""
    return jsonify(document())
