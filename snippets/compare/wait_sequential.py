"""Ten waits of 0.3 s, one after another: the baseline for three other ways."""

import time

WAITS = 10


def wait(seconds: float) -> None:
    """A blocking wait, standing in for a network call or a slow disk."""
    time.sleep(seconds)


def main() -> None:
    for _ in range(WAITS):
        wait(0.3)
    print(f"{WAITS} waits done")


if __name__ == "__main__":
    main()
