"""The same Django server, whose view answers at once: all but the wait."""

import asyncio
import time

import httpx
import uvicorn
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"])
application = get_asgi_application()  # sets Django up, as a project's asgi.py does


async def report(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ready")  # no wait at all: what is left is the program


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
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    asyncio.run(main())
