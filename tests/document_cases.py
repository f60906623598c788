"""One table of bad documents and what is said about each, shared by the CLI's tests
(`proposals render`, `proposals check`) and the API's (`/validate`, `/proposals`, `/check`):
the same document gets the same problems, by the same paths, in the same words."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass

from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from tests.conftest import NORTHWIND, load_example


@dataclass(frozen=True)
class Case:
    id: str
    change: Callable[[dict], object]  # Northwind's document -> what is sent (a dict, or text)
    problems: list[str]  # as the CLI prints them, one a line: "path: message"
    # False when the problem is in the library sample: rendering (and /validate) find it,
    # while the trust check reads such a document anyway, as it reads the commentary.
    schema: bool = True

    def body(self) -> str:
        """The file's text (the CLI) and the request body (the API)."""
        sent = self.change(copy.deepcopy(load_example(NORTHWIND)))
        return sent if isinstance(sent, str) else json.dumps(sent)


def _set(path: str, value) -> Callable[[dict], dict]:
    """A change setting one dotted key (`offer.options.0.price`) of the document."""

    def change(document: dict) -> dict:
        *parents, last = path.split(".")
        target = document
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
        return document

    return change


_DELETE = object()


def _both(*changes: Callable[[dict], dict]) -> Callable[[dict], dict]:
    def change(document: dict) -> dict:
        for one in changes:
            document = one(document)
        return document

    return change


def _nested(depth: int) -> Callable[[dict], dict]:
    def change(document: dict) -> dict:
        deep: list = []
        for _ in range(depth):
            deep = [deep]
        document["sample"]["inputs"]["months"] = deep
        return document

    return change


def _available() -> str:
    return ", ".join(FolderCatalog(SAMPLES).slugs())


CASES = [
    Case(
        "price-and-organisation",
        _both(
            _set("offer.options.0.price", "four hundred"), _set("prospect.organisation", _DELETE)
        ),
        ["prospect.organisation: required", "offer.options[0].price: not a number"],
    ),
    Case("wrong-schema", _set("schema", "proposals/v2"), ['schema: must be "proposals/v1"']),
    Case("unknown-field", _set("colour", "red"), ["colour: unknown field"]),
    Case("no-options", _set("offer.options", []), ["offer.options: at least 1 item"]),
    Case(
        "follow-up-date",
        _set("follow_up.on", "next week"),
        ["follow_up.on: not a date (use YYYY-MM-DD)"],
    ),
    Case(
        "nobody-else",
        _both(_set("referrals", []), _set("self_help", [])),
        ["name at least one other provider or one thing the client can do themselves"],
    ),
    Case(
        "not-a-table",
        lambda document: [document],
        ["a proposal document must be a table of fields"],
    ),
    Case("nested-too-deep", _nested(40), ["nested more than 32 levels deep"]),
    Case(
        "broken-json",
        lambda document: '{"schema": "proposals/v1",',
        ["not valid JSON: Expecting property name enclosed in double quotes (line 1)"],
    ),
    Case(
        "unknown-sample",
        _set("sample.id", "cash-runaway"),
        [f"sample.id: no sample 'cash-runaway' in the library (available: {_available()})"],
        schema=False,
    ),
    Case(
        "sample-cell",
        _set("sample.inputs.months.2.costs", "n/a"),
        ["sample.inputs.months[2].costs: row 3, costs: not a number"],
        schema=False,
    ),
]

SCHEMA_CASES = [case for case in CASES if case.schema]


def case_ids(case: Case) -> str:
    return case.id
