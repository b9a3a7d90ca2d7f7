"""Read, await, write back: without a lock, 100 deposits leave a balance of 1."""

import asyncio
from dataclasses import dataclass


@dataclass
class Account:
    balance: int = 0


async def deposit(account: Account) -> None:
    balance = account.balance  # read
    await asyncio.sleep(0.01)  # any await: a query, a request, a log write
    account.balance = balance + 1  # write back


async def locked_deposit(account: Account, lock: asyncio.Lock) -> None:
    async with lock:  # one task at a time from the read to the write
        await deposit(account)


async def main() -> None:
    account = Account()
    async with asyncio.TaskGroup() as group:
        for _ in range(100):
            group.create_task(deposit(account))
    print(f"without a lock: balance {account.balance} after 100 deposits")

    account, lock = Account(), asyncio.Lock()
    async with asyncio.TaskGroup() as group:
        for _ in range(100):
            group.create_task(locked_deposit(account, lock))
    print(f"with a lock:    balance {account.balance} after 100 deposits")


if __name__ == "__main__":
    asyncio.run(main())
