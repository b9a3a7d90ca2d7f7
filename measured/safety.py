"""Static checks that keep snippets safe to copy.

Readers paste snippets into real programs, so a snippet must not teach a habit that
hurts there. Each rule reads the snippet's syntax tree, not its text, and names the
file and line:

- a server or client of asyncio's (`asyncio.start_server`, `loop.create_server`, ...)
  binds or connects only to loopback (`127.0.0.1`, `localhost`, `::1`); a function
  of the snippet's own that shares the name is not one;
- every network wait has a timeout of its own: each `await` that opens a connection
  or reads from one is inside an `async with asyncio.timeout(...)` (or
  `timeout_at`, or anyio's and trio's `fail_after` and `move_on_after`) in the same
  coroutine, or is passed to `asyncio.wait_for`; a timeout around another wait does
  not count;
- every `asyncio.Queue` (and its LIFO and priority kinds) is bounded by `maxsize`;
- TLS verification is never turned off;
- no `with ThreadPoolExecutor(...)` or `with ProcessPoolExecutor(...)` block inside a
  coroutine: leaving it calls `shutdown(wait=True)` on the loop's thread, which stops
  every task until the pool's jobs end;
- a task that is `.cancel()`ed is awaited later in the same function (`await task`,
  `gather`, `wait`), or cancelled inside the `TaskGroup` that awaits it.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

from measured.errors import ContributorError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ASYNCIO_SERVERS_AND_CLIENTS = {"start_server": 1, "open_connection": 0}
"""asyncio's functions that take a host, with its positional index (after the
callback, if any): `asyncio.start_server(...)`, or the name imported from asyncio."""
LOOP_SERVERS_AND_CLIENTS = {"create_server": 1, "create_connection": 1}
"""The event loop's methods that take a host, after the protocol factory:
`loop.create_server(...)` on a name ending in `loop`, or on
`asyncio.get_running_loop()` and the like."""
LOOP_GETTERS = {"get_running_loop", "get_event_loop", "new_event_loop", "get_loop"}
NETWORK_WAITS = {"open_connection", "readline", "readexactly", "readuntil"}
"""Awaited calls that wait on the network; `x.read()` counts when `x` is a reader."""
TIMEOUT_BLOCKS = {"timeout", "timeout_at", "fail_after", "fail_at", "move_on_after"}
"""Context managers that put a deadline on the waits inside their block."""
QUEUES = {"Queue", "LifoQueue", "PriorityQueue"}
TASK_MAKERS = {"create_task", "ensure_future"}
POOLS = {"ThreadPoolExecutor", "ProcessPoolExecutor", "InterpreterPoolExecutor"}


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


def _server_or_client(call: ast.Call, from_asyncio: dict[str, str]) -> int | None:
    """The host's position, where `call` is asyncio's server or client.

    Args:
        from_asyncio: The names imported from asyncio, each to its name there.
    """
    func = call.func
    if isinstance(func, ast.Name):
        return ASYNCIO_SERVERS_AND_CLIENTS.get(from_asyncio.get(func.id, ""))
    if not isinstance(func, ast.Attribute):
        return None
    if _name(func.value) == "asyncio":
        return ASYNCIO_SERVERS_AND_CLIENTS.get(func.attr)
    owner = func.value
    is_loop = ast.unparse(owner).lower().endswith("loop") or (
        isinstance(owner, ast.Call) and _name(owner.func) in LOOP_GETTERS
    )
    return LOOP_SERVERS_AND_CLIENTS.get(func.attr) if is_loop else None


def check_snippet(path: Path, relative: str) -> Iterator[ContributorError]:
    """Every unsafe habit in one snippet, each naming its line."""
    tree = ast.parse(path.read_text(), filename=relative)
    from_asyncio = {
        alias.asname or alias.name: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "asyncio"
        for alias in node.names
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            position = _server_or_client(node, from_asyncio)
            if position is not None:
                host = _argument(node, "host", position)
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
            yield from _pools_outside_with(node, relative)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _cancelled_tasks_are_awaited(node, relative)


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
    """Each network wait of a coroutine is inside a timeout's block of its own.

    `await asyncio.wait_for(reader.readline(), 1)` awaits `wait_for`, not the read,
    so it is not a bare network wait."""

    def visit(node: ast.AST, guarded: bool) -> Iterator[ast.Await]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue  # checked on its own
            inside = guarded
            if isinstance(child, ast.With | ast.AsyncWith) and any(
                isinstance(item.context_expr, ast.Call)
                and _name(item.context_expr.func) in TIMEOUT_BLOCKS
                for item in child.items
            ):
                inside = True
            if (
                isinstance(child, ast.Await)
                and isinstance(child.value, ast.Call)
                and _is_network_wait(child.value)
                and not guarded
            ):
                yield child
            yield from visit(child, inside)

    for wait in visit(function, False):
        call = ast.unparse(wait.value.func)  # type: ignore[attr-defined]
        yield ContributorError(
            relative,
            f"`{function.name}` awaits `{call}(...)` with no timeout of its own; wrap "
            "that await in `async with asyncio.timeout(...)` (a timeout around "
            "another wait does not cover it)",
            wait.lineno,
        )


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, without those of the functions it defines."""
    for child in ast.iter_child_nodes(function):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        yield child
        yield from _own_nodes(child)


def _pools_outside_with(
    function: ast.AsyncFunctionDef, relative: str
) -> Iterator[ContributorError]:
    """No executor's `with` block inside a coroutine: its exit blocks the loop."""
    pools = set()  # names bound to a pool in this coroutine: `pool = ...Executor()`
    for node in _own_nodes(function):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _name(node.value.func) in POOLS
        ):
            pools.update(ast.unparse(target) for target in node.targets)
    for node in _own_nodes(function):
        if not isinstance(node, ast.With):
            continue
        for item in node.items:
            context = item.context_expr
            if isinstance(context, ast.Call) and _name(context.func) in POOLS:
                pool = _name(context.func)
            elif ast.unparse(context) in pools:
                pool = ast.unparse(context)
            else:
                continue
            yield ContributorError(
                relative,
                f"`with {pool}` inside the coroutine `{function.name}`: leaving the "
                "block calls `shutdown(wait=True)` on the loop's thread and stops every "
                "task until the pool's jobs end; create the pool outside the loop, or "
                "shut it down with `await asyncio.to_thread(pool.shutdown)`",
                node.lineno,
            )


def _cancelled_tasks_are_awaited(
    function: ast.FunctionDef | ast.AsyncFunctionDef, relative: str
) -> Iterator[ContributorError]:
    """A task cancelled here is awaited later here, or cancelled inside a TaskGroup.

    Best effort, by names. It looks at the tasks this function creates: a name
    bound to an expression that calls `create_task` or `ensure_future`, and a `for`
    variable that walks such a name. Their `task.cancel()` is answered by a later
    `await` whose expression names the task (`await task`,
    `await asyncio.gather(*tasks)`) or the collection a `for` loop took it from
    (`for task in pending: task.cancel()` then `await asyncio.wait(pending)`), or by
    an enclosing `async with` a `TaskGroup`. Other things with a `cancel()` method,
    such as a timer handle or a `concurrent.futures.Future`, are left alone.
    """
    tasks = {
        ast.unparse(target)
        for node in _own_nodes(function)
        if isinstance(node, ast.Assign)
        and any(
            isinstance(call, ast.Call) and _name(call.func) in TASK_MAKERS
            for call in ast.walk(node.value)
        )
        for target in node.targets
    }
    for node in _own_nodes(function):  # `for task in tasks:` makes `task` a task
        if isinstance(node, ast.For | ast.AsyncFor) and _names_in(node.iter) & tasks:
            tasks.add(ast.unparse(node.target))

    def visit(
        node: ast.AST, loops: tuple[set[str], ...], in_group: bool
    ) -> Iterator[tuple[ast.Call, set[str], bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            child_loops, child_group = loops, in_group
            if isinstance(child, ast.For | ast.AsyncFor):
                child_loops = (*loops, _names_in(child.iter))
            if isinstance(child, ast.AsyncWith) and any(
                isinstance(item.context_expr, ast.Call)
                and _name(item.context_expr.func) == "TaskGroup"
                for item in child.items
            ):
                child_group = True
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr == "cancel"
                and not child.args
                and not child.keywords
            ):
                names = {ast.unparse(child.func.value)}
                for iterable in child_loops:
                    names |= iterable
                yield child, names, child_group
            yield from visit(child, child_loops, child_group)

    awaits = [
        (node.lineno, _names_in(node.value))
        for node in _own_nodes(function)
        if isinstance(node, ast.Await)
    ]
    for call, names, in_group in visit(function, (), False):
        if ast.unparse(call.func.value) not in tasks:
            continue
        if in_group or any(
            line >= call.lineno and names & awaited for line, awaited in awaits
        ):
            continue
        task = ast.unparse(call.func.value)
        yield ContributorError(
            relative,
            f"`{task}.cancel()` in `{function.name}` is never awaited: cancelling only "
            f"asks; `await {task}` (catching `CancelledError`) or cancel it inside the "
            "`TaskGroup` that owns it, so its cleanup runs before you go on",
            call.lineno,
        )


def _names_in(node: ast.AST) -> set[str]:
    """Every name and dotted name in an expression: `self.task`, `task`, `tasks`."""
    return {
        ast.unparse(child)
        for child in ast.walk(node)
        if isinstance(child, ast.Name | ast.Attribute)
    }


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
