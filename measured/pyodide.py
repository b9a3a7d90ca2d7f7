"""Which snippets can run in a reader's browser, on Pyodide (CPython on WebAssembly).

A program runs there when it only computes a little and waits: Pyodide's asyncio runs
on the browser's own event loop (in a worker, off the page's thread), so
`asyncio.sleep`, tasks, `gather`, `TaskGroup`, queues and timeouts behave as in a
terminal, and the page's driver (`docs/javascripts/run-here-worker.mjs`) makes
`time.sleep` hold the thread and the loop for its full time, as in a terminal. What a browser page cannot do is start
a thread or a process, open a socket, receive a signal, or read files beside the
program; and the site ships only the standard library.

The decision reads the snippet's syntax tree (its imports and the names it uses) and
its run settings; it never runs the program. The first reason found is the one
given, in words a reader understands, with a short `kind` to count by.

The build copies Pyodide's core files ([`CORE_FILES`][measured.pyodide.CORE_FILES]),
pinned by `package.json` and `package-lock.json` and installed by `npm ci` into
`node_modules/pyodide/`, into the site; without them, no page shows a Run button.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

from measured.interpreters import version_key
from measured.recordings import oldest_version, recording_path
from measured.settings import RunSettings

VERSION = "314.0.8"
"""The Pyodide release the site ships, pinned in `package.json`."""
PYTHON = "3.14"
"""The Python that Pyodide `VERSION` is."""
CORE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""What `loadPyodide()` fetches to start, with no package beyond the standard library."""
FETCHED = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
"""The core files Pyodide gets with `fetch()`: the page counts their bytes while
Python loads, and keeps them in the browser's Cache Storage for later visits."""
EDITOR = Path("node_modules") / ".run-here" / "editor.mjs"
"""The Run buttons' code editor (CodeMirror, from `editor/editor.mjs`), bundled by
`make install`; without it the editor is a plain textarea."""
EDITOR_SITE_PATH = "assets/editor/editor.mjs"
"""Where the build copies it, under the site root."""
INSTALLED = Path("node_modules") / "pyodide"
"""Where `npm ci` puts them, under the repository root."""
SITE_DIRECTORY = "assets/pyodide"
"""Where the build copies them, under the site root."""

MODULES = {
    "threading": ("threads", "starts a thread (`threading`)"),
    "_thread": ("threads", "starts a thread (`_thread`)"),
    "multiprocessing": ("processes", "starts processes (`multiprocessing`)"),
    "subprocess": ("processes", "starts a process (`subprocess`)"),
    "socket": ("network", "opens a socket (`socket`)"),
    "ssl": ("network", "uses TLS (`ssl`)"),
    "selectors": ("network", "waits on sockets (`selectors`)"),
    "http": ("network", "uses the network (`http`)"),
    "urllib": ("network", "uses the network (`urllib`)"),
    "signal": ("signals", "handles signals (`signal`)"),
    "unittest": ("tests", "runs tests (`unittest`)"),
}
"""Standard-library modules a browser page cannot use, by top-level name."""

DEBUG_MODE = (
    "runs the event loop in debug mode ({}), whose reports a browser's event loop "
    "does not make"
)
"""Why a program in asyncio's debug mode has no Run button: `{}` is how it asks."""
NAMES = {
    "ThreadPoolExecutor": ("threads", "starts a thread pool (`ThreadPoolExecutor`)"),
    "to_thread": ("threads", "runs a function in a thread (`asyncio.to_thread`)"),
    "run_in_executor": ("threads", "runs a function in a pool (`run_in_executor`)"),
    "run_coroutine_threadsafe": (
        "threads",
        "hands work between threads (`run_coroutine_threadsafe`)",
    ),
    "ProcessPoolExecutor": ("processes", "starts processes (`ProcessPoolExecutor`)"),
    "InterpreterPoolExecutor": (
        "processes",
        "starts interpreters in threads (`InterpreterPoolExecutor`)",
    ),
    "create_subprocess_exec": (
        "processes",
        "starts a process (`create_subprocess_exec`)",
    ),
    "create_subprocess_shell": (
        "processes",
        "starts a process (`create_subprocess_shell`)",
    ),
    "open_connection": ("network", "opens a connection (`open_connection`)"),
    "start_server": ("network", "starts a server (`start_server`)"),
    "create_connection": ("network", "opens a connection (`create_connection`)"),
    "create_server": ("network", "starts a server (`create_server`)"),
    "open_unix_connection": ("network", "opens a connection (`open_unix_connection`)"),
    "start_unix_server": ("network", "starts a server (`start_unix_server`)"),
    "create_datagram_endpoint": (
        "network",
        "opens a socket (`create_datagram_endpoint`)",
    ),
    "add_signal_handler": ("signals", "handles signals (`add_signal_handler`)"),
    "new_event_loop": ("loops", "makes an event loop of its own (`new_event_loop`)"),
    "get_event_loop": (
        "loops",
        "asks for an event loop outside one (`get_event_loop`)",
    ),
    "set_event_loop": ("loops", "sets an event loop of its own (`set_event_loop`)"),
    "Runner": ("loops", "makes event loops of its own (`asyncio.Runner`)"),
    "run_until_complete": (
        "loops",
        "drives an event loop itself (`run_until_complete`)",
    ),
    "set_debug": ("debug", DEBUG_MODE.format("`set_debug`")),
    "__file__": ("files", "reads files beside it (`__file__`)"),
    "input": ("stdin", "reads the keyboard (`input`)"),
    "stdin": ("stdin", "reads the keyboard (`sys.stdin`)"),
}
"""Names (a function, an attribute, an imported name) a browser page cannot use."""


@dataclass(frozen=True)
class Verdict:
    """Whether a snippet can run in a browser, and if not, why.

    Attributes:
        runnable: It can: its page shows a Run button.
        kind: Why not, in one word to count by (`threads`, `third-party`, ...).
        reason: Why not, as a reader would read it.
        line: The snippet's line that decided it, where one did.
    """

    runnable: bool
    kind: str = ""
    reason: str = ""
    line: int | None = None


RUNNABLE = Verdict(True)


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else ""


def _top_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module.split(".")[0]] if node.module and not node.level else []
    return [alias.name.split(".")[0] for alias in node.names]


def _false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and not node.value


def _is_asyncio_run(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "run"
        and _name(node.func.value) == "asyncio"
    )


def _extra_runs(tree: ast.Module) -> list[tuple[int, str, str]]:
    """Each `asyncio.run` beyond the one under `if __name__ == "__main__":` (or, in a
    program without that guard, its one top-level call): a page has one event loop,
    the browser's, so a second loop cannot start there."""
    guarded = [
        call
        for statement in tree.body
        if isinstance(statement, ast.If) and "__main__" in ast.unparse(statement.test)
        for call in ast.walk(statement)
        if _is_asyncio_run(call)
    ]
    # without that guard, the program's one top-level `asyncio.run(main())`
    top = [
        statement.value
        for statement in tree.body
        if isinstance(statement, ast.Expr) and _is_asyncio_run(statement.value)
    ]
    calls = [node for node in ast.walk(tree) if _is_asyncio_run(node)]
    extra = [call for call in calls if call not in (guarded or top)[:1]]
    return [
        (call.lineno, "loops", "starts a second event loop (`asyncio.run` again)")
        for call in extra
    ]


def read(source: str, filename: str = "<snippet>") -> Verdict:
    """Whether a program, by its text alone, can run in a browser.

    >>> read("import asyncio\\nasyncio.run(asyncio.sleep(0))").runnable
    True
    >>> read("import asyncio\\nasyncio.run(asyncio.to_thread(print))").reason
    'runs a function in a thread (`asyncio.to_thread`)'
    >>> read("async def start_server():\\n    pass\\n\\nstart_server()").runnable
    True
    """
    tree = ast.parse(source, filename=filename)
    # a name the program defines itself (`async def start_server(): ...`) is its own,
    # not the library's
    own = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        names: list[str] = []
        if isinstance(node, ast.Import | ast.ImportFrom):
            for module in _top_modules(node):
                if module not in sys.stdlib_module_names:
                    found.append(
                        (
                            line,
                            "third-party",
                            f"imports `{module}`, not in the standard library",
                        )
                    )
                elif module in MODULES:
                    found.append((line, *MODULES[module]))
            if isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.Name) and node.id not in own:
            names = [node.id]
        elif _is_asyncio_run(node) and any(
            k.arg == "debug" and not _false(k.value)
            for k in node.keywords  # type: ignore[attr-defined]
        ):
            found.append((line, "debug", DEBUG_MODE.format("`debug=True`")))
        found.extend((line, *NAMES[name]) for name in names if name in NAMES)
    found.extend(_extra_runs(tree))
    if not found:
        return RUNNABLE
    line, kind, reason = min(found)
    return Verdict(False, kind, reason, line)


def decide(root: Path, snippet: str, settings: RunSettings) -> Verdict:
    """Whether `snippets/<snippet>`, run as its settings say, can run in a browser.

    Settings that a browser page cannot honour come first: a program run under
    pytest, one that needs a package, a signal, interpreter flags or environment
    variables, and a CPU-bound one (it would hold the page's only thread, and its
    times are those of a core to itself). Then the program's text decides.
    """
    if settings.pytest:
        return Verdict(False, "tests", "runs under pytest")
    if settings.python and version_key(settings.python) > version_key(PYTHON):
        return Verdict(
            False, "newer", f"needs Python {settings.python}; this page runs {PYTHON}"
        )
    if settings.requires:
        names = ", ".join(f"`{name}`" for name in settings.requires)
        return Verdict(
            False, "third-party", f"needs {names}, not in the standard library"
        )
    if settings.signal:
        return Verdict(False, "signals", f"is sent {settings.signal}")
    if settings.flags or settings.env:
        return Verdict(
            False, "flags", "needs interpreter flags or environment variables"
        )
    if settings.browser:
        return Verdict(False, "differs", settings.browser)
    if settings.exit_code_on(PYTHON):
        return Verdict(
            False,
            "traceback",
            "ends with a traceback, which in a browser passes through Pyodide's own "
            "event loop",
        )
    if settings.alone:
        return Verdict(
            False,
            "cpu-bound",
            "computes, and its times are those of a core of its own",
        )
    path = root / "snippets" / snippet
    if not path.is_file():  # the page that shows it is named by the project's checks
        return Verdict(False, "missing", "its file does not exist")
    return read(path.read_text(), f"snippets/{snippet}")


def recording_for_browser(root: Path, snippet: str, settings: RunSettings) -> Path:
    """The recording a run on Pyodide's Python is compared with: the one a run on
    CPython `PYTHON` is compared with (its own recording, or the shared one)."""
    own = recording_path(root, snippet, PYTHON)
    if oldest_version(settings) != PYTHON and own.is_file():
        return own
    return recording_path(root, snippet)


def core_files(root: Path) -> Path | None:
    """The folder holding Pyodide's core files, or None where one is missing
    (npm not installed, or `npm ci` not run)."""
    folder = root / INSTALLED
    if all((folder / name).is_file() for name in CORE_FILES):
        return folder
    return None


def main() -> None:
    """`python -m measured.pyodide`: each snippet a page shows that a browser cannot
    run, with its reason, then the count of each kind."""
    from collections import Counter

    from measured.project import Project

    project = Project(Path.cwd())
    kinds: Counter[str] = Counter()
    for snippet in sorted({s for page in project.pages for s in page.shows}):
        verdict = decide(project.root, snippet, project.settings(snippet))
        kinds[verdict.kind or "runnable"] += 1
        if not verdict.runnable:
            line = f":{verdict.line}" if verdict.line else ""
            print(f"snippets/{snippet}{line}: {verdict.reason} [{verdict.kind}]")
    print(", ".join(f"{kind}: {count}" for kind, count in kinds.most_common()))


if __name__ == "__main__":
    main()
