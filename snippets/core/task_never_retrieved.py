"""A failed task that nobody awaits: Python reports it only when the task is freed."""

import asyncio
import gc


async def charge_card(amount: int) -> None:
    await asyncio.sleep(0.1)
    raise ValueError(f"card declined for {amount} EUR")


async def main() -> None:
    # the mistake: a task never awaited
    payment = asyncio.create_task(charge_card(30))
    await asyncio.sleep(0.3)
    print(f"payment done: {payment.done()}; nothing reported yet")
    del payment  # the last reference to the task goes
    gc.collect()  # free it now, even if a reference cycle held it
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
