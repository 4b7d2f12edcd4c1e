"""Print how long the "Try it" page takes to its first result (figures only, never asserts).

Each run opens the page in a fresh headless Chromium context (empty cache),
served from 127.0.0.1 through a link of a given rate shared by all connections
(default 10 Mbit/s; the test harness's ``Link``, so the page's service worker
is limited too), waits until Python and the package are loaded, and evaluates
the case the page opens with. The same context then opens the page again (a
repeat visit): printed for both are the time to ready and to the first result
from the start of navigation, median and range over the runs, and the bytes the
server sent.
Usage: scripts/try-timing [--runs N] [--mbit RATE] [SITE_DIR]
       (defaults: 3 runs, 10 Mbit/s; 0 for no limit; a fresh strict build)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import harness


def visit(context: Any, url: str, link: harness.Link) -> tuple[float, float, int]:
    """Seconds to ready, seconds to the first result, bytes the server sent."""
    page = context.new_page()
    sent = link.sent
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('#try-status[data-ready="true"]')
    ready = time.perf_counter() - start
    page.click("#try-run")
    page.wait_for_selector("#try-action")
    first = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    page.close()
    return ready, first, link.sent - sent


def one_run(browser: Any, url: str, link: harness.Link) -> list[tuple[float, float, int]]:
    """A first visit with an empty cache, then a repeat visit in the same browser profile."""
    context = browser.new_context()
    context.set_default_timeout(600_000)
    try:
        return [visit(context, url, link), visit(context, url, link)]
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mbit", type=float, default=10.0, help="network limit; 0 for none")
    parser.add_argument("--page", default="try.html", help="the page's address in the site")
    args = parser.parse_args()
    link = harness.Link(args.mbit)
    with harness.browse(args.site, link) as (_, base_url, browser):
        results = [one_run(browser, base_url + args.page, link) for _ in range(args.runs)]
    rate = f"{args.mbit:g} Mbit/s" if args.mbit else "no network limit"
    print(f"runs: {args.runs}; {rate}")
    for number, label in enumerate(("first visit (empty cache)", "repeat visit")):
        runs = [result[number] for result in results]
        print(f"{label}: {runs[0][2] / 1e6:.2f} MB sent by the server")
        for name, index in (("ready", 0), ("first result", 1)):
            times = [run[index] for run in runs]
            spread = f"{min(times):.2f}-{max(times):.2f}"
            print(f"  {name}: median {statistics.median(times):.2f} s ({spread})")


if __name__ == "__main__":
    main()
