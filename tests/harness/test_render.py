"""What a page shows (`measured/render.py`): programs, their variants and output
tabs; a missing snippet named by its marker's line; claims with and without their
figures; charts and timelines; links to the Python docs, tables and search
previews."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import ROOT

from harness.conftest import (
    GATHER_EXAMPLE,
    GIL_CLAIM,
    SAMPLE,
    build,
    copy_project,
    page,
    write,
)
from measured.claims import Claim
from measured.measurements import Measurements
from measured.project import Project
from measured.render import (
    API_ENTRY,
    API_PAGE,
    keep_out_of_search,
    label_table_cells,
    link_api_names,
    render_chart,
    render_claim,
    render_run,
    render_timeline,
    strip_example_settings,
)

# --- programs, variants and output tabs -----------------------------------------------


HIGHLIGHTED = re.compile(r'<span class="hll">')


def highlighted_lines(built_page: str, snippet: str) -> list[int]:
    """The 1-based lines of the code block titled `snippets/<snippet>` in a built
    page that the reader sees highlighted."""
    after = built_page.split(f'<span class="filename">snippets/{snippet}</span>', 1)[1]
    code = after.split("<code>", 1)[1].split("</code>", 1)[0]
    return [
        number
        for number, text in enumerate(code.split("\n"), start=1)
        if HIGHLIGHTED.search(text)
    ]


def test_a_variant_highlights_exactly_the_lines_that_differ_from_its_base(
    tmp_path: Path,
) -> None:
    """A snippet shown with `variant_of=` has the lines it changed or added
    highlighted in the built page, and no other: not its docstring, which every
    snippet has of its own, nor a blank line; a line under it says how many, that
    the docstring differs, and how many of the base's lines it drops, blank ones
    not counted."""
    root = copy_project(tmp_path)
    base = (root / "snippets" / GATHER_EXAMPLE).read_text().splitlines(keepends=True)
    variant = [
        '"""The same waits,\n',  # 1-2: a docstring of its own, on two lines
        'with one line changed, one added, one gone."""\n',
        *base[1:8],  # 3-9: the same
        '    print(f"{name} finished after {seconds} s")\n',  # 10: changed
        # base line 10, `return name`, is gone
        base[10],  # 11: the same blank line; base line 12, blank, is gone
        *base[12:14],  # 12-13: the same
        '    print("starting")\n',  # 14: added
        "\n",  # 15: a blank line added
        *base[14:],  # the same to the end
    ]
    name = GATHER_EXAMPLE.replace(".py", "_variant.py")
    write(root, f"snippets/{name}", "".join(variant))
    write(
        root,
        f"snippets/{name.replace('.py', '.out')}",
        (root / "snippets" / GATHER_EXAMPLE.replace(".py", ".out")).read_text(),
    )
    with (root / "docs" / "index.md").open("a") as index:
        index.write(f'\n{{{{ run("{name}", variant_of="{GATHER_EXAMPLE}") }}}}\n')
    done = build(root)
    assert done.returncode == 0, done.stderr
    built = (root / "site" / "index.html").read_text()
    assert highlighted_lines(built, name) == [10, 14]
    assert highlighted_lines(built, GATHER_EXAMPLE) == []  # the base stays plain
    note = re.search(r'<p class="variant-note"[^>]*>(.*?)</p>', built)
    assert note is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", note[1])) == (
        f"Highlighted: the 2 lines that differ from snippets/{GATHER_EXAMPLE} "
        "besides the docstring; 1 of its lines is gone."
    )


def test_each_output_tab_names_the_pythons_checked_against_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    recording = root / "snippets" / GATHER_EXAMPLE.replace(".py", ".out")
    changed = recording.read_text() + "a line 3.13 added\n"
    recording.with_suffix(".3.13.out").write_text(changed)
    # 3.14 printed what 3.13 printed: one tab for both, named after 3.13
    recording.with_suffix(".3.14.out").write_text(changed)
    project = Project(root)
    checked = {GATHER_EXAMPLE: ["3.11.7", "3.12.1", "3.13.0", "3.14.10"]}
    measurements = Measurements(claims={}, runs={}, checked=checked)
    shown = "\n".join(
        render_run(project, project.pages[0], GATHER_EXAMPLE, 5, measurements)
    )
    assert 'title="Output, checked on CPython 3.11 to 3.12"' in shown
    assert 'title="Output, checked on CPython 3.13 to 3.14"' in shown
    # the newest first; 3.15 has no recording of its own, so it printed `.out`'s
    assert re.findall(r'=== "(Python [^"]+)"', shown) == [
        "Python 3.11 to 3.12, 3.15",
        "Python 3.13 to 3.14",
    ]


def test_example_settings_leave_the_fence_a_code_block() -> None:
    assert strip_example_settings('```python test="skip"') == "```python"
    assert (
        strip_example_settings('```py title="a.py" test="skip"') == '```py title="a.py"'
    )
    assert strip_example_settings('text test="skip"') == 'text test="skip"'


# --- a missing snippet fails the build, named by its marker's line --------------------


def test_deleting_an_embedded_snippet_fails_the_build_and_names_it(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    (root / "snippets" / GATHER_EXAMPLE).unlink()
    done = build(root)
    assert done.returncode != 0
    assert f"shows snippets/{GATHER_EXAMPLE}, which does not exist" in done.stderr


def test_a_build_error_names_the_markers_line_on_a_page_with_front_matter(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    write(
        root,
        "docs/index.md",
        page(
            "title: A page\n",
            f'Two waits overlap:\n\n{{{{ run("{GATHER_EXAMPLE}") }}}}\n',
        ),
    )
    text = (root / "docs" / "index.md").read_text()
    line = text.splitlines().index(f'{{{{ run("{GATHER_EXAMPLE}") }}}}') + 1
    (root / "snippets" / GATHER_EXAMPLE).unlink()
    done = build(root)
    assert done.returncode != 0
    assert (
        f"docs/index.md:{line}: shows snippets/{GATHER_EXAMPLE}, which does not exist"
        in done.stderr
    ), done.stderr


# --- claims, with and without their figures -------------------------------------------


def test_an_unmeasured_claim_is_neutral_not_failed() -> None:
    """A build without figures (`make serve` on a fresh clone) says a claim was not
    measured, without the failure's cross: only a failed claim gets it."""
    claim = next(iter(Project(SAMPLE).claims.values()))
    shown = "\n".join(render_claim(claim, Measurements(claims={}, runs={}, checked={})))
    assert 'class="claim claim--unmeasured"' in shown
    assert "not measured in this build" in shown
    assert not any(cross in shown for cross in "✗✘×✕✖❌"), shown


def test_a_claim_over_cpus_renders_with_and_without_its_figure() -> None:
    """A build without figures (make serve before make test) shows the bound over
    `cpus` in words; with its figure, the page says what cpus was when it ran, in
    the result line too."""
    claim = Claim.from_mapping(GIL_CLAIM, "docs/a.md", 4)
    bare = "\n".join(render_claim(claim, Measurements(claims={}, runs={}, checked={})))
    assert "the share of cores that threads taking turns on the GIL get" in bare
    assert "when it ran" not in bare
    figures = {"free_cores": 0.75, "passed": True, "value": 0.7, "low": 0.6}
    figures |= {"high": 1.15, "figure": "0.70 cores", "attempts": 1, "repeats": 1}
    figures |= {"python": "3.11.7", "implementation": "CPython", "system": "Linux"}
    figures |= {"cpus": 2, "seconds": {"demo/threads.py": 2.0}}
    figures |= {"shows": {"demo/threads.py": "1.40 s of CPU in 2.00 s"}}
    measured = Measurements(claims={"gil": figures}, runs={}, checked={})
    shown = "\n".join(render_claim(claim, measured))
    assert "Such threads got 0.75 cores when it ran" in shown
    # the result line itself says what the bound was set for: a reader who sees a
    # tick beside a figure below "as many times as there are cores" sees why
    result = next(line for line in shown.splitlines() if "claim__result" in line)
    assert "for threads that got 0.75 cores" in result, result


# --- charts and timelines -------------------------------------------------------------


def test_a_chart_s_title_is_above_its_bars() -> None:
    """A reader meets what a chart compares before its bars: the title opens the
    figure, and the note on what was measured, and where, comes after the drawing."""
    chart = next(iter(Project(ROOT).charts.values()))
    runs = {
        snippet: {
            "snippet": snippet,
            "python": "3.11.7",
            "implementation": "CPython",
            "system": "Linux",
            "cpus": 2,
            "seconds": 0.5 + index,
            "peak_rss_kib": 20_000,
            "cpu_seconds": 0.1,
        }
        for index, snippet in enumerate(chart.snippets)
    }
    shown = "\n".join(
        render_chart(chart, Measurements(claims={}, runs=runs, checked={}))
    )
    title = shown.find(f">{html.escape(chart.title)}</figcaption>")
    assert 0 <= title < shown.find("<svg"), shown
    assert shown.find("measured by the last test run") > shown.find("</svg>"), shown


def test_a_build_without_measurements_shows_notes_instead_of_figures(
    tmp_path: Path,
) -> None:
    project = Project(ROOT)
    empty = Measurements.load(tmp_path)
    chart = next(iter(project.charts.values()))
    assert render_chart(chart, empty)[0].startswith(
        '!!! note "Chart not drawn in this build'
    )
    snippet = project.timelines()[0]
    page_of = next(p for p in project.pages if snippet in p.shows)
    assert render_timeline(snippet, empty, page_of)[0].startswith(
        '!!! note "Timeline not drawn in this build'
    )


# --- prose: links to the Python docs, tables, search previews -------------------------


def test_inline_mentions_of_standard_names_link_to_docs_python_org() -> None:
    task = "https://docs.python.org/3/library/asyncio-task.html"
    line = "Use `asyncio.gather`, not `asyncio.wait_forever`, then [`asyncio.run`][]."
    assert link_api_names(line) == (
        f"Use [`asyncio.gather`]({task}#asyncio.gather), not `asyncio.wait_forever`, "
        "then [`asyncio.run`][]."
    )
    # a method, a call, the event loop's methods as the Python docs name them, and
    # a name of another module the map covers
    line = (
        "End it with `asyncio.TaskGroup.cancel`, list `asyncio.all_tasks()`, "
        "hand `time.sleep` to `loop.run_in_executor`."
    )
    assert link_api_names(line) == (
        f"End it with [`asyncio.TaskGroup.cancel`]({task}#asyncio.TaskGroup.cancel), "
        f"list [`asyncio.all_tasks()`]({task}#asyncio.all_tasks), hand "
        "[`time.sleep`](https://docs.python.org/3/library/time.html#time.sleep) to "
        "[`loop.run_in_executor`](https://docs.python.org/3/library/"
        "asyncio-eventloop.html#asyncio.loop.run_in_executor)."
    )
    # a file name, a variable's method, and code already in a link stay as they are
    line = "Run `overlap.py`; `task.cancel()`; [the `asyncio.run` docs](x)."
    assert link_api_names(line) == line
    page = "::: asyncio.run\n\n## asyncio.capture_call_graph { #asyncio.capture_call_graph }\n"
    assert API_ENTRY.findall(page) == ["asyncio.run", "asyncio.capture_call_graph"]


def test_table_cells_carry_their_columns_header() -> None:
    table = (
        "<table>\n<thead>\n<tr>\n<th></th>\n<th>threads</th>\n<th><code>tasks</code></th>"
        "\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>runs on</td>\n<td>a thread</td>\n"
        '<td style="text-align: left">the loop</td>\n</tr>\n</tbody>\n</table>'
    )
    labelled = label_table_cells(table)
    assert re.findall(r"<td[^>]*>", labelled) == [
        '<td data-label="">',
        '<td data-label="threads">',
        '<td data-label="tasks" style="text-align: left">',
    ]
    assert label_table_cells('<table class="claims-index"><td>') == (
        '<table class="claims-index"><td>'
    )


def test_search_previews_quote_prose_and_the_reference_keeps_its_members_out() -> None:
    page = (
        '<h2 id="a">A</h2><p>Prose.</p><div class="tabbed-labels"><label>Mistake'
        '</label></div><div class="language-python highlight"><pre><code>x = 1'
        '</code></pre></div><p class="variant-note">Highlighted</p>'
        '<p class="claim__says">A claim.</p><p class="claim__result">bound</p>'
    )
    marked = keep_out_of_search(page, "docs/core/tasks.md")
    assert marked.count("data-search-exclude") == 4
    assert '<p class="claim__says">A claim.</p>' in marked
    assert "<p>Prose.</p>" in marked
    reference = (
        '<h2 id="asyncio.Task" class="d"></h2><h3 id="asyncio.Task.cancel" class="d">'
    )
    assert keep_out_of_search(reference, API_PAGE) == (
        '<h2 id="asyncio.Task" class="d"></h2>'
        '<h3 id="asyncio.Task.cancel" data-search-exclude class="d">'
    )
