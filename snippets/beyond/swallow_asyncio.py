"""asyncio: a swallowed cancellation lets the next await run past the deadline."""

import asyncio
import time


async def talk_to_server() -> None:
    try:
        await asyncio.sleep(10)  # waiting for a reply that never comes
    except asyncio.CancelledError:
        # the mistake: no raise
        print("cancelled, saying goodbye first")
    await asyncio.sleep(1)  # the goodbye, to a server that no longer answers
    print("goodbye sent")


async def main() -> None:
    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.5):
            await talk_to_server()
    except TimeoutError:
        print("timed out")
    print(f"the 0.5 s deadline let go after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
