"""Work grows about linearly with the size of a course: 4 times the entries, at most 6 times
the work.

Work is counted, never timed: every entry read from a course series (by iteration, index or
slice) and every dose look-up counts one. Quadratic work shows as a growth near 16.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, SupportsIndex

import pytest

from guideline import Course, audit, plan, recommend

from .builders import SERIES, many_dose_changes, many_proteinuria, many_stops

SIZE = 100
GROWTH = 6
"""Most work allowed for 4 times the entries: 4 times, and a margin for logarithms."""

COPIES_PER_EVENT = pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the audit judges each event on the course as known that day, a copy of the entries "
    "up to it: one slice per event, quadratic in entries read though each is a pointer copy",
)


class Work:
    """A tally of entries read and dose look-ups made."""

    done = 0


class Counted(tuple[Any, ...]):
    """A course series that tallies every entry read from it; its slices do too."""

    def __iter__(self) -> Iterator[Any]:
        for entry in tuple.__iter__(self):
            Work.done += 1
            yield entry

    def __getitem__(self, index: SupportsIndex | slice) -> Any:  # type: ignore[override]
        found = tuple.__getitem__(self, index)
        if isinstance(index, slice):
            Work.done += len(found)
            return Counted(found)
        Work.done += 1
        return found


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count each dose look-up (``dose_on`` reads ``dose_before``) as work."""
    look_up = Course.dose_before

    def counted(course: Course, on: Any) -> float | None:
        Work.done += 1
        return look_up(course, on)

    monkeypatch.setattr(Course, "dose_before", counted)


def work(build: Callable[[int], Course], size: int, function: str) -> int:
    """The work one call of ``function`` does on a course of ``size`` entries."""
    course = build(size)
    for name in SERIES:
        object.__setattr__(course, name, Counted(getattr(course, name)))
    on = course.last_recorded
    calls: dict[str, Callable[[], object]] = {
        "recommend": lambda: recommend(course, on),
        "plan": lambda: plan(course, on),
        "audit": lambda: audit(course),
    }
    Work.done = 0
    calls[function]()
    return Work.done


@pytest.mark.usefixtures("counting")
@pytest.mark.parametrize(
    ("build", "function"),
    [
        pytest.param(many_stops, "recommend", id="stops-recommend"),
        pytest.param(many_stops, "plan", id="stops-plan"),
        pytest.param(many_stops, "audit", id="stops-audit"),
        pytest.param(many_dose_changes, "recommend", id="dose-changes-recommend"),
        pytest.param(many_dose_changes, "plan", id="dose-changes-plan"),
        pytest.param(many_dose_changes, "audit", marks=COPIES_PER_EVENT, id="dose-changes-audit"),
        pytest.param(many_proteinuria, "recommend", id="proteinuria-recommend"),
        pytest.param(many_proteinuria, "plan", id="proteinuria-plan"),
        pytest.param(many_proteinuria, "audit", id="proteinuria-audit"),
    ],
)
def test_four_times_the_entries_cost_at_most_six_times_the_work(
    build: Callable[[int], Course], function: str
) -> None:
    small, large = work(build, SIZE, function), work(build, 4 * SIZE, function)
    assert small > 0
    assert large <= GROWTH * small, f"{large / small:.1f} times the work"
