"""asyncio.wait_for limits one awaitable: its result in time, or TimeoutError."""

import asyncio


async def fetch_reply(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"reply after {seconds} s"


async def main() -> None:
    print(await asyncio.wait_for(fetch_reply(0.2), timeout=0.5))
    try:
        print(await asyncio.wait_for(fetch_reply(10), timeout=0.5))
    except TimeoutError:
        print("no reply within 0.5 s")


if __name__ == "__main__":
    asyncio.run(main())
