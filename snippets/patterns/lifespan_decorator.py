"""A context manager as a decorator on a coroutine function: when does it close?"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator


@contextlib.contextmanager
def open_log(name: str) -> Iterator[None]:
    print(f"{name}: log opened")
    try:
        yield
    finally:
        print(f"{name}: log closed")


@contextlib.asynccontextmanager
async def open_log_async(name: str) -> AsyncIterator[None]:
    print(f"{name}: log opened")
    try:
        yield
    finally:
        print(f"{name}: log closed")


@open_log("report")  # a plain context manager on a coroutine function
async def write_report() -> None:
    await asyncio.sleep(0.1)
    print("report: writing to the log")


@open_log_async("invoice")  # an async context manager on a coroutine function
async def write_invoice() -> None:
    await asyncio.sleep(0.1)
    print("invoice: writing to the log")


async def main() -> None:
    await write_report()
    await write_invoice()


if __name__ == "__main__":
    asyncio.run(main())
