"""A thousand threads wait on one event, then all finish when it is set."""

import asyncio
import threading

COUNT = 1_000


async def main() -> None:
    # nothing else runs on this loop, so blocking it here harms no other task
    event = threading.Event()
    threads = [threading.Thread(target=event.wait) for _ in range(COUNT)]
    for thread in threads:
        thread.start()
    waiting = threading.active_count() - 1  # all but the main thread
    print(f"{waiting} threads waiting beside the main thread")
    event.set()
    for thread in threads:
        thread.join()
    print(f"{COUNT} threads waited and finished")


if __name__ == "__main__":
    asyncio.run(main())
