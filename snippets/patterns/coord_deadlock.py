"""Two transfers take the same two locks in opposite orders and wait for each other."""

import asyncio
from dataclasses import dataclass, field


@dataclass
class Account:
    number: int
    balance: int
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


async def transfer(source: Account, target: Account, amount: int) -> None:
    async with source.lock:
        await asyncio.sleep(0.1)  # check the balance in the database
        # the mistake: the other
        # transfer holds it
        async with target.lock:
            source.balance -= amount
            target.balance += amount


async def main() -> None:
    alice, bob = Account(1, 100), Account(2, 100)
    try:
        async with asyncio.timeout(1), asyncio.TaskGroup() as group:
            group.create_task(transfer(alice, bob, 10))
            group.create_task(transfer(bob, alice, 20))
    except TimeoutError:
        print("both transfers still waiting after 1 s; cancelled")
    print(f"alice: {alice.balance}, bob: {bob.balance}")


if __name__ == "__main__":
    asyncio.run(main())
