"""The built site's HTML, read as files: what a reader and a search engine are given.

No browser is needed, but the checks read the strict build the browser tests use.
"""

from __future__ import annotations

import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guideline import INTERPRETATIONS, STATEMENTS
from tests.browser import harness
from tests.browser.test_search import SOFTWARE_PAGES

pytestmark = pytest.mark.browser

ROLES = re.compile(r":(?:func|class|data|meth|attr|mod|exc):")


def _text(site_dir: Path, path: str) -> str:
    return (site_dir / path).read_text(encoding="utf-8")


LISTINGS = re.compile(r"<pre\b.*?</pre>", re.S)
"""Source listings (the software folds show the code as written, docstrings and all)."""


def test_no_sphinx_role_is_left_in_any_page(site_dir: Path, pages: list[str]) -> None:
    """Rendered documentation links its cross-references; only source listings keep roles."""
    found = {path: ROLES.findall(LISTINGS.sub("", _text(site_dir, path))) for path in pages}
    assert {path: roles for path, roles in found.items() if roles} == {}


def test_the_api_pages_document_the_public_submodules(site_dir: Path) -> None:
    inventory = (site_dir / "objects.inv").read_bytes().partition(b"zlib.\n")[2]
    documented = {line.split()[0] for line in zlib.decompress(inventory).decode().splitlines()}
    for module in ("timeline", "fhir", "cds_hooks", "examples", "strategies"):
        assert f"guideline.{module}" in documented, module
    assert "guideline.timeline.timeline_svg" in documented


def test_the_api_pages_dump_no_data(site_dir: Path) -> None:
    text = _text(site_dir, "api.html")
    assert "INTERPRETATIONS = {" not in text
    assert "Interpretation(&#39;D1&#39;" not in text
    assert "Interpretation('D1'" not in text


def test_no_link_points_at_a_markdown_source(site_dir: Path, pages: list[str]) -> None:
    links = re.compile(r'href="(?![a-z]+:)[^"]*\.md(?:#[^"]*)?"')
    found = {path: links.findall(_text(site_dir, path)) for path in pages}
    assert {path: hrefs for path, hrefs in found.items() if hrefs} == {}


@pytest.mark.parametrize("page", ["try", "decision-table", "guide/remission-and-taper"])
def test_a_clean_address_leads_to_the_page(site_dir: Path, page: str) -> None:
    stub = _text(site_dir, f"{page}/index.html")
    name = page.rsplit("/", 1)[-1]
    assert f'url=../{name}.html"' in stub
    assert f'location.replace("../{name}.html"' in stub
    assert (site_dir / f"{page}.html").is_file()


IDS = re.compile(r"\b(?:[A-Z]\d{1,2}|t0|tR)\b")
SKIPPED = {"code", "pre", "script", "style", "svg", "title"}


class _Untitled(HTMLParser):
    """Ids in the article's text that no enclosing element gives a title (hover text)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []
        self.found: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self.inside = True
        classes = (values.get("class") or "").split()
        skip = tag in SKIPPED or "software" in classes or "data-search-exclude" in values
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            return
        self.stack.append((tag, "title" in values, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self.inside or any(skip for _, _, skip in self.stack):
            return
        if any(titled for _, titled, _ in self.stack):
            return
        known = [
            i for i in IDS.findall(data) if i in STATEMENTS or i in INTERPRETATIONS or i[0] == "t"
        ]
        self.found += known


def test_every_id_in_a_clinical_page_has_a_hover_title(site_dir: Path, pages: list[str]) -> None:
    clinical = [
        path
        for path in pages
        if path not in SOFTWARE_PAGES and path not in ("404.html", "try.html")
    ]
    found = {}
    for path in clinical:
        parser = _Untitled()
        parser.feed(_text(site_dir, path))
        if parser.found:
            found[path] = sorted(set(parser.found))
    assert found == {}


def test_redirect_pages_are_not_pages(site_dir: Path, pages: list[str]) -> None:
    assert "try/index.html" not in pages
    assert (site_dir / "try" / "index.html").is_file()
    assert harness.is_redirect(site_dir / "try" / "index.html")
