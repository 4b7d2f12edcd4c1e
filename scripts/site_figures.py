"""Print the site's figures for a clinician's use (figures only, never asserts).

For every page of a built site: its height in CSS px at 1280 px and at 390 px
wide, how far it scrolls sideways at 360 px, and how many pages it prints on A4
and on Letter; then the first search hit (page, snippet) for the words a
clinician types. ``scripts/try-timing`` gives the "Try it" page's times.
Usage: scripts/site-figures [SITE_DIR]   (default: a fresh strict build)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import harness

WORDS = ("taper", "relapse", "stop", "rituximab", "creatinine")
"""What a clinician searches for first (issue 13)."""


def heights(browser: Any, base: str, pages: list[str], width: int) -> dict[str, tuple[int, int]]:
    """Each page's height and sideways overflow (CSS px) in a window ``width`` px wide."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for path in pages:
        page.goto(base + path, wait_until="load")
        found[path] = page.evaluate(harness.PAGE_SIZE)
    context.close()
    return found


def printed(browser: Any, base: str, pages: list[str]) -> dict[str, tuple[int, int]]:
    """Each page's printed length in pages, on A4 and on Letter."""
    context = browser.new_context()
    page = context.new_page()
    found = {}
    for path in pages:
        page.goto(base + path, wait_until="load")
        counts = [harness.pdf_pages(page.pdf(format=paper)) for paper in ("A4", "Letter")]
        found[path] = (counts[0], counts[1])
    context.close()
    return found


def first_hits(browser: Any, base: str) -> dict[str, str]:
    """The first search result for each of WORDS: its page and the start of its snippet."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for word in WORDS:
        page.goto(base + "index.html")
        hit = harness.search(page, word)
        found[word] = f"{hit['url']} | {hit['title']} | {hit['snippet'][:110]}"
    context.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    with harness.browse(args.site) as (site, base, browser):
        pages = harness.site_pages(site)
        wide = heights(browser, base, pages, 1280)
        phone = heights(browser, base, pages, 390)
        narrow = heights(browser, base, pages, 360)
        paper = printed(browser, base, pages)
        hits = first_hits(browser, base)
    width = max(len(path) for path in pages)
    print("Page height (CSS px), sideways scroll at 360 px, printed pages (A4, Letter)")
    print(f"{'page':<{width}} {'1280 px':>8} {'390 px':>8} {'360 side':>9} {'A4':>4} {'Letter':>6}")
    for path in pages:
        print(
            f"{path:<{width}} {wide[path][0]:>8,} {phone[path][0]:>8,} "
            f"{narrow[path][1]:>9} {paper[path][0]:>4} {paper[path][1]:>6}"
        )
    print()
    print("First search hit (page | title | snippet)")
    for word, hit in hits.items():
        print(f"{word:<11} {hit}")


if __name__ == "__main__":
    main()
