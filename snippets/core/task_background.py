"""Keep a reference to every background task, and drop it when the task is done."""

import asyncio

background: set[asyncio.Task[None]] = set()


async def send_email(to: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"email sent to {to}")


def fire_and_forget(to: str, seconds: float) -> None:
    task = asyncio.create_task(send_email(to, seconds))
    background.add(task)  # a strong reference: the loop keeps only a weak one
    task.add_done_callback(background.discard)  # dropped once the task is done


async def main() -> None:
    fire_and_forget("ada", 0.2)
    fire_and_forget("grace", 0.6)
    print(f"background tasks: {len(background)}")
    await asyncio.sleep(0.4)
    print(f"background tasks: {len(background)}")
    await asyncio.sleep(0.4)
    print(f"background tasks: {len(background)}")


if __name__ == "__main__":
    asyncio.run(main())
