"""Version of the package and dates of the guideline content it encodes."""

from datetime import date

__version__ = "0.2.0"
"""The package version; it follows semantic versioning (see CHANGELOG.md)."""

SOURCE_UPDATED = date(2025, 10, 28)
"""Date the source article was last updated by its publisher."""

CONTENT_REVIEWED = date(2026, 11, 29)
"""Date this project last reviewed its restatement of the source."""
