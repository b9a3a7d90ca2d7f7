"""Bar charts drawn at build time from the last test run's figures.

A page declares a chart once, in its front matter, and places it with
`{{ chart("id") }}`:

```yaml
charts:
  - id: waiting-four-ways
    title: Ten waits of 0.3 s, done four ways
    measure: seconds          # one of MEASURES
    bars:
      - label: one after another
        snippet: compare/wait_sequential.py
      - label: tasks
        snippet: compare/wait_tasks.py
```

Each bar is one snippet's run on the suite's own Python, the run its claims use. The
chart is an inline SVG coloured by the theme, so it reads in light and dark; its text
alternative states every number. A build without measurements shows a note instead.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from measured.errors import ContributorError


@dataclass(frozen=True)
class Measure:
    """What a chart's bars show, read from a stored run (`.measurements/runs`).

    Attributes:
        key: The `measure:` key that selects it.
        axis: What the bars measure, in words, for the caption.
        value: Reads the value from a stored run.
        unit: How one value is written, as a format string (`"{:.2f} s"`).
        axis_title: The axis's label, naming the unit.
    """

    key: str
    axis: str
    value: Callable[[Mapping[str, Any]], float]
    unit: str
    axis_title: str


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in [
        Measure(
            "seconds",
            "wall time",
            lambda run: run["seconds"],
            "{:.2f} s",
            "wall time of the whole process, in seconds",
        ),
        Measure(
            "peak_mib",
            "peak memory (resident set size)",
            lambda run: run["peak_rss_kib"] / 1024,
            "{:.1f} MiB",
            "peak memory of the whole process, in MiB",
        ),
        Measure(
            "cores",
            "cores kept busy (CPU time divided by wall time)",
            lambda run: run["cpu_seconds"] / run["seconds"],
            "{:.2f} cores",
            "cores kept busy: CPU time ÷ wall time",
        ),
    ]
}
"""What a chart can measure, by the `measure:` key that selects it."""


@dataclass(frozen=True)
class Chart:
    """One chart, as declared in a page's front matter.

    Attributes:
        id: Unique on the site; the page places it with `{{ chart("id") }}`.
        page: The page that declares it.
        line: The line of the declaration in that page.
        title: What the chart compares, shown above it.
        measure: A key of [`MEASURES`][measured.charts.MEASURES].
        bars: `(label, snippet)` pairs, top to bottom.
    """

    id: str
    page: str
    line: int
    title: str
    measure: str
    bars: tuple[tuple[str, str], ...]

    @classmethod
    def from_mapping(cls, data: Any, page: str, line: int) -> Chart:
        """Read one chart from front matter; a mistake names the page and line."""

        def fail(message: str) -> ContributorError:
            return ContributorError(page, message, line)

        if not isinstance(data, Mapping):
            raise fail("a chart must be a mapping with id, title, measure and bars")
        unknown = sorted(set(data) - {"id", "title", "measure", "bars"})
        if unknown:
            raise fail(
                f"unknown chart key {', '.join(map(repr, unknown))}; known keys are "
                "id, title, measure, bars"
            )
        for key in ("id", "title"):
            if not str(data.get(key) or "").strip():
                raise fail(f"the chart needs `{key}`")
        if data.get("measure") not in MEASURES:
            raise fail(f"a chart's `measure` must be one of {', '.join(MEASURES)}")
        bars = data.get("bars")
        if not isinstance(bars, list) or not bars:
            raise fail("a chart needs `bars`: a list of {label, snippet}")
        pairs = []
        for bar in bars:
            if not isinstance(bar, Mapping) or set(bar) != {"label", "snippet"}:
                raise fail("each bar needs exactly `label` and `snippet`")
            pairs.append((str(bar["label"]), str(bar["snippet"])))
        return cls(
            id=str(data["id"]),
            page=page,
            line=line,
            title=str(data["title"]).strip(),
            measure=str(data["measure"]),
            bars=tuple(pairs),
        )

    @property
    def snippets(self) -> tuple[str, ...]:
        """The snippets the chart draws, one per bar."""
        return tuple(snippet for _, snippet in self.bars)


ROW = 44
"""Height of one bar's row: its label on one line, the bar under it."""
LEFT, SCALE = 0.5, 78.0
"""Where the axis starts, and how much of the width (percent) it spans: the rest
holds the figure written after the longest bar."""


def _ticks(top: float) -> list[float]:
    """Round tick values from 0 to at least `top`, at most 5 steps."""
    magnitude = 10 ** math.floor(math.log10(top)) if top > 0 else 1.0
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if top / step <= 5:
            break
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def describe(chart: Chart, values: Mapping[str, float]) -> str:
    """The chart in words: every bar with its figure, for the text alternative."""
    unit = MEASURES[chart.measure].unit
    bars = "; ".join(
        f"{label}: {unit.format(values[snippet])}" for label, snippet in chart.bars
    )
    return f"{chart.title}, {MEASURES[chart.measure].axis}. {bars}."


def draw(chart: Chart, runs: Mapping[str, Mapping[str, Any]]) -> str:
    """The chart as an inline SVG, from each bar's stored run.

    Each bar has its label above it and its figure after its end; an axis with
    round ticks runs under the bars, titled with what it measures and the unit. The
    picture has no `viewBox`: lengths along the axis are percentages of its width
    and text keeps its size in pixels, so it stays legible on a phone.
    """
    measure = MEASURES[chart.measure]
    values = {snippet: measure.value(runs[snippet]) for snippet in chart.snippets}
    ticks = _ticks(max(values.values()) or 1.0)
    top = ticks[-1]

    def x(value: float) -> float:
        return LEFT + SCALE * value / top

    ident = f"chart-{chart.id}"
    axis_y = ROW * len(chart.bars) + 4
    height = axis_y + 42
    parts = [
        f'<svg class="measured-chart" width="100%" height="{height}" font-size="12" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html.escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(describe(chart, values))}</desc>',
    ]
    for tick in ticks:
        parts.append(
            f'<line class="grid" x1="{x(tick):.2f}%" y1="0" x2="{x(tick):.2f}%" '
            f'y2="{axis_y}"/>'
            f'<text class="tick" x="{x(tick):.2f}%" y="{axis_y + 16}" '
            f'text-anchor="{"start" if tick == 0 else "middle"}">{tick:g}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{LEFT}%" y1="{axis_y}" x2="{x(top):.2f}%" '
        f'y2="{axis_y}"/>'
        f'<text class="axis-title" x="{LEFT}%" y="{axis_y + 34}">'
        f"{html.escape(measure.axis_title)}</text>"
    )
    for row, (label, snippet) in enumerate(chart.bars):
        y = row * ROW
        width = max(x(values[snippet]) - LEFT, 0.3)
        parts.append(
            f'<text class="label" x="{LEFT}%" y="{y + 13}">{html.escape(label)}</text>'
            f'<rect class="bar" x="{LEFT}%" y="{y + 19}" width="{width:.2f}%" '
            'height="18" rx="2"/>'
            f'<text class="value" x="{LEFT + width:.2f}%" dx="6" y="{y + 32}">'
            f"{html.escape(measure.unit.format(values[snippet]))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
