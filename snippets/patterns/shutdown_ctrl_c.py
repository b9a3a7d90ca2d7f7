"""On Ctrl-C, asyncio.run cancels main, lets it clean up, raises KeyboardInterrupt."""

import asyncio


async def handle_job() -> None:
    await asyncio.sleep(0.2)  # stands in for real work: a query, a request


async def main() -> None:
    print("connected; press Ctrl-C to stop")
    try:
        async with asyncio.timeout(10):  # this page's program never runs longer
            while True:
                await handle_job()
    except asyncio.CancelledError:
        print("main was cancelled")
        raise  # let asyncio.run see the cancellation
    finally:
        print("connection closed")


if __name__ == "__main__":
    asyncio.run(main())
