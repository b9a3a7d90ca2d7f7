"""Test a 30 s timeout in milliseconds: inject the slow part, shrink the limit."""

import asyncio
from collections.abc import Awaitable, Callable

import pytest


class ReportClient:
    """The code under test: gives up on a download after `timeout` seconds."""

    def __init__(self, download: Callable[[], Awaitable[bytes]], timeout: float = 30):
        self.download, self.timeout = download, timeout

    async def fetch(self) -> bytes | None:
        try:
            async with asyncio.timeout(self.timeout):
                return await self.download()
        except TimeoutError:
            return None


async def hangs() -> bytes:
    await asyncio.Event().wait()  # never set: a server that never answers
    return b""


async def answers() -> bytes:
    return b"report"


@pytest.mark.asyncio
async def test_gives_up_when_the_server_hangs() -> None:
    assert await ReportClient(hangs, timeout=0.01).fetch() is None


@pytest.mark.asyncio
async def test_returns_the_report_in_time() -> None:
    assert await ReportClient(answers).fetch() == b"report"
