"""Search works from the local server and from the files themselves (file://).

A clinician may open the site from a folder or an unpacked zip: the offline
plugin inlines the search index and the vendored iframe-worker shim runs the
search worker without a server, with no request beyond the site's own files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import harness
from tests.browser.conftest import open_context

pytestmark = pytest.mark.browser

QUERY = "taper"


@pytest.mark.parametrize("origin", ["http", "file"])
def test_search_finds_taper_and_opens_the_result(
    browser: Any, base_url: str, site_dir: Path, origin: str
) -> None:
    start = base_url if origin == "http" else site_dir.as_uri() + "/"
    context, watch = open_context(browser, start)
    try:
        page = watch.new_page(context)
        page.goto(start + "index.html")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(QUERY, delay=40)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible")
        found = results.count()
        meta = page.locator(".md-search-result__meta").inner_text()
        link = results.first.locator("a").first
        target = link.get_attribute("href")
        link.click()
        page.wait_for_load_state("load")
        landed, text = page.url, page.locator("article").inner_text()
    finally:
        context.close()
    assert found >= 1, meta
    assert landed.startswith(start), (target, landed)
    assert QUERY in text.lower(), (target, landed)
    assert watch.outside == [], watch.outside
    assert watch.errors == [], watch.errors
    assert watch.failed == [], watch.failed


SOFTWARE_PAGES = (
    "api.html",
    "api-modules.html",
    "fhir.html",
    "json-format.html",
    "traceability.html",
)
"""Pages for software; every other page speaks to clinicians."""

CLINICAL_WORDS = ("taper", "relapse", "stop", "rituximab", "creatinine")


def test_the_first_hit_for_a_clinical_word_is_a_clinical_page_with_a_snippet(
    browser: Any, base_url: str
) -> None:
    context, watch = open_context(browser, base_url)
    try:
        page = watch.new_page(context)
        hits = {}
        for word in CLINICAL_WORDS:
            page.goto(base_url + "index.html")
            hits[word] = harness.search(page, word)
    finally:
        context.close()
    for word, hit in hits.items():
        path = hit["url"].removeprefix(base_url).partition("#")[0]
        assert path not in SOFTWARE_PAGES, (word, hit)
        words = hit["snippet"].split()
        assert len(words) >= 8, (word, hit)
        assert not hit["snippet"].startswith("Package version"), (word, hit)
        assert "=" not in hit["snippet"], (word, hit)
        assert "{" not in hit["snippet"], (word, hit)
