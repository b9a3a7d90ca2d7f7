"""A thread hands a result to the loop: call_soon waits, call_soon_threadsafe not."""

import asyncio
import threading
import time


def worker(
    loop: asyncio.AbstractEventLoop,
    reply: asyncio.Future,
    safe: bool,
    idle: threading.Event,
) -> None:
    idle.wait(5)  # the loop has gone back to sleep until its timer
    time.sleep(0.1)  # the thread's work
    if safe:
        loop.call_soon_threadsafe(reply.set_result, "call_soon_threadsafe")
    else:
        # the mistake: not thread-safe
        loop.call_soon(reply.set_result, "call_soon")


async def handover(safe: bool) -> None:
    loop = asyncio.get_running_loop()
    reply = loop.create_future()
    alarm = loop.call_later(1.0, lambda: None)  # the loop's next timer: 1 s away
    idle = threading.Event()
    thread = threading.Thread(target=worker, args=(loop, reply, safe, idle))
    started = time.perf_counter()
    thread.start()
    loop.call_soon(idle.set)  # runs just before the loop sleeps again
    async with asyncio.timeout(2):
        method = await reply
    waited = time.perf_counter() - started
    alarm.cancel()
    await asyncio.to_thread(thread.join, 5)
    when = "at once" if waited < 0.5 else "only when the 1 s timer woke the loop"
    print(f"{method}: the loop saw it {when}")


async def main() -> None:
    await handover(safe=False)
    await handover(safe=True)


if __name__ == "__main__":
    asyncio.run(main())
