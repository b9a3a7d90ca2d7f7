"""Check the balance, await, then withdraw: two withdrawals overdraw the account."""

import asyncio


class Account:
    def __init__(self, balance: int) -> None:
        self.balance = balance
        self.lock = asyncio.Lock()


async def withdraw(account: Account, amount: int) -> str:
    if account.balance < amount:  # check
        return f"refused {amount}"
    await asyncio.sleep(0.1)  # any await: a fraud check, a database write
    account.balance -= amount  # act, on a check that may no longer hold
    return f"paid {amount}"


async def withdraw_locked(account: Account, amount: int) -> str:
    async with account.lock:  # one task at a time from the check to the act
        return await withdraw(account, amount)


async def main() -> None:
    for method in (withdraw, withdraw_locked):
        account = Account(100)
        async with asyncio.TaskGroup() as group:
            first = group.create_task(method(account, 80))
            second = group.create_task(method(account, 50))
        paid = f"{first.result()}, {second.result()}"
        print(f"{method.__name__ + ':':16} {paid}; balance {account.balance}")


if __name__ == "__main__":
    asyncio.run(main())
