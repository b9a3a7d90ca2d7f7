"""A sync command-line tool fetches three reports through the team's async client."""

import asyncio

PAGES = {"sales": 12, "stock": 4, "staff": 7}


async def fetch_report(name: str) -> str:
    """The async client's call: it waits 1 s for the reports service."""
    await asyncio.sleep(1)  # stands in for the service's reply
    return f"{name}: {PAGES[name]} pages"


async def fetch_reports(names: list[str]) -> list[str]:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch_report(name)) for name in names]
    return [task.result() for task in tasks]


def main() -> None:
    """The tool's entry point: plain sync code, like the rest of the tool."""
    for report in asyncio.run(fetch_reports(list(PAGES))):
        print(report)


if __name__ == "__main__":
    main()
