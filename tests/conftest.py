"""Shared test set-up: Hypothesis profiles and the invariant-to-tests map.

Hypothesis profiles, chosen with GUIDELINE_PROFILE (default ``ci``):

- ``ci``: derandomized, no example database, a few hundred examples per property.
- ``thorough``: ten times as many examples, random seeds, for runs by hand.
- ``dev``: a quick run while editing.
- ``mutation``: ten examples, derandomized; each mutant runs the tests that reach it
  (``scripts/mutation``), so the verdicts are repeatable and the run stays affordable.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from guideline import INVARIANTS, STATEMENTS

INVARIANT_MAP = Path(__file__).with_name("invariant_tests.json")
"""Each invariant with the tests that check it; ``scripts/invariant-map`` rewrites it."""

STATEMENT_MAP = Path(__file__).with_name("statement_tests.json")
"""Each statement with the tests marked as checking it directly; rewritten with the above."""

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=300, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=3000, **_COMMON)
settings.register_profile("dev", max_examples=30, **_COMMON)
settings.register_profile("mutation", max_examples=10, derandomize=True, database=None, **_COMMON)
settings.load_profile(os.environ.get("GUIDELINE_PROFILE", "ci"))


def invariant_map(items: list[pytest.Item]) -> dict[str, object]:
    """Build the invariant map from the ``invariant`` markers of collected tests."""
    tests: dict[str, list[str]] = {id_: [] for id_ in INVARIANTS}
    for item in items:
        for mark in item.iter_markers("invariant"):
            tests[mark.args[0]].append(item.nodeid)
    return {
        id_: {
            "description": invariant.description,
            "statements": list(invariant.statements),
            "interpretations": list(invariant.interpretations),
            "tests": sorted(tests[id_]),
        }
        for id_, invariant in INVARIANTS.items()
    }


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under mutmut, start every test with the package's caches empty.

    mutmut maps each function to the tests that call it, then runs each mutant
    in a process forked after the test run. A cached pure function (exact
    decimals, dose bands, creatinine limits) would skip the mutated code on a
    cache hit, in the mapping and in the mutant's run, and hide the mutant.
    """
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    for name, module in list(sys.modules.items()):
        if name == "guideline" or name.startswith("guideline."):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def statement_map(items: list[pytest.Item]) -> dict[str, list[str]]:
    """Map each statement to the tests whose ``statement`` marker names it."""
    tests: dict[str, set[str]] = {id_: set() for id_ in STATEMENTS}
    for item in items:
        for mark in item.iter_markers("statement"):
            for id_ in mark.args:
                tests[id_].add(item.nodeid)
    return {id_: sorted(found) for id_, found in tests.items()}


def pytest_collection_finish(session: pytest.Session) -> None:
    """With GUIDELINE_WRITE_INVARIANT_MAP=1, rewrite the committed maps."""
    if os.environ.get("GUIDELINE_WRITE_INVARIANT_MAP") == "1":
        text = json.dumps(invariant_map(session.items), indent=2) + "\n"
        INVARIANT_MAP.write_text(text)
        STATEMENT_MAP.write_text(json.dumps(statement_map(session.items), indent=2) + "\n")
