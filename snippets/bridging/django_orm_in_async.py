"""The ORM called directly in an async view: Django refuses, and how to call it."""

import asyncio
import tempfile

import httpx
import uvicorn
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.db import connection, models
from django.http import HttpRequest, HttpResponse
from django.urls import path

folder = tempfile.TemporaryDirectory()  # removed, with the database, at exit
database = {"ENGINE": "django.db.backends.sqlite3", "NAME": f"{folder.name}/db"}
settings.configure(
    DEBUG=True,  # development: log each error's traceback to stderr
    SECRET_KEY="only for this example",  # the debug error page needs one
    ROOT_URLCONF=__name__,
    DATABASES={"default": database},
)
application = get_asgi_application()  # sets Django up, as a project's asgi.py does


class Order(models.Model):
    item = models.CharField(max_length=40)

    class Meta:
        app_label = "shop"  # a model outside an app's models.py names its app


async def broken(request: HttpRequest) -> HttpResponse:
    # the mistake: a sync query
    items = [order.item for order in Order.objects.all()]
    return HttpResponse(", ".join(items))


async def fixed(request: HttpRequest) -> HttpResponse:
    items = [order.item async for order in Order.objects.all()]
    return HttpResponse(f"{', '.join(items)} ({await Order.objects.acount()} orders)")


urlpatterns = [path("broken", broken), path("fixed", fixed)]


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
            for name in ["broken", "fixed"]:
                answer = await client.get(f"http://127.0.0.1:{port}/{name}")
                print(f"/{name}: {answer.status_code} {answer.reason_phrase}")
        print(f"/fixed said: {answer.text}")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    with connection.schema_editor() as editor:  # sync code, before any loop runs
        editor.create_model(Order)
    Order.objects.bulk_create(Order(item=item) for item in ["tea", "jam", "bread"])
    asyncio.run(main())
