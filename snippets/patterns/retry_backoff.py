"""Retry a flaky call with exponential backoff and jitter, seeded so runs repeat."""

import asyncio
import random
from collections.abc import Awaitable, Callable


async def fetch(attempt: int) -> str:
    """A service that fails the first four attempts, then answers."""
    await asyncio.sleep(0)  # stands in for a network round trip
    if attempt <= 4:
        raise ConnectionError(f"attempt {attempt} failed")
    return f"attempt {attempt} answered"


async def retry(call: Callable[[int], Awaitable[str]], rng: random.Random) -> str:
    base, cap, attempts = 0.2, 2.0, 6
    waited = 0.0
    for attempt in range(1, attempts):
        try:
            reply = await call(attempt)
        except ConnectionError as error:
            ceiling = min(cap, base * 2 ** (attempt - 1))
            delay = rng.uniform(0, ceiling)  # "full jitter": anywhere up to the ceiling
            print(f"{error}; waiting {delay:.2f} s (up to {ceiling:.1f} s)")
            await asyncio.sleep(delay)
            waited += delay
        else:
            print(f"{reply} after {waited:.2f} s of backoff")
            return reply
    return await call(attempts)  # the last attempt: its error goes to the caller


async def main() -> None:
    await retry(fetch, random.Random(19))  # a fixed seed: the same delays every run


if __name__ == "__main__":
    asyncio.run(main())
