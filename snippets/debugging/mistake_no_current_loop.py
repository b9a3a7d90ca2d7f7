"""Old-style code asks for "the" event loop where none is running."""

import asyncio


async def greet(name: str) -> str:
    await asyncio.sleep(0.1)
    return f"hello, {name}"


if __name__ == "__main__":
    # the mistake: no loop runs here
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(greet("first")))
    print(asyncio.run(greet("second")))  # leaves no current loop behind
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(greet("third")))
