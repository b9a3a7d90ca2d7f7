"""In debug mode, a loop method called from another thread raises at once."""

import asyncio
import threading


def report(message: str) -> None:
    print(f"loop got: {message}")


def worker(loop: asyncio.AbstractEventLoop) -> None:
    try:
        # the mistake: not thread-safe
        loop.call_soon(report, "from call_soon")
    except RuntimeError as error:
        print(f"worker thread: {error}")
    loop.call_soon_threadsafe(report, "from call_soon_threadsafe")


async def main() -> None:
    loop = asyncio.get_running_loop()
    thread = threading.Thread(target=worker, args=(loop,))
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.sleep(0.1)


if __name__ == "__main__":
    asyncio.run(main())
