"""Retry a flaky call with exponential backoff and jitter, seeded so runs repeat."""

import asyncio
import random
from collections.abc import Awaitable, Callable


class FlakyService:
    """Fails its first `failures` calls, then answers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    async def fetch(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)  # stands in for a network round trip
        if self.calls <= self.failures:
            raise ConnectionError(f"call {self.calls} failed")
        return f"call {self.calls} answered"


async def retry(call: Callable[[], Awaitable[str]], rng: random.Random) -> str:
    base, cap, attempts = 0.2, 2.0, 6
    for attempt in range(1, attempts):
        try:
            return await call()
        except ConnectionError as error:
            ceiling = min(cap, base * 2 ** (attempt - 1))
            delay = rng.uniform(0, ceiling)  # "full jitter": anywhere up to the ceiling
            print(f"{error}; waiting {delay:.2f} s (up to {ceiling:.1f} s)")
            await asyncio.sleep(delay)
    return await call()  # the last attempt: its error goes to the caller


async def main() -> None:
    print(await retry(FlakyService(failures=4).fetch, random.Random(19)))


if __name__ == "__main__":
    asyncio.run(main())
