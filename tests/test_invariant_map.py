"""The committed maps (invariant to tests, statement to tests) are current and complete."""

from __future__ import annotations

import json

import pytest

from guideline import INVARIANTS, STATEMENTS, Role

from .conftest import INVARIANT_MAP, STATEMENT_MAP, invariant_map, statement_map


def test_the_committed_map_matches_the_markers(request: pytest.FixtureRequest) -> None:
    files = {item.path.name for item in request.session.items}
    if not {"test_audit.py", "test_audit_sensitivity.py", "test_closed_loop.py"} <= files:
        pytest.skip("needs the whole suite collected")
    committed = json.loads(INVARIANT_MAP.read_text())
    assert committed == invariant_map(request.session.items), "run scripts/invariant-map"
    statements = json.loads(STATEMENT_MAP.read_text())
    assert statements == statement_map(request.session.items), "run scripts/invariant-map"


def test_every_invariant_is_checked_by_at_least_two_tests() -> None:
    committed = json.loads(INVARIANT_MAP.read_text())
    assert set(committed) == set(INVARIANTS)
    for id_, entry in committed.items():
        assert len(entry["tests"]) >= 2, id_


def test_every_rule_and_monitoring_statement_is_tested_directly() -> None:
    committed = json.loads(STATEMENT_MAP.read_text())
    assert list(committed) == list(STATEMENTS)
    for id_, statement in STATEMENTS.items():
        if statement.role in (Role.RULE, Role.MONITORING):
            assert committed[id_], id_
