"""Fixtures of the browser tests: one strict build, one local server, one Chromium.

The site is built once per session into a temporary folder and served by the
standard library on 127.0.0.1. Every browser context aborts any request that
would leave the local server (or file://) and records it, so a test can fail on
it and nothing reaches the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import harness


@dataclass
class Watch:
    """What a browser context did: console errors, uncaught errors, requests."""

    base_url: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        """Record the context's pages and abort requests that leave the machine."""
        context.route(lambda url: not harness.is_local(url, self.base_url), self._abort)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("response", self._on_response)

    def new_page(self, context: Any) -> Any:
        """A page of the context whose console errors and uncaught errors are recorded."""
        page = context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        return page

    def _abort(self, route: Any) -> None:
        route.abort()

    def _on_request(self, request: Any) -> None:
        self.requested.append(request.url)
        if not harness.is_local(request.url, self.base_url):
            self.outside.append(request.url)

    def _on_failed(self, request: Any) -> None:
        if harness.is_local(request.url, self.base_url):
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict``."""
    return harness.build_site(tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[str]:
    """Every page of the built site (relative paths, ``index.html`` first)."""
    found = harness.site_pages(site_dir)
    assert "index.html" in found, found
    return found


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1."""
    with harness.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, for the whole session."""
    with sync_playwright() as playwright:
        chromium = harness.launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def open_context(browser: Any, base_url: str, **options: Any) -> tuple[Any, Watch]:
    """A fresh context (a desktop-sized window, unless told) whose traffic a Watch records."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    context.set_default_timeout(20_000)
    watch = Watch(base_url)
    watch.attach(context)
    return context, watch
