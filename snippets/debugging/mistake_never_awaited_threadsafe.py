"""A plain function in another thread hands the coroutine to the loop."""

import asyncio


async def send_welcome(user: str) -> None:
    await asyncio.sleep(0.1)  # stands in for sending an email
    print(f"welcome email sent to {user}")


def on_signup(user: str, loop: asyncio.AbstractEventLoop) -> None:
    """A plain def running in a worker thread, not on the loop's thread."""
    future = asyncio.run_coroutine_threadsafe(send_welcome(user), loop)
    future.result(timeout=5)  # blocks this worker thread, not the loop
    print("on_signup saw the email go out")


async def main() -> None:
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(on_signup, "ada", loop)
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
