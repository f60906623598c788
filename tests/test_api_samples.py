"""The sample library through the API: what each sample needs, and worked out on inputs
with the wizard's messages for figures that don't fit."""

from __future__ import annotations

from tests.document_cases import CASES


def test_the_library_lists_the_starter_samples(api):
    items = api.get("/api/v1/samples").json["items"]
    ids = {item["id"] for item in items}
    assert {"cash-runway", "backup-gap"} <= ids
    runway = next(item for item in items if item["id"] == "cash-runway")
    assert runway["url"] == "/api/v1/samples/cash-runway"


def test_a_sample_declares_its_inputs_and_an_example(api):
    sample = api.get("/api/v1/samples/cash-runway").json
    names = {spec["name"] for spec in sample["inputs"]}
    assert "months" in names
    months = next(spec for spec in sample["inputs"] if spec["name"] == "months")
    assert months["type"] == "table" and {c["name"] for c in months["columns"]} >= {"costs"}
    assert sample["example"]["months"]
    assert sample["revision"] >= 1


def test_working_out_the_example_for_a_client(api, northwind):
    inputs = api.get("/api/v1/samples/cash-runway").json["example"]
    response = api.post(
        "/api/v1/samples/cash-runway/work-out",
        json={"inputs": inputs, "organisation": "Northwind Bakery", "currency": "GBP"},
    )
    assert response.status_code == 200
    assert "<svg" in response.json["html"] and "£" in response.json["html"]
    assert response.json["title"] == "Cash runway"


def test_inputs_that_do_not_fit_are_named_as_in_the_cli(api, northwind):
    """The table's sample-cell case: the same message, at the path of this request's body."""
    case = next(case for case in CASES if case.id == "sample-cell")
    inputs = northwind["sample"]["inputs"]
    inputs["months"][2]["costs"] = "n/a"
    response = api.post("/api/v1/samples/cash-runway/work-out", json={"inputs": inputs})
    assert response.status_code == 422
    [item] = response.json["errors"]
    assert f"sample.{item['path']}: {item['message']}" == case.problems[0]


def test_an_unknown_sample_or_field_is_refused(api):
    assert api.get("/api/v1/samples/cash-runaway").status_code == 404
    assert api.post("/api/v1/samples/cash-runaway/work-out", json={}).status_code == 404
    response = api.post("/api/v1/samples/cash-runway/work-out", json={"figures": {}})
    assert response.status_code == 422
    assert response.json["errors"] == [{"path": "figures", "message": "unknown field"}]
