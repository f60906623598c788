"""Bar, line and limit charts for sample bodies, drawn by matplotlib as SVG.

A body calls `bar_chart(...)` and gets back a placeholder token; once its Markdown has been
rendered and sanitized, `place()` draws each chart and swaps its token for the SVG. Drawing
after the body has run keeps matplotlib's time out of the sandbox's time limit. Charts are drawn
by our code from numbers only, so they never pass through the sanitizer (which rightly
strips all SVG from user text), and a token can't be forged: it carries a random nonce.

Each chart is first described as plain data (`Chart`: its values, the points it marks and
every label already formatted in the proposal's locale), then drawn from that description, so
what a chart says can be checked without looking at its pixels.
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.core import Locale
from babel.numbers import format_currency, format_percent
from markupsafe import Markup, escape

from .. import formatting
from ..colours import readable_on_white
from ..document import DEFAULT_COLOUR

MAX_CHARTS = 8
MAX_POINTS = 120
NEGATIVE = "#9b2c2c"
MUTED = "#5b6470"
SECOND = "#8a5a12"  # a second line, dark enough to read as text on white
FORMATS = ("number", "money", "percent")
MARKS = ("lowest", "highest")


class ChartError(ValueError):
    """A chart the body asked for that can't be drawn; the message is for the author."""


@dataclass(frozen=True)
class Numbers:
    """How one chart writes its figures: the proposal's locale and currency, whole units."""

    locale: Locale
    currency: str
    kind: str = "number"

    def __call__(self, value: float) -> str:
        """An axis tick or an annotation: "12.000 €" in de-DE, "25 %" for 0.25 as a percent."""
        if self.kind == "money":
            # The locale's own money pattern without its decimals: "12.000 €", "£12,000".
            pattern = re.sub(r"\.0+", "", self.locale.currency_formats["standard"].pattern)
            amount = round(Decimal(str(value)))
            return format_currency(
                amount, self.currency, pattern, self.locale, currency_digits=False
            )
        if self.kind == "percent":  # the locale's own pattern: "25 %" in de-DE, "25%" in en
            return format_percent(Decimal(str(value)), locale=self.locale)
        digits = 0 if float(value).is_integer() or abs(value) >= 10 else 1
        return formatting.number(Decimal(str(value)), self.locale, digits)


@dataclass(frozen=True)
class Mark:
    """A point the chart points out, with the words printed next to it."""

    index: int
    value: float
    text: str


@dataclass(frozen=True)
class Chart:
    """One chart as plain data: what is drawn, in which colours, with which words."""

    kind: str  # "bar", "line" or "limits"
    labels: list[str]
    series: list[list[float]]
    numbers: Numbers
    accent: str
    names: list[str] | None = None
    caption: str | None = None
    marks: list[Mark] = field(default_factory=list)
    limits: list[float] | None = None

    def summary(self) -> str:
        """What the chart shows, in words, for readers who can't see it."""
        words = [self.caption or ""] + [mark.text for mark in self.marks]
        return ". ".join(word for word in words if word)


class Charts:
    """The charts of one render: collects them, then places them into the final HTML."""

    def __init__(
        self, locale: str = "en", currency: str = "USD", colour: str = DEFAULT_COLOUR
    ) -> None:
        self.nonce = secrets.token_hex(8)
        self.locale = formatting.locale_of(locale)
        # Load the locale's data now, before the body's time limit starts (its helpers use it).
        _ = self.locale.currency_formats
        self.currency = currency
        # Bars, lines and their labels are read like text: a pale brand colour is darkened.
        self.accent = readable_on_white(colour)
        self.wanted: list[Chart] = []

    def _numbers(self, kind: str) -> Numbers:
        if kind not in FORMATS:
            raise ChartError(f"format must be one of: {', '.join(FORMATS)}")
        return Numbers(self.locale, self.currency, kind)

    def _token(self, chart: Chart) -> Markup:
        if len(self.wanted) >= MAX_CHARTS:
            raise ChartError(f"a sample can draw at most {MAX_CHARTS} charts")
        self.wanted.append(chart)
        return Markup(f"\n\nCHART{self.nonce}N{len(self.wanted) - 1}\n\n")

    def bar(
        self, labels: list[Any], values: list[Any], title: str | None = None, format="number"
    ) -> Markup:
        """A bar chart; negative values are drawn in red."""
        labels, numbers = _series(labels, values)
        return self._token(
            Chart("bar", labels, [numbers], self._numbers(format), self.accent, caption=title)
        )

    def line(
        self,
        labels: list[Any],
        *values: list[Any],
        names: list[str] | None = None,
        title: str | None = None,
        format: str = "number",
        mark: str | None = None,
        mark_labels: list[Any] | None = None,
    ) -> Markup:
        """One or more lines over the same labels; mark='lowest' points out the first line's
        low, named by `mark_labels` when the axis labels are short ("March 2026", not "Mar 26")."""
        if not values:
            raise ChartError("line_chart needs at least one list of values")
        if mark is not None and mark not in MARKS:
            raise ChartError(f"mark must be one of: {', '.join(MARKS)}")
        series = [_series(labels, each)[1] for each in values]
        labels = [str(label) for label in labels]
        numbers = self._numbers(format)
        named = [str(label) for label in mark_labels] if mark_labels else labels
        if len(named) != len(labels):
            raise ChartError(f"{len(labels)} labels but {len(named)} mark labels")
        marks = [_extreme(named, series[0], numbers, mark)] if mark else []
        names = [str(name) for name in names] if names else None
        return self._token(Chart("line", labels, series, numbers, self.accent, names, title, marks))

    def limits(
        self,
        labels: list[Any],
        values: list[Any],
        limits: list[Any],
        names: list[str] | None = None,
        title: str | None = None,
        format: str = "number",
    ) -> Markup:
        """Horizontal bars, each against its own limit; a bar past its limit is drawn in red."""
        labels, numbers = _series(labels, values)
        bounds = _series(labels, limits)[1]
        names = [str(name) for name in names] if names else None
        return self._token(
            Chart(
                "limits",
                labels,
                [numbers],
                self._numbers(format),
                self.accent,
                names,
                title,
                limits=bounds,
            )
        )

    def place(self, html: str, draw: bool = True) -> str:
        """Draw each chart and put it where its token is (alone in its paragraph); with
        `draw=False`, only its caption."""
        if not self.wanted:
            return html
        figures = []
        for chart in self.wanted:
            figure = f'<figure class="chart">{self._drawn(chart) if draw else ""}'
            if chart.caption:
                figure += f"<figcaption>{escape(chart.caption)}</figcaption>"
            figures.append(figure + "</figure>")
        pattern = re.compile(rf"(?:<p>)?CHART{self.nonce}N(\d+)(?:</p>)?")
        return pattern.sub(lambda match: figures[int(match.group(1))], html)

    @staticmethod
    def _drawn(chart: Chart) -> str:
        try:
            return draw(chart)
        except Exception as exc:  # matplotlib's many errors: the author needs one message
            raise ChartError(f"a chart could not be drawn: {exc}") from None


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


def _extreme(labels: list[str], values: list[float], numbers: Numbers, mark: str) -> Mark:
    """The first lowest (or highest) point, labelled with its label and its value."""
    pick = min if mark == "lowest" else max
    index = values.index(pick(values))
    label = f"{labels[index]}: " if labels[index] else ""
    return Mark(index, values[index], f"{label}{numbers(values[index])}")


def draw(chart: Chart) -> str:
    """The chart as an SVG element, the same bytes for the same chart."""
    import matplotlib

    matplotlib.use("svg")
    # Labels are text from the client's table, never TeX: "$5 to $10" must print as typed.
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw_figure(chart)


LABELS_SIDE_BY_SIDE = 100  # characters of axis labels that fit without turning them


TICK_CHARACTERS = 24  # longer axis labels are cut: the table beside the chart has them whole


def _tick(label: str) -> str:
    return label if len(label) <= TICK_CHARACTERS else label[: TICK_CHARACTERS - 1] + "…"


def _turned(chart: Chart) -> bool:
    """Axis labels that would not fit side by side are turned ("December 2025" twelve
    times does not fit; "Dec 25" does)."""
    return sum(len(_tick(str(label))) for label in chart.labels) > LABELS_SIDE_BY_SIDE


def _height(chart: Chart) -> float:
    """Inches: as short as reads well, so a worked sample keeps to its page."""
    if chart.kind == "limits":
        return min(0.6 + 0.28 * len(chart.labels), 5.0)
    base = 1.35 if chart.kind == "line" else 2.0
    return base + (0.9 if _turned(chart) else 0)


def _draw_figure(chart: Chart) -> str:
    from matplotlib.figure import Figure

    height = _height(chart)
    figure = Figure(figsize=(6.4, height))
    axes = figure.add_subplot()
    {"bar": _bars, "line": _lines, "limits": _limit_bars}[chart.kind](axes, chart)
    figure.tight_layout()
    return _svg(figure, chart.summary())


def _bars(axes, chart: Chart) -> None:
    values = chart.series[0]
    colours = [NEGATIVE if value < 0 else chart.accent for value in values]
    axes.bar(range(len(values)), values, color=colours, width=0.7)
    axes.axhline(0, color=MUTED, linewidth=0.8)
    _style(axes, chart)


def _lines(axes, chart: Chart) -> None:
    palette = [chart.accent, SECOND, MUTED, NEGATIVE]
    positions = range(len(chart.labels))
    for index, values in enumerate(chart.series):
        label = chart.names[index] if chart.names and index < len(chart.names) else None
        axes.plot(
            positions, values, color=palette[index % 4], linewidth=2, marker="o", markersize=3
        )
        axes.lines[-1].set_label(label or f"_{index}")
    if min(min(values) for values in chart.series) < 0:
        axes.axhline(0, color=MUTED, linewidth=0.8)
    for mark in chart.marks:
        _annotate(axes, chart, mark)
    if chart.names:
        axes.legend(frameon=False, fontsize=8)
    _style(axes, chart)


WORDS_POINTS = 24  # a marked point's words: their offset and one line of 8 pt
PLOT_SHARE = 0.68  # of a line chart's height, what the plot keeps after ticks and labels


def _annotate(axes, chart: Chart, mark: Mark) -> None:
    """A ring round the marked point and its words beside it, kept inside the axes."""
    colour = NEGATIVE if mark.value < 0 else chart.accent
    axes.plot([mark.index], [mark.value], marker="o", markersize=9, markerfacecolor="none")
    axes.lines[-1].set(color=colour, markeredgewidth=1.6, label="_mark")
    low = min(min(values) for values in chart.series)
    high = max(max(values) for values in chart.series)
    span = (high - low) or abs(high) or 1.0
    # A low point has nothing below it, a high one nothing above: the words go there.
    above = mark.value - low > span / 2
    late = mark.index > (len(chart.labels) - 1) / 2
    axes.annotate(
        mark.text,
        (mark.index, mark.value),
        xytext=(-4 if late else 4, 10 if above else -10),
        textcoords="offset points",
        ha="right" if late else "left",
        va="bottom" if above else "top",
        fontsize=8,
        fontweight="bold",
        color=colour,
    )
    # Room on that side for the words (the offset and one line of 8 pt, about 24 pt), so
    # they never touch the axis, however short the chart is drawn.
    plot_height = axes.figure.get_figheight() * 72 * PLOT_SHARE
    room = span * WORDS_POINTS / max(plot_height - WORDS_POINTS, WORDS_POINTS)
    if above:
        axes.set_ylim(top=high + room)
    else:
        axes.set_ylim(bottom=low - room)


def _limit_bars(axes, chart: Chart) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    values, limits = chart.series[0], chart.limits or []
    rows = list(range(len(values)))
    # The part of a bar within its limit in the firm's colour, the part past it in red.
    within = [min(value, max(limit, 0)) for value, limit in zip(values, limits, strict=True)]
    over = [value - part for value, part in zip(values, within, strict=True)]
    axes.barh(rows, within, color=chart.accent, height=0.55)
    axes.barh(rows, over, left=within, color=NEGATIVE, height=0.55)
    for row, limit in zip(rows, limits, strict=True):
        axes.plot([limit, limit], [row - 0.42, row + 0.42], color="#1d232a", linewidth=2)
    widest = max(max(values), max(limits)) or 1.0
    for row, value in zip(rows, values, strict=True):
        axes.text(value + widest * 0.01, row, chart.numbers(value), va="center", fontsize=7)
        axes.texts[-1].set_color(MUTED)
    axes.set_xlim(0, widest * 1.12)
    axes.set_yticks(rows, chart.labels, fontsize=7)
    axes.invert_yaxis()  # the first row at the top, as in the table
    axes.tick_params(axis="x", labelsize=7, colors=MUTED)
    axes.xaxis.set_major_formatter(lambda value, _: chart.numbers(value))
    axes.grid(axis="x", color="#e3e6e9", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    names = (chart.names or [])[:2]
    if names:
        handles = [Patch(color=chart.accent), Line2D([], [], color="#1d232a", linewidth=2)]
        axes.legend(
            handles[: len(names)],
            names,
            frameon=False,
            fontsize=7,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=2,
        )


def _style(axes, chart: Chart) -> None:
    many = _turned(chart)
    axes.set_xticks(
        range(len(chart.labels)),
        [_tick(label) for label in chart.labels],
        fontsize=7,
        rotation=45 if many else 0,
        ha="right" if many else "center",
    )
    axes.tick_params(axis="y", labelsize=7, colors=MUTED)
    axes.yaxis.set_major_formatter(lambda value, _: chart.numbers(value))
    axes.grid(axis="y", color="#e3e6e9", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def _svg(figure, summary: str) -> str:
    """SVG with text as paths (no font needed) and no date: same input, same bytes."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": "proposals", "font.family": "DejaVu Sans"}
    ):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    # The words are drawn as paths: say them once more for screen readers.
    label = f' role="img" aria-label="{escape(summary)}"' if summary else ""
    return svg.replace("<svg", f"<svg{label}", 1)
