"""A Trio nursery runs two waits; move_on_after stops the 10 s one at 1 s."""

import time

import trio


async def fetch(server: str, seconds: float) -> None:
    await trio.sleep(seconds)  # a server that answers after `seconds`
    print(f"{server}: answered after {seconds} s")


async def main() -> None:
    start = time.perf_counter()
    with trio.move_on_after(1) as scope:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(fetch, "fast server", 0.2)
            nursery.start_soon(fetch, "slow server", 10)
    print(f"moved on after {time.perf_counter() - start:.1f} s")
    print(f"the scope caught the cancellation: {scope.cancelled_caught}")


if __name__ == "__main__":
    trio.run(main)
