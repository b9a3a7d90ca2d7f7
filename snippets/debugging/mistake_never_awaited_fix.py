"""The caller becomes a coroutine function too, and awaits the call."""

import asyncio


async def send_welcome(user: str) -> None:
    await asyncio.sleep(0.1)  # stands in for sending an email
    print(f"welcome email sent to {user}")


async def on_signup(user: str) -> None:  # async def, so it can await
    await send_welcome(user)


async def main() -> None:
    await on_signup("ada")
    await asyncio.sleep(0.2)
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
