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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from measured.errors import ContributorError


@dataclass(frozen=True)
class Measure:
    """What a chart's bars show, read from a stored run (`.measurements/runs`)."""

    key: str
    axis: str
    value: Callable[[Mapping[str, Any]], float]
    unit: str


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in [
        Measure("seconds", "wall time", lambda run: run["seconds"], "{:.2f} s"),
        Measure(
            "peak_mib",
            "peak memory (resident set size)",
            lambda run: run["peak_rss_kib"] / 1024,
            "{:.1f} MiB",
        ),
        Measure(
            "cores",
            "cores kept busy (CPU time divided by wall time)",
            lambda run: run["cpu_seconds"] / run["seconds"],
            "{:.2f}",
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


WIDTH = 720
LABEL = 200
ROW = 34
TOP = 12


def describe(chart: Chart, values: Mapping[str, float]) -> str:
    """The chart in words: every bar with its figure, for the text alternative."""
    unit = MEASURES[chart.measure].unit
    bars = "; ".join(
        f"{label}: {unit.format(values[snippet])}" for label, snippet in chart.bars
    )
    return f"{chart.title}, {MEASURES[chart.measure].axis}. {bars}."


def draw(chart: Chart, runs: Mapping[str, Mapping[str, Any]]) -> str:
    """The chart as an inline SVG, from each bar's stored run."""
    measure = MEASURES[chart.measure]
    values = {snippet: measure.value(runs[snippet]) for snippet in chart.snippets}
    top = max(values.values()) or 1.0
    span = WIDTH - LABEL - 90
    ident = f"chart-{chart.id}"
    height = TOP + ROW * len(chart.bars) + 8
    parts = [
        f'<svg class="measured-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html.escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(describe(chart, values))}</desc>',
    ]
    for row, (label, snippet) in enumerate(chart.bars):
        y = TOP + row * ROW
        width = max(span * values[snippet] / top, 1.5)
        parts.append(
            f'<text class="label" x="{LABEL - 10}" y="{y + 18}" text-anchor="end">'
            f"{html.escape(label)}</text>"
            f'<rect class="bar" x="{LABEL}" y="{y + 4}" width="{width:.1f}" '
            'height="20" rx="2"/>'
            f'<text class="value" x="{LABEL + width + 8:.1f}" y="{y + 18}">'
            f"{html.escape(measure.unit.format(values[snippet]))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
