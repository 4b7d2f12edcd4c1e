"""Print how long the "Try it" page takes to its first result (figures only, never asserts).

Each run opens the page in a fresh headless Chromium context (empty cache),
served from 127.0.0.1, waits until Python and the package are loaded, and
evaluates the first worked case. Printed: time to ready and time to the first
result from the start of navigation, median and range over the runs, and the
bytes the page transferred.
Usage: scripts/try-timing [RUNS] [SITE_DIR]   (defaults: 5 runs, a fresh strict build)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser import harness


def one_run(browser: Any, base_url: str) -> tuple[float, float, int]:
    """Seconds to ready, seconds to the first result, bytes transferred."""
    context = browser.new_context()
    context.set_default_timeout(300_000)
    sizes: list[int] = []
    context.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base_url + "try.html")
    page.wait_for_selector('#try-status[data-ready="true"]')
    ready = time.perf_counter() - start
    page.click("#try-run")
    page.wait_for_selector("#try-action")
    first = time.perf_counter() - start
    context.close()
    return ready, first, sum(sizes)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(sys.argv[2]) if len(sys.argv) > 2 else harness.build_site(Path(tmp) / "site")
        with harness.serve(site) as base_url, sync_playwright() as playwright:
            browser = harness.launch(playwright)
            results = [one_run(browser, base_url) for _ in range(runs)]
            browser.close()
    print(f"runs: {runs}; transferred: {results[0][2] / 1e6:.1f} MB (uncompressed, as served)")
    for label, index in (("ready", 0), ("first result", 1)):
        times = [result[index] for result in results]
        spread = f"{min(times):.2f}-{max(times):.2f}"
        print(f"{label}: median {statistics.median(times):.2f} s ({spread})")


if __name__ == "__main__":
    main()
