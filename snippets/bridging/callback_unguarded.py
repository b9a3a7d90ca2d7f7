"""A late callback sets the result of a future that was cancelled meanwhile."""

import asyncio
import threading
from collections.abc import Callable

timers: list[threading.Timer] = []  # the library's threads


def start_read(name: str, on_done: Callable[[float], None]) -> None:
    """The callback-style library: it calls on_done from its own thread, 0.5 s later."""
    timers.append(timer := threading.Timer(0.5, on_done, (20.5,)))
    timer.start()


async def read(name: str) -> float:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[float] = loop.create_future()
    # the mistake: nothing checks that
    # the future is still waiting
    start_read(name, lambda value: loop.call_soon_threadsafe(future.set_result, value))
    return await future


async def main() -> None:
    try:
        async with asyncio.timeout(0.2):
            print(f"cellar: {await read('cellar')}")
    except TimeoutError:
        print("cellar: no reading within 0.2 s")
    finally:
        for timer in timers:  # the library's thread still answers, at 0.5 s
            await asyncio.to_thread(timer.join, 5)


if __name__ == "__main__":
    asyncio.run(main())
