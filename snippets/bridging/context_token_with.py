"""On Python 3.14, the token from ContextVar.set is a context manager that resets."""

import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="no request")


async def handle(rid: str, malformed: bool) -> None:
    # the block ends with request_id back at its previous value, even on an error
    with request_id.set(rid):
        await asyncio.sleep(0.1)
        print(f"handling {request_id.get()}")
        if malformed:
            raise ValueError(f"{rid} is malformed")


async def main() -> None:
    await handle("req-1", malformed=False)
    print(f"after req-1: {request_id.get()}")
    try:
        await handle("req-2", malformed=True)
    except ValueError as error:
        print(f"error: {error}")
    print(f"after req-2: {request_id.get()}")


if __name__ == "__main__":
    asyncio.run(main())
