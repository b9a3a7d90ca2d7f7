"""A coroutine called without await never runs; Python warns when it is dropped."""

import asyncio

saved: list[str] = []


async def save(order: str) -> None:
    await asyncio.sleep(0.1)  # stands in for a database write
    saved.append(order)


async def main() -> None:
    # the mistake: no await, so this
    # order is never saved
    save("order 1")
    await save("order 2")
    print(f"saved: {saved}")


if __name__ == "__main__":
    asyncio.run(main())
