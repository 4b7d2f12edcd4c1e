"""A project that imports the installed package; mypy --strict must accept it."""

from __future__ import annotations

from datetime import date

import guideline
from guideline import (
    Action,
    Agent,
    Course,
    Creatinine,
    CreatinineUnit,
    Plan,
    Proteinuria,
    ProteinuriaUnit,
    Recommendation,
    Trough,
    TroughRange,
    plan,
    recommend,
    to_json,
)


def build_course() -> Course:
    """A course built field by field, as a consumer's own records would give it."""
    g_per_day = ProteinuriaUnit.G_PER_DAY
    return Course(
        agent=Agent.TACROLIMUS,
        start=date(2025, 1, 15),
        starting_dose_mg_per_day=4,
        target_trough=TroughRange(low=5, high=8),
        proteinuria=(
            Proteinuria(date(2025, 1, 10), 6.0, g_per_day),
            Proteinuria(date(2025, 6, 20), 0.25, g_per_day),
            Proteinuria(date(2025, 7, 1), 0.2, g_per_day),
        ),
        creatinine=(Creatinine(date(2025, 1, 10), 1.0, CreatinineUnit.MG_PER_DL),),
        troughs=(Trough(date(2025, 2, 15), 6.0),),
    )


def advise(course: Course, on: date) -> tuple[Action, date | None]:
    advice: Recommendation = recommend(course, on)
    return advice.action, advice.next_review


def taper_start(course: Course, on: date) -> date | None:
    laid_out: Plan = plan(course, on)
    return laid_out.earliest_taper_start


def main() -> None:
    course = build_course()
    action, review = advise(course, date(2025, 7, 20))
    assert action is Action.REDUCE_DOSE
    print(guideline.__version__, action.value, review, taper_start(course, date(2025, 7, 20)))
    print(sorted(to_json(course)))


if __name__ == "__main__":
    main()
