"""A thousand one-second waits finish together, in about one second."""

import asyncio


async def wait(number: int) -> int:
    await asyncio.sleep(1)
    return number


async def main() -> None:
    numbers = await asyncio.gather(*(wait(number) for number in range(1000)))
    print(f"{len(numbers)} waits finished")
    print(f"first: {numbers[0]}, last: {numbers[-1]}")


if __name__ == "__main__":
    asyncio.run(main())
