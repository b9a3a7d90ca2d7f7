"""The same program shape, creating no tasks and no threads: the baseline."""

import asyncio
import threading


async def main() -> None:
    tasks = len(asyncio.all_tasks())  # main() itself
    print(f"{tasks} task and {threading.active_count()} thread: nothing else")


if __name__ == "__main__":
    asyncio.run(main())
