"""A page's charts as declared in its front matter (`measured/charts.py`); how they
are placed is `test_project.py`'s, how they are drawn `test_render.py`'s."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.conftest import page, write
from measured.errors import ContributorError
from measured.project import Project

# --- a chart's declaration ------------------------------------------------------------


@pytest.mark.parametrize(
    ("chart", "error"),
    [
        (
            "measure: speed\n    bars: []",
            "docs/a.md:3: a chart's `measure` must be one of",
        ),
        ("measure: seconds\n    bars: []", "docs/a.md:3: a chart needs `bars`"),
        (
            "measure: seconds\n    bars:\n      - label: a\n        file: demo/a.py",
            "docs/a.md:3: each bar needs exactly `label` and `snippet`",
        ),
        (
            "measure: seconds\n    colour: red",
            "docs/a.md:3: unknown chart key 'colour'",
        ),
    ],
)
def test_a_malformed_chart_names_its_page_and_line(
    tmp_path: Path, chart: str, error: str
) -> None:
    write(
        tmp_path,
        "docs/a.md",
        page(f"charts:\n  - id: demo\n    title: A\n    {chart}\n"),
    )
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(error)
