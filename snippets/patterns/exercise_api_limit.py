"""Fetch 12 user profiles from a partner's API, which allows 4 requests at once."""

import asyncio

API_LIMIT = 4
in_flight = 0


async def api_get(user: int) -> str | None:
    """The partner's API: it refuses a request beyond its limit at once."""
    global in_flight
    if in_flight == API_LIMIT:
        return None  # 429 Too Many Requests
    in_flight += 1
    await asyncio.sleep(0.25)  # the API looks the profile up
    in_flight -= 1
    return f"profile of user {user}"


async def fetch_profile(user: int) -> bool:
    """Ask the API for one profile; say whether it came back."""
    profile = await api_get(user)
    return profile is not None


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        fetches = [group.create_task(fetch_profile(user)) for user in range(1, 13)]
    fetched = sum(task.result() for task in fetches)
    print(f"profiles fetched: {fetched} of {len(fetches)}")


if __name__ == "__main__":
    asyncio.run(main())
