"""Sync code hands coroutines to an event loop running in a background thread."""

import asyncio
import concurrent.futures
import threading


async def fetch_price(item: str, seconds: float) -> float:
    await asyncio.sleep(seconds)  # stands in for a web request
    return {"tea": 3.5, "cake": 4.0}[item]


async def serve(ready: concurrent.futures.Future, stop: asyncio.Event) -> None:
    ready.set_result(asyncio.get_running_loop())
    await stop.wait()  # then asyncio.run cancels what is left and closes the loop


def main() -> None:
    ready: concurrent.futures.Future[asyncio.AbstractEventLoop]
    ready = concurrent.futures.Future()
    stop = asyncio.Event()
    thread = threading.Thread(target=asyncio.run, args=(serve(ready, stop),))
    thread.start()
    loop = ready.result(timeout=5)
    try:
        tea = asyncio.run_coroutine_threadsafe(fetch_price("tea", 0.1), loop)
        print(f"tea: {tea.result(timeout=2)}")
        cake = asyncio.run_coroutine_threadsafe(fetch_price("cake", 10), loop)
        try:
            print(f"cake: {cake.result(timeout=0.5)}")
        except TimeoutError:
            cake.cancel()
            print("cake: no answer within 0.5 s, cancelled")
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=5)
    print(f"loop thread alive: {thread.is_alive()}, loop closed: {loop.is_closed()}")


if __name__ == "__main__":
    main()
