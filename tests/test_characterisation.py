"""Characterisation: recommend, plan and audit give their recorded answers.

A guard for moving code, not a specification: ``tests/characterisation.json``
holds a fingerprint of every answer on the worked cases (monthly, plus their own
dates) and on seeded courses (``tests/characterisation.py``). A change of
behaviour on purpose rewrites the file (``GUIDELINE_WRITE_CHARACTERISATION=1``)
in the commit that makes it, and the commit says which answers changed and why;
``scripts/characterise`` writes the answers in full for a diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.characterisation import answers, cases, digest

RECORDED = Path(__file__).with_name("characterisation.json")


def test_every_answer_is_the_recorded_one() -> None:
    found = {name: digest(answers(course, dates)) for name, course, dates in cases()}
    if os.environ.get("GUIDELINE_WRITE_CHARACTERISATION") == "1":
        RECORDED.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
    recorded = json.loads(RECORDED.read_text())
    changed = sorted(name for name in found if recorded.get(name) != found[name])
    assert recorded.keys() == found.keys()
    assert not changed, f"{len(changed)} courses answer differently: {changed[:20]}"


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_the_seeded_courses_are_the_same_on_every_run(seed: int) -> None:
    from tests.characterisation import seeded_course

    assert seeded_course(seed) == seeded_course(seed)
    assert seeded_course(seed) != seeded_course(seed + 1)
