"""Static checks that keep snippets safe to copy.

Readers paste snippets into real programs, so a snippet must not teach a habit that
hurts there. Each rule reads the snippet's syntax tree, not its text, and names the
file and line:

- a server or client binds or connects only to loopback (`127.0.0.1`, `localhost`,
  `::1`);
- every network wait has a timeout: a coroutine that opens a connection or reads
  from one also uses `asyncio.timeout`, `asyncio.timeout_at` or `asyncio.wait_for`;
- every `asyncio.Queue` (and its LIFO and priority kinds) is bounded by `maxsize`;
- TLS verification is never turned off.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

from measured.errors import ContributorError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SERVERS_AND_CLIENTS = {
    "start_server": 1,
    "open_connection": 0,
    "create_server": 2,
    "create_connection": 2,
}
"""Calls that take a host, with its positional index (after the callback, if any)."""
NETWORK_WAITS = {"open_connection", "readline", "readexactly", "readuntil"}
"""Awaited calls that wait on the network; `x.read()` counts when `x` is a reader."""
TIMEOUTS = {"timeout", "timeout_at", "wait_for"}
QUEUES = {"Queue", "LifoQueue", "PriorityQueue"}


def _name(node: ast.AST) -> str:
    """`open_connection` for `asyncio.open_connection(...)` or `open_connection(...)`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _argument(call: ast.Call, keyword: str, position: int) -> ast.AST | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return call.args[position] if len(call.args) > position else None


def check_snippet(path: Path, relative: str) -> Iterator[ContributorError]:
    """Every unsafe habit in one snippet, each naming its line."""
    tree = ast.parse(path.read_text(), filename=relative)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SERVERS_AND_CLIENTS:
                host = _argument(node, "host", SERVERS_AND_CLIENTS[name])
                if not (isinstance(host, ast.Constant) and host.value in LOOPBACK):
                    yield ContributorError(
                        relative,
                        f"`{name}` must name a loopback host ('127.0.0.1'), so the "
                        "snippet never listens on or reaches another machine",
                        node.lineno,
                    )
            if name in QUEUES and _argument(node, "maxsize", 0) is None:
                yield ContributorError(
                    relative,
                    f"`{name}()` is unbounded; give it a `maxsize` so a fast producer "
                    "waits instead of filling memory",
                    node.lineno,
                )
            for item in node.keywords:
                if item.arg in {"verify", "ssl"} and (
                    isinstance(item.value, ast.Constant) and item.value.value is False
                ):
                    yield ContributorError(
                        relative,
                        f"`{item.arg}=False` turns off TLS verification",
                        node.lineno,
                    )
        if isinstance(node, ast.Attribute) and node.attr in {
            "CERT_NONE",
            "_create_unverified_context",
        }:
            yield ContributorError(
                relative, f"`{node.attr}` turns off TLS verification", node.lineno
            )
        if (
            isinstance(node, ast.Assign)
            and any(_name(target) == "check_hostname" for target in node.targets)
            and isinstance(node.value, ast.Constant)
            and node.value.value is False
        ):
            yield ContributorError(
                relative,
                "`check_hostname = False` turns off TLS verification",
                node.lineno,
            )
        if isinstance(node, ast.AsyncFunctionDef):
            yield from _waits_have_timeouts(node, relative)


def _is_network_wait(call: ast.Call) -> bool:
    name = _name(call.func)
    if name in NETWORK_WAITS:
        return True
    return (
        name == "read"
        and isinstance(call.func, ast.Attribute)
        and _name(call.func.value).endswith("reader")
    )


def _waits_have_timeouts(
    function: ast.AsyncFunctionDef, relative: str
) -> Iterator[ContributorError]:
    """A coroutine that awaits the network must also set a timeout somewhere in it."""
    waits = [
        node
        for node in ast.walk(function)
        if isinstance(node, ast.Await)
        and isinstance(node.value, ast.Call)
        and _is_network_wait(node.value)
    ]
    guarded = any(
        isinstance(node, ast.Call) and _name(node.func) in TIMEOUTS
        for node in ast.walk(function)
    )
    if waits and not guarded:
        yield ContributorError(
            relative,
            f"`{function.name}` waits on the network without a timeout; wrap the wait "
            "in `async with asyncio.timeout(...)`",
            waits[0].lineno,
        )


def check_snippets(
    root: Path, on_purpose: Collection[str] = ()
) -> list[ContributorError]:
    """Every unsafe habit in every snippet under `root / "snippets"`.

    Args:
        root: The repository root.
        on_purpose: Snippets (`basics/a.py`) whose page marks them `unsafe:`, showing
            the unsafe form on purpose; they are not checked.
    """
    found = []
    for path in sorted((root / "snippets").rglob("*.py")):
        if path.relative_to(root / "snippets").as_posix() in on_purpose:
            continue
        problems = check_snippet(path, path.relative_to(root).as_posix())
        found.extend(sorted(problems, key=lambda problem: problem.line or 0))
    return found
