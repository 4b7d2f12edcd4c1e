"""The text checks the tests use (tests/wording.py), checked themselves."""

from __future__ import annotations

import pytest

from .wording import reads_as_prose


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("Continue. The dose stays.", True),
        ("Keep the CNI at 2 mg/day. 12 months later, review.", True),
        (None, False),
        ("continue.", False),
        ("Continue. the dose stays.", False),
        ("Continue", False),
        ("Continue.XX", False),
        ("KEEP THE DOSE.", False),
        ("XXKeep the dose.", False),
    ],
)
def test_the_prose_check_itself(text: object, reads: bool) -> None:
    assert reads_as_prose(text) is reads
