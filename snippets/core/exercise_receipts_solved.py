"""Confirm each order at once, and send its receipt in the background."""

import asyncio

background: set[asyncio.Task[None]] = set()


async def send_receipt(order: int) -> None:
    await asyncio.sleep(0.5)  # the mail server takes its time
    print(f"receipt for order {order} sent")


def handle_order(order: int) -> None:
    print(f"order {order} confirmed")
    task = asyncio.create_task(send_receipt(order))
    background.add(task)  # a strong reference while it runs
    task.add_done_callback(background.discard)


async def main() -> None:
    for order in (1, 2, 3):
        handle_order(order)
    print("all orders confirmed")
    # the fix: wait for the receipts
    # still on their way
    await asyncio.gather(*background)


if __name__ == "__main__":
    asyncio.run(main())
