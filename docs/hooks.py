"""MkDocs hooks: make ``docs/render.py`` importable, stamp every page, add clean addresses.

Every page ends with the package version, the source's date and our review
date, and the reminder that clinical judgement prevails, on screen and in
print. Every id of a statement or a reading in a page's text gets its title on
hover. After the build, every page ``NAME.html`` also answers at
``NAME/`` (a small page that sends the reader on), so that ``/try/`` and
``/decision-table/`` work on any static host as well as the ``.html`` forms.
"""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import render


def on_page_content(html: str, **_: Any) -> str:
    """Mend what the generated blocks bring; append the version, dates and disclaimer line.

    The blocks ``render`` writes come back from markdown-exec inside a paragraph, and
    with their links to other pages as written (``x.md#a``): the paragraph is taken
    away (the search reads headings inside it as no section at all) and the links are
    pointed at the built pages. Every id of a statement or a reading, t0 and tR get
    their meaning as a hover title. The version and dates follow the title in print
    (page 1 then names the page, its version and its dates) and close the page on
    screen; neither is searched.
    """
    html = render.title_ids(render.built_links(render.unwrap_blocks(html)))
    head = f'<p class="print-meta print-head" data-search-exclude>{render.meta()}</p>'
    title, closed, rest = html.partition("</h1>")
    html = f"{title}{closed}\n{head}{rest}" if closed else f"{head}\n{html}"
    return (
        f'{html}\n<p class="page-meta" data-search-exclude>{render.meta()}. Decision support '
        f"for clinicians, not a substitute for clinical judgement.</p>\n"
    )


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, **_: Any) -> str:
    """Name the search dialog for assistive technology (axe: aria-dialog-name)."""
    return output.replace(
        SEARCH_DIALOG, SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"')
    )


def on_post_template(output_content: str, **_: Any) -> str:
    """The same for the pages built from templates alone (the 404 page)."""
    return on_post_page(output_content)


def on_post_build(config: Any, **_: Any) -> None:
    """Write ``NAME/index.html`` for every page ``NAME.html`` that has no folder page."""
    site = Path(config["site_dir"])
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if "assets" in relative.parts or page.name in ("index.html", "404.html"):
            continue
        folder = page.with_suffix("")
        stub = folder / "index.html"
        if stub.exists():
            continue
        folder.mkdir(exist_ok=True)
        target = posixpath.join("..", page.name)
        stub.write_text(render.redirect_page(target, page.stem), encoding="utf-8")
