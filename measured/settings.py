"""How one snippet runs: the `snippets:` map of a page's front matter, read once.

A page declares how each snippet it shows runs, and every part of the harness reads
that declaration through [`RunSettings`][measured.settings.RunSettings]: the runner
(flags, environment, timeout), the recordings (tolerance on printed times,
normalization) and the measuring engine (which snippets need the CPU alone).
"""

from __future__ import annotations

import difflib
import re
import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measured.errors import ContributorError
from measured.interpreters import version_key

DEFAULT_TIMEOUT = 30.0
"""Seconds a snippet may run before it is killed, unless its settings say otherwise."""

DEFAULT_TOLERANCE = 0.4
"""Seconds a time printed by a snippet may come out later than its recording says.

Load only ever makes a program later. 0.4 s is the margin most claims give a program
over its physical floor (start-up and scheduling), so a printed time is held to the
same standard as a measured one."""


def did_you_mean(wrong: Any, known: Any) -> str:
    """` (did you mean 'timeout'?)` for a misspelled name, or nothing."""
    words = [wrong] if isinstance(wrong, str) else list(wrong)
    close = [
        match
        for word in words
        for match in difflib.get_close_matches(str(word), sorted(known), n=1)
    ]
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""


def key_line(data: Any, key: Any, line: int | None) -> int | None:
    """The page line of `key` in a front-matter mapping whose first line is the page's
    `line`, so a mistake points at its key, not at the mapping's first line.

    [`measured.project`][] reads front matter with a loader that notes the line of
    each mapping and of each of its keys; other mappings keep `line`."""
    lines = getattr(data, "key_lines", {})
    if line is None or key not in lines or not getattr(data, "line", 0):
        return line
    return line + lines[key] - data.line


def installed_nowhere(snippet: str, modules: Sequence[str], *, ci: bool = False) -> str:
    """What a contributor is told when the `requires:` of `snippet` names modules that
    no Python found here has installed: a misspelling, or a package never added. The
    suite fails on it in CI (`CI` set) and warns locally, then skips the snippet and
    its claims."""
    names = ", ".join(f"`{module}`" for module in modules)
    return (
        f"snippets/{snippet}: its `requires:` names {names}, which no Python here has "
        "installed, "
        + (
            "and in CI (`CI` set) that fails the run, since every snippet must run; "
            if ci
            else "so the snippet and its claims are skipped; "
        )
        + "correct the name, or "
        "add the package to `dependencies` in pyproject.toml and run `make lock` and "
        "`make install`"
    )


MISSING_MODULE = re.compile(r"ModuleNotFoundError: No module named '([\w.]+)'")


def missing_module_hint(snippet: str, stderr: str) -> str:
    """Where a snippet's run failed with `ModuleNotFoundError`, how to declare the
    package (to add to the message of the failed run), else nothing."""
    match = MISSING_MODULE.search(stderr)
    if not match:
        return ""
    module = match[1].split(".")[0]
    return (
        f"`{module}` is not installed for this Python. If the snippet needs a package "
        "from outside the standard library, add it to `dependencies` in pyproject.toml "
        "(then `make lock` and `make install`), and declare it in its page's "
        f'`snippets:` settings ({snippet}: {{requires: ["{module}"]}}), so a Python '
        "without it skips the snippet and says why."
    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _scalar(value: Any) -> bool:
    return isinstance(value, str) or _number(value)


SETTING_TYPES: dict[str, tuple[str, Any]] = {
    "timeout": ("a number of seconds, such as 60", _number),
    "flags": ('a list of strings, such as ["-X", "dev"]', _strings),
    "env": (
        'a mapping of names to values, such as {PYTHONASYNCIODEBUG: "1"}',
        lambda v: isinstance(v, Mapping) and all(_scalar(x) for x in v.values()),
    ),
    "exit_code": (
        'a whole number, such as 1, or one from each version on, such as {"3.11": 1, "3.15": 0}',
        lambda v: (
            type(v) is int
            or (
                isinstance(v, Mapping)
                and bool(v)
                and all(isinstance(k, str) and type(c) is int for k, c in v.items())
            )
        ),
    ),
    "stderr": ("true or false", lambda v: isinstance(v, bool)),
    "alone": ("true or false", lambda v: isinstance(v, bool)),
    "python": ('a quoted version, such as "3.12"', lambda v: isinstance(v, str)),
    "pytest": ("true or false", lambda v: isinstance(v, bool)),
    "mypy": ("true or false", lambda v: isinstance(v, bool)),
    "signal": ("a signal name, such as SIGINT", lambda v: isinstance(v, str)),
    "signal_after": ("a number of seconds, such as 0.5", _number),
    "signal_ready": (
        'a part of the line the program prints once it is ready, such as "serving"',
        lambda v: isinstance(v, str) and v != "" and "\n" not in v,
    ),
    "normalize": ("a list of [regex, replacement] pairs", lambda v: True),
    "requires": ('a list of module names, such as ["httpx"]', _strings),
    "needs": ('a list of services the suite starts, such as ["postgres"]', _strings),
    "unsafe": ("a sentence saying why", lambda v: isinstance(v, str)),
    "tolerance": ("a number of seconds, such as 1.0", _number),
    "browser": ("a sentence saying why", lambda v: isinstance(v, str)),
}
"""What each setting holds, as a contributor is told it, and the check of it
(`normalize` is checked on its own, with its regexes)."""

SERVICES = {"postgres": "a throwaway PostgreSQL server, its URL in `DATABASE_URL`"}
"""What `needs:` can name: servers the suite starts for the snippets that need them
(see `measured/postgres.py`)."""


def _wrong_type(key: str, value: Any) -> str | None:
    """What `value` should have been, if it is not what the setting `key` holds."""
    described, check = SETTING_TYPES.get(key, ("", lambda v: True))
    return None if check(value) else described


@dataclass(frozen=True)
class RunSettings:
    """How one snippet runs, from the `snippets:` map of a page's front matter.

    Every field has a default, so most snippets need no entry at all:

    ```yaml
    snippets:
      basics/cpu_processes.py:
        alone: true      # CPU-bound: measured after the parallel part
        timeout: 60
      core/slow_callback.py:
        flags: ["-X", "dev"]
        stderr: true     # the page is about what goes to stderr
    ```

    Attributes:
        timeout: Seconds before the snippet's whole process tree is killed.
        flags: Interpreter flags, placed before the snippet's path (`-X dev`).
        env: Extra environment variables, shown before the command on the page.
        exit_code: The exit code the program must end with; or, where a Python
            release changed it (a bug fixed), a mapping from the version each code
            holds from: `{"3.11": 1, "3.15": 0}`. See
            [`exit_code_on`][measured.settings.RunSettings.exit_code_on].
        stderr: Record stderr too, merged with stdout in the order it was written.
            Without it, anything on stderr is an error: the page would hide it.
        alone: CPU-bound: measured with the CPU to itself, never beside another
            program.
        python: The oldest Python that runs the snippet, such as `"3.12"`.
        pytest: Run the file with `python -m pytest` instead of `python`.
        mypy: Type-check the file with `python -m mypy --strict` instead of running
            it: the recording is mypy's report, and its exit code is mypy's (1 when
            it finds an error). [`from_mapping`][measured.settings.RunSettings.from_mapping]
            adds `mypy` to `requires`.
        signal: A signal name (`SIGINT`) sent to the program after `signal_after` s.
        signal_after: Seconds to wait before sending `signal`, counted from the
            start; the signal also waits for the program's first line of output.
        signal_ready: Text of the line that says the program is ready for
            `signal` (`"serving"`): the signal then waits for a line containing it
            instead of the first line, for a program that prints before a slow
            start-up. Still never sooner than `signal_after`.
        tolerance: Seconds a printed time (`1.1 s`, `250 ms`) may come out later
            than recorded; default [`DEFAULT_TOLERANCE`][measured.settings.DEFAULT_TOLERANCE].
            Earlier than recorded, it may differ by one step of its last digit.
        unsafe: Why the snippet shows an unsafe habit on purpose (an unbounded
            queue, say). The safety checks skip it, and its page says so beside it.
        requires: Modules from outside the standard library that the snippet
            imports, such as `["httpx"]`. On a Python where one of them is not
            installed, the snippet is skipped with that reason.
        needs: Servers the suite starts for the snippet, from
            [`SERVICES`][measured.settings.SERVICES]: `["postgres"]` gives it the
            URL of a throwaway PostgreSQL server, shared by the session's snippets,
            in `DATABASE_URL`. Where none can start, the snippet is skipped with
            the reason, and fails in CI (which publishes its figures).
        browser: Why the program, though it only waits, prints something else in a
            reader's browser (on Pyodide's event loop), such as "prints what the
            event loop reports when a task is garbage-collected". Its page then shows
            no Run button. Most snippets need none: see [`measured.pyodide`][].
        normalize: Pairs of `[regex, replacement]` applied to the output before it is
            compared, for figures that change from run to run, such as
            `["took \\d+\\.\\d+ seconds", "took N seconds"]`. Say so on the page.
            Memory addresses (`at 0x7f...`) are always shortened to `0x...`.
    """

    timeout: float = DEFAULT_TIMEOUT
    flags: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    exit_code: int | Mapping[str, int] = 0
    stderr: bool = False
    alone: bool = False
    python: str | None = None
    pytest: bool = False
    mypy: bool = False
    signal: str | None = None
    signal_after: float = 1.0
    signal_ready: str | None = None
    normalize: tuple[tuple[str, str], ...] = ()
    requires: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    unsafe: str | None = None
    tolerance: float = DEFAULT_TOLERANCE
    browser: str | None = None

    @classmethod
    def from_mapping(
        cls, data: Any, where: str | Path, line: int | None = None
    ) -> RunSettings:
        """Build settings from front matter, naming `where` and `line` on a mistake."""
        if not isinstance(data, Mapping):
            raise ContributorError(where, "snippet settings must be a mapping", line)
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known, key=str)
        if unknown:
            first = min(unknown, key=lambda key: key_line(data, key, line) or 0)
            raise ContributorError(
                where,
                f"unknown snippet setting {', '.join(map(repr, unknown))}"
                f"{did_you_mean(unknown, known)}; "
                f"known settings are {', '.join(sorted(known))}",
                key_line(data, first, line),
            )
        for key, value in data.items():
            wrong = _wrong_type(key, value)
            if wrong:
                raise ContributorError(
                    where,
                    f"snippet setting `{key}` must be {wrong}, not {value!r}",
                    key_line(data, key, line),
                )
        values = dict(data)
        if "flags" in values:
            values["flags"] = tuple(str(flag) for flag in values["flags"])
        if "requires" in values:
            values["requires"] = tuple(str(module) for module in values["requires"])
        if "needs" in values:
            unknown = [name for name in values["needs"] if name not in SERVICES]
            if unknown:
                raise ContributorError(
                    where,
                    f"`needs` names {', '.join(map(repr, unknown))}"
                    f"{did_you_mean(unknown, SERVICES)}, which the suite cannot "
                    f"start; it starts {', '.join(map(repr, SERVICES))}",
                    key_line(data, "needs", line),
                )
            values["needs"] = tuple(values["needs"])
        if isinstance(values.get("exit_code"), Mapping):
            codes = {str(k): int(c) for k, c in values["exit_code"].items()}
            if not all(re.fullmatch(r"3\.\d+", k) for k in codes):
                raise ContributorError(
                    where,
                    '`exit_code` maps a Python version, such as "3.15", to the '
                    f"code it ends with from that version on, not {codes!r}",
                    line,
                )
            values["exit_code"] = codes
        if "env" in values:
            values["env"] = {str(k): str(v) for k, v in values["env"].items()}
        if "normalize" in values:
            pairs = values["normalize"]
            if not isinstance(pairs, list) or not all(
                isinstance(pair, list) and len(pair) == 2 for pair in pairs
            ):
                raise ContributorError(
                    where,
                    "`normalize` must be a list of [regex, replacement] pairs",
                    line,
                )
            for pattern, _ in pairs:
                try:
                    re.compile(pattern)
                except re.error as error:
                    raise ContributorError(
                        where, f"bad regex {pattern!r} in `normalize`: {error}", line
                    ) from None
            values["normalize"] = tuple((str(p), str(r)) for p, r in pairs)
        if values.get("mypy"):
            if values.get("pytest"):
                raise ContributorError(
                    where, "a snippet runs under pytest or mypy, not both", line
                )
            # run by mypy, so skipped where it is not installed, and no Run button
            values["requires"] = (*values.get("requires", ()), "mypy")
        if "signal" in values and not hasattr(signal.Signals, str(values["signal"])):
            raise ContributorError(where, f"unknown signal {values['signal']!r}", line)
        settings = cls(**values)
        if settings.signal_after < 0:
            raise ContributorError(where, "signal_after must be 0 or more", line)
        if settings.signal_ready and not settings.signal:
            raise ContributorError(
                where, "signal_ready says when to send `signal`, but none is set", line
            )
        if settings.timeout <= 0:
            raise ContributorError(where, "timeout must be a positive number", line)
        if (
            isinstance(settings.tolerance, bool)
            or not isinstance(settings.tolerance, int | float)
            or settings.tolerance < 0
        ):
            raise ContributorError(
                where, "tolerance must be a number of seconds, 0 or more", line
            )
        return settings

    def exit_code_on(self, version: str) -> int:
        """The exit code expected on Python `version` (`3.14.10` or `3.14`).

        >>> RunSettings(exit_code={"3.11": 1, "3.15": 0}).exit_code_on("3.14.10")
        1
        >>> RunSettings(exit_code={"3.11": 1, "3.15": 0}).exit_code_on("3.15")
        0
        """
        if isinstance(self.exit_code, int):
            return self.exit_code
        # the code of the newest version listed at or before `version`; a version
        # older than all of them takes the oldest's
        by_version = sorted(self.exit_code.items(), key=lambda i: version_key(i[0]))
        wanted = version_key(version)[:2]
        held = [code for since, code in by_version if version_key(since) <= wanted]
        return held[-1] if held else by_version[0][1]

    def argv(self, snippet: str) -> list[str]:
        """The command after `python`, such as `["-X", "dev", "snippets/a/b.py"]`."""
        module = ["-m", "pytest", "-q"] if self.pytest else []
        if self.mypy:
            module = ["-m", "mypy", "--strict"]
        return [*self.flags, *module, f"snippets/{snippet}"]

    def command(self, snippet: str) -> str:
        """The command as a reader types it, shown on the page after `$`."""
        env = " ".join(f"{key}={value}" for key, value in self.env.items())
        words = ["python", *self.argv(snippet)]
        return f"{env} {' '.join(words)}".strip()
