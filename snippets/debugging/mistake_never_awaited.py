"""A plain function calls a coroutine function: the coroutine never runs."""

import asyncio


async def send_welcome(user: str) -> None:
    await asyncio.sleep(0.1)  # stands in for sending an email
    print(f"welcome email sent to {user}")


def on_signup(user: str) -> None:  # a plain def, so it cannot await
    # the mistake: this only makes a
    # coroutine object
    send_welcome(user)


async def main() -> None:
    on_signup("ada")
    await asyncio.sleep(0.2)
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
