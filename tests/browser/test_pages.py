"""Every page of the built site, as its one visit found it (`visits.py`): it loads
cleanly and is accessible, its first load is light, no program scrolls sideways,
its copy buttons copy exactly what they say, and on a phone its commands show whole
and its figures' labels are readable; screenshots of the key pages."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT, ROOT, without_figures

from browser.browsing import TRACED, Browser, browses, page_at, page_url, urls
from browser.visits import (
    FIGURE_URLS,
    KEY_PAGES,
    MIN_LABEL_PX,
    RUNNABLE,
    RUNNABLE_URL,
    Visit,
)
from measured.pyodide import EDITOR_SITE_PATH, SITE_DIRECTORY

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

MAX_FIRST_LOAD_KIB = 500
"""A page's first load, every request, uncompressed."""
TRACED_URL = page_url(
    next(
        (
            p.path
            for p in PROJECT.pages
            if any(m.name == "timeline" and m.argument == TRACED for m in p.markers)
        ),
        "docs/index.md",
    )
)


def showing_urls() -> list[str]:
    """The address of every page that shows a snippet."""
    return [page_url(page.path) for page in PROJECT.pages if page.shows]


def commands(shown: str) -> str:
    """The commands of a console block, as a reader pastes them: its `$ ` lines
    without the prompt, and none of the output."""
    return "\n".join(
        line.removeprefix("$ ") for line in shown.splitlines() if line.startswith("$ ")
    )


# --- every page ---------------------------------------------------------------------


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_page_loads_cleanly_and_is_accessible(browser: Browser, url: str) -> None:
    """No console error, no failed request, no request to another host, and no
    serious or critical accessibility violation (axe-core)."""
    found: Visit = browser.result("visit", url)
    assert not found.errors, f"{url}: console errors: {found.errors}"
    assert not found.failed, f"{url}: failed requests: {found.failed}"
    foreign = [
        r
        for r in found.requests
        if urlsplit(r).hostname != "127.0.0.1" and not r.startswith("data:")
    ]
    assert not foreign, f"{url}: requests to third-party hosts: {foreign}"
    assert not found.violations, f"{url}:\n" + "\n".join(found.violations)


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_first_load_is_light(browser: Browser, url: str) -> None:
    """Every request of a page's first load, uncompressed, adds up to at most
    `MAX_FIRST_LOAD_KIB` (the search index loads only when a reader searches, and
    the Run buttons' module and Python only on a click)."""
    found: Visit = browser.result("visit", url)
    early = [
        r
        for r in found.requests
        if "run-here" in r or SITE_DIRECTORY in r or EDITOR_SITE_PATH in r
    ]
    assert not early, f"/{url}: loaded before any click: {early}"
    assert found.bytes <= MAX_FIRST_LOAD_KIB * 1024, (
        f"/{url}: first load is {found.bytes / 1024:.0f} KiB in "
        f"{len(found.requests)} requests, over {MAX_FIRST_LOAD_KIB} KiB"
    )


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_no_program_scrolls_sideways_at_1280_px(browser: Browser, url: str) -> None:
    found: Visit = browser.result("visit", url)
    assert not found.scrolling, (
        f"/{url} at 1280 px: these programs scroll sideways (scrollWidth > "
        f"clientWidth): {found.scrolling}"
    )


# each page's checks read that page's visit alone, so that `--shard` can deal the
# visits out (a test reading every visit would start them all in its share)
@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", showing_urls())
def test_copy_buttons_copy_exactly_the_snippet(browser: Browser, url: str) -> None:
    copies = browser.result("visit", url).copies
    assert copies, f"/{url}: no snippet's copy button found"
    for snippet, copied in copies:
        # byte for byte, the final newline too: a pasted file is the file
        expected = (ROOT / "snippets" / snippet).read_text()
        assert copied == expected, f"{url}: copying {snippet}"


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", showing_urls())
def test_copying_a_console_block_gives_only_its_commands(
    browser: Browser, url: str
) -> None:
    """The copy button of a console block copies its commands without `$ ` and
    without output lines, and each snippet's command is one of them."""
    problems = []
    checked = 0
    info = page_at(url)
    found: Visit = browser.result("visit", url)
    copied_here = set()
    for shown, copied in found.consoles:
        if copied is None:
            continue
        checked += 1
        copied_here.add(copied)
        if not commands(shown) or copied != commands(shown):
            problems.append(
                f"/{url}: copying the console block {shown!r} gave {copied!r}, "
                f"not {commands(shown)!r}"
            )
    for snippet in info.shows:
        command = PROJECT.settings(snippet).command(snippet)
        if command not in copied_here:
            problems.append(
                f"/{url}: no console block copies the command of "
                f"snippets/{snippet}, {command!r} (copied: {sorted(copied_here)})"
            )
    assert checked, "no console block has a copy button"
    assert not problems, "\n".join(problems)


@browses(lambda: [("visit", RUNNABLE_URL)])
def test_a_copied_command_runs(browser: Browser) -> None:
    """The command copied from the page, pasted into a shell at the repository's
    root (with the project's environment active), runs the snippet."""
    command = PROJECT.settings(RUNNABLE).command(RUNNABLE)
    found: Visit = browser.result("visit", RUNNABLE_URL)
    copied = [c for _, c in found.consoles if c and RUNNABLE in c]
    assert copied, f"/{RUNNABLE_URL}: no console block copies {command!r}"
    assert found.pasted == copied[0], (
        f"/{RUNNABLE_URL}: the clipboard holds {found.pasted!r} after a click on "
        f"the copy button, not {copied[0]!r}"
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        copied[0],
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, (
        f"`{copied[0]}` exited with {done.returncode}:\n{done.stdout}{done.stderr}"
    )


# --- phones ---------------------------------------------------------------------------


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", FIGURE_URLS)
def test_figure_labels_are_readable_at_390_px(browser: Browser, url: str) -> None:
    figures = browser.result("visit", url).phone_labels
    drawn = [f for f in figures if f["labels"]]
    if not drawn:
        without_figures(f"/{url}: no chart or timeline drawn in this build (make test)")
    small = [f for f in drawn if f["small"]]
    assert not small, (
        f"/{url} at 390 px: text under {MIN_LABEL_PX} px as rendered: {small}"
    )


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_commands_show_whole_on_a_phone(browser: Browser, url: str) -> None:
    """At 390 px each command to type shows whole: it wraps instead of scrolling,
    and no character of it lies under the copy button."""
    cut = browser.result("visit", url).phone_commands
    assert not cut, f"/{url} at 390 px: {cut}"


@browses(lambda: [("visit", TRACED_URL)])
def test_a_timeline_is_drawn_for_the_phone_check(browser: Browser) -> None:
    """The label check above has at least the traced timeline to measure."""
    figures = browser.result("visit", TRACED_URL).phone_labels
    assert any(f["figure"].startswith("timeline-") and f["labels"] for f in figures)


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", KEY_PAGES)
def test_screenshot_of_a_key_page(browser: Browser, url: str) -> None:
    """The screenshot is the whole page, and shows something: as wide and as tall
    as the page was, with many different rows of pixels (a blank or cut-off page
    has few)."""
    visit = browser.result("visit", url)
    assert visit.screenshot is not None, f"/{url}: no screenshot"
    width, height, rows = png_rows(visit.screenshot)
    assert (width, height) == visit.page_size, (url, (width, height), visit.page_size)
    assert rows >= height // 10, f"/{url}: {rows} different rows of {height}"


def png_rows(path: Path) -> tuple[int, int, int]:
    """A PNG's width, height and number of different rows of pixels (as stored,
    after the PNG's per-row filter)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    header = next(body for kind, body in chunks if kind == b"IHDR")
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour] * depth // 8
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = 1 + width * channels
    rows = {pixels[i : i + stride] for i in range(0, len(pixels), stride)}
    return width, height, len(rows)


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_copy_buttons_say_what_they_copy(browser: Browser, url: str) -> None:
    """A program's copy button is labelled "Copy <file name>", a console block's
    "Copy command (<the program it runs>)" (or "commands"), any other "Copy code"."""
    problems = []
    for button in browser.result("visit", url).copy_labels:
        label = button["label"] or ""
        if button["title"]:
            right = label == f"Copy {button['title'].split('/')[-1]}"
        elif button["console"]:
            right = (
                re.fullmatch(r"Copy commands?( \([\w.-]+\.py\))?", label) is not None
            )
        else:
            right = label == "Copy code"
        if not right:
            problems.append(f"{button}: labelled {label!r}")
    assert not problems, f"/{url}:\n" + "\n".join(problems)
