"""One AnyIO program; BACKEND chooses the event loop that runs it."""

import time

import anyio

BACKEND = "asyncio"  # the only line that differs between the two files


async def fetch(server: str, seconds: float) -> None:
    await anyio.sleep(seconds)  # a server that answers after `seconds`
    print(f"{server}: answered after {seconds} s")


async def main() -> None:
    cancelled = anyio.get_cancelled_exc_class()  # each backend has its own
    print(f"{BACKEND}: cancelling raises {cancelled.__module__}.{cancelled.__name__}")
    start = time.perf_counter()
    try:
        with anyio.fail_after(1):
            async with anyio.create_task_group() as group:
                group.start_soon(fetch, "fast server", 0.2)
                group.start_soon(fetch, "slow server", 10)
    except TimeoutError:
        print(f"timed out after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    anyio.run(main, backend=BACKEND)
