"""Which thread runs the ORM: sync_to_async gives each request a thread of its own."""

import asyncio
import tempfile
import threading

import httpx
import uvicorn
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.db import connection, models
from django.http import HttpRequest, HttpResponse
from django.urls import path

folder = tempfile.TemporaryDirectory()  # removed, with the database, at exit
database = {"ENGINE": "django.db.backends.sqlite3", "NAME": f"{folder.name}/db"}
settings.configure(
    ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], DATABASES={"default": database}
)
application = get_asgi_application()  # sets Django up, as a project's asgi.py does


class Order(models.Model):
    item = models.CharField(max_length=40)

    class Meta:
        app_label = "shop"  # a model outside an app's models.py names its app


orm_threads: set[threading.Thread] = set()  # every thread that ran the ORM


def find_order(pk: int) -> str:  # sync: the ORM, in a function of its own
    orm_threads.add(threading.current_thread())
    return Order.objects.get(pk=pk).item


async def order(request: HttpRequest, pk: int) -> HttpResponse:
    item = await sync_to_async(find_order)(pk)  # thread_sensitive=True, the default
    again = await sync_to_async(find_order)(pk)  # the same thread as the call above
    return HttpResponse(f"{item}, {again}")


urlpatterns = [path("orders/<int:pk>", order)]


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
            urls = [f"http://127.0.0.1:{port}/orders/{pk}" for pk in (1, 2, 3)]
            answers = await asyncio.gather(*(client.get(url) for url in urls))
        print(" | ".join(answer.text for answer in answers))
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving
    in_loop = threading.current_thread() in orm_threads  # the thread the views ran in
    print(f"ORM calls in 3 requests: {len(orm_threads)} threads, the loop's: {in_loop}")
    orm_threads.clear()  # outside a request: two tasks of this program call the ORM
    await asyncio.gather(*(sync_to_async(find_order)(pk) for pk in (1, 2)))
    print(f"ORM calls from 2 tasks outside a request: {len(orm_threads)} thread")


if __name__ == "__main__":
    with connection.schema_editor() as editor:  # sync code, before any loop runs
        editor.create_model(Order)
    Order.objects.bulk_create(Order(item=item) for item in ["tea", "jam", "bread"])
    asyncio.run(main())
