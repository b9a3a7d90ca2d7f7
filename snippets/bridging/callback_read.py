"""A callback API, wrapped into a coroutine with loop.create_future()."""

import asyncio
import threading
from collections.abc import Callable

Done = Callable[[float | None, Exception | None], None]
READINGS = {"kitchen": 20.5, "hall": 19.0}
timers: list[threading.Timer] = []  # the library's threads


def start_read(name: str, on_done: Done) -> None:
    """The callback-style library: it calls on_done from its own thread, 0.5 s later."""
    if name in READINGS:
        args = (READINGS[name], None)
    else:
        args = (None, OSError(f"{name}: no reply"))
    timers.append(timer := threading.Timer(0.5, on_done, args))
    timer.start()


async def read(name: str) -> float:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[float] = loop.create_future()

    def settle(value: float | None, error: Exception | None) -> None:
        if future.done():  # cancelled while the device was busy
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)

    def on_done(value: float | None, error: Exception | None) -> None:
        # runs on the library's thread: settle the future on the loop's thread
        loop.call_soon_threadsafe(settle, value, error)

    start_read(name, on_done)
    return await future


async def main() -> None:
    names = ["kitchen", "hall", "cellar"]
    try:
        async with asyncio.timeout(2):
            results = await asyncio.gather(*map(read, names), return_exceptions=True)
        for name, result in zip(names, results, strict=True):
            print(f"{name}: {result!r}")
    finally:
        for timer in timers:
            await asyncio.to_thread(timer.join, 5)


if __name__ == "__main__":
    asyncio.run(main())
