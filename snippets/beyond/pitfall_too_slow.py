"""trio.fail_after raises trio.TooSlowError, which except TimeoutError misses."""

import trio


async def main() -> None:
    try:
        with trio.fail_after(0.5):
            await trio.sleep(10)  # a server that takes 10 s to answer
    # the mistake: asyncio and AnyIO
    # raise this, Trio does not
    except TimeoutError:
        print("gave up after 0.5 s")


if __name__ == "__main__":
    trio.run(main)
