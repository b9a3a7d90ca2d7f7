"""A Condition lets each task wait until shared state is what it needs."""

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class Shelf:
    stock: int = 0
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)


async def buy(name: str, wanted: int, shelf: Shelf, start: float) -> None:
    async with shelf.changed:  # a Condition holds a lock: take it first
        await shelf.changed.wait_for(lambda: shelf.stock >= wanted)
        shelf.stock -= wanted
        print(f"{name} took {wanted} at {time.perf_counter() - start:.1f} s")


async def restock(shelf: Shelf, start: float) -> None:
    for _ in range(3):
        await asyncio.sleep(0.2)
        async with shelf.changed:
            shelf.stock += 2
            print(f"stock is {shelf.stock} at {time.perf_counter() - start:.1f} s")
            shelf.changed.notify_all()  # every waiting buyer checks again


async def main() -> None:
    shelf = Shelf()
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        group.create_task(buy("ada", 3, shelf, start))
        group.create_task(buy("bo", 2, shelf, start))
        group.create_task(restock(shelf, start))
    print(f"left on the shelf: {shelf.stock}")


if __name__ == "__main__":
    asyncio.run(main())
