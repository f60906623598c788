"""Bar and line charts for sample bodies, drawn by matplotlib as SVG.

A body calls `bar_chart(...)` and gets back a placeholder token; once its Markdown has been
rendered and sanitized, `place()` draws each chart and swaps its token for the SVG. Drawing
after the body has run keeps matplotlib's time out of the sandbox's time limit. Charts are drawn
by our code from numbers only, so they never pass through the sanitizer (which rightly
strips all SVG from user text), and a token can't be forged: it carries a random nonce.
"""

from __future__ import annotations

import io
import re
import secrets
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from ..document import DEFAULT_COLOUR

MAX_CHARTS = 8
MAX_POINTS = 120
ACCENT = DEFAULT_COLOUR
NEGATIVE = "#9b2c2c"
MUTED = "#5b6470"


class ChartError(ValueError):
    """A chart the body asked for that can't be drawn; the message is for the author."""


class Charts:
    """The charts of one render: collects them, then places them into the final HTML."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.wanted: list[tuple[tuple, str | None]] = []  # (arguments to _draw, caption)

    def _token(self, drawing: tuple, caption: str | None) -> Markup:
        if len(self.wanted) >= MAX_CHARTS:
            raise ChartError(f"a sample can draw at most {MAX_CHARTS} charts")
        self.wanted.append((drawing, caption))
        return Markup(f"\n\nCHART{self.nonce}N{len(self.wanted) - 1}\n\n")

    def bar(self, labels: list[Any], values: list[Any], title: str | None = None) -> Markup:
        """A bar chart; negative values are drawn in red."""
        labels, numbers = _series(labels, values)
        return self._token(("bar", labels, [numbers]), title)

    def line(
        self,
        labels: list[Any],
        *values: list[Any],
        names: list[str] | None = None,
        title: str | None = None,
    ) -> Markup:
        """One or more lines over the same labels (e.g. revenue and costs by month)."""
        if not values:
            raise ChartError("line_chart needs at least one list of values")
        series = [_series(labels, each)[1] for each in values]
        names = [str(name) for name in names] if names else None
        return self._token(("line", [str(label) for label in labels], series, names), title)

    def place(self, html: str) -> str:
        """Draw each chart and put it where its token is (alone in its paragraph)."""
        if not self.wanted:
            return html
        figures = []
        for drawing, caption in self.wanted:
            try:
                svg = _draw(*drawing)
            except Exception as exc:  # matplotlib's many errors: the author needs one message
                raise ChartError(f"a chart could not be drawn: {exc}") from None
            figure = f'<figure class="chart">{svg}'
            if caption:
                figure += f"<figcaption>{escape(caption)}</figcaption>"
            figures.append(figure + "</figure>")
        pattern = re.compile(rf"(?:<p>)?CHART{self.nonce}N(\d+)(?:</p>)?")
        return pattern.sub(lambda match: figures[int(match.group(1))], html)


def _series(labels: list[Any], values: list[Any]) -> tuple[list[str], list[float]]:
    labels, values = list(labels), list(values)
    if len(labels) != len(values):
        raise ChartError(f"{len(labels)} labels but {len(values)} values")
    if not values or len(values) > MAX_POINTS:
        raise ChartError(f"a chart takes 1 to {MAX_POINTS} values")
    try:
        numbers = [float(Decimal(str(value))) for value in values]
    except ArithmeticError:
        raise ChartError("chart values must be numbers") from None
    return [str(label) for label in labels], numbers


def _draw(
    kind: str, labels: list[str], series: list[list[float]], names: list[str] | None = None
) -> str:
    import matplotlib

    matplotlib.use("svg")
    # Labels are text from the client's table, never TeX: "$5 to $10" must print as typed.
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw_figure(kind, labels, series, names)


def _draw_figure(kind: str, labels: list[str], series: list[list[float]], names) -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 2.8))
    axes = figure.add_subplot()
    positions = range(len(labels))
    if kind == "bar":
        colours = [NEGATIVE if value < 0 else ACCENT for value in series[0]]
        axes.bar(positions, series[0], color=colours, width=0.7)
        axes.axhline(0, color=MUTED, linewidth=0.8)
    else:
        palette = [ACCENT, "#c07f1a", MUTED, NEGATIVE]
        for index, values in enumerate(series):
            label = names[index] if names and index < len(names) else None
            axes.plot(
                positions,
                values,
                color=palette[index % 4],
                linewidth=2,
                marker="o",
                markersize=3,
                label=label,
            )
        if names:
            axes.legend(frameon=False, fontsize=8)
    _style(axes, labels)
    figure.tight_layout()
    return _svg(figure)


def _style(axes, labels: list[str]) -> None:
    axes.set_xticks(
        range(len(labels)),
        labels,
        fontsize=7,
        rotation=45 if len(labels) > 6 else 0,
        ha="right" if len(labels) > 6 else "center",
    )
    axes.tick_params(axis="y", labelsize=7, colors=MUTED)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.grid(axis="y", color="#e3e6e9", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def _svg(figure) -> str:
    """SVG with text as paths (no font needed) and no date: same input, same bytes."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": "proposals", "font.family": "DejaVu Sans"}
    ):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
