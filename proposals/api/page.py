"""`/api/`: the API explained to a person, rendered from the generated OpenAPI document."""

from __future__ import annotations

from flask import render_template, request, url_for

from . import spec
from .blueprint import docs_bp

METHOD_ORDER = ("get", "post", "put", "delete")


@docs_bp.get("/api/")
def index():
    """Every operation with what it takes and answers, and a curl example to start from."""
    document = spec.document()
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, methods in document["paths"].items()
        for method in METHOD_ORDER
        if (operation := methods.get(method))
    ]
    return render_template(
        "web/api/index.html",
        info=document["info"],
        operations=operations,
        base=request.host_url.rstrip("/"),
        spec_url=url_for("api.openapi_json"),
        schema_name=_schema_name,
    )


def _schema_name(content: dict | None) -> str:
    """`Document`, `ProposalOut`…: the component a request or response body is."""
    for media in (content or {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        if ref:
            return ref.rsplit("/", 1)[-1]
    return ""
