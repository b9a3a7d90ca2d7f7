"""A callback that fires many times, from the library's thread, into a bounded queue."""

import asyncio
import threading
from collections.abc import Callable


def start_stream(on_value: Callable[[int], None], on_end: Callable[[], None]) -> None:
    """The callback-style library: five values, then the end, from its own thread."""

    def produce() -> None:
        for value in range(1, 6):
            on_value(value)
        on_end()

    threading.Thread(target=produce).start()


async def main() -> None:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=3)
    dropped: list[int] = []
    ended = asyncio.Event()

    def keep_newest(value: int) -> None:  # runs on the loop's thread
        if queue.full():  # the overflow policy: drop the oldest value
            dropped.append(queue.get_nowait())
        queue.put_nowait(value)

    def on_value(value: int) -> None:  # runs on the library's thread
        # hand the value to the loop and return at once: never block the library
        loop.call_soon_threadsafe(keep_newest, value)

    start_stream(on_value, lambda: loop.call_soon_threadsafe(ended.set))
    async with asyncio.timeout(5):
        await ended.wait()  # this consumer starts late, after the fifth value
    kept = [queue.get_nowait() for _ in range(queue.qsize())]
    print(f"queue of 3: kept {kept}, dropped {dropped}")


if __name__ == "__main__":
    asyncio.run(main())
