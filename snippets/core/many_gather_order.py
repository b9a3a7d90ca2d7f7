"""gather returns results in the order you passed them in, not the order they finish."""

import asyncio


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{name} finished after {seconds} s")
    return name


async def main() -> None:
    results = await asyncio.gather(
        fetch("slow", 0.3), fetch("fast", 0.1), fetch("medium", 0.2)
    )
    print(f"gather returned: {results}")


if __name__ == "__main__":
    asyncio.run(main())
