"""shield done right: the commit outlasts two cancellations, which then go on."""

import asyncio
import time


async def commit(order: str) -> str:
    await asyncio.sleep(0.5)  # a database commit: stopping half-way would be worse
    return f"{order} committed"


async def handle(order: str) -> str:
    committing = asyncio.create_task(commit(order))  # keep the reference
    try:
        return await asyncio.shield(committing)
    except asyncio.CancelledError:
        print("handle: cancelled; waiting for the commit")
        while not committing.done():
            try:
                # wait() never cancels what it waits for: a second cancel lands here
                await asyncio.wait([committing])
            except asyncio.CancelledError:
                print("handle: cancelled again; still waiting")
        print(f"handle: {committing.result()}")
        raise  # the first cancellation goes on, as asked


async def main() -> None:
    start = time.perf_counter()
    handling = asyncio.create_task(handle("order 42"))
    for _ in range(2):  # a shutdown, then a task group's abort, say
        await asyncio.sleep(0.1)
        handling.cancel()
    try:
        await handling
    except asyncio.CancelledError:
        print(f"main: the handler stopped at {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
