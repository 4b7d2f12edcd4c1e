"""Every page of the built site, loaded in Chromium over http://127.0.0.1.

Each page is loaded once (the ``visits`` fixture) and checked for console and
uncaught errors, requests that would leave the local server, references that do
not load, and axe-core violations of WCAG 2.1 A and AA and of its best-practice
rules, in each colour scheme. The pages are whatever the build produced, found
by walking the site. Other tests load every page at a phone's width.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import open_context

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

OPEN_DETAILS = "document.querySelectorAll('details').forEach((d) => { d.open = true; })"
"""Collapsed blocks (admonitions, source code) are opened so that axe checks them too."""

OTHER_SCHEMES = """() => {
  const current = document.body.dataset.mdColorScheme;
  const offered = [...document.querySelectorAll("input.md-option[data-md-color-scheme]")]
    .map((input) => input.dataset.mdColorScheme);
  return [...new Set(offered)].filter((scheme) => scheme !== current);
}"""
"""The palette toggle's other colour schemes (the dark one), besides the page's current one."""

SWITCH_SCHEME = """(scheme) => {
  document.body.setAttribute("data-md-color-switching", "");
  document.body.dataset.mdColorScheme = scheme;
  getComputedStyle(document.body).color;
}"""
"""Switch the scheme as Material's toggle does: without colour transitions, which axe
would otherwise catch halfway."""


@dataclass(frozen=True)
class Visit:
    page: str
    errors: list[str]
    outside: list[str]
    failed: list[str]
    requested: list[str]
    violations: dict[str, list[dict[str, Any]]]
    """axe violations by what was run: all rules, then contrast in each other scheme."""


@pytest.fixture(scope="module")
def visits(browser: Any, base_url: str, pages: list[str]) -> list[Visit]:
    """Load every page once in a fresh context, let it settle, run axe on it.

    axe runs every WCAG 2.1 A and AA rule and every best-practice rule in the
    page's colour scheme (the light one), then again in each other scheme the
    palette toggle offers (the dark one).
    """
    axe = Axe()
    found = []
    for path in pages:
        context, watch = open_context(browser, base_url)
        try:
            page = watch.new_page(context)
            page.goto(base_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.evaluate(OPEN_DETAILS)
            scheme = page.evaluate("document.body.dataset.mdColorScheme")
            violations = {f"{scheme} scheme": axe.run(page, options=AXE_OPTIONS)}
            for other in page.evaluate(OTHER_SCHEMES):
                page.evaluate(SWITCH_SCHEME, other)
                violations[f"{other} scheme"] = axe.run(page, options=AXE_OPTIONS)
        finally:
            context.close()
        found.append(
            Visit(
                path,
                watch.errors,
                watch.outside,
                watch.failed,
                watch.requested,
                {run: result.response["violations"] for run, result in violations.items()},
            )
        )
    return found


def _report(visits: list[Visit], attribute: str) -> str:
    return "\n".join(
        f"{visit.page}:\n  " + "\n  ".join(getattr(visit, attribute))
        for visit in visits
        if getattr(visit, attribute)
    )


def format_violations(violations: list[dict[str, Any]], nodes: int = 5) -> str:
    """Each axe violation with its rule, impact, help link and the first few elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}] on {len(violation['nodes'])} element(s)"
        )
        for node in violation["nodes"][:nodes]:
            snippet = " ".join(node["html"].split())[:160]
            lines.append(f"    {', '.join(map(str, node['target']))}: {snippet}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def test_every_page_loads_without_errors(visits: list[Visit]) -> None:
    report = _report(visits, "errors")
    assert not report, f"console or uncaught errors:\n{report}"


def test_no_page_requests_anything_beyond_the_local_server(visits: list[Visit]) -> None:
    report = _report(visits, "outside")
    assert not report, f"requests that would leave the machine (aborted):\n{report}"


def test_everything_a_page_references_loads(visits: list[Visit]) -> None:
    report = _report(visits, "failed")
    assert not report, f"requests that failed:\n{report}"


LOADED = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
"""Attributes whose URL the browser fetches or connects to (preconnect, prefetch) by itself;
links a reader follows (``<a href>``, citations) may point anywhere."""


class _Remote(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LOADED.get(tag, []) and value:
                parts = value.split(",") if name == "srcset" else [value]
                urls = [part.split()[0] for part in parts if part.strip()]
                remote = [url for url in urls if url.startswith(("http:", "https:", "//"))]
                self.found += [f"<{tag} {name}={url}>" for url in remote]


def test_no_page_refers_to_remote_resources(site_dir: Path, pages: list[str]) -> None:
    """Also what a load may not show: a preconnect, a prefetch, media not played."""
    found = {}
    for path in pages:
        parser = _Remote()
        parser.feed((site_dir / path).read_text(encoding="utf-8"))
        if parser.found:
            found[path] = parser.found
    assert found == {}


def test_every_page_passes_axe_wcag21_a_aa_and_best_practice_in_both_schemes(
    visits: list[Visit],
) -> None:
    assert all(len(visit.violations) == 2 for visit in visits), "a colour scheme was not checked"
    report = "\n".join(
        f"{visit.page}, {run}:\n{format_violations(violations)}"
        for visit in visits
        for run, violations in visit.violations.items()
        if violations
    )
    assert not report, f"axe-core ({', '.join(AXE_TAGS)}) violations:\n{report}"


def test_only_the_try_page_loads_the_python_runtime(visits: list[Visit]) -> None:
    loads = {
        visit.page: [url for url in visit.requested if "/try/runtime/" in url] for visit in visits
    }
    assert any("pyodide" in url for url in loads["try.html"])
    assert {page: urls for page, urls in loads.items() if page != "try.html" and urls} == {}


SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

CHART_TEXT = """() => [...document.querySelectorAll(
    "article svg.flowchart text, article .timeline svg text, article .try-timeline svg text"
  )].filter((text) => text.getClientRects().length > 0).map((text) => {
    const matrix = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
    return [size, text.textContent];
  })"""
"""Each chart text's rendered size in CSS px: its font size times the picture's scale."""


@pytest.fixture(scope="module")
def phone_visits(browser: Any, base_url: str, pages: list[str]) -> dict[int, dict[str, Any]]:
    """Every page at 360 px (sideways scroll) and every page with a chart at 390 and 1280 px."""
    found: dict[int, dict[str, Any]] = {}
    for width in (360, 390, 1280):
        context, _ = open_context(browser, base_url, viewport={"width": width, "height": 800})
        try:
            page = context.new_page()
            found[width] = {}
            for path in pages:
                page.goto(base_url + path, wait_until="load")
                found[width][path] = (page.evaluate(SIDEWAYS), page.evaluate(CHART_TEXT))
        finally:
            context.close()
    return found


def test_no_page_scrolls_sideways_at_360_px(phone_visits: dict[int, dict[str, Any]]) -> None:
    sideways = {path: px for path, (px, _) in phone_visits[360].items() if px > 0}
    assert sideways == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_text_is_at_least_11_css_px(
    phone_visits: dict[int, dict[str, Any]], width: int
) -> None:
    charts = {path: texts for path, (_, texts) in phone_visits[width].items() if texts}
    assert {"index.html", "decision-table.html", "pocket-card.html"} <= charts.keys()
    small = {
        path: sorted({(round(size, 1), words) for size, words in texts if size < 11})[:5]
        for path, texts in charts.items()
    }
    assert {path: found for path, found in small.items() if found} == {}


def test_the_flowchart_draws_every_row_and_the_home_page_links_to_it(
    browser: Any, base_url: str
) -> None:
    from guideline import DECISION_RULES

    context, _ = open_context(browser, base_url)
    try:
        page = context.new_page()
        page.goto(base_url + "index.html")
        link = page.locator('article a[href="decision-table.html#flowchart"]')
        assert link.count() >= 1
        link.first.click()
        page.wait_for_load_state("load")
        drawn = page.eval_on_selector_all(
            "svg.flowchart g[data-rows]", "groups => groups.flatMap(g => g.dataset.rows.split(' '))"
        )
        rows = page.eval_on_selector_all("article table span[id^=row-]", "spans => spans.length")
    finally:
        context.close()
    assert sorted(drawn) == sorted(DECISION_RULES)
    assert rows == len(DECISION_RULES)


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("try/", "try.html"),
        ("try", "try.html"),
        ("decision-table/", "decision-table.html"),
        ("decision-table", "decision-table.html"),
        ("guide/remission-and-taper/", "guide/remission-and-taper.html"),
        ("decision-table.html", "decision-table.html"),
    ],
)
def test_clean_addresses_lead_to_their_page(
    browser: Any, base_url: str, address: str, page: str
) -> None:
    context, watch = open_context(browser, base_url)
    try:
        tab = watch.new_page(context)
        tab.goto(base_url + address + "#flowchart")
        tab.wait_for_url(f"{base_url}{page}*")
        landed, title = tab.url, tab.locator("article h1").first.inner_text()
    finally:
        context.close()
    assert landed == f"{base_url}{page}#flowchart"
    assert title
    assert watch.failed == []


def test_a_clean_address_works_from_the_files_too(browser: Any, site_dir: Path) -> None:
    start = site_dir.as_uri() + "/"
    context, watch = open_context(browser, start)
    try:
        tab = watch.new_page(context)
        tab.goto(start + "decision-table/index.html")
        tab.wait_for_url(f"{start}decision-table.html")
        heading = tab.locator("article h1").first.inner_text()
    finally:
        context.close()
    assert heading.startswith("Decision table")
    assert watch.outside == []


PROVENANCE = """() => [...document.querySelectorAll("article .admonition p")].map(
    (p) => [p.textContent, p.getBoundingClientRect().bottom, innerHeight])"""
"""Each paragraph of the home page's first box, with where it ends and the window's height."""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_home_page_says_where_the_answer_comes_from_on_its_first_screen(
    browser: Any, base_url: str, width: int, height: int
) -> None:
    from guideline import CONTENT_REVIEWED

    context, _ = open_context(browser, base_url, viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(base_url + "index.html", wait_until="load")
        paragraphs = page.evaluate(PROVENANCE)
    finally:
        context.close()
    wanted = ("pending human review", "checked against", f"{CONTENT_REVIEWED:%d %B %Y}")
    shown = {
        words: [bottom <= screen for text, bottom, screen in paragraphs if words in text]
        for words in wanted
    }
    assert shown == {words: [True] for words in wanted}
