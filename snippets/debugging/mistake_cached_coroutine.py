"""functools.cache on an async def caches the coroutine, which runs only once."""

import asyncio
import functools


# the mistake: it caches the
# coroutine object, not the result
@functools.cache
async def fetch_rate(currency: str) -> float:
    await asyncio.sleep(0.1)  # stands in for an HTTP request
    return 1.08


async def main() -> None:
    print(f"first call: {await fetch_rate('EUR')}")
    print(f"second call: {await fetch_rate('EUR')}")


if __name__ == "__main__":
    asyncio.run(main())
