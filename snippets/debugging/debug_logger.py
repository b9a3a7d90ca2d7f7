"""asyncio reports through the "asyncio" logger: give it a format and a level."""

import asyncio
import gc
import logging
import time


async def import_rows() -> None:
    await asyncio.sleep(0.1)
    raise ValueError("row 12 has no date")


async def main() -> None:
    log = logging.getLogger("app")
    log.debug("debug mode: %s", asyncio.get_running_loop().get_debug())
    task = asyncio.create_task(import_rows(), name="import rows")
    await asyncio.sleep(0.2)
    # blocks the loop, to be reported
    time.sleep(0.15)
    del task  # dropped without reading its error
    gc.collect()
    log.info("main is done")


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("asyncio").setLevel(logging.WARNING)  # hide its debug chatter
    asyncio.run(main(), debug=True)
