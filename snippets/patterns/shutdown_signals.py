"""On SIGINT or SIGTERM, cancel the workers, let them clean up, exit (Unix only)."""

import asyncio
import signal


async def handle_job() -> None:
    await asyncio.sleep(0.2)  # stands in for real work: a query, a request


async def worker(name: str) -> None:
    print(f"{name}: connected")
    try:
        while True:
            await handle_job()
    finally:
        print(f"{name}: connection closed")  # runs when the task is cancelled


def on_signal(sig: signal.Signals, stop: asyncio.Event) -> None:
    print(f"received {sig.name}; stopping the workers")
    stop.set()


async def main() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):  # Unix only
        loop.add_signal_handler(sig, on_signal, sig, stop)
    # no deadline while it runs; once stopping, the whole shutdown gets 2 s
    async with asyncio.timeout(None) as shutdown, asyncio.TaskGroup() as tg:
        workers = [tg.create_task(worker(name)) for name in ("reader", "writer")]
        print("running; press Ctrl-C to stop")
        async with asyncio.timeout(10):  # this page's program never runs longer
            await stop.wait()
        shutdown.reschedule(loop.time() + 2)  # shorter than the manager's grace
        for task in workers:
            task.cancel()  # in this order, so they close in this order
    print("all workers stopped; exiting")


if __name__ == "__main__":
    asyncio.run(main())
