"""unittest runs async tests with no plugin; AsyncMock stands in for a coroutine."""

import asyncio
import unittest
from collections.abc import Awaitable, Callable
from unittest.mock import AsyncMock


async def welcome(user: str, send: Callable[[str, str], Awaitable[bool]]) -> str:
    """The code under test: send a welcome email, and try once more if it fails."""
    async with asyncio.timeout(5):
        for _ in range(2):
            if await send(user, "welcome"):
                return "sent"
    return "gave up"


class WelcomeTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self) -> None:  # runs on the test's own event loop
        self.send = AsyncMock(return_value=True)

    async def test_sends_once(self) -> None:
        self.assertEqual(await welcome("ada", self.send), "sent")
        self.send.assert_awaited_once_with("ada", "welcome")

    async def test_tries_twice_then_gives_up(self) -> None:
        self.send.return_value = False
        self.assertEqual(await welcome("ada", self.send), "gave up")
        self.assertEqual(self.send.await_count, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
