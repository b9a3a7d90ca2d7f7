"""In debug mode, a never-awaited coroutine is reported with where it was made."""

import asyncio


async def save(order: str) -> None:
    await asyncio.sleep(0.1)  # stands in for a database write


async def checkout(orders: list[str]) -> int:
    # the mistake: made, never awaited
    saves = [save(order) for order in orders]
    await asyncio.sleep(0.1)
    return len(saves)


async def main() -> None:
    count = await checkout(["order 7", "order 8"])
    print(f"checked out {count} orders")


if __name__ == "__main__":
    asyncio.run(main())
