"""The harness catches each mistake a contributor can make, with a clear message.

These tests break things on purpose, in throwaway copies of the project, and check
that the suite notices, names the file (and line) at fault, and leaves nothing
running.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import INTERPRETERS, PRIMARY, ROOT
from harness.conftest import (
    GATHER_EXAMPLE,
    GIL_CLAIM,
    TINY_PAGE,
    build,
    contributing_example,
    copy_project,
    copy_suite,
    page,
    run_pytest,
    serving,
    write,
)

from measured import postgres
from measured.claims import Claim
from measured.errors import ContributorError
from measured.measurements import (
    DIRECTORY,
    FRESH_FOR,
    PUBLISHED,
    Measurements,
    published_document,
    record_verdict,
)
from measured.processes import SUITE, left_running, suite_id
from measured.project import Project
from measured.recordings import compare_output
from measured.render import (
    API_ENTRY,
    API_PAGE,
    day,
    keep_out_of_search,
    label_table_cells,
    link_api_names,
    render_chart,
    render_claim,
    render_run,
    render_timeline,
    strip_example_settings,
)
from measured.runner import Run, check_run, run_snippet
from measured.safety import check_snippets
from measured.settings import RunSettings
from measured.timeline import draw as draw_timeline

# --- pages, snippets and front matter ---------------------------------------------


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


# --- charts and timelines ---------------------------------------------------------


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


def test_an_unmeasured_claim_is_neutral_not_failed() -> None:
    """A build without figures (`make serve` on a fresh clone) says a claim was not
    measured, without the failure's cross: only a failed claim gets it."""
    claim = next(iter(Project(ROOT).claims.values()))
    shown = "\n".join(render_claim(claim, Measurements(claims={}, runs={}, checked={})))
    assert 'class="claim claim--unmeasured"' in shown
    assert "not measured in this build" in shown
    assert not any(cross in shown for cross in "✗✘×✕✖❌"), shown


def test_a_timeline_sees_overlap_and_its_absence(tmp_path: Path) -> None:
    """The tracer, on the unchanged program, finds the two waits overlapping in
    overlap.py and one task doing both in turn in sequential.py."""
    overlap = tmp_path / "overlap.json"
    run = run_snippet(ROOT, "basics/overlap.py", trace=overlap)
    compare_output(ROOT, run)  # its recording, times within their tolerance
    tasks = json.loads(overlap.read_text())["tasks"]
    assert [t["coroutine"] for t in tasks] == ["main", "wait", "wait"]
    short, long = tasks[1]["ran"], tasks[2]["ran"]
    assert abs(short[0][0] - long[0][0]) < 0.1  # both start at once, load or not
    assert 2.0 <= short[-1][0] < long[-1][0]
    sequential = tmp_path / "sequential.json"
    run_snippet(ROOT, "basics/sequential.py", trace=sequential)
    (main,) = json.loads(sequential.read_text())["tasks"]
    assert main["ran"][-1][0] >= 5.0
    svg = draw_timeline(json.loads(overlap.read_text()), "t")
    assert svg.count('class="running"') == sum(len(t["ran"]) for t in tasks)
    assert f"Task-2 (wait) from {short[0][0]:.2f} s to {short[-1][1]:.2f} s" in svg


# --- the build ----------------------------------------------------------------------


def test_deleting_an_embedded_snippet_fails_the_build_and_names_it(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    (root / "snippets" / GATHER_EXAMPLE).unlink()
    done = build(root)
    assert done.returncode != 0
    assert f"shows snippets/{GATHER_EXAMPLE}, which does not exist" in done.stderr


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


def test_unsafe_habits_in_a_snippet_are_named_by_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/unsafe.py",
        "import asyncio\n"
        "import httpx\n"
        "\n"
        "\n"
        "async def main() -> None:\n"
        "    server = await asyncio.start_server(print, '0.0.0.0', 0)\n"
        "    reader, writer = await asyncio.open_connection('127.0.0.1', 8000)\n"
        "    jobs = asyncio.Queue()\n"
        "    client = httpx.AsyncClient(verify=False)\n",
    )
    assert [str(problem) for problem in check_snippets(tmp_path)] == [
        "snippets/demo/unsafe.py:6: `start_server` must name a loopback host "
        "('127.0.0.1'), so the snippet never listens on or reaches another machine",
        "snippets/demo/unsafe.py:7: `main` awaits `asyncio.open_connection(...)` with "
        "no timeout of its own; wrap that await in `async with asyncio.timeout(...)` "
        "(a timeout around another wait does not cover it)",
        "snippets/demo/unsafe.py:8: `Queue()` is unbounded; give it a `maxsize` so a "
        "fast producer waits instead of filling memory",
        "snippets/demo/unsafe.py:9: `verify=False` turns off TLS verification",
    ]
    assert check_snippets(tmp_path, on_purpose=["demo/unsafe.py"]) == []


def test_each_network_wait_needs_its_own_timeout_and_only_asyncio_serves(
    tmp_path: Path,
) -> None:
    """A `wait_for` around the connection does not cover the read after it; a
    function of the snippet's own named `start_server` is not asyncio's."""
    write(
        tmp_path,
        "snippets/demo/waits.py",
        "import asyncio\n"
        "import socket\n"
        "from asyncio import start_server as serve\n"
        "\n"
        "\n"
        "async def start_server(host: str) -> None:\n"
        "    print(host)\n"
        "\n"
        "\n"
        "async def main() -> None:\n"
        "    await start_server('example.org')\n"
        "    opening = asyncio.open_connection('127.0.0.1', 80)\n"
        "    reader, writer = await asyncio.wait_for(opening, 1)\n"
        "    await reader.readline()\n"
        "    async with asyncio.timeout(1):\n"
        "        await reader.readexactly(4)\n"
        "    loop = asyncio.get_running_loop()\n"
        "    await loop.create_server(asyncio.Protocol, '0.0.0.0', 0)\n"
        "    await asyncio.get_running_loop().create_server(asyncio.Protocol)\n"
        "    await serve(print, 'localhost', 0)\n"
        "    await serve(print, '', 0)\n"
        "    socket.create_server(('127.0.0.1', 0)).close()\n"
        "    await loop.create_server(asyncio.Protocol, '127.0.0.1', 0)\n",
    )
    problems = [str(problem) for problem in check_snippets(tmp_path)]
    assert [problem.split(": `")[0] for problem in problems] == [
        "snippets/demo/waits.py:14",
        "snippets/demo/waits.py:18",
        "snippets/demo/waits.py:19",
        "snippets/demo/waits.py:21",
    ], problems
    assert problems[0] == (
        "snippets/demo/waits.py:14: `main` awaits `reader.readline(...)` with no "
        "timeout of its own; wrap that await in `async with asyncio.timeout(...)` (a "
        "timeout around another wait does not cover it)"
    )
    assert problems[1].startswith("snippets/demo/waits.py:18: `create_server` must")
    assert problems[3].startswith("snippets/demo/waits.py:21: `serve` must")


def test_a_pool_closed_by_with_inside_a_coroutine_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/pools.py",
        "import asyncio\n"
        "from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor\n"
        "\n"
        "\n"
        "async def threads() -> None:\n"
        "    with ThreadPoolExecutor(max_workers=2) as pool:\n"
        "        await asyncio.get_running_loop().run_in_executor(pool, print)\n"
        "\n"
        "\n"
        "async def processes() -> None:\n"
        "    pool = ProcessPoolExecutor()\n"
        "    with pool:\n"
        "        pass\n"
        "\n"
        "\n"
        "async def fixed() -> None:\n"
        "    pool = ThreadPoolExecutor()\n"
        "    try:\n"
        "        await asyncio.get_running_loop().run_in_executor(pool, print)\n"
        "    finally:\n"
        "        await asyncio.to_thread(pool.shutdown)\n"
        "\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    with ThreadPoolExecutor() as pool:  # outside the loop: fine\n"
        "        asyncio.run(fixed())\n",
    )
    problems = [str(problem) for problem in check_snippets(tmp_path)]
    assert [problem.split(": `")[0] for problem in problems] == [
        "snippets/demo/pools.py:6",
        "snippets/demo/pools.py:12",
    ]
    assert problems[0].startswith(
        "snippets/demo/pools.py:6: `with ThreadPoolExecutor` inside the coroutine "
        "`threads`: leaving the block calls `shutdown(wait=True)` on the loop's thread"
    )
    assert "`with pool` inside the coroutine `processes`" in problems[1]
    assert check_snippets(tmp_path, on_purpose=["demo/pools.py"]) == []


def test_a_cancelled_task_that_is_never_awaited_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/cancel.py",
        "import asyncio\n"
        "\n"
        "\n"
        "async def forgotten() -> None:\n"
        "    beating = asyncio.create_task(asyncio.sleep(1))\n"
        "    await asyncio.sleep(0)\n"
        "    beating.cancel()\n"
        "\n"
        "\n"
        "async def awaited() -> None:\n"
        "    task = asyncio.create_task(asyncio.sleep(1))\n"
        "    task.cancel()\n"
        "    await asyncio.gather(task, return_exceptions=True)\n"
        "\n"
        "\n"
        "async def waited_for(pending: set[asyncio.Task[None]]) -> None:\n"
        "    for task in pending:\n"
        "        task.cancel()\n"
        "    await asyncio.wait(pending)\n"
        "\n"
        "\n"
        "async def in_a_group() -> None:\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        task = group.create_task(asyncio.sleep(1))\n"
        "        task.cancel()\n"
        "\n"
        "\n"
        "async def awaited_before_only() -> None:\n"
        "    task = asyncio.ensure_future(asyncio.sleep(1))\n"
        "    await asyncio.sleep(0)\n"
        "    await asyncio.wait([task], timeout=0)\n"
        "    task.cancel()\n"
        "\n"
        "\n"
        "async def not_a_task() -> None:\n"
        "    alarm = asyncio.get_running_loop().call_later(1, print)\n"
        "    alarm.cancel()  # a timer handle: nothing to await\n",
    )
    assert [str(problem) for problem in check_snippets(tmp_path)] == [
        "snippets/demo/cancel.py:7: `beating.cancel()` in `forgotten` is never "
        "awaited: cancelling only asks; `await beating` (catching `CancelledError`) "
        "or cancel it inside the `TaskGroup` that owns it, so its cleanup runs before "
        "you go on",
        "snippets/demo/cancel.py:32: `task.cancel()` in `awaited_before_only` is never "
        "awaited: cancelling only asks; `await task` (catching `CancelledError`) or "
        "cancel it inside the `TaskGroup` that owns it, so its cleanup runs before "
        "you go on",
    ]


def test_a_failing_inline_example_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    shutil.copytree(
        ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    lines = (root / "docs" / "index.md").read_text().count("\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_examples.py",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        # a suite of its own: its end must not count this suite's snippets as left
        env={**os.environ, SUITE: f"{suite_id()}-{root.parent.name}"},
    )
    assert done.returncode == 1, done.stdout
    assert f"docs/index.md:{lines - 3}" in done.stdout
    assert "1 failed" in done.stdout


def test_broken_links_fail_the_build_and_name_themselves(tmp_path: Path) -> None:
    """A link to a page that is not there and a cross-reference to a name no
    inventory has: one strict build names both (it reports every warning)."""
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\nSee [a page that is not there](basics/nowhere.md).\n")
        index.write("\nSee [`asyncio.teleport`][asyncio.teleport].\n")
        index.write("\nSee [the home page](indx.md#top) and `[not a link](x.md)`.\n")
    lines = (root / "docs" / "index.md").read_text().splitlines()
    nowhere = next(n for n, line in enumerate(lines, 1) if "nowhere" in line)
    done = build(root)
    assert done.returncode != 0
    assert (
        f"docs/index.md:{nowhere}: links to basics/nowhere.md, which is not a page "
        "of the site"
    ) in done.stderr
    assert (
        f"docs/index.md:{nowhere + 4}: links to indx.md#top, which is not a page of "
        "the site (did you mean index.md#top?)"
    ) in done.stderr
    assert "links to x.md" not in done.stderr  # inline code is not a link
    assert "asyncio.teleport" in done.stderr


def test_a_broken_links_suggestion_is_the_link_to_write_from_its_page() -> None:
    from types import SimpleNamespace

    from measured.mkdocs_hook import broken_links

    files = [SimpleNamespace(src_uri=uri) for uri in ("index.md", "core/tasks.md")]
    text = "See [tasks](../core/taks.md#cancel) and [home](../indx.md).\n"
    assert broken_links("docs/basics/a.md", text, "basics/a.md", files) == [
        "docs/basics/a.md:1: links to ../core/taks.md#cancel, which is not a page of "
        "the site (did you mean ../core/tasks.md#cancel?)",
        "docs/basics/a.md:1: links to ../indx.md, which is not a page of the site "
        "(did you mean ../index.md?)",
    ]


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


def test_example_settings_leave_the_fence_a_code_block() -> None:
    assert strip_example_settings('```python test="skip"') == "```python"
    assert (
        strip_example_settings('```py title="a.py" test="skip"') == '```py title="a.py"'
    )
    assert strip_example_settings('text test="skip"') == 'text test="skip"'


# --- the measuring engine: noise only adds time --------------------------------------


def test_xdist_groups_keep_their_tests_on_one_worker(tmp_path: Path) -> None:
    """The site is built once and the browser started once only if pytest-xdist keeps
    a group on one worker; a pytest that xdist cannot group with fails here."""
    write(
        tmp_path,
        "test_groups.py",
        "import os\nimport pytest\n\n\n"
        "@pytest.mark.xdist_group('one')\n"
        "@pytest.mark.parametrize('n', range(8))\n"
        "def test_worker(n):\n"
        "    with open('workers.txt', 'a') as out:\n"
        "        out.write(os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n",
    )
    pytest_args = ["-q", "-p", "no:cacheprovider", "-p", "xdist", "-n", "2"]
    pytest_args += ["--dist", "loadgroup", "test_groups.py"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        # only xdist: the other plugins would only slow the three processes down
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 8 and len(set(workers)) == 1, workers


# --- issue 20: each mistake caught with one clear message -------------------------


def test_a_contributors_mistake_prints_once(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    copy_suite(root)
    write(
        root,
        "tests/test_mistake.py",
        "from measured.errors import ContributorError\n\n\n"
        "def test_mistake():\n"
        "    raise ContributorError('docs/index.md', 'a mistake', 3)\n",
    )
    done = run_pytest(root, "-n", "0", "tests/test_mistake.py")
    assert done.returncode == 1, done.stdout
    assert "During handling" not in done.stdout
    failures = done.stdout.split("= FAILURES =")[1].split("short test summary")[0]
    assert failures.count("docs/index.md:3: a mistake") == 1, done.stdout


def test_an_inline_example_that_raises_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nx = 1\nprint(x / 0)\n```\n")
    line = (root / "docs" / "index.md").read_text().count("\n") - 1
    for args in (["-n", "0"], ["-n", "2"]):
        done = run_pytest(root, *args, "tests/test_examples.py")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "INTERNALERROR" not in done.stdout + done.stderr
        assert (
            f"docs/index.md:{line}: ZeroDivisionError: division by zero" in done.stdout
        ), done.stdout
        assert "1 failed" in done.stdout


def test_an_inline_example_that_prints_otherwise_names_update_examples(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    fence = (root / "docs" / "index.md").read_text().count("\n") - 3
    done = run_pytest(root, "-n", "0", "tests/test_examples.py")
    assert done.returncode == 1, done.stdout
    assert (
        f"docs/index.md:{fence}: the example prints otherwise than its `#>` lines say"
    ) in done.stdout
    assert (
        "If the new output is right, record it with --update-examples: "
        ".venv/bin/pytest -n 0 -p no:cacheprovider "
        f"'tests/test_examples.py::test_inline_example[docs/index.md:{fence}-"
    ) in done.stdout


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


def test_interpreters_are_asked_once_per_session_and_not_by_snippets(
    tmp_path: Path,
) -> None:
    """The session's answers reach its workers, so none starts an interpreter to ask
    again (beside busy programs that took longer than a probe's timeout, and a worker
    crashed); a snippet's environment does not carry them."""
    import measured.interpreters as interpreters
    from measured.processes import reader_environment

    python = shutil.which("python3")
    assert python is not None
    found = interpreters.probe(python)
    assert found is not None and "asyncio" in found["modules"]
    inherited = json.loads(os.environ[interpreters.KNOWN])
    assert inherited[python] == found

    # a worker that inherits the answers never runs the interpreter again
    shim = tmp_path / "python3"
    shim.write_text(f'#!/bin/sh\ntouch {tmp_path / "ran"}\nexec {python} "$@"\n')
    shim.chmod(0o755)
    code = (
        "import sys; from measured.interpreters import probe;"
        "found = probe(sys.argv[1]); print(found['version'] if found else None)"
    )

    def ask(**inherited: object) -> str:
        """What a process started with `inherited` answers of the shim."""
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if inherited:
            env[interpreters.KNOWN] = json.dumps(inherited)
        done = subprocess.run(
            [sys.executable, "-c", code, str(shim)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip()

    assert ask() == found["version"] and (tmp_path / "ran").exists()
    (tmp_path / "ran").unlink()
    assert ask(**{str(shim): found}) == found["version"]
    assert not (tmp_path / "ran").exists()
    assert interpreters.KNOWN not in reader_environment(RunSettings())


# --- issue 30: a contributor's mistakes, round 2 ------------------------------------


def test_a_page_showing_a_missing_snippet_is_named_not_a_collection_crash(
    tmp_path: Path,
) -> None:
    """With Pyodide installed, the browser tests decide at import which snippets
    can run in a page; a snippet that does not exist must not stop collection
    before the project's own message is printed."""
    from measured.pyodide import CORE_FILES, INSTALLED, decide

    assert not decide(tmp_path, "basics/missing.py", RunSettings()).runnable
    root = copy_project(tmp_path)
    for name in CORE_FILES:  # what `npm ci` installs, enough for the decision
        write(root, f"{INSTALLED}/{name}", "")
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("basics/missing.py") }}\n')
    line = (root / "docs" / "index.md").read_text().count("\n")
    done = run_pytest(
        root,
        "-n",
        "0",
        "tests/test_integrity.py",
        "tests/test_browser.py",
        "-k",
        "agree",
    )
    output = done.stdout + done.stderr
    assert "FileNotFoundError" not in output, output
    assert done.returncode == 1, output
    assert (
        f"docs/index.md:{line}: shows snippets/basics/missing.py, which does not exist"
        in done.stdout
    ), output


def test_a_run_failure_is_reported_once_with_every_python_it_happened_on(
    tmp_path: Path,
) -> None:
    """An import error fails the snippet's test on each Python: its message is
    printed once, the other tests point to it, and the session's end names every
    Python it happened on; with pytest-xdist too."""
    if len(INTERPRETERS) < 2:
        pytest.skip("needs two Pythons")
    pythons = INTERPRETERS[:2]
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("demo/broken.py") }}\n')
    write(root, "snippets/demo/broken.py", "import nothing_here\n")
    write(root, "snippets/demo/broken.out", "x\n")
    for workers in ("0", "2"):
        done = run_pytest(
            root,
            "-n",
            workers,
            "tests/test_snippets.py",
            "-k",
            "broken",
            env={"MEASURED_PYTHONS": ":".join(p.path for p in pythons)},
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert "2 failed" in done.stdout, done.stdout
        assert done.stdout.count("No module named 'nothing_here'") == 1, done.stdout
        versions = ", ".join(p.minor for p in pythons)
        assert (
            f"snippets/demo/broken.py: failed 2 tests, on Python {versions}; its "
            "message is under tests/test_snippets.py::"
        ) in done.stdout, done.stdout


def hello_project(tmp_path: Path) -> Path:
    """A sample project whose home page shows `demo/hello.py` and a claim on it."""
    root = copy_project(tmp_path)
    claim = (
        "claims:\n  - id: quick\n    snippet: demo/hello.py\n    says: Quick.\n"
        "    seconds: [0.0, 30.0]\n    because: It prints.\n"
    )
    write(
        root,
        "docs/index.md",
        page(claim, TINY_PAGE + '\n{{ run("demo/hello.py") }}\n{{ claim("quick") }}\n'),
    )
    write(root, "snippets/demo/hello.py", 'print("hello")\n')
    return root


def test_recording_one_snippet_runs_only_it_and_says_what_it_wrote(
    tmp_path: Path,
) -> None:
    """`pytest --update-examples snippets/<name>.py` records that snippet and
    nothing else, and names what it wrote; the session's summaries, with the runs
    it reused, print under pytest-xdist too, in words that agree with their count."""
    root = hello_project(tmp_path)
    env = {"CI": ""}  # runs reused from an earlier session, as on a laptop
    for workers in ("0", "2"):
        (root / "snippets/demo/hello.out").unlink(missing_ok=True)
        done = run_pytest(
            root, "-n", workers, "--update-examples", "snippets/demo/hello.py", env=env
        )
        assert done.returncode == 0, done.stdout + done.stderr
        # one test: no claim, no build, no other snippet (xdist's workers deselect)
        assert re.search(r"\b1 passed\b", done.stdout), done.stdout
        assert "failed" not in done.stdout and "error" not in done.stdout
        assert f"wrote snippets/demo/hello.out (Python {PRIMARY.minor})" in (
            done.stdout
        ), done.stdout
        assert (root / "snippets/demo/hello.out").read_text() == "hello\n"
    done = run_pytest(root, "-n", "0", "tests/test_claims.py", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 snippet run, sum of wall times" in done.stdout, done.stdout
    env[SUITE] = f"{suite_id()}-later"  # another run of the suite: from the cache
    done = run_pytest(root, "-n", "2", "tests/test_snippets.py", "-k", "hello", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 check compared a run made before" in done.stdout, done.stdout
    assert (
        f"\n  snippets/demo/hello.py on {PRIMARY.minor} (.measurements/cache/)\n"
        in done.stdout
    ), done.stdout


def test_a_page_check_spread_over_workers_builds_once_after_measuring(
    tmp_path: Path,
) -> None:
    """`pytest -n 2 docs/<page>.md`: the site's tests keep their group (one build),
    and the page's claims join it, measured before the build that shows them."""
    root = hello_project(tmp_path)
    write(root, "snippets/demo/hello.out", "hello\n")
    done = run_pytest(
        root,
        "-n",
        "2",
        "-vv",  # run_pytest's -q takes one off
        "docs/index.md",
        "-k",
        "claim_holds or builds_strictly or outputs_and_figures",
        env={"CI": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {
        line.split()[0]
        for line in done.stdout.splitlines()
        if line.startswith("[gw") and " PASSED " in line
    }
    assert len(workers) == 1, done.stdout  # one worker: one build, after the claim
    assert "PASSED tests/test_claims.py::test_claim_holds[quick]@site" in done.stdout


def test_a_pytest_snippet_run_as_its_page_says_is_a_session_of_its_own() -> None:
    """`python -m pytest -q snippets/debugging/test_x.py`, from the repository root
    as its page says, runs that file's tests only: the suite's root conftest does
    not turn the path into a request to check the snippet (which would run the
    snippet again, inside itself), add its reports, or clean up another suite's
    processes at its end."""
    snippet = "debugging/test_timeout_fast.py"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", f"snippets/{snippet}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MEASURED_SUITE": "someone-else-s-suite"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"\.\.\s+\[100%\]\n2 passed in [\d.]+s\n", done.stdout), (
        done.stdout
    )


# --- the published figures ----------------------------------------------------------


OVERLAP_CLAIM = (
    "claims:\n  - id: overlap\n    snippet: basics/overlap.py\n"
    "    says: The two waits overlap.\n    seconds: [3.0, 3.4]\n"
    "    because: The longer sleep is 3 s.\n"
)


def claim_project(tmp_path: Path) -> Path:
    """A sample project whose one page shows `GATHER_EXAMPLE` and a claim on it,
    `overlap` (3.0 to 3.4 s), and has no figures yet."""
    root = copy_project(tmp_path)
    write(
        root,
        "docs/index.md",
        page(OVERLAP_CLAIM, TINY_PAGE + '\n{{ claim("overlap") }}\n'),
    )
    return root


def record_figure(root: Path, seconds: float) -> dict[str, Any]:
    """Store the outcome of the claim `overlap` for a run of `seconds`, as the suite
    does after measuring it, and return what was stored."""
    claim = Project(root).claims["overlap"]
    run = Run(
        snippet=claim.snippet,
        output="",
        stderr="",
        exit_code=0,
        seconds=seconds,
        peak_rss_kib=0,
        python="3.11.7",
        implementation="CPython",
    )
    record_verdict(root, claim.check({claim.snippet: run}))
    return json.loads((root / DIRECTORY / "claims" / "overlap.json").read_text())


def claim_box(root: Path) -> tuple[str, str]:
    """The state (`passed`, `published`, ...) and the HTML of the claim `overlap` as
    the built home page shows it."""
    text = (root / "site" / "index.html").read_text()
    box = re.search(
        r'<div class="claim claim--(\w+)" id="claim-overlap">(.*?)</div>', text, re.S
    )
    assert box is not None, text
    return box[1], box[2]


def publish(root: Path, previous: str) -> dict[str, Any]:
    """The publishing build of `root`, reading the file it replaces from the site
    `previous`; the file of figures it wrote into its site."""
    done = build(root, published=previous, publishing=True)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "site" / PUBLISHED).read_text())


def test_publishing_writes_every_figure_and_carries_the_earlier_ones_over(
    tmp_path: Path,
) -> None:
    """The publishing build writes each figure with its date, machine, Python and
    runs into the site; the next one keeps it as the claim's history, newest first,
    and its page lists it under the claim."""
    root = claim_project(tmp_path)
    first = record_figure(root, 3.1)
    (tmp_path / "nothing").mkdir()
    with serving(tmp_path / "nothing") as empty:  # answers 404: nothing published
        document = publish(root, empty)
    figures = document["claims"]["overlap"]
    assert figures["figure"] == "3.10 s" and figures["passed"], figures
    assert figures["measured_at"] == first["measured_at"]
    assert (figures["python"], figures["repeats"]) == ("3.11.7", 1)
    assert {"system", "cpus", "commit", "fingerprint"} <= figures.keys()
    assert [e["figure"] for e in document["history"]["overlap"]] == ["3.10 s"]
    shutil.copytree(root / "site", tmp_path / "published")
    second = record_figure(root, 3.2)
    with serving(tmp_path / "published") as site:
        document = publish(root, site)
    history = document["history"]["overlap"]
    assert [e["figure"] for e in history] == ["3.20 s", "3.10 s"], history
    assert [e["measured_at"] for e in history] == [
        second["measured_at"],
        first["measured_at"],
    ]
    state, box = claim_box(root)
    assert state == "passed", box
    assert "Earlier published figure" in box and "<strong>3.10 s</strong>" in box, box


def test_a_build_without_figures_shows_the_published_ones_neutral_and_no_cross(
    tmp_path: Path,
) -> None:
    """A build that measured nothing (`make serve` on a fresh clone) reads the
    published site's figures, keeps a copy, and shows a claim that passed there
    with its figure, date and machine, in neutral styling and without the failure's
    cross; when the site cannot be reached it uses its copy, and without one it
    says "not measured in this build"."""
    publisher = claim_project(tmp_path / "publisher")
    measured = record_figure(publisher, 3.1)
    publish(publisher, "")
    clone = claim_project(tmp_path / "clone")
    copy = clone / DIRECTORY / "published" / PUBLISHED
    with serving(publisher / "site") as site:
        done = build(clone, published=site)
        assert done.returncode == 0, done.stderr
    state, box = claim_box(clone)
    assert state == "published", box
    assert '<strong class="claim__figure">3.10 s</strong>' in box, box
    assert f"Published figure, measured on {day(measured['measured_at'])}" in box
    assert "CPython 3.11.7" in box, box
    assert not any(cross in box for cross in "✗✘×✕✖❌"), box
    assert "failed" not in box and "not measured" not in box, box
    assert copy.is_file()
    # the site is gone, and the copy is recent: used without asking the site again
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    assert "as copied 0 min ago" in done.stderr, done.stderr
    assert "could not reach" not in done.stderr, done.stderr
    assert claim_box(clone)[0] == "published"
    # the site is gone and the copy is old: the copy still serves, its date shown
    fetched = copy.with_name("fetched.json")
    stale = json.loads(fetched.read_text())
    fetched.write_text(json.dumps(stale | {"at": stale["at"] - FRESH_FOR - 1}))
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    assert "could not reach" in done.stderr, done.stderr
    assert claim_box(clone)[0] == "published"
    # no copy, no site: neutral, no cross, and a link to the published figure
    shutil.rmtree(clone / DIRECTORY / "published")
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    state, box = claim_box(clone)
    assert state == "unmeasured" and "not measured in this build" in box, box
    assert not any(cross in box for cross in "✗✘×✕✖❌"), box
    assert f'<a href="{site.rstrip("/")}/#claim-' in box, box
    assert "the published figure</a>" in box, box


def test_a_figure_measured_here_wins_over_the_published_one(tmp_path: Path) -> None:
    """Where this build measured a claim, its own figure shows, passed or failed,
    and the page says so; a published figure of a program that changed since is
    not shown as this program's."""
    project = Project(ROOT)
    claim = project.claims["overlap-takes-longest-wait"]
    common = {"python": "3.11.7", "implementation": "CPython", "system": "Linux"}
    common |= {"cpus": 2, "repeats": 1, "low": 3.0, "high": 3.4, "attempts": 1}

    def figures(value: float, passed: bool, at: float) -> dict[str, Any]:
        return common | {
            "id": claim.id,
            "value": value,
            "figure": f"{value:.2f} s",
            "passed": passed,
            "measured_at": at,
            "seconds": {claim.snippet: value},
        }

    published = published_document(
        project,
        Measurements(
            claims={claim.id: figures(3.05, True, 1.7e9)}, runs={}, checked={}
        ),
        None,
    )

    def shown(local: dict[str, Any] | None) -> tuple[str, str]:
        mine = Measurements(
            claims={claim.id: local} if local else {}, runs={}, checked={}
        )
        html_ = "\n".join(render_claim(claim, mine.with_published(published, project)))
        return re.search(r'claim claim--(\w+)"', html_)[1], html_  # type: ignore[index]

    state, text = shown(None)
    assert state == "published" and "3.05 s" in text and "Published figure" in text
    state, text = shown(figures(3.2, True, 1.8e9))
    assert state == "passed" and "3.20 s" in text, text
    assert "Measured on" in text and "Published figure" not in text, text
    state, text = shown(figures(5.1, False, 1.8e9))
    assert state == "failed", text
    assert '<strong class="claim__figure">5.10 s</strong>' in text, text
    # the published figure is only among the earlier ones, folded away
    assert "<li><strong>3.05 s</strong>" in text, text
    # the program changed since it was published: its figure is not this program's
    changed = json.loads(json.dumps(published))
    changed["claims"][claim.id]["fingerprint"] = "0" * 16
    mine = Measurements(claims={}, runs={}, checked={})
    text = "\n".join(render_claim(claim, mine.with_published(changed, project)))
    assert "claim--unmeasured" in text and "earlier version" in text, text


# --- issue 32: a throwaway PostgreSQL server for the snippets that need one ---------


DATABASE_SNIPPET = """\
import asyncio
import os

import asyncpg


async def main() -> None:
    connection = await asyncpg.connect(os.environ["DATABASE_URL"], timeout=10)
    print(await connection.fetchval("SELECT 1 + 1"), os.environ["DATABASE_URL"])
    await connection.close()


asyncio.run(main())
"""


def needs_postgres() -> None:
    why = postgres.unavailable()
    if why:
        pytest.skip(f"no PostgreSQL here: {why}")


def test_a_snippet_that_needs_postgres_gets_one_shared_server(tmp_path: Path) -> None:
    needs_postgres()
    write(tmp_path, "snippets/demo/db.py", DATABASE_SNIPPET)
    settings = RunSettings(needs=("postgres",))
    runs = [run_snippet(tmp_path, "demo/db.py", settings) for _ in range(2)]
    for run in runs:
        check_run(run, settings)
    # the session's one server, on a socket in its own directory, for both runs
    assert {run.output for run in runs} == {f"2 {postgres.url()}\n"}
    assert "?host=/" in postgres.url()
    assert Path(postgres.url().split("host=")[1], "data").is_dir()


def postgres_processes(suite: str) -> list[str]:
    return [line for line in left_running(suite) if "postgres" in line]


def start_in_a_child(suite: str) -> tuple[subprocess.Popen[str], Path]:
    """A process that starts a cluster, says where, and waits."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nfrom measured import postgres\n"
            "print(postgres.url(), flush=True)\ntime.sleep(120)\n",
        ],
        cwd=ROOT,
        env={**os.environ, SUITE: suite, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    directory = Path(child.stdout.readline().strip().split("host=")[1])
    assert directory.is_dir() and postgres_processes(suite)
    return child, directory


def test_a_cluster_is_gone_after_ctrl_c_and_swept_after_a_kill() -> None:
    """Ctrl-C stops the server and removes its directory; a process killed outright
    cannot, and the next start (any process's) stops and removes what it left."""
    needs_postgres()
    suite = f"{suite_id()}-postgres-{os.getpid()}"
    child, directory = start_in_a_child(suite)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=60)
    assert not directory.exists()
    assert postgres_processes(suite) == []
    child, directory = start_in_a_child(suite)
    child.kill()
    child.wait(timeout=10)
    assert directory.exists() and postgres_processes(suite), "left by the kill"
    assert directory in postgres.sweep()
    assert not directory.exists()
    assert postgres_processes(suite) == []


def test_without_postgres_its_snippets_are_skipped_and_the_others_run_outside_ci(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    front = "snippets:\n  demo/db.py:\n    needs: [postgres]\n"
    body = '{{ run("demo/db.py") }}\n\n{{ run("demo/plain.py") }}\n'
    write(root, "docs/index.md", page(front, body))
    write(root, "snippets/demo/db.py", DATABASE_SNIPPET)
    write(root, "snippets/demo/db.out", "2\n")
    write(root, "snippets/demo/plain.py", 'print("plain")\n')
    write(root, "snippets/demo/plain.out", "plain\n")
    nowhere = tmp_path / "no-postgres-here"
    nowhere.mkdir()
    args = ("-n", "0", "tests/test_snippets.py", "-k", "demo")
    done = run_pytest(root, *args, env={postgres.PROGRAMS: str(nowhere)})
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout, done.stdout
    assert (
        "snippets/demo/db.py needs PostgreSQL: PostgreSQL's `initdb` and `pg_ctl` "
        f"are not found in {postgres.PROGRAMS}: install PostgreSQL's server"
    ) in " ".join(done.stdout.split()), done.stdout
    # in CI, which publishes these snippets' figures, the same is a failure
    done = run_pytest(root, *args, env={postgres.PROGRAMS: str(nowhere), "CI": "1"})
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed" in done.stdout, done.stdout


def test_the_guides_message_for_a_missing_postgres_is_real(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(postgres.PROGRAMS, raising=False)
    monkeypatch.setattr(postgres, "programs", lambda: None)
    shown = contributing_example("snippets/network/db_pool_waves.py needs PostgreSQL")
    assert (
        shown
        == f"snippets/network/db_pool_waves.py needs PostgreSQL: {postgres.unavailable()}"
    )
