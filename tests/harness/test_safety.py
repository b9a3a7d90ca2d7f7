"""The safety checks of every snippet (`measured/safety.py`): unsafe habits, each
named by its line."""

from __future__ import annotations

from pathlib import Path

from harness.conftest import write
from measured.safety import check_snippets

# --- unsafe habits named by line ------------------------------------------------------


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
