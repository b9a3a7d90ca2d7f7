"""One asyncio.run at the entry point; inside, await, or get the running loop."""

import asyncio


async def greet(name: str) -> str:
    await asyncio.sleep(0.1)
    return f"hello, {name}"


async def main() -> None:
    for name in ["first", "second", "third"]:
        print(await greet(name))
    loop = asyncio.get_running_loop()  # when you need the loop itself
    print(f"the loop is running: {loop.is_running()}")


if __name__ == "__main__":
    asyncio.run(main())
