"""An autouse fixture fails any test that leaves a task running behind it."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio


async def download(mirror: str, seconds: float) -> str:
    await asyncio.sleep(seconds)  # stands in for the transfer
    return mirror


async def fastest(mirrors: dict[str, float]) -> str:
    """The code under test: ask every mirror at once, return the first answer."""
    tasks = [asyncio.create_task(download(m, s), name=m) for m, s in mirrors.items()]
    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    # the bug: the slower mirrors
    # keep downloading
    return done.pop().result()


@pytest_asyncio.fixture(autouse=True)
async def no_leaked_tasks() -> AsyncIterator[None]:
    yield  # the test runs here
    leaked = asyncio.all_tasks() - {asyncio.current_task()}
    if leaked:
        pytest.fail(f"tasks still running: {sorted(t.get_name() for t in leaked)}")


@pytest.mark.asyncio
async def test_fastest_mirror_wins() -> None:
    assert await fastest({"eu": 0.01, "us": 10, "asia": 10}) == "eu"
