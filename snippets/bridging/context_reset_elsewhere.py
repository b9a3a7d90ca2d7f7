"""A token from ContextVar.set, reset in another task: the task has its own context."""

import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="no request")


async def finish_request(token: contextvars.Token) -> None:
    # the mistake: the token belongs to
    # the caller's context
    request_id.reset(token)


async def handle(rid: str) -> None:
    token = request_id.set(rid)
    print(f"handling {request_id.get()}")
    await asyncio.create_task(finish_request(token))


if __name__ == "__main__":
    asyncio.run(handle("req-1"))
