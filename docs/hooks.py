"""MkDocs hooks: make ``docs/render.py`` importable and stamp every page.

Every page ends with the package version, the source's date and our review
date, and the reminder that clinical judgement prevails, on screen and in
print.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import render


def on_page_content(html: str, **_: Any) -> str:
    """Append the version, dates and disclaimer line to the page body."""
    return (
        f'{html}\n<p class="page-meta">{render.meta()}. Decision support for clinicians, '
        f"not a substitute for clinical judgement.</p>\n"
    )
