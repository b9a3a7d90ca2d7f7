"""The retry loop catches Exception, so the cancellation goes on through."""

import asyncio


async def poll_inbox() -> None:
    for attempt in range(1, 6):  # a real poller has `while True`: it would never end
        try:
            await asyncio.sleep(0.35)  # stands in for a request that fails
            raise ConnectionError("inbox unreachable")
        except Exception as error:  # CancelledError is not an Exception
            print(f"attempt {attempt}: {type(error).__name__}, retrying")


async def main() -> None:
    try:
        async with asyncio.timeout(1.0):
            await poll_inbox()
    except TimeoutError:
        print("gave up after 1 s")
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
