"""Pages, snippets, recordings, claims and the navigation agree; the code is clean."""

from __future__ import annotations

import collections
import dataclasses
import re
import subprocess
import sys
from typing import Any

import pytest
from conftest import PRIMARY, PROJECT, ROOT
from mkdocs.config import load_config

from measured.pyodide import decide
from measured.runner import run_snippet
from measured.safety import check_snippets

LINTED = ["snippets", "measured", "tests", "conftest.py"]

pytestmark = pytest.mark.page("*")


def shown_programs() -> list[str]:
    """Every snippet a page shows that exists: a marker for a missing one is the
    agreement test's to report, with the page's line."""
    shown = {snippet for page in PROJECT.pages for snippet in page.shows}
    return sorted(s for s in shown if (ROOT / "snippets" / s).is_file())


def nav_pages() -> list[str]:
    """Every page named in the `nav:` of mkdocs.yml, relative to `docs/`."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(entry: object) -> None:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for value in entry:
                walk(value)

    walk(config["nav"])
    return found


def test_pages_snippets_and_claims_agree() -> None:
    problems = [str(problem) for problem in PROJECT.problems(nav_pages())]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *LINTED],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_code_is_ruff_clean() -> None:
    done = ruff("check", "--no-fix", "--output-format", "concise")
    if done.returncode:
        pytest.fail(
            f"ruff check found problems:\n{done.stdout}{done.stderr}", pytrace=False
        )


def test_code_is_ruff_formatted() -> None:
    done = ruff("format", "--check", "--diff")
    if done.returncode:
        pytest.fail(
            "ruff format would change these files (run `.venv/bin/ruff format`):\n"
            f"{done.stdout}{done.stderr}",
            pytrace=False,
        )


def test_snippets_are_safe_to_copy() -> None:
    on_purpose = [name for name in PROJECT.snippets() if PROJECT.settings(name).unsafe]
    problems = [str(problem) for problem in check_snippets(ROOT, on_purpose)]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_workflows_are_valid() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow under .github/workflows"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *workflows,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.fail(f"invalid workflow:\n{done.stdout}{done.stderr}", pytrace=False)


def test_the_asyncio_reference_lists_every_name_the_guide_uses() -> None:
    """Each `asyncio.X` a reader meets, in a page's inline code or in a snippet, has
    an entry on the reference page, and each entry links to its docs.python.org
    entry. Modules (`asyncio.subprocess`) and file names are not names to look up."""
    import asyncio
    import re
    import types

    from measured.render import API_ENTRY, API_PAGE

    reference = (ROOT / API_PAGE).read_text()
    entries = set(API_ENTRY.findall(reference))
    used: dict[str, str] = {}
    pages = [p for p in (ROOT / "docs").rglob("*.md") if "contributing" not in p.parts]
    for path in pages:
        for name in re.findall(r"`(asyncio\.[A-Za-z_]\w*)", path.read_text()):
            used.setdefault(name, path.relative_to(ROOT).as_posix())
    for path in (ROOT / "snippets").rglob("*.py"):
        for name in re.findall(
            r"(?<![\w.])(asyncio\.[A-Za-z_]\w*)\b", path.read_text()
        ):
            used.setdefault(name, path.relative_to(ROOT).as_posix())
    missing = [
        f"{name} (used in {where})"
        for name, where in sorted(used.items())
        if name not in entries
        and name != "asyncio.py"
        and not isinstance(getattr(asyncio, name.split(".")[1], None), types.ModuleType)
    ]
    assert not missing, f"{API_PAGE} has no entry for: " + ", ".join(missing)
    blocks = re.split(r"^(?=::: |#{2,6} .*\{ *#asyncio)", reference, flags=re.M)
    unlinked = [
        API_ENTRY.findall(block)[0]
        for block in blocks
        if API_ENTRY.findall(block) and "https://docs.python.org/" not in block
    ]
    assert not unlinked, f"{API_PAGE}: no docs.python.org link under " + ", ".join(
        unlinked
    )


def test_the_docs_python_org_map_is_the_python_inventorys() -> None:
    """The map that links inline names to docs.python.org
    (`measured/assets/python-docs.txt`) is exactly what `python -m
    measured.python_docs` makes from Python's own Sphinx inventory, kept beside it:
    no entry typed by hand, and every address one the Python docs define. Each
    address a page writes by hand to a name of a module the map covers is the
    map's address for that name, and a hand-written link on a name the map holds
    goes where the name links by itself (not to a section about it)."""
    from measured.python_docs import (
        DOCS,
        MAP,
        SOURCE,
        address,
        addresses,
        covered,
        make_map,
    )

    assert MAP.read_text() == make_map(SOURCE.read_bytes()), (
        f"{MAP.relative_to(ROOT)} differs from what {SOURCE.relative_to(ROOT)} gives; "
        "run `python -m measured.python_docs`"
    )
    known = set(addresses().values())
    assert f"{DOCS}library/asyncio-task.html#asyncio.TaskGroup" in known
    assert f"{DOCS}library/asyncio-eventloop.html#asyncio.loop.run_in_executor" in known
    written = re.compile(
        r"https://docs\.python\.org/3(?:\.\d+)?/(library/[\w.-]+\.html)#([\w.]+)"
    )
    wrong = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in written.finditer(line):
                if covered(match[2]) and f"{DOCS}{match[1]}#{match[2]}" not in known:
                    where = f"{path.relative_to(ROOT)}:{number}"
                    wrong.append(f"{where}: {match[0]} is no entry of the Python docs")
            for match in NAME_LINK.finditer(line):
                own = address(match["name"])
                if own and own.split("#")[1] != match["anchor"]:
                    where = f"{path.relative_to(ROOT)}:{number}"
                    wrong.append(
                        f"{where}: `{match['name']}` links to #{match['anchor']}; "
                        f"the name links to {own} everywhere else"
                    )
    assert not wrong, "\n".join(wrong)


NAME_LINK = re.compile(
    r"\[`(?P<name>[\w.]+(?:\(\))?)`\]"
    r"\(https://docs\.python\.org/3(?:\.\d+)?/library/[\w.-]+\.html#(?P<anchor>[\w.-]+)\)"
)
"""A hand-written link on a code name to docs.python.org: [`name`](address#anchor)."""


PHONE_COLUMNS = 39
"""The columns of a snippet's code block a 390 px wide phone shows without
scrolling: its code is 358 px wide, less 16 px of padding each side, in characters
8.18 px wide (13.6 px monospace), measured in Chromium."""

LESSON = re.compile(
    r"#\s*(?:the mistake|the fix|the bug|the trap|wrong)\b|#.*: the (?:mistake|fix|bug|trap)\b"
)
"""The start of a lesson comment: the line a snippet is about, marked for the reader."""


def test_lesson_comments_fit_a_phone() -> None:
    """In every snippet a page shows, each lesson comment (`# the mistake: ...`,
    `# wrong: ...`) stands on its own line(s) above the code it explains, and no line
    of it reaches past what a phone shows: on the right of a long statement, or
    long itself, it would be cut off."""
    import io
    import tokenize

    wrong = []
    for snippet in shown_programs():
        text = (ROOT / "snippets" / snippet).read_text()
        lines = text.splitlines()
        lesson_rows: set[int] = set()
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            row, column = token.start
            alone = not lines[row - 1][:column].strip()
            # a lesson comment, or the next line of one
            if LESSON.match(token.string) or (alone and row - 1 in lesson_rows):
                lesson_rows.add(row)
                where = f"snippets/{snippet}:{row}"
                if not alone:
                    wrong.append(
                        f"{where}: put the lesson comment on its own line above"
                    )
                elif column + len(token.string) > PHONE_COLUMNS:
                    wrong.append(
                        f"{where}: the lesson comment reaches column "
                        f"{column + len(token.string)}; a phone shows {PHONE_COLUMNS}"
                    )
    assert not wrong, "\n".join(wrong)


IDENTIFIER = re.compile(
    r"(?<![\w`.])((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:\([^()\s]*\)|=\w+)"
    r"|(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*|[A-Za-z]\w*_\w+)(?![\w`])"
)
"""A name from code in running text: dotted (`asyncio.sleep`), called (`wait()`),
given a value (`return_exceptions=True`), or with an underscore (`to_thread`)."""


def test_claims_set_identifiers_as_code() -> None:
    """A claim's sentence, on its page and in the claims index, sets every name from
    code as code: read as prose, `to_thread` loses its underscore under a link's
    underline, and `gather` reads as a word."""
    bare = {
        claim.id: found
        for claim in PROJECT.claims.values()
        if (found := IDENTIFIER.findall(re.sub(r"`[^`]*`", "", claim.says)))
    }
    assert not bare, (
        "claims whose sentence names code outside backticks:\n"
        + "\n".join(
            f"  {PROJECT.claims[ident].page}: {ident}: {', '.join(names)}"
            for ident, names in bare.items()
        )
    )


RUN_WITH = re.compile(r"\brun with ((?:[^.]|\.(?=\d))+)\.", re.IGNORECASE)
"""A page's "The programs below were run with httpx 0.28.1 and aiohttp 3.14.5." (the
sentence may span lines; a dot inside a version does not end it)."""
NAME_VERSION = re.compile(r"([A-Za-z][\w-]*) (\d+(?:\.\d+)+)|\((\d+(?:\.\d+)+) on\b")


def test_the_versions_a_page_names_are_the_locked_ones() -> None:
    """A page that says which versions its programs were run with names versions
    requirements.lock installs (a version a page types by hand goes stale when the
    lock moves; `make lock`, then the page)."""
    locked: dict[str, set[str]] = {}
    for name, version in re.findall(
        r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.lock").read_text(), re.M
    ):
        locked.setdefault(name.lower().replace("_", "-"), set()).add(version)
    problems, seen = [], 0
    for page in PROJECT.pages:
        text = (ROOT / page.path).read_text()
        for sentence in RUN_WITH.finditer(text):
            line = text.count("\n", 0, sentence.start()) + 1
            last = None
            for name, version, bare in NAME_VERSION.findall(sentence[1]):
                if name.lower() == "python":
                    continue
                name, version = (name.lower(), version) if name else (last, bare)
                last = name
                seen += 1
                found = locked.get(str(name), set())
                if not any(v == version or v.startswith(version + ".") for v in found):
                    problems.append(
                        f"{page.path}:{line}: says {name} {version}; "
                        f"requirements.lock has {', '.join(sorted(found)) or 'no ' + str(name)}"
                    )
    assert seen, "no page says which versions its programs were run with"
    assert not problems, "\n".join(problems)


LINE_NUMBER = re.compile(r"\bline,? (\d+)\b")
"""A line number the prose of a page names: "paused at line 15", "its own line, 32"."""


def test_line_numbers_in_prose_are_in_the_recorded_output() -> None:
    """A line number a page's text names ("`read_reply` at line 7") is one that
    the recorded output of a snippet the page shows prints for that snippet's own
    file, as `line 7` or `name:7`: when a snippet gains a line, the text that points
    into its traceback must change with it."""
    wrong = []
    for page in PROJECT.pages:
        if page.path.startswith("docs/contributing/"):
            continue
        printed = []
        for snippet in page.shows:
            stem = snippet.removesuffix(".py")
            name = stem.rsplit("/", 1)[-1]
            for out in (ROOT / "snippets").glob(stem + ".*out"):
                printed += [
                    line
                    for line in out.read_text().splitlines()
                    if f"{name}.py" in line or re.search(r"\w:\d+\b", line)
                ]
        text = (ROOT / page.path).read_text()
        for number, line in enumerate(text.splitlines(), start=1):
            for match in LINE_NUMBER.finditer(line):
                n = match[1]
                if not any(re.search(rf"\bline {n}\b|\w:{n}\b", p) for p in printed):
                    wrong.append(
                        f"{page.path}:{number}: names line {n}, which no recorded "
                        "output of the page's snippets prints for the snippet's file"
                    )
    assert not wrong, "\n".join(wrong)


def test_every_snippet_on_a_page_gets_a_verdict_with_a_reason() -> None:
    """Each program without a Run button says why, and the reason points at the
    program's own code: a name it quotes is on the line it gives, or, without a
    line, in the program (the module it imports). The seed is runnable."""
    kinds: collections.Counter[str] = collections.Counter()
    wrong = []
    for snippet in shown_programs():
        verdict = decide(ROOT, snippet, PROJECT.settings(snippet))
        kinds[verdict.kind or "runnable"] += 1
        if verdict.runnable:
            continue
        source = (ROOT / "snippets" / snippet).read_text()
        where = source.splitlines()[verdict.line - 1] if verdict.line else source
        if PROJECT.settings(snippet).mypy:
            where += "\nmypy"  # its command is mypy's check of it
        named = re.findall(r"`([^`]+)`", verdict.reason)
        if not verdict.reason or any(name not in where for name in named):
            wrong.append(f"snippets/{snippet}:{verdict.line}: {verdict.reason!r}")
        elif verdict.line and not named:
            wrong.append(
                f"snippets/{snippet}:{verdict.line}: names nothing on its line"
            )
    assert not wrong, "\n".join(wrong)
    assert decide(
        ROOT, "basics/overlap.py", PROJECT.settings("basics/overlap.py")
    ).runnable
    assert kinds["runnable"] > 0, kinds


def programs_beside_a_mypy_report() -> list[Any]:
    """Each snippet run as a program on a page that also shows mypy's report of
    another: such a page teaches types, so its programs pass `mypy --strict` too."""
    pages = PROJECT.pages_showing()
    typing_pages = {
        page
        for snippet, shown in pages.items()
        if PROJECT.settings(snippet).mypy
        for page in shown
    }
    return [
        pytest.param(
            snippet,
            id=snippet,
            marks=[pytest.mark.page(page) for page in beside],
        )
        for snippet, shown in sorted(pages.items())
        if (beside := sorted(typing_pages.intersection(shown)))
        and not PROJECT.settings(snippet).mypy
    ]


@pytest.mark.parametrize("snippet", programs_beside_a_mypy_report())
def test_a_program_beside_a_mypy_report_passes_mypy_strict(snippet: str) -> None:
    settings = dataclasses.replace(PROJECT.settings(snippet), mypy=True, exit_code=0)
    run = run_snippet(ROOT, snippet, settings, PRIMARY.path)
    assert run.output == "Success: no issues found in 1 source file\n", (
        f"snippets/{snippet}: its page shows what mypy reports, so the programs it "
        f"runs must pass `python -m mypy --strict snippets/{snippet}`, which said:\n"
        f"{run.output}{run.stderr}"
    )
