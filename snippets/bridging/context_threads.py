"""The request id follows asyncio.to_thread, but not a plain run_in_executor."""

import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="no request")


def write_audit(how: str) -> str:
    """Blocking code, such as a sync logging handler or database driver."""
    return f"{how:<32} sees {request_id.get()}"


async def main() -> None:
    request_id.set("req-7")
    loop = asyncio.get_running_loop()
    print(await asyncio.to_thread(write_audit, "to_thread"))
    print(await loop.run_in_executor(None, write_audit, "run_in_executor"))
    context = contextvars.copy_context()  # a copy of this task's context, now
    print(
        await loop.run_in_executor(
            None, context.run, write_audit, "run_in_executor, context.run"
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
