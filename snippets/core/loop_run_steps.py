"""asyncio.run creates a loop, runs main, cancels leftover tasks, closes the loop."""

import asyncio
import threading


async def leftover() -> None:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("leftover: cancelled by asyncio.run")
        raise


async def main() -> asyncio.AbstractEventLoop:
    loop = asyncio.get_running_loop()
    print(f"main: running in the loop, on {threading.current_thread().name}")
    pending = asyncio.create_task(leftover())
    await asyncio.sleep(0.1)
    print(f"main: returning; leftover task done: {pending.done()}")
    return loop


if __name__ == "__main__":
    try:
        asyncio.get_running_loop()
    except RuntimeError as error:
        print(f"before asyncio.run: {error}")
    loop = asyncio.run(main())
    print(f"after asyncio.run: loop closed: {loop.is_closed()}")
