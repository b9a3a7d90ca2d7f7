"""A request id in a ContextVar is copied into each task when the task is created."""

import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="no request")


def log(message: str) -> None:
    print(f"[{request_id.get()}] {message}")


async def load_user(pause: float) -> None:
    await asyncio.sleep(pause)  # stands in for a database query
    log("user loaded")


async def load_orders(pause: float) -> None:
    request_id.set(f"{request_id.get()}/orders")  # changes this task's copy only
    await asyncio.sleep(2 * pause)
    log("orders loaded")


async def handle(rid: str, pause: float) -> None:
    request_id.set(rid)  # in this request's task only
    log("request started")
    async with asyncio.TaskGroup() as group:
        group.create_task(load_user(pause))  # copies the context: sees rid
        group.create_task(load_orders(pause))
    log("request finished")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(handle("req-1", 0.2))
        group.create_task(handle("req-2", 0.35))
    log("all requests done")


if __name__ == "__main__":
    asyncio.run(main())
