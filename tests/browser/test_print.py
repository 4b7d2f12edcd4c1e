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

from guideline import CONTENT_REVIEWED, __version__
from tests.browser import harness
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
        links = page.locator("article a:not(.headerlink, .md-button)")
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


GUIDELINE_PAGE_LIMIT = 3
"""The most sheets a guideline page may print on (issue 13); the pocket card prints on one."""

PRINTED_START = """() => {
  const article = document.querySelector("article");
  const printed = (element) => element.getClientRects().length > 0;
  const shown = [...article.querySelectorAll(":scope > *")].filter(printed);
  return {
    first: shown.slice(0, 2).map((element) => [element.tagName, element.textContent.trim()]),
    code: [...article.querySelectorAll("pre, details.software")].filter(printed).length,
    inline: [...article.querySelectorAll("code")].filter(printed).length,
  };
}"""


def clinical_pages(pages: list[str]) -> list[str]:
    """The pages written for clinicians (not the software section, the 404 or the form)."""
    from tests.browser.test_search import SOFTWARE_PAGES

    return [p for p in pages if p not in (*SOFTWARE_PAGES, "404.html", "try.html")]


@pytest.fixture(scope="module")
def printed(browser: Any, base_url: str, pages: list[str]) -> dict[str, dict[str, Any]]:
    """Each clinical page in print: its first elements, visible code, sheets on A4 and Letter."""
    found = {}
    context, watch = open_context(browser, base_url)
    try:
        page = watch.new_page(context)
        for path in clinical_pages(pages):
            page.goto(base_url + path, wait_until="load")
            page.emulate_media(media="print")
            found[path] = {
                **page.evaluate(PRINTED_START),
                "A4": harness.pdf_pages(page.pdf(format="A4")),
                "Letter": harness.pdf_pages(page.pdf(format="Letter")),
            }
            page.emulate_media(media="screen")
    finally:
        context.close()
    return found


def test_every_clinical_page_prints_its_title_then_its_version_and_date(
    printed: dict[str, dict[str, Any]],
) -> None:
    for path, result in printed.items():
        (first_tag, _), (second_tag, second_text) = result["first"]
        assert first_tag == "H1", (path, result["first"])
        assert second_tag == "P", (path, result["first"])
        assert f"Package version {__version__}" in second_text, path
        assert f"content reviewed {CONTENT_REVIEWED:%d %B %Y}" in second_text, path


PLAIN_PAGES = ("index.html", "pocket-card.html", "decision-table.html")
"""Pages that print no code at all, not even a name from the data (besides the guideline's)."""


def test_no_clinical_page_prints_code(printed: dict[str, dict[str, Any]]) -> None:
    assert {path: r["code"] for path, r in printed.items() if r["code"]} == {}
    plain = [p for p in printed if p in PLAIN_PAGES or p.startswith(("guide/", "cases/"))]
    assert len(plain) >= 16
    assert {path: printed[path]["inline"] for path in plain if printed[path]["inline"]} == {}


def test_the_pocket_card_prints_on_one_sheet(printed: dict[str, dict[str, Any]]) -> None:
    assert (printed["pocket-card.html"]["A4"], printed["pocket-card.html"]["Letter"]) == (1, 1)


def test_a_guideline_page_prints_on_three_sheets_at_most(
    printed: dict[str, dict[str, Any]],
) -> None:
    guide = {path: r for path, r in printed.items() if path.startswith("guide/")}
    assert len(guide) == 8
    too_long = {
        path: (r["A4"], r["Letter"])
        for path, r in guide.items()
        if max(r["A4"], r["Letter"]) > GUIDELINE_PAGE_LIMIT
    }
    assert too_long == {}
