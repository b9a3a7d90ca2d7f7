"""Check your program against an exercise's goal: its time and what it prints.

Usage: python check.py your_program.py

It runs your program with this Python, times the whole process, and compares what it
prints with what the goal prints, line by line. It exits with 0 when the goal is met.
"""

import subprocess
import sys
import time

GOAL = (0.3, 0.45)  # the fewest and the most seconds the goal allows
EXPECTED = "short done\nlong done\n"  # what a program that meets the goal prints
LIMIT = 60  # seconds before the program is stopped


def judge(
    exit_code: int,
    seconds: float,
    printed: str,
    goal: tuple[float, float] = GOAL,
    expected: str = EXPECTED,
) -> tuple[bool, str]:
    """The verdict: every part of the goal the run misses, with its figure."""
    low, high = goal
    figure, bound = f"{seconds:.2f} s", f"{low:.2f}\N{EN DASH}{high:.2f} s"
    if exit_code:
        return False, (
            f"✗ Not yet: it ended with an exception (exit code {exit_code}); "
            "its traceback is above."
        )
    missed = []
    if seconds > high:
        missed.append(f"too slow, {figure}; the goal is {bound}")
    elif seconds < low:
        missed.append(
            f"{figure} is faster than the goal's {bound} allows: it skipped or "
            "cut short work the goal needs done"
        )
    want = expected.rstrip().split("\n")
    got = printed.rstrip().split("\n")
    for at in range(max(len(want), len(got))):
        wanted = f"“{want[at]}”" if at < len(want) else "nothing more"
        actual = f"“{got[at]}”" if at < len(got) else "nothing more"
        if wanted != actual:
            missed.append(
                f"wrong output at line {at + 1}: the goal prints {wanted}, "
                f"yours printed {actual}"
            )
            break
    if missed:
        return False, "✗ Not yet: " + ". And ".join(missed) + "."
    lines = f"{len(want)} line{'' if len(want) == 1 else 's'}"
    return (
        True,
        f"✓ Goal met: {figure}, within {bound}, and the same {lines}.",
    )


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, sys.argv[1]],
            capture_output=True,
            text=True,
            timeout=LIMIT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"✗ Not yet: still running after {LIMIT} s, far over the goal.")
        return 1
    seconds = time.perf_counter() - start
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    passed, verdict = judge(done.returncode, seconds, done.stdout)
    print(verdict)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
