"""Lighthouse scores of the built site, served with gzip as any real host serves it.

Not part of the suite (each page takes Lighthouse about half a minute). Run it from
the repository root:

```console
$ CHROME_PATH=/usr/bin/chromium .venv/bin/python -m measured.lighthouse
```

It builds the site into a temporary directory (or serves `--site DIR`, a site built
for `http://127.0.0.1:PORT/`), serves it on 127.0.0.1 with every text response
gzipped, runs Lighthouse 12 (`npx --yes lighthouse@12`, so Node.js and the npm
registry are needed; `--lighthouse PATH` runs an installed one instead) on each page
with its default mobile settings (a mid-range phone on a slow 4G network, simulated),
and prints each page's performance and accessibility scores. The reports are written
to `.artifacts/lighthouse/` (not committed).

Without pages named, it checks the home page and the three heaviest pages of the
build: the largest first loads, counting each page's HTML with the stylesheets,
scripts and images it asks for ([`heaviest`][measured.lighthouse.heaviest]; on
December 7, 2026, contributing/reference/pages, contributing/reference/measuring
and reference/asyncio, once debugging/mistakes-by-message was split in four). Issue 31 asks for at least 95 performance and
100 accessibility on each. Lighthouse simulates the slow phone from the main
thread's work as observed, so a busy machine lowers the performance score: each
page runs `--runs` times (3) and the run with the median score is shown, with the
spread.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from measured.site import build_site

ROOT = Path(__file__).resolve().parent.parent
HEAVIEST = 3
"""How many of the heaviest pages are checked beside the home page (issue 31)."""
COMPRESSED = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files as a static host does: text gzipped when the client accepts it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and kind.startswith(COMPRESSED)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args: object) -> None:
        pass


class _Body:
    """The file-like object `send_head` returns: the compressed body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(directory: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """Serve `directory` on 127.0.0.1 in a daemon thread."""

    class Handler(GzipHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(directory), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


ASKED = re.compile(
    r'<(?:script|img)\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*\brel="stylesheet"[^>]*>'
)


def first_load(site: Path, page: Path) -> int:
    """The bytes of a page's first load, uncompressed: its HTML, and the stylesheets,
    scripts and images of the site that it asks for."""
    text = page.read_text()
    asked = set()
    for match in ASKED.finditer(text):
        href = re.search(r'href="([^"]+)"', match[0])
        address = match[1] or (href[1] if href else "")
        if address and "://" not in address and not address.startswith("data:"):
            path = (page.parent / address.split("?")[0]).resolve()
            if path.is_file() and path.is_relative_to(site.resolve()):
                asked.add(path)
    return len(text.encode()) + sum(path.stat().st_size for path in asked)


def heaviest(site: Path, count: int = HEAVIEST) -> list[str]:
    """The `count` pages of the built `site` with the largest first loads, heaviest
    first, as addresses under its root (`debugging/mistakes-by-message/`)."""
    pages = [
        page
        for page in site.rglob("index.html")
        if page.parent != site and not page.parent.name.startswith(("assets", "search"))
    ]
    pages.sort(key=lambda page: first_load(site, page), reverse=True)
    return [f"{page.parent.relative_to(site).as_posix()}/" for page in pages[:count]]


def build(out: Path, site_url: str) -> None:
    """Build the site with --strict for `site_url`, from the last test run's figures."""
    done = build_site(ROOT, out, site_url)
    if done.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{done.stderr}")


def lighthouse(command: list[str], url: str, report: Path) -> dict[str, float]:
    """Run Lighthouse on one page with its mobile defaults; return its scores (0-100)."""
    chrome_flags = "--headless=new --no-sandbox --disable-gpu"
    subprocess.run(
        [
            *command,
            url,
            "--quiet",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={chrome_flags}",
            "--output=json",
            f"--output-path={report}",
        ],
        check=True,
    )
    data = json.loads(report.read_text())
    scores = {
        name: round(category["score"] * 100)
        for name, category in data["categories"].items()
    }
    audits = data["audits"]
    for audit in (
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
    ):
        scores[audit] = audits[audit]["displayValue"]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "pages",
        nargs="*",
        help="pages under the site root (default: the home page and the "
        f"{HEAVIEST} heaviest)",
    )
    parser.add_argument(
        "--site", type=Path, help="a site built for http://127.0.0.1:PORT/"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="the port --site was built for"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs per page; the run with the median performance score is shown",
    )
    parser.add_argument(
        "--lighthouse",
        default="npx --yes lighthouse@12",
        help="the command that runs Lighthouse 12",
    )
    args = parser.parse_args()
    if not os.environ.get("CHROME_PATH"):
        found = shutil.which("chromium") or shutil.which("google-chrome")
        if found is None:
            sys.exit("set CHROME_PATH to a Chromium or Chrome")
        os.environ["CHROME_PATH"] = found
    with tempfile.TemporaryDirectory() as temporary:
        site = args.site or Path(temporary) / "site"
        server = serve(site, args.port)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        if args.site is None:
            build(site, base)
        pages = args.pages or ["", *heaviest(site)]
        reports = ROOT / ".artifacts" / "lighthouse"
        reports.mkdir(parents=True, exist_ok=True)
        print(f"{'page':<34} {'performance':>11} {'accessibility':>13}  FCP, LCP, TBT")
        for page in pages:
            name = page.strip("/").replace("/", "_") or "home"
            runs = [
                lighthouse(
                    args.lighthouse.split(),
                    base + page,
                    reports / f"{name}{f'-{n + 1}' if args.runs > 1 else ''}.json",
                )
                for n in range(args.runs)
            ]
            runs.sort(key=lambda run: run["performance"])
            scores = runs[len(runs) // 2]
            spread = f"{runs[0]['performance']}-{runs[-1]['performance']}"
            print(
                f"/{page:<33} {scores['performance']:>11} {scores['accessibility']:>13}  "
                f"{scores['first-contentful-paint']}, {scores['largest-contentful-paint']}, "
                f"{scores['total-blocking-time']}"
                + (
                    f" (performance {spread} over {len(runs)} runs)"
                    if len(runs) > 1
                    else ""
                )
            )
        server.shutdown()


if __name__ == "__main__":
    main()
