"""Write and read a file in a worker thread, so the event loop stays free."""

import asyncio
import tempfile
from pathlib import Path

DATA = b"0123456789" * 400_000  # 4 MB


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:  # removed with its files at the end
        path = Path(folder) / "data.bin"
        written = await asyncio.to_thread(path.write_bytes, DATA)
        read_back = await asyncio.to_thread(path.read_bytes)
        print(f"wrote {written:,} bytes, read {len(read_back):,} bytes back")
        print(f"same bytes: {read_back == DATA}")


if __name__ == "__main__":
    asyncio.run(main())
