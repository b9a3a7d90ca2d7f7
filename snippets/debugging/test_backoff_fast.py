"""Test retries that wait 30 s between attempts, without waiting: patch the sleep."""

import asyncio
from collections.abc import Awaitable, Callable

import pytest


async def with_retries(call: Callable[[], Awaitable[str]], attempts: int = 3) -> str:
    """The code under test: wait 30 s after each failed attempt."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except ConnectionError:
            if attempt == attempts:
                raise
            await asyncio.sleep(30)
    raise AssertionError("unreachable")


@pytest.mark.asyncio
async def test_waits_between_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)  # record the wait instead of waiting

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    replies = iter([ConnectionError(), ConnectionError(), "ok"])

    async def flaky() -> str:
        reply = next(replies)
        if isinstance(reply, Exception):
            raise reply
        return reply

    assert await with_retries(flaky) == "ok"
    assert waits == [30, 30]
