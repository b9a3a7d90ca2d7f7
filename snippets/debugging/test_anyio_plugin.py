"""The same kind of test with AnyIO's pytest plugin, run on asyncio."""

import asyncio

import anyio
import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # the plugin would also run each test on trio, if installed


async def fetch_both() -> list[str]:
    async with asyncio.TaskGroup() as group:
        tea = group.create_task(asyncio.sleep(0.01, result="tea"))
        cake = group.create_task(asyncio.sleep(0.01, result="cake"))
    return [tea.result(), cake.result()]


@pytest.mark.anyio
async def test_fetch_both() -> None:
    with anyio.fail_after(1):  # AnyIO's own timeout works in the test too
        assert await fetch_both() == ["tea", "cake"]
