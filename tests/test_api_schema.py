"""The OpenAPI document is generated from the routes and the pydantic models, describes
every operation, and the API keeps to it: a property-based run of schemathesis against the
test app finds no 500 and no answer that breaks the schema. `/api/` explains it to people."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import select

from proposals import pdfs
from proposals.api.registry import PREFIX
from proposals.document import Document
from proposals.models import Proposal, RenderJob
from tests.conftest import NORTHWIND, load_example


def openapi(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def test_the_document_is_openapi_3_1_and_needs_no_token(anonymous):
    spec = openapi(anonymous)
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_every_route_of_the_api_is_described(app, anonymous):
    described = {
        (method.upper(), path)
        for path, operations in openapi(anonymous)["paths"].items()
        for method in operations
    }
    routed = {
        (method, PREFIX + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX)))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert described == routed
    assert len(routed) == 14


def test_the_document_schema_is_the_one_the_app_validates_with(anonymous):
    schema = openapi(anonymous)["components"]["schemas"]["Document"]
    fields = {info.alias or name for name, info in Document.model_fields.items()}
    assert set(schema["properties"]) == fields
    assert schema["properties"]["schema"]["const"] == "proposals/v1"
    validate = openapi(anonymous)["paths"]["/api/v1/validate"]["post"]
    assert validate["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Document"
    }


def test_the_page_documents_every_operation_with_a_curl_example(client, anonymous):
    html = client.get("/api/").get_data(as_text=True)
    for path in openapi(anonymous)["paths"]:
        assert path in html
    assert "curl -sS -H &#34;Authorization: Bearer $TOKEN&#34;" in html or "curl -sS" in html
    assert "Bearer $TOKEN" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from another origin
    assert anonymous.get("/api/").status_code == 302  # a page of the app: signed in


@pytest.fixture
def world(app, api, session, monkeypatch):
    """Dana's proposal with a PDF version and a job; PDFs made instantly (layout is not what
    this run is about)."""
    monkeypatch.setattr(pdfs, "renderer", lambda: lambda job: b"%PDF-1.4\n% stand-in\n")
    created = api.post("/api/v1/proposals", json=load_example(NORTHWIND)).json
    assert api.post(f"/api/v1/proposals/{created['id']}/pdf").status_code == 202
    job = session.scalar(select(RenderJob))
    return {"id": created["id"], "job": job.id, "number": 1, "sample": "cash-runway"}


# Few examples per operation: the run stays within about a minute, and still crosses every
# operation with generated bodies, queries, headers and ids, valid and not.
RUN = settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    # No example database: it would be a .hypothesis/ folder left in the repository.
    database=None,
)


def test_schemathesis_finds_no_500_and_no_answer_off_the_schema(app, api, world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {api.token}"}
    checked = []
    operations = [result.ok() for result in schema.get_all_operations()]
    # Deleting Dana's proposal last, so the other operations meet it too.
    for operation in sorted(operations, key=lambda operation: operation.method == "delete"):
        known = {
            name: world[_world_key(operation.path, name)]
            for name in re.findall(r"{(\w+)}", operation.path)
        }
        for path_parameters in ({}, known) if known else ({},):
            strategy = operation.as_strategy(path_parameters=path_parameters or None)

            @RUN
            @given(case=strategy)
            def run(case):
                response = case.call(headers=headers)
                assert response.status_code < 500, (case.path, response.text[:300])
                # 422 for a body that fits the JSON Schema is right here: the schema can't say
                # everything document.py checks (a price in the document's own locale...).
                case.validate_response(
                    response, headers=headers, excluded_checks=[positive_data_acceptance]
                )

            run()
            checked.append(operation.label)
    # Every operation but openapi.json itself, which schemathesis leaves out.
    assert len(set(checked)) == 13, sorted(set(checked))


def _world_key(path: str, name: str) -> str:
    if name == "id":
        return (
            "job"
            if path.startswith(f"{PREFIX}/jobs")
            else ("sample" if path.startswith(f"{PREFIX}/samples") else "id")
        )
    return name


def test_the_world_is_dana_s(session, world):
    assert session.get(Proposal, world["id"]) is not None
