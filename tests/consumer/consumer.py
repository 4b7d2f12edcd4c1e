"""A project that imports the installed package; mypy --strict must accept it."""

from __future__ import annotations

from datetime import date

import guideline
from guideline import Action, Course, Plan, Recommendation, plan, recommend, to_json
from guideline.examples import complete_responder


def advise(course: Course, on: date) -> tuple[Action, date | None]:
    advice: Recommendation = recommend(course, on)
    return advice.action, advice.next_review


def taper_start(course: Course, on: date) -> date | None:
    laid_out: Plan = plan(course, on)
    return laid_out.earliest_taper_start


def main() -> None:
    course = complete_responder()
    action, review = advise(course, date(2025, 7, 20))
    assert action is Action.REDUCE_DOSE
    print(guideline.__version__, action.value, review, taper_start(course, date(2025, 7, 20)))
    print(sorted(to_json(course)))


if __name__ == "__main__":
    main()
