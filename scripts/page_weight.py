"""Print what each page of the site weighs in the browser (figures only, never asserts).

Each page is loaded in headless Chromium with an empty cache, served from
127.0.0.1, and left until the network is idle (so the search worker and its
index count too); the response bodies of everything it loaded are summed by kind ("other" is the
search index, fetched by the search worker, and the favicon).
Usage: scripts/page-weight [SITE_DIR]   (default: a fresh strict build)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import harness

KINDS = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "image": "images",
    "font": "fonts",
}
COLUMNS = ["html", "css", "js", "images", "fonts", "other"]


def weigh(browser: Any, url: str) -> tuple[Counter[str], int, list[str]]:
    """Bytes by kind, number of responses, and any request that left the server."""
    sizes: Counter[str] = Counter()
    count = 0
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(lambda target: not harness.is_local(target, url), lambda route: route.abort())

    def finished(request: Any) -> None:
        nonlocal count
        if not harness.is_local(request.url, url):
            outside.append(request.url)
            return
        if request.url.startswith(harness.LOCAL_SCHEMES):
            return
        response = request.response()
        if response is None:
            return
        count += 1
        # The body's length as the server sent it (it does not compress). Chromium's
        # own counts (request.sizes(), response.body()) read 0 now and then, once the
        # browser has let go of a body; the header is always there.
        length = response.headers.get("content-length")
        size = int(length) if length is not None else len(response.body())
        sizes[KINDS.get(request.resource_type, "other")] += size

    context.on("requestfinished", finished)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return sizes, count, outside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    with harness.browse(args.site) as (site, base, browser):
        pages = harness.site_pages(site)
        rows = {path: weigh(browser, base + path) for path in pages}

    width = max(len(path) for path in pages)
    print(f"Page weight: bytes of response bodies per page, empty cache, {len(pages)} pages")
    header = " ".join(f"{column:>9}" for column in COLUMNS)
    print(f"{'page':<{width}} {'total':>10} {'requests':>8} {header}")
    for path, (sizes, count, _) in rows.items():
        cells = " ".join(f"{sizes[column]:>9,}" for column in COLUMNS)
        print(f"{path:<{width}} {sum(sizes.values()):>10,} {count:>8} {cells}")
    outside = sorted({url for _, _, urls in rows.values() for url in urls})
    if outside:
        print("requests beyond the local server (aborted, not counted):")
        for url in outside:
            print(f"  {url}")

    totals = {path: sum(sizes.values()) for path, (sizes, _, _) in rows.items()}
    heaviest = max(totals, key=lambda path: totals[path])
    print()
    print(f"home page (index.html): {totals['index.html']:,} bytes ({_kib(totals['index.html'])})")
    print(f"heaviest page ({heaviest}): {totals[heaviest]:,} bytes ({_kib(totals[heaviest])})")


def _kib(size: int) -> str:
    return f"{size / 1024:,.1f} KiB"


if __name__ == "__main__":
    main()
