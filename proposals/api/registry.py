"""The API's routes, each declared once with what it takes and answers, and the OpenAPI 3.1
document generated from them and from the pydantic models (nothing in it is written by hand).

    @api.route("/proposals/<int:id>", "GET", summary="...", answers={200: ok(ProposalOut)})
    def show(id): ...

registers the Flask rule on the blueprint and records the operation for `openapi()`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..web import LARGEST_ID
from .problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from .schemas import Problem

JSON = "application/json"
PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Answer:
    description: str
    model: type[BaseModel] | None = None
    media_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)  # name -> description


def ok(model: type[BaseModel] | None, description: str = "Done.", **headers: str) -> Answer:
    return Answer(description, model, headers=headers)


def pdf(description: str) -> Answer:
    return Answer(description, None, "application/pdf")


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str
    name: str
    summary: str
    description: str
    answers: dict[int, Answer]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    headers: dict[str, tuple[str, bool]]  # request header -> (description, required)
    public: bool

    @property
    def path(self) -> str:
        """`/api/v1/proposals/{id}`: the OpenAPI spelling of the Flask rule."""
        return PREFIX + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.rule)

    @property
    def path_params(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.rule)


# Problems every operation may answer, by what it takes.
_COMMON = {
    400: "The body is not JSON.",
    401: "No valid token (`Authorization: Bearer …`); a browser's cookie is refused.",
    404: "Nothing there that this token may see.",
    413: "The body is larger than 4 MB.",
    422: "What was sent needs fixing: every problem by path.",
    429: "Too many requests; `Retry-After` says in how many seconds to try again.",
}


class Registry:
    def __init__(self, blueprint: Blueprint):
        self.blueprint = blueprint
        self.operations: list[Operation] = []

    def route(
        self,
        rule: str,
        method: str,
        *,
        summary: str,
        answers: dict[int, Answer],
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        headers: dict[str, tuple[str, bool]] | None = None,
        public: bool = False,
    ) -> Callable:
        def decorate(view: Callable) -> Callable:
            self.blueprint.add_url_rule(rule, view.__name__, view, methods=[method])
            self.operations.append(
                Operation(
                    method.lower(),
                    rule,
                    view.__name__,
                    summary,
                    inspect.getdoc(view) or "",
                    answers,
                    body,
                    query,
                    headers or {},
                    public,
                )
            )
            return view

        return decorate

    def openapi(self, title: str, version: str, description: str) -> dict:
        """The OpenAPI 3.1 document of every registered operation."""
        models = self._models()
        refs, definitions = models_json_schema(models, ref_template=REF)
        paths: dict[str, dict] = {}
        for operation in self.operations:
            paths.setdefault(operation.path, {})[operation.method] = _operation(
                operation, refs, definitions
            )
        return {
            "openapi": "3.1.0",
            "info": {"title": title, "version": version, "description": description},
            "paths": paths,
            "components": {
                "schemas": definitions.get("$defs", {}),
                "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            },
            "security": [{"token": []}],
        }

    def _models(self) -> list[tuple[type[BaseModel], str]]:
        found = {(Problem, "serialization")}
        for operation in self.operations:
            found |= {(a.model, "serialization") for a in operation.answers.values() if a.model}
            found |= {(m, "validation") for m in (operation.body, operation.query) if m}
        return sorted(found, key=lambda pair: (pair[0].__name__, pair[1]))


def _operation(operation: Operation, refs: dict, definitions: dict) -> dict:
    spec = {
        "operationId": operation.name,
        "summary": operation.summary,
        "description": operation.description,
        "parameters": [*_path_parameters(operation), *_query_parameters(operation, definitions)]
        + [
            {
                "name": name,
                "in": "header",
                "required": required,
                "description": text,
                "schema": {"type": "string"},
            }
            for name, (text, required) in operation.headers.items()
        ],
        "responses": _responses(operation, refs),
    }
    if operation.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": refs[(operation.body, "validation")]}},
        }
    if operation.public:
        spec["security"] = []
    return spec


def _path_parameters(operation: Operation) -> list[dict]:
    parameters = []
    for converter, name in operation.path_params:
        if converter == "int":
            schema = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}
        else:
            schema = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,79}$"}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _query_parameters(operation: Operation, definitions: dict) -> list[dict]:
    if operation.query is None:
        return []
    model = definitions["$defs"][operation.query.__name__]
    parameters = []
    for name, schema in model["properties"].items():
        schema = dict(schema)
        # A query string has no null: an absent parameter is the None.
        branches = [b for b in schema.pop("anyOf", []) if b.get("type") != "null"]
        if branches:
            schema.update(branches[0])
        description = schema.pop("description", None)
        schema.pop("title", None)
        parameter = {"name": name, "in": "query", "required": False, "schema": schema}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _responses(operation: Operation, refs: dict) -> dict:
    responses = {}
    for status, answer in sorted(operation.answers.items()):
        responses[str(status)] = _response(answer, refs)
    problems = [429] if operation.public else [401, 429]
    if operation.path_params:
        problems.append(404)
    if operation.body is not None:
        problems += [400, 413, 422]
    elif operation.query is not None:
        problems.append(422)
    problem = {"$ref": REF.format(model="Problem")}
    for status in sorted(problems):
        responses.setdefault(
            str(status),
            {"description": _COMMON[status], "content": {PROBLEM_MEDIA_TYPE: {"schema": problem}}},
        )
    if "429" in responses:
        responses["429"]["headers"] = {
            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
        }
    return responses


def _response(answer: Answer, refs: dict) -> dict:
    response: dict = {"description": answer.description}
    if answer.media_type == PROBLEM_MEDIA_TYPE:
        response["content"] = {answer.media_type: {"schema": {"$ref": REF.format(model="Problem")}}}
    elif answer.model is not None:
        response["content"] = {answer.media_type: {"schema": refs[(answer.model, "serialization")]}}
    elif answer.media_type != JSON:
        response["content"] = {
            answer.media_type: {"schema": {"type": "string", "contentMediaType": answer.media_type}}
        }
    if answer.headers:
        response["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in answer.headers.items()
        }
    return response


def problem_answer(description: str) -> Answer:
    """An operation's own problem answer (412, 428, 503) with its description."""
    return Answer(description, None, PROBLEM_MEDIA_TYPE)
