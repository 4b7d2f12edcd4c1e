"""The print view: a clean summary without the site's chrome, with version and review date.

The page checked is the first one that has a ``.print-meta`` element (the
package version and review date), or the home page. Two probe ``.print-meta``
elements, one in the article and one in the footer (where mkdocs.yml's
``copyright`` puts it), check the stylesheet itself: hidden on screen, printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import open_context

pytestmark = pytest.mark.browser

CHROME = [
    ".md-header",
    ".md-tabs",
    ".md-search",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer__inner",
    ".md-top",
    ".md-content__button",
    ".headerlink",
]
"""Parts of the screen layout that are not content and must not print."""

ADD_PROBES = """() => {
  const probe = (parent, where) => {
    const element = document.createElement("p");
    element.className = "print-meta";
    element.dataset.probe = where;
    element.textContent = `print-meta probe (${where})`;
    parent.appendChild(element);
  };
  probe(document.querySelector("article"), "article");
  probe(document.querySelector(".md-copyright") || document.querySelector(".md-footer"), "footer");
}"""


def _printed_page(site_dir: Path, pages: list[str]) -> str:
    for path in pages:
        if "print-meta" in (site_dir / path).read_text(encoding="utf-8"):
            return path
    return "index.html"


def _hidden(page: Any, selectors: list[str]) -> dict[str, bool]:
    """For each selector present on the page, whether all its elements are hidden."""
    return {
        selector: all(element.is_hidden() for element in page.locator(selector).all())
        for selector in selectors
        if page.locator(selector).count()
    }


def test_print_view_hides_chrome_and_shows_print_meta(
    browser: Any, base_url: str, site_dir: Path, pages: list[str]
) -> None:
    path = _printed_page(site_dir, pages)
    context, watch = open_context(browser, base_url)
    try:
        page = watch.new_page(context)
        page.goto(base_url + path)
        page.evaluate(ADD_PROBES)
        meta = page.locator(".print-meta")
        on_screen = [element.is_visible() for element in meta.all()]

        page.emulate_media(media="print")
        chrome = _hidden(page, CHROME)
        printed = {element.inner_text(): element.is_visible() for element in meta.all()}
        article = page.locator("article")
        article_visible = article.is_visible() and page.locator("article h1").first.is_visible()
        links = page.locator("article a:not(.headerlink)")
        link_text_kept = all(
            link.is_visible() for link in links.all()[:20] if link.inner_text().strip()
        )
        pdf = page.pdf(format="A4")
    finally:
        context.close()

    assert len(on_screen) >= 2
    assert not any(on_screen), "a .print-meta element is visible on screen"
    assert {".md-header", ".md-sidebar--primary"} <= chrome.keys(), chrome
    assert all(chrome.values()), f"chrome visible in print: {chrome}"
    assert printed
    assert all(printed.values()), f"a .print-meta element is not printed: {printed}"
    assert article_visible, "the article or its title is not printed"
    assert link_text_kept, "a link's text is not printed"
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1_000
    assert watch.errors == []
    assert watch.outside == []
