"""A task nobody holds can be garbage-collected while it still waits."""

import asyncio
import gc


async def wait_for_reply() -> None:
    reply = asyncio.get_running_loop().create_future()  # only this task holds it
    print("waiting for a reply")
    await reply
    print("got a reply")


async def main() -> None:
    # the mistake: no reference
    asyncio.create_task(wait_for_reply())
    await asyncio.sleep(0.1)
    gc.collect()  # the garbage collector runs now, instead of at some later moment
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
