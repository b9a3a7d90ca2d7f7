"""No await between the read and the write: 100 deposits, no lock, no lost update."""

import asyncio
from dataclasses import dataclass


@dataclass
class Account:
    balance: int = 0


async def deposit(account: Account) -> None:
    await asyncio.sleep(0.01)  # the await comes before the read, not between
    account.balance = account.balance + 1  # read and write in one step


async def main() -> None:
    account = Account()
    async with asyncio.TaskGroup() as group:
        for _ in range(100):
            group.create_task(deposit(account))
    print(f"without a lock: balance {account.balance} after 100 deposits")


if __name__ == "__main__":
    asyncio.run(main())
