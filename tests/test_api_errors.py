"""Whatever is sent, the API answers with a problem (RFC 9457), never an HTML page, a
sign-in redirect, a stack trace or a 500: unknown addresses, wrong methods, huge or broken
bodies, too many requests (with Retry-After from the app's rate limiter)."""

from __future__ import annotations

import pytest

from proposals import operations
from proposals.web import LARGEST_ID

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing", "/api/v1/", f"/api/v1/proposals/{LARGEST_ID + 1}", "/api/v1/jobs/x"],
)
def test_unknown_addresses_are_404_problems(api, anonymous, path):
    for client in (api, anonymous):  # never the app's sign-in redirect or HTML page
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == PROBLEM


def test_a_method_an_address_has_not_is_a_405_naming_those_it_has(api):
    response = api.patch("/api/v1/proposals/1")
    assert response.status_code == 405
    assert {"GET", "PUT", "DELETE"} <= set(response.headers["Allow"].split(", "))
    assert response.mimetype == PROBLEM


def test_a_body_over_the_size_limit_is_a_413(api):
    response = api.post(
        "/api/v1/validate", data=b"x" * (4 * 1024 * 1024 + 1), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.mimetype == PROBLEM
    assert "4 MB" in response.json["detail"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 400),
        (b"\xff\xfe not text", 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),
        (b'{"schema": ' + b"9" * 5000 + b"}", 400),
        (b"null", 422),
        (b'"a string"', 422),
    ],
    ids=["empty", "not-utf8", "deep-brackets", "huge-number", "null", "string"],
)
@pytest.mark.parametrize("path", ["/api/v1/validate", "/api/v1/proposals", "/api/v1/check"])
def test_hostile_bodies_are_refused_with_a_reason(api, path, body, status):
    response = api.post(path, data=body, content_type="application/json")
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    assert response.json["detail"]
    assert b"Traceback" not in response.data


def test_too_many_requests_is_a_429_with_retry_after(app, api):
    app.config["LIMIT_API"] = "3/minute"
    answers = [api.get("/api/v1/samples") for _ in range(4)]
    assert [response.status_code for response in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.mimetype == PROBLEM
    assert 1 <= int(refused.headers["Retry-After"]) <= 61  # the window is a minute
    assert refused.json["status"] == 429


def test_requests_are_counted_per_token(app, api, other_api):
    app.config["LIMIT_API"] = "2/minute"
    assert [api.get("/api/v1/samples").status_code for _ in range(3)] == [200, 200, 429]
    assert other_api.get("/api/v1/samples").status_code == 200


def test_a_failure_of_ours_is_a_problem_without_a_trace(api, monkeypatch, northwind):
    def crash(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(operations, "checked_document", crash)
    response = api.post("/api/v1/validate", json=northwind)
    assert response.status_code == 500
    assert response.mimetype == PROBLEM
    assert b"secret internals" not in response.data and b"Traceback" not in response.data


@pytest.mark.parametrize("number", [2**31, 2**40, 2**63 - 1])
def test_a_number_past_what_the_database_holds_is_not_found(api, number):
    """PostgreSQL's INTEGER stops at 2**31 - 1: asking past it is a 404 there too, not a 500."""
    response = api.get(f"/api/v1/proposals/1/pdf/{number}")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/problem+json")
