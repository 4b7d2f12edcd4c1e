"""``plan``: dated milestones and windows (the monitoring checklist is in test_monitoring.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from guideline import (
    STATEMENTS,
    DoseChange,
    DoseChangeReason,
    Phase,
    RemissionLevel,
    TaperStep,
    Window,
    plan,
    recommend,
)
from guideline.examples import complete_responder, non_responder, partial_responder

from .wording import reads_as_label


@pytest.mark.statement("H1", "C2", "C3")
def test_plan_of_the_complete_responder_in_maintenance() -> None:
    laid_out = plan(complete_responder(), date(2025, 12, 1))
    assert laid_out.phase is Phase.MAINTENANCE
    assert laid_out.period_start == date(2025, 1, 15)
    assert laid_out.response_check == Window(date(2025, 5, 15), date(2025, 7, 15))
    assert laid_out.remission is not None
    assert laid_out.remission.confirmed == date(2025, 6, 20)
    assert laid_out.remission.level is RemissionLevel.COMPLETE
    assert laid_out.earliest_taper_start == date(2025, 7, 15)
    assert laid_out.next_taper_step is None
    assert laid_out.reduced_dose_reached == date(2025, 9, 1)
    assert laid_out.maintenance_end == date(2026, 9, 1)
    assert laid_out.stop_window == Window(date(2026, 9, 1), date(2027, 6, 20))
    assert laid_out.stop_window_from_start == Window(date(2026, 1, 15), date(2027, 1, 15))


def test_next_taper_step_before_the_first_step_has_no_deadline() -> None:
    step = plan(complete_responder(), date(2025, 7, 20)).next_taper_step
    assert step == TaperStep(date(2025, 7, 15), None, 3.0)


def test_next_taper_step_is_due_4_to_8_weeks_after_the_last() -> None:
    step = plan(complete_responder(), date(2025, 8, 10)).next_taper_step
    assert step == TaperStep(date(2025, 8, 29), date(2025, 9, 26), 2.0)


def test_partial_remission_taper_start_is_month_12() -> None:
    laid_out = plan(partial_responder(), date(2025, 10, 1))
    assert laid_out.phase is Phase.AWAITING_TAPER
    assert laid_out.earliest_taper_start == date(2026, 3, 1)
    assert laid_out.stop_window is None


def test_before_remission_only_the_response_milestones_are_known() -> None:
    laid_out = plan(non_responder(), date(2025, 5, 1))
    names = [milestone.name for milestone in laid_out.milestones]
    assert names == [
        "period_start",
        "response_check_opens",
        "next_review",
        "response_check_closes",
        "trial_bound",
    ]
    assert laid_out.trial_bound == date(2026, 2, 1)
    assert laid_out.earliest_taper_start is None
    assert laid_out.remission is None


def test_milestones_are_in_date_order_and_cite_statements() -> None:
    milestones = plan(complete_responder(), date(2026, 12, 1)).milestones
    assert [m.on for m in milestones] == sorted(m.on for m in milestones)
    assert all(m.statements for m in milestones)
    assert "discontinued" in [m.name for m in milestones]


def _early_step(weeks_before_taper_start: int) -> TaperStep | None:
    """The next step when a step was recorded some weeks before the taper could start."""
    course = complete_responder()
    start = date(2025, 7, 15)  # the earliest taper start of this course
    early = DoseChange(
        start - timedelta(weeks=weeks_before_taper_start), 3.5, DoseChangeReason.TAPER
    )
    kept = tuple(c for c in course.dose_changes if c.on < start - timedelta(weeks=12))
    return plan(replace(course, dose_changes=(*kept, early)), start).next_taper_step


def test_the_deadline_of_a_step_is_dropped_when_the_taper_start_comes_later() -> None:
    step = _early_step(9)
    assert step is not None
    assert step.earliest == date(2025, 7, 15)
    assert step.latest is None


def test_the_deadline_is_kept_when_it_falls_on_the_taper_start() -> None:
    step = _early_step(8)
    assert step is not None
    assert step.earliest == step.latest == date(2025, 7, 15)


@pytest.mark.parametrize(
    ("on", "names"),
    [
        (
            date(2025, 8, 10),
            "period_start response_check_opens remission response_check_closes taper_start "
            "next_taper_step next_review",
        ),
        (
            date(2025, 12, 1),
            "period_start response_check_opens remission response_check_closes taper_start "
            "reduced_dose_reached next_review maintenance_end stop_window_opens "
            "stop_window_closes",
        ),
        (
            date(2026, 12, 1),
            "period_start response_check_opens remission response_check_closes taper_start "
            "discontinued next_review",
        ),
    ],
    ids=["taper", "maintenance", "stopped"],
)
def test_milestones_have_their_stable_names_labels_and_registered_statements(
    on: date, names: str
) -> None:
    milestones = plan(complete_responder(), on).milestones
    assert [m.name for m in milestones] == names.split()
    assert all(reads_as_label(m.label) for m in milestones)
    assert all(m.statements and set(m.statements) <= set(STATEMENTS) for m in milestones)


@pytest.mark.parametrize(
    ("on", "steps"),
    [
        (date(2026, 9, 10), [(date(2026, 9, 10), 1.5), (date(2026, 10, 10), 0.5)]),
        (date(2026, 10, 20), []),
    ],
    ids=["proposed-in-the-window", "under-way"],
)
def test_the_plan_shows_the_withdrawal_step_by_step(
    on: date, steps: list[tuple[date, float]]
) -> None:
    """D19: 2 mg/day down by a third a month: 1.5 and 0.5 mg/day (rounded), then the stop."""
    laid_out = plan(complete_responder(), on)
    doses = [(step.on, step.dose_mg_per_day) for step in laid_out.withdrawal[:-1]]
    assert doses == steps
    assert laid_out.withdrawal[-1].dose_mg_per_day is None
    stop = laid_out.withdrawal[-1].on
    assert stop == (date(2026, 11, 10) if steps else date(2026, 11, 15))
    names = [m.name for m in laid_out.milestones]
    assert names.count("withdrawal_stop") == 1
    assert names.count("withdrawal_step") == len(steps)


def test_the_plan_names_the_trial_bound_and_the_next_review() -> None:
    laid_out = plan(partial_responder(), date(2025, 5, 1))
    assert (laid_out.trial_start, laid_out.trial_bound) == (date(2025, 3, 1), date(2026, 3, 1))
    assert laid_out.next_review == recommend(partial_responder(), date(2025, 5, 1)).next_review
