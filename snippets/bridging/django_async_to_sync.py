"""A sync view calls async code through async_to_sync: it runs on the server's loop."""

import asyncio
import threading
import time

import httpx
import uvicorn
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"])
application = get_asgi_application()  # sets Django up, as a project's asgi.py does
seen: dict[str, object] = {}  # where each part ran


async def price(request: HttpRequest, item: str) -> HttpResponse:
    await asyncio.sleep(0.5)  # stands for a slow price service
    return HttpResponse({"tea": "3.50", "jam": "2.25"}[item])


async def fetch_prices(base: str) -> list[str]:  # async code, with an async client
    seen["loop"] = asyncio.get_running_loop()
    seen["inner"] = await sync_to_async(threading.current_thread)()
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        answers = await asyncio.gather(
            client.get("/price/tea"), client.get("/price/jam")
        )
    return [answer.text for answer in answers]


def basket(request: HttpRequest) -> HttpResponse:  # a sync view, as older code has
    seen["view"] = threading.current_thread()
    prices = async_to_sync(fetch_prices)(f"http://{request.get_host()}")
    return HttpResponse(" + ".join(prices))


urlpatterns = [path("basket", basket), path("price/<str:item>", price)]


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
            answer = await client.get(f"http://127.0.0.1:{port}/basket")
        print(f"basket: {answer.text}, in {time.perf_counter() - start:.1f} s")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving
    loop, loop_thread = asyncio.get_running_loop(), threading.current_thread()
    print(f"fetch_prices ran on the server's event loop: {seen['loop'] is loop}")
    print(f"the view ran in the loop's thread: {seen['view'] is loop_thread}")
    inner_in_view = seen["inner"] is seen["view"]
    print(f"its sync_to_async call ran in the view's thread: {inner_in_view}")


if __name__ == "__main__":
    asyncio.run(main())
