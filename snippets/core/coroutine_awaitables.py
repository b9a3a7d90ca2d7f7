"""await accepts coroutines, Tasks, Futures and any object with __await__."""

import asyncio
from collections.abc import Generator
from typing import Any


async def compute(label: str) -> str:
    await asyncio.sleep(0.1)
    return label


class Delayed:
    """Not a coroutine, but awaitable: __await__ returns an iterator."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __await__(self) -> Generator[Any, None, str]:
        return asyncio.sleep(0.1, result=self.label).__await__()


async def main() -> None:
    print(await compute("a coroutine"))
    task = asyncio.create_task(compute("a Task"))
    print(await task)
    future = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.1, future.set_result, "a Future")
    print(await future)
    print(await Delayed("an object with __await__"))
    try:
        await 42  # an int is not awaitable
    except TypeError as error:
        print(f"TypeError: {error}")


if __name__ == "__main__":
    asyncio.run(main())
