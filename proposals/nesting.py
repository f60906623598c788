"""Limits on how deep and how long input may be before anything recursive reads it.

JSON and TOML parsers, Jinja's parser, pydantic and the trust check all recurse: a document
nested 200,000 levels deep, a sample body of 30,000 nested brackets or an integer of 5,000
digits would otherwise end in a RecursionError or a ValueError deep inside a library, shown
as a 500 page or a traceback. These checks turn each into a plain message.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 32  # a proposals/v1 document is at most 5 levels deep; samples' front matter 6
MAX_BRACKETS = 100  # nested (, [ and { in a sample body
MAX_DIGITS = 300  # more digits than any real figure has

_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and tables inside `data` nest more than `limit` levels (no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return False


def huge_number(data: Any) -> bool:
    """Whether `data` holds an integer of more than MAX_DIGITS digits, however deep."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif _is_whole(value) and value.bit_length() > MAX_DIGITS * 3.33:
            return True  # counted in bits: Python refuses to print an int of 4,300+ digits
    return False


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def bracket_problem(text: str) -> tuple[str, int] | None:
    """(what is wrong, line) for brackets nested past MAX_BRACKETS or a number too long."""
    depth = 0
    for line_number, line in enumerate(text.splitlines(), 1):
        if _LONG_NUMBER.search(line):
            return f"a number of more than {MAX_DIGITS} digits", line_number
        for char in line:
            if char in "([{":
                depth += 1
                if depth > MAX_BRACKETS:
                    return f"brackets nested more than {MAX_BRACKETS} deep", line_number
            elif char in ")]}":
                depth = max(depth - 1, 0)
    return None
