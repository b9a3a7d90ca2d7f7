"""`make stress`: run the whole suite many times, quiet and under load, and list every
failure with its claim and figure.

A suite that fails now and then teaches contributors to ignore it. This runs `make
test` ten times in a row, then three more times while two processes burn a CPU each,
and reports every failing test of every round. The target
is zero. `--target test-measure` runs only the measuring (claims, timelines and the
timing-sensitive outputs: what load can change) each round, which takes about a
third of the time. A claim that fails here is redesigned (run alone, compared as a ratio, given
a bound derived from the physics), never loosened.

Usage: `python -m measured.stress [--rounds 10] [--loaded 3] [--burners 2]
[--target test-measure] [--skip-browser]`
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from measured.measurements import DIRECTORY

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "tests/browser/"
"""Left out by `--skip-browser` (`--deselect`, by node id prefix)."""


def burn() -> None:
    """Keep one CPU busy until killed."""
    while True:
        pass


def run_round(
    number: int, condition: str, skip_browser: bool, target: str = "test"
) -> list[dict[str, str]]:
    """Run a Makefile target once (`make test`: its phases are defined there, once);
    return the failures the suite recorded."""
    shutil.rmtree(ROOT / DIRECTORY, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=ROOT,
        # CI set: every round measures afresh, as CI does, reusing nothing
        env={
            **os.environ,
            "CI": "1",
            "PYTEST_ARGS": f"-q --deselect {BROWSER}" if skip_browser else "-q",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    failures = [
        json.loads(path.read_text())
        for path in sorted((ROOT / DIRECTORY / "failures").glob("*.json"))
    ]
    print(
        f"round {number:2} ({condition}): {len(failures)} failure(s) in "
        f"{time.perf_counter() - start:.0f} s",
        flush=True,
    )
    for failure in failures:
        print(f"    {failure['test']}\n      {failure['message']}", flush=True)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="quiet rounds")
    parser.add_argument("--loaded", type=int, default=3, help="rounds under CPU load")
    parser.add_argument("--burners", type=int, default=2, help="CPU-burning processes")
    parser.add_argument(
        "--target",
        default="test",
        choices=["test", "test-measure"],
        help="what each round runs: the whole suite, or its measuring alone",
    )
    parser.add_argument(
        "--skip-browser",
        action="store_true",
        help="leave out the browser tests (no timing claims, most of a round's time)",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with &
    failed: list[tuple[str, dict[str, str]]] = []
    for number in range(1, args.rounds + 1):
        failed += [
            ("quiet", f)
            for f in run_round(number, "quiet", args.skip_browser, args.target)
        ]
    burners = [
        multiprocessing.Process(target=burn, daemon=True) for _ in range(args.burners)
    ]
    for burner in burners:
        burner.start()
    try:
        for number in range(1, args.loaded + 1):
            condition = f"{args.burners} CPU burners"
            failed += [
                (condition, f)
                for f in run_round(
                    args.rounds + number, condition, args.skip_browser, args.target
                )
            ]
    finally:
        for burner in burners:
            burner.kill()
    total = args.rounds + args.loaded
    print(
        f"\n{len(failed)} failure(s) in {total} rounds ({args.rounds} quiet, {args.loaded} loaded)"
    )
    for condition, failure in failed:
        print(
            f"  [{condition}] {failure['test']}: {failure['message'].splitlines()[0]}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
