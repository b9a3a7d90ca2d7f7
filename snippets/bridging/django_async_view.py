"""An async Django view that awaits: ten requests wait at the same time."""

import asyncio
import threading
import time

import httpx
import uvicorn
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.signals import request_started
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"])
application = get_asgi_application()  # sets Django up, as a project's asgi.py does
threads: set[threading.Thread] = set()  # every thread that ran the view
started: list[tuple[dict, threading.Thread]] = []  # each request's scope and thread
held: list[bool] = []  # whether the request's thread was still there as its view ended


@receiver(request_started)  # a sync receiver, like Django's own close_old_connections
def note_thread(scope: dict, **kwargs: object) -> None:
    started.append((scope, threading.current_thread()))


async def report(request: HttpRequest) -> HttpResponse:
    threads.add(threading.current_thread())
    await asyncio.sleep(0.5)  # waits without blocking: a call to another service
    mine = next(thread for scope, thread in started if scope is request.scope)
    held.append(mine.is_alive())
    return HttpResponse("ready")


urlpatterns = [path("report", report)]  # ROOT_URLCONF names this module


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
            url = f"http://127.0.0.1:{port}/report"
            start = time.perf_counter()
            answers = await asyncio.gather(*(client.get(url) for _ in range(10)))
        ok = sum(answer.status_code == 200 for answer in answers)
        print(f"{ok} of 10 answered in {time.perf_counter() - start:.1f} s")
        ran_on_loop = threading.current_thread() in threads  # the event loop's thread
        print(f"threads that ran the view: {len(threads)}, the loop's: {ran_on_loop}")
        given = {thread for _, thread in started}  # the distinct threads
        print(f"threads Django gave the requests: {len(given)}")
        print(f"each still there as its view ended: {all(held)}")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    asyncio.run(main())
