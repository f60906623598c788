"""Work a sample out: its body runs in a Jinja sandbox on plain, typed input values.

A sample body is code written by users, so it gets only plain data (numbers, text,
dates, lists of rows) and the helpers below; no config, request or database objects.
Time and output size are bounded, and the result is Markdown that is then sanitized.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import pickle
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Namespace
from markupsafe import Markup

from ..document import DEFAULT_COLOUR, Limits
from ..nesting import bracket_problem
from ..richtext import to_html
from . import bounds, helpers
from .charts import ChartError, Charts
from .inputs import convert_inputs
from .spec import ParsedSample

TIME_LIMIT_SECONDS = 2.0
RUNNER = "proposals.sample_runner"  # app.extensions key: runs a BodyJob in a worker
OUTPUT_LIMIT_CHARS = Limits.SAMPLE_OUTPUT
MAX_POWER = 100
MAX_REPEAT_CHARS = 100_000
MAX_INT_BITS = 1_000  # about 300 digits: more than any real figure has (nesting.MAX_DIGITS)


class SampleRenderError(ValueError):
    """A sample that could not be worked out; the message is meant for its author."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line else message)


class SampleMemoryError(SampleRenderError):
    """The body ran out of memory: in a worker, that worker is not used again."""


@dataclass(frozen=True)
class BodyJob:
    """A body to work out on converted values: what a sample worker process receives."""

    parsed: ParsedSample
    values: dict[str, Any]
    context: RenderContext
    draw_charts: bool = True  # False: a chart is its caption only (for reading, not print)


class BoundedCodeGenerator(CodeGenerator):
    """Compiles `~` to a call the sandbox can check, instead of a direct join."""

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.bounded_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("), context.eval_ctx)")


class _Sandbox(SandboxedEnvironment):
    """The sandbox, with `**` and string repetition bounded so one line can't eat the machine."""

    intercepted_binops = frozenset({"**", "*", "%", "+"})
    code_generator_class = BoundedCodeGenerator

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        args = bounds.check_method_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def bounded_concat(self, parts: tuple, eval_ctx) -> str:
        """`a ~ b ~ c`, as Jinja would join it, refused when the result would be too long."""
        bounds.check_concat(parts)
        return (markup_join if eval_ctx.autoescape else str_join)(parts)

    def call_binop(self, context, op, left, right):
        if op == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                bounds.check_concat((left, right))
            return operator.add(left, right)
        if op == "%":
            bounds.check_format_string(left)
            return operator.mod(left, right)
        if op == "**":
            if isinstance(right, int | Decimal | float) and abs(right) > MAX_POWER:
                raise SecurityError(f"exponent {right} is larger than {MAX_POWER}")
            whole = _whole(left) and _whole(right) and right > 0
            if whole and left.bit_length() * right > MAX_INT_BITS:
                raise SecurityError("that number would be too large")
            return operator.pow(left, right)
        if _whole(left) and _whole(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise SecurityError("that number would be too large")
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            size = len(left if isinstance(left, str | list | tuple) else right)
            if isinstance(count, int) and count * max(size, 1) > MAX_REPEAT_CHARS:
                raise SecurityError("that repetition would be too long")
        return operator.mul(left, right)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@functools.cache
def environment() -> _Sandbox:
    """One sandbox per process; compiled bodies are cached by their text."""
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.clear()  # start from nothing: no lipsum, cycler or joiner to reach through
    env.globals["namespace"] = Namespace  # the one safe way to carry a value out of a loop
    env.globals.update(helpers.PURE_HELPERS)
    env.globals["range"] = helpers.bounded_range
    env.filters.update(helpers.FILTERS)
    env.filters.update(bounds.bounded_filters(env.filters))
    return env


@functools.lru_cache(maxsize=256)
def _compile(body: str):
    """The body's template, compiled once per text (checking and running share it)."""
    return environment().from_string(body)


def check_syntax(parsed: ParsedSample) -> None:
    """Raise SampleRenderError with the file's line number if the body does not parse."""
    problem = bracket_problem(parsed.body)
    if problem:  # Jinja's parser recurses once per bracket: refuse before it runs out
        message, line = problem
        raise SampleRenderError(message, _file_line(parsed, line))
    try:
        _compile(parsed.body)
    except TemplateSyntaxError as exc:
        raise SampleRenderError(exc.message, _file_line(parsed, exc.lineno)) from None
    except RecursionError:
        raise SampleRenderError("the body is nested too deeply to read") from None


@dataclass(frozen=True)
class RenderContext:
    """The plain facts about the proposal a sample may use for wording and formatting."""

    organisation: str = "the client"
    contact_name: str = ""
    industry: str = ""
    currency: str = "USD"
    locale: str = "en"
    colour: str = DEFAULT_COLOUR  # the firm's colour, for charts


def work_out(parsed: ParsedSample, raw_inputs: dict[str, Any], context: RenderContext) -> Markup:
    """Convert the inputs and run the body (a sample's own example, in the library).

    Raises InputsError when an input does not fit, SampleRenderError when the body fails.
    A proposal's sample goes through library.worked instead, which locates input problems.
    """
    return run_body(parsed, convert_inputs(parsed.inputs, raw_inputs), context)


def run_body(
    parsed: ParsedSample, values: dict[str, Any], context: RenderContext, draw_charts: bool = True
) -> Markup:
    """Run the body: in one of the app's sample worker processes when it has them (their
    memory and wall-clock limits end anything the sandbox's own checks miss), else here.

    The same body on the same inputs, context and day gives the same HTML, so the result
    is kept for the next time (the wizard's sample step shows it on every visit).
    `draw_charts=False` leaves each chart's drawing out and keeps its caption: the words a
    reader gets, without matplotlib's time (the trust check reads no pixels)."""
    key = _worked_key(parsed, values, context, draw_charts)
    with _worked_lock:
        if key in _worked:
            _worked.move_to_end(key)
            return _worked[key]
    runner = _app_runner()
    if runner is not None:
        html = runner(BodyJob(parsed, values, context, draw_charts))
    else:
        html = run_body_here(parsed, values, context, draw_charts)
    if len(html) <= WORKED_KEPT_SIZE:
        with _worked_lock:
            _worked[key] = html
            while len(_worked) > WORKED_KEPT:
                _worked.popitem(last=False)
    return html


def _app_runner():
    """The running app's sample workers, if any. Without Flask imported there is no app
    (the `proposals check` command), and importing it here would only cost its load time."""
    flask = sys.modules.get("flask")
    if flask is None or not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(RUNNER)


WORKED_KEPT = 64  # worked results kept by this process, the least recently used dropped first
WORKED_KEPT_SIZE = 256 * 1024  # characters: a huge result is worked out again, not kept
_worked: OrderedDict[str, Markup] = OrderedDict()
_worked_lock = threading.Lock()


def _worked_key(
    parsed: ParsedSample, values: dict[str, Any], context: RenderContext, draw_charts: bool
) -> str:
    """What the body's HTML depends on: its source, the inputs, the context and today."""
    payload = pickle.dumps((parsed, values, context, draw_charts, date.today()), protocol=5)
    return hashlib.sha256(payload).hexdigest()


def run_body_here(
    parsed: ParsedSample, values: dict[str, Any], context: RenderContext, draw_charts: bool = True
) -> Markup:
    """Run the body on converted input values in this process's sandbox; sanitized HTML."""
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
    charts = Charts(context.locale, context.currency, context.colour)
    variables.update(bar_chart=charts.bar, line_chart=charts.line, limit_chart=charts.limits)
    markdown = _generate(parsed, variables)
    try:
        return Markup(charts.place(str(to_html(markdown)), draw=draw_charts))
    except ChartError as exc:
        raise SampleRenderError(str(exc)) from None


class _TooSlow(Exception):
    """Raised inside the body's own code once the time limit has passed."""


def _watch(deadline: float):
    """A trace function that stops the body's code, even a loop printing nothing, in time."""

    def line(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TooSlow
        return line

    def call(frame, event, arg):
        return line(frame, event, arg) if frame.f_code.co_filename == "<template>" else None

    return call


def _generate(parsed: ParsedSample, variables: dict) -> str:
    template = _compile(parsed.body)
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    too_slow = f"working it out took longer than {TIME_LIMIT_SECONDS:g} seconds"
    chunks, size = [], 0
    previous_trace = sys.gettrace()
    sys.settrace(_watch(deadline))
    try:
        for chunk in template.generate(variables):
            chunks.append(chunk)
            size += len(chunk)
            if size > OUTPUT_LIMIT_CHARS:
                raise SampleRenderError(
                    f"the worked-out text is longer than {OUTPUT_LIMIT_CHARS:,} characters"
                )
            if time.monotonic() > deadline:
                raise SampleRenderError(too_slow)
    except SampleRenderError:
        raise
    except _TooSlow as exc:
        raise SampleRenderError(too_slow, _error_line(parsed, exc)) from None
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
    except MemoryError as exc:
        raise SampleMemoryError(
            "it builds values too large for the memory a sample may use",
            _error_line(parsed, exc),
        ) from None
    except Exception as exc:  # the body is the author's code: any failure is theirs to fix
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, ArithmeticError) and "division" in reason.lower():
            reason = "division by zero"
        raise SampleRenderError(
            f"could not work it out: {reason}", _error_line(parsed, exc)
        ) from None
    finally:
        sys.settrace(previous_trace)
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
