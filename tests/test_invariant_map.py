"""The committed invariant-to-tests map is current and every invariant is tested."""

from __future__ import annotations

import json

import pytest

from guideline import INVARIANTS

from .conftest import INVARIANT_MAP, invariant_map


def test_the_committed_map_matches_the_markers(request: pytest.FixtureRequest) -> None:
    files = {item.path.name for item in request.session.items}
    if not {"test_audit.py", "test_audit_sensitivity.py", "test_closed_loop.py"} <= files:
        pytest.skip("needs the whole suite collected")
    committed = json.loads(INVARIANT_MAP.read_text())
    assert committed == invariant_map(request.session.items), "run scripts/invariant-map"


def test_every_invariant_is_checked_by_at_least_two_tests() -> None:
    committed = json.loads(INVARIANT_MAP.read_text())
    assert set(committed) == set(INVARIANTS)
    for id_, entry in committed.items():
        assert len(entry["tests"]) >= 2, id_
