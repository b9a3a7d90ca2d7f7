"""Trio ends a nursery early with nursery.cancel_scope.cancel()."""

import time

import trio


async def ask(
    mirror: str, seconds: float, nursery: trio.Nursery, answers: list[str]
) -> None:
    await trio.sleep(seconds)  # a mirror that answers after `seconds`
    answers.append(mirror)
    print(f"{mirror} answered")
    # one answer is enough: cancel the other tasks and the body
    nursery.cancel_scope.cancel()


async def main() -> None:
    start = time.perf_counter()
    answers: list[str] = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(ask, "us", 3, nursery, answers)
        nursery.start_soon(ask, "eu", 0.2, nursery, answers)
        await trio.sleep(10)  # the body gives the mirrors 10 s
        print("no mirror answered in 10 s")
    print(f"block ended at {time.perf_counter() - start:.1f} s")
    print(f"answers: {answers}")
    print(f"cancellation caught: {nursery.cancel_scope.cancelled_caught}")


if __name__ == "__main__":
    trio.run(main)
