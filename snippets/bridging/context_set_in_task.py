"""A value set by an awaited coroutine reaches its caller; one set in a task not."""

import asyncio
import contextvars

current_user = contextvars.ContextVar("current_user", default="anonymous")


async def authenticate(token: str) -> None:
    await asyncio.sleep(0.1)  # stands in for a call to an auth service
    current_user.set({"t-42": "ada"}[token])


async def load_settings() -> None:
    await asyncio.sleep(0.1)


async def main() -> None:
    await authenticate("t-42")  # runs in main's own context
    print(f"after await:  {current_user.get()}")
    current_user.set("anonymous")
    await asyncio.gather(authenticate("t-42"), load_settings())  # each in a task
    print(f"after gather: {current_user.get()}")


if __name__ == "__main__":
    asyncio.run(main())
