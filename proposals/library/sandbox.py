"""Work a sample out: its body runs in a Jinja sandbox on plain, typed input values.

A sample body is code written by users, so it gets only plain data (numbers, text,
dates, lists of rows) and the helpers below; no config, request or database objects.
Time and output size are bounded, and the result is Markdown that is then sanitized.
"""

from __future__ import annotations

import functools
import operator
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Namespace
from markupsafe import Markup

from ..richtext import to_html
from . import helpers
from .inputs import convert_inputs
from .spec import ParsedSample

TIME_LIMIT_SECONDS = 2.0
OUTPUT_LIMIT_CHARS = 200_000
MAX_POWER = 100
MAX_REPEAT_CHARS = 100_000


class SampleRenderError(ValueError):
    """A sample that could not be worked out; the message is meant for its author."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


class _Sandbox(SandboxedEnvironment):
    """The sandbox, with `**` and string repetition bounded so one line can't eat the machine."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context, op, left, right):
        if op == "**":
            if isinstance(right, int | Decimal | float) and abs(right) > MAX_POWER:
                raise SecurityError(f"exponent {right} is larger than {MAX_POWER}")
            return operator.pow(left, right)
        if isinstance(left, str | list) or isinstance(right, str | list):
            count = right if isinstance(left, str | list) else left
            size = len(left if isinstance(left, str | list) else right)
            if isinstance(count, int) and count * max(size, 1) > MAX_REPEAT_CHARS:
                raise SecurityError("that repetition would be too long")
        return operator.mul(left, right)


@functools.cache
def environment() -> _Sandbox:
    """One sandbox per process; compiled bodies are cached by their text."""
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.clear()  # start from nothing: no lipsum, cycler or joiner to reach through
    env.globals["namespace"] = Namespace  # the one safe way to carry a value out of a loop
    env.globals.update(helpers.PURE_HELPERS)
    env.globals["range"] = helpers.bounded_range
    env.filters.update(helpers.FILTERS)
    return env


@functools.lru_cache(maxsize=256)
def _compile(body: str):
    return environment().from_string(body)


def check_syntax(parsed: ParsedSample) -> None:
    """Raise SampleRenderError with the file's line number if the body does not parse."""
    try:
        _compile(parsed.body)
    except TemplateSyntaxError as exc:
        raise SampleRenderError(exc.message, _file_line(parsed, exc.lineno)) from None


@dataclass(frozen=True)
class RenderContext:
    """The plain facts about the proposal a sample may use for wording and formatting."""

    organisation: str = "the client"
    contact_name: str = ""
    industry: str = ""
    currency: str = "USD"
    locale: str = "en"


def work_out(parsed: ParsedSample, raw_inputs: dict[str, Any], context: RenderContext) -> Markup:
    """Convert the inputs, run the body in the sandbox, and return sanitized HTML.

    Raises InputsError when an input does not fit, SampleRenderError when the body fails.
    """
    values = convert_inputs(parsed.inputs, raw_inputs)
    check_syntax(parsed)
    variables = {
        **values,
        "inputs": values,
        "client": {
            "organisation": context.organisation,
            "contact_name": context.contact_name,
            "industry": context.industry,
        },
        "currency": context.currency,
        "today": date.today(),
        **helpers.formatters(context.currency, context.locale),
    }
    markdown = _generate(parsed, variables)
    return to_html(markdown)


def _generate(parsed: ParsedSample, variables: dict) -> str:
    template = _compile(parsed.body)
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    chunks, size = [], 0
    try:
        for chunk in template.generate(variables):
            chunks.append(chunk)
            size += len(chunk)
            if size > OUTPUT_LIMIT_CHARS:
                raise SampleRenderError(
                    f"the worked-out text is longer than {OUTPUT_LIMIT_CHARS:,} characters"
                )
            if time.monotonic() > deadline:
                raise SampleRenderError(
                    f"working it out took longer than {TIME_LIMIT_SECONDS:g} seconds"
                )
    except SampleRenderError:
        raise
    except SecurityError as exc:
        raise SampleRenderError(
            f"not allowed in a sample: {exc}", _error_line(parsed, exc)
        ) from None
    except UndefinedError as exc:
        raise SampleRenderError(
            exc.message or "undefined value", _error_line(parsed, exc)
        ) from None
    except TemplateError as exc:
        raise SampleRenderError(str(exc), _error_line(parsed, exc)) from None
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, ArithmeticError) and "division" in reason.lower():
            reason = "division by zero"
        raise SampleRenderError(
            f"could not work it out: {reason}", _error_line(parsed, exc)
        ) from None
    return "".join(chunks)


def _file_line(parsed: ParsedSample, body_line: int | None) -> int | None:
    return body_line + parsed.body_first_line - 1 if body_line else None


def _error_line(parsed: ParsedSample, exc: BaseException) -> int | None:
    """Find the body line an exception came from (Jinja maps template frames to lines)."""
    line = None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return _file_line(parsed, line)
