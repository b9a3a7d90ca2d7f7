"""A plain function on the loop's thread starts the coroutine as a task, kept."""

import asyncio

background: set[asyncio.Task[None]] = set()


async def send_welcome(user: str) -> None:
    await asyncio.sleep(0.1)  # stands in for sending an email
    print(f"welcome email sent to {user}")


def on_signup(user: str) -> None:  # still a plain def, run on the loop's thread
    task = asyncio.create_task(send_welcome(user))
    background.add(task)  # the loop keeps only a weak reference: keep a strong one
    task.add_done_callback(background.discard)


async def main() -> None:
    on_signup("ada")
    print("on_signup returned; the email is a task")
    await asyncio.gather(*background)
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
