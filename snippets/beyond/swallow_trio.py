"""Trio: after a swallowed cancellation, the next await raises Cancelled again."""

import time

import trio


async def talk_to_server() -> None:
    try:
        await trio.sleep(10)  # waiting for a reply that never comes
    except trio.Cancelled:
        # the mistake: no raise
        print("cancelled, saying goodbye first")
    await trio.sleep(1)  # the goodbye, to a server that no longer answers
    print("goodbye sent")


async def main() -> None:
    start = time.perf_counter()
    with trio.move_on_after(0.5):
        await talk_to_server()
    print(f"the 0.5 s deadline let go after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    trio.run(main)
