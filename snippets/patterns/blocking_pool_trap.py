"""The trap: a `with` pool block inside a coroutine blocks the loop on its way out."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

START = time.perf_counter()


def now() -> str:  # tenths of a second since the start, cut rather than rounded
    return f"{int((time.perf_counter() - START) * 10) / 10:.1f} s"


async def heartbeat(late: list[str]) -> None:
    for _ in range(10):  # ten beats 0.2 s apart: 2 s, if the loop stays free
        due = time.perf_counter() + 0.2
        await asyncio.sleep(0.2)
        if time.perf_counter() - due > 0.5:  # what a watchdog would report
            late.append(f"a heartbeat came at {now()}, over 0.5 s late")


async def export(loop: asyncio.AbstractEventLoop) -> None:
    # the trap: leaving the block
    # waits for the job
    with ThreadPoolExecutor() as pool:
        await loop.run_in_executor(pool, time.sleep, 2)  # a 2 s blocking job


async def main() -> None:
    late: list[str] = []
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat(late))
        try:
            async with asyncio.timeout(0.5):
                await export(asyncio.get_running_loop())
        except TimeoutError:
            print(f"the 0.5 s timeout raised at {now()}")
    print("\n".join(late) or "every heartbeat came on time")


if __name__ == "__main__":
    asyncio.run(main())
