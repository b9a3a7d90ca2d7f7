"""Trio: a shielded scope lets the goodbye finish inside a cancelled scope."""

import time

import trio


async def talk_to_server() -> None:
    try:
        await trio.sleep(10)  # waiting for a reply that never comes
    finally:
        with trio.move_on_after(1, shield=True):  # shielded, but 1 s at most
            await trio.sleep(0.5)  # the goodbye, answered in 0.5 s
            print("goodbye sent")


async def main() -> None:
    start = time.perf_counter()
    with trio.move_on_after(0.5):
        await talk_to_server()
    print(f"moved on after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    trio.run(main)
