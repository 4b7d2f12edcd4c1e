"""Every page of the built site, loaded in Chromium over http://127.0.0.1.

Each page is loaded once (the ``visits`` fixture) and checked for console and
uncaught errors, requests that would leave the local server, references that do
not load, and axe-core WCAG 2.1 A and AA violations. The pages are whatever the
build produced, found by walking the site.
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

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

CONTRAST_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
    "resultTypes": ["violations"],
}

DARK_CONTEXT = {"exclude": [["details.mkdocstrings-source"]]}
"""The other schemes' contrast pass skips the API reference's source listings: their
colours are the code colours checked in every other code block, and checking their
thousands of tokens again took half the time of the whole suite."""

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
    violations: dict[str, list[dict[str, Any]]]
    """axe violations by what was run: all rules, then contrast in each other scheme."""


@pytest.fixture(scope="module")
def visits(browser: Any, base_url: str, pages: list[str]) -> list[Visit]:
    """Load every page once in a fresh context, let it settle, run axe on it.

    axe runs every WCAG 2.1 A and AA rule in the page's colour scheme (the light
    one), then, for each other scheme the palette toggle offers, colour contrast.
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
                violations[f"{other} scheme"] = axe.run(
                    page, context=DARK_CONTEXT, options=CONTRAST_OPTIONS
                )
        finally:
            context.close()
        found.append(
            Visit(
                path,
                watch.errors,
                watch.outside,
                watch.failed,
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


def test_every_page_passes_axe_wcag21_a_and_aa(visits: list[Visit]) -> None:
    report = "\n".join(
        f"{visit.page}, {run}:\n{format_violations(violations)}"
        for visit in visits
        for run, violations in visit.violations.items()
        if violations
    )
    assert not report, f"axe-core ({', '.join(AXE_TAGS)}) violations:\n{report}"
