"""enter_context given an async context manager: a TypeError before anything opens."""

import asyncio
import contextlib
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def open_pool(size: int) -> AsyncIterator[str]:
    print(f"pool: {size} connections open")
    try:
        yield "pool"
    finally:
        print("pool: closed")


async def main() -> None:
    async with contextlib.AsyncExitStack() as stack:
        # wrong: needs await and
        # stack.enter_async_context
        stack.enter_context(open_pool(2))
        print("serving")


if __name__ == "__main__":
    asyncio.run(main())
