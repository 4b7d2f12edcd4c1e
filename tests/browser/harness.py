"""Build the site, serve it on 127.0.0.1 and drive Debian's Chromium with Playwright.

Shared by the browser tests (``tests/browser``) and ``scripts/page-weight``. No
browser is downloaded: Playwright drives the system Chromium (``apt-get install
chromium``; ``scripts/setup`` installs it when it is missing).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("GUIDELINE_CHROMIUM", "/usr/bin/chromium")
"""Debian's Chromium; GUIDELINE_CHROMIUM names another binary."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LOCAL_SCHEMES = ("data:", "blob:", "about:")
"""URLs that never leave the page: inline data, object URLs, blank frames."""


def build_site(site_dir: Path) -> Path:
    """Build the documentation strictly into ``site_dir``; fail with MkDocs' output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}")
    return site_dir


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to it (``index.html`` first).

    The pages are found by walking the site, not from ``sitemap.xml``: without a
    ``site_url`` MkDocs writes an empty sitemap. Theme assets are not pages, nor are
    the redirect pages of the clean addresses.
    """
    pages = sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*.html")
        if "assets" not in path.relative_to(site_dir).parts and not is_redirect(path)
    )
    return sorted(pages, key=lambda page: page != "index.html")


REDIRECT_MARK = '<meta name="guideline-redirect"'
"""The mark of the small pages that send a clean address (``NAME/``) on to ``NAME.html``."""


def is_redirect(path: Path) -> bool:
    """Whether a built file is one of those small pages, not a page of its own."""
    with path.open(encoding="utf-8") as file:
        return REDIRECT_MARK in file.read(400)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Link:
    """A network link of a given rate shared by every connection, counting what it carries.

    The server sends every response body through it, so that the browser, its
    service workers and any script see the same limit, as on a slow line.
    """

    CHUNK = 16 * 1024

    def __init__(self, mbit_per_s: float = 0) -> None:
        self.rate = mbit_per_s * 1_000_000 / 8
        self.sent = 0
        self._lock = threading.Lock()
        self._free = time.monotonic()

    def send(self, source: Any, out: Any) -> None:
        """Copy ``source`` to ``out`` no faster than the link's rate."""
        while chunk := source.read(self.CHUNK):
            with self._lock:
                self.sent += len(chunk)
                if self.rate:
                    start = max(time.monotonic(), self._free)
                    self._free = start + len(chunk) / self.rate
                    wait = self._free - time.monotonic()
                else:
                    wait = 0
            if wait > 0:
                time.sleep(wait)
            out.write(chunk)


def _handler(site_dir: Path, link: Link) -> Any:
    class Handler(_QuietHandler):
        def copyfile(self, source: Any, outputfile: Any) -> None:
            link.send(source, outputfile)

    return functools.partial(Handler, directory=str(site_dir))


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page mid-download resets its connection: not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path, link: Link | None = None) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 (a free port) in a thread; yield the base URL.

    With a ``link``, every response body goes through it (its rate, its count).
    """
    handler = _handler(site_dir, link or Link())
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def browse(site: Path | None, link: Link | None = None) -> Iterator[tuple[Path, str, Any]]:
    """A built site (``site``, or a fresh strict build), served, and headless Chromium.

    Yields the site's folder, its base URL and the browser (for the figure scripts).
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        built = site or build_site(Path(tmp) / "site")
        with serve(built, link) as base, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                yield built, base, browser
            finally:
                browser.close()


def launch(playwright: Any) -> Any:
    """Launch the system Chromium headless (never a downloaded browser)."""
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `bash scripts/setup` as root, or "
            "`apt-get install chromium`, or set GUIDELINE_CHROMIUM"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def is_local(url: str, base_url: str) -> bool:
    """Whether a request stays on the machine: the local server (or file://) or inline."""
    if url.startswith(LOCAL_SCHEMES):
        return True
    if base_url.startswith("file:"):
        return url.startswith("file:")
    here, there = urlsplit(base_url), urlsplit(url)
    return (there.scheme, there.netloc) == (here.scheme, here.netloc)


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF that Chromium printed (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


PAGE_SIZE = """() => {
  const root = document.documentElement;
  return [root.scrollHeight, Math.max(0, root.scrollWidth - root.clientWidth)];
}"""
"""A page's height in CSS px and how far it scrolls sideways (0: it does not)."""

SEARCH_HIT = r"""() => {
  const item = document.querySelector(".md-search-result__item");
  const link = item.querySelector("a");
  const title = item.querySelector("h1, h2");
  const heading = title ? title.textContent.trim() : "";
  const text = item.innerText.replace(/\s+/g, " ").trim();
  const snippet = text.startsWith(heading) ? text.slice(heading.length) : text;
  return {url: link.href, title: heading, snippet: snippet.trim()};
}"""


def search(page: Any, word: str) -> dict[str, str]:
    """Type ``word`` in the site's search box; the first hit's address, title and snippet.

    The first hit is read until it holds still: the results of the word's first
    letters may show before those of the whole word.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(word, delay=30)
    page.locator(".md-search-result__meta").filter(has_text="matching").wait_for()
    page.locator(".md-search-result__item").first.wait_for()
    hit: dict[str, str] = page.evaluate(SEARCH_HIT)
    for _ in range(20):
        page.wait_for_timeout(250)
        again: dict[str, str] = page.evaluate(SEARCH_HIT)
        if again == hit:
            break
        hit = again
    return hit
