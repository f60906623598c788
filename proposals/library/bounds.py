"""Size checks for the few string operations that can build a huge string in one call.

The sandbox's output and time limits are checked between chunks of output, so one call
like `'x'.center(10**8)`, `'%99999999s' % x` or `s|replace('', big)` would allocate
gigabytes before either limit could fire. These checks refuse such a call up front.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from string import Formatter
from typing import Any

from jinja2.sandbox import SecurityError

from ..document import Limits

MAX_WIDTH = 10_000  # widths and paddings a sample could ever want on a page
MAX_RESULT = Limits.SAMPLE_OUTPUT  # no single string may be longer than the whole output
_WIDE = re.compile(r"\d{5,}|\*")  # a width/precision of 10,000+ or a "*" width in a format
PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _refuse(what: str) -> None:
    raise SecurityError(f"{what} would build a string too long for a sample")


def check_format_string(template: Any) -> None:
    if not isinstance(template, str):
        return
    if _WIDE.search(template):
        _refuse("that format")
    try:
        fields = list(Formatter().parse(template))
    except ValueError:
        return  # not a str.format template; Python will say what is wrong with it
    if any(spec and "{" in spec for _, _, spec, _ in fields):
        # '{:{}}'.format(x, 10**9): the width comes from an argument, past any check here.
        _refuse("a width taken from an argument")


def check_concat(parts: tuple) -> None:
    """`a ~ b` and `a + b`: refuse before joining what would be longer than the output."""
    total = 0
    for part in parts:
        total += len(part) if isinstance(part, str | list | tuple) else 24
        if total > MAX_RESULT:
            _refuse("joining those")


def check_parts(count: Any, items: Any) -> None:
    """`slice(n)` and `batch(n)`: a few pages' worth of parts at most."""
    if isinstance(count, int) and not isinstance(count, bool) and count > MAX_WIDTH:
        _refuse(f"{count:,} parts")
    if isinstance(items, range) and len(items) > MAX_WIDTH:
        _refuse("parts of that range")


def check_replace(text: str, old: Any, new: Any, count: Any = -1) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    hits = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * len(new) > MAX_RESULT:
        _refuse("that replace")


def check_join_size(separator: str, items: list) -> None:
    total = len(separator) * max(len(items) - 1, 0)
    for item in items:
        total += len(item) if isinstance(item, str) else 20
        if total > MAX_RESULT:
            _refuse("that join")


def check_method_call(method: Any, args: tuple, kwargs: dict) -> tuple:
    """Check a call of a str method from sandboxed code; returns the (possibly listed) args."""
    method = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if not isinstance(owner, str):
        return args
    if name in PADDING_METHODS and any(isinstance(a, int) and a > MAX_WIDTH for a in args):
        _refuse(f"{name}()")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and owner.count("\t") * size + len(owner) > MAX_RESULT:
            _refuse("expandtabs()")
    elif name in ("format", "format_map"):
        check_format_string(owner)
    elif name == "replace" and len(args) >= 2:
        check_replace(owner, *args[:3])
    elif name == "join" and args:
        items = list(args[0])
        check_join_size(owner, items)
        return (items, *args[1:])
    return args


def bounded_filters(filters: dict[str, Callable]) -> dict[str, Callable]:
    """Versions of Jinja's center, indent, format, replace and join that refuse huge results."""
    center, indent, fmt, replace, join = (
        filters["center"],
        filters["indent"],
        filters["format"],
        filters["replace"],
        filters["join"],
    )
    slice_, batch, wordwrap = filters["slice"], filters["batch"], filters["wordwrap"]

    def safe_center(value, width=80):
        if isinstance(width, int) and width > MAX_WIDTH:
            _refuse("center")
        return center(value, width)

    def safe_indent(value, width=4, *args, **kwargs):
        pad = width if isinstance(width, int) else len(str(width))
        if len(str(value)) + (str(value).count("\n") + 1) * pad > MAX_RESULT:
            _refuse("indent")
        return indent(value, width, *args, **kwargs)

    def safe_format(value, *args, **kwargs):
        check_format_string(value)
        return fmt(value, *args, **kwargs)

    def safe_replace(eval_ctx, value, old, new, count=None):
        check_replace(str(value), old, new, -1 if count is None else count)
        return replace(eval_ctx, value, old, new, count)

    def safe_join(eval_ctx, value, d="", attribute=None):
        items = list(value)
        check_join_size(str(d), [str(item) for item in items])
        return join(eval_ctx, items, d, attribute)

    def safe_slice(value, slices, fill_with=None):
        check_parts(slices, value)
        return slice_(value, slices, fill_with)

    def safe_batch(value, linecount, fill_with=None):
        check_parts(len(value) // max(linecount, 1) if hasattr(value, "__len__") else 0, value)
        return batch(value, linecount, fill_with)

    def safe_wordwrap(environment, value, width=79, *args, **kwargs):
        if isinstance(width, int) and width > MAX_WIDTH:
            _refuse("wordwrap")
        return wordwrap(environment, value, width, *args, **kwargs)

    safe_wordwrap.jinja_pass_arg = wordwrap.jinja_pass_arg
    safe_replace.jinja_pass_arg = replace.jinja_pass_arg  # Jinja passes the eval context
    safe_join.jinja_pass_arg = join.jinja_pass_arg
    return {
        "center": safe_center,
        "indent": safe_indent,
        "format": safe_format,
        "replace": safe_replace,
        "join": safe_join,
        "slice": safe_slice,
        "batch": safe_batch,
        "wordwrap": safe_wordwrap,
    }
