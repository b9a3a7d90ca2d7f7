"""Calling a coroutine function returns a coroutine object; await runs its body."""

import asyncio
import inspect


async def fetch_price(item: str) -> float:
    print(f"fetch_price({item!r}) starts running")
    await asyncio.sleep(0.1)  # stands in for a network request
    return 9.5


async def main() -> None:
    is_function = inspect.iscoroutinefunction(fetch_price)
    print(f"fetch_price is a coroutine function: {is_function}")
    pending = fetch_price("tea")
    print(f"calling it returned {type(pending)}, and its body has not run")
    price = await pending
    print(f"await ran the body and gave back {price}")


if __name__ == "__main__":
    asyncio.run(main())
