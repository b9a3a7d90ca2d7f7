"""A concurrent.futures.Future from a sync library, awaited with asyncio.wrap_future."""

import asyncio
import time
from concurrent.futures import Future, ThreadPoolExecutor


class ReportService:
    """A sync library that runs its jobs on its own threads and returns futures."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=2)

    def render(self, name: str) -> Future[str]:
        return self.pool.submit(self.work, name)

    def work(self, name: str) -> str:
        time.sleep(0.5)  # blocking work on the library's thread
        return f"{name}.pdf"


async def main(service: ReportService) -> None:
    jobs = [asyncio.wrap_future(service.render(name)) for name in ("sales", "stock")]
    async with asyncio.timeout(2):
        files = await asyncio.gather(*jobs)
    print(files)


if __name__ == "__main__":
    service = ReportService()
    try:
        asyncio.run(main(service))
    finally:
        service.pool.shutdown()  # outside the loop, once it has stopped
