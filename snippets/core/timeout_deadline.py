"""asyncio.timeout_at sets one deadline for several steps in a row."""

import asyncio


async def step(number: int) -> None:
    await asyncio.sleep(0.35)
    print(f"step {number} done")


async def main() -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 1.0  # the whole job gets 1 s, however it is split
    try:
        async with asyncio.timeout_at(deadline):
            for number in range(1, 6):
                await step(number)
    except TimeoutError:
        print(f"deadline passed during step {number}")


if __name__ == "__main__":
    asyncio.run(main())
