"""Three sync_to_async calls gathered in one request take turns in its one thread."""

import asyncio
import threading
import time

import httpx
import uvicorn
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"])
application = get_asgi_application()  # sets Django up, as a project's asgi.py does
threads: set[threading.Thread] = set()  # every thread that ran supplier_price
PRICES = {"tea": "3.50", "jam": "2.25", "bread": "1.80"}


def supplier_price(item: str) -> str:  # sync and blocking: a supplier's SDK
    threads.add(threading.current_thread())
    time.sleep(0.5)
    return f"{item} {PRICES[item]}"


async def quote(request: HttpRequest) -> HttpResponse:
    lookup = sync_to_async(supplier_price)  # thread_sensitive=True, the default
    prices = await asyncio.gather(*(lookup(item) for item in PRICES))
    return HttpResponse(", ".join(prices))


urlpatterns = [path("quote", quote)]


async def main() -> None:
    config = uvicorn.Config(application, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):  # uvicorn sets a flag, not an event, once up
            while not server.started:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        async with httpx.AsyncClient(timeout=10) as client:
            start = time.perf_counter()
            answer = await client.get(f"http://127.0.0.1:{port}/quote")
        print(f"{answer.text}: in {time.perf_counter() - start:.1f} s")
        print(f"threads that ran the 3 calls: {len(threads)}")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    asyncio.run(main())
