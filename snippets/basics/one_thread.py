"""Every asyncio task runs on the one thread that runs the event loop."""

import asyncio
import threading


async def job(name: str) -> str:
    await asyncio.sleep(0.1)
    thread = threading.current_thread()
    return f"{name} ran on {thread.name}"


async def main() -> None:
    print(f"threads before: {threading.active_count()}")
    reports = await asyncio.gather(*(job(f"task {n}") for n in range(1, 5)))
    for report in reports:
        print(report)
    on_main = threading.current_thread() is threading.main_thread()
    print(f"event loop on the main thread: {on_main}")
    print(f"threads after: {threading.active_count()}")


if __name__ == "__main__":
    asyncio.run(main())
