"""The final withdrawal: monthly steps of equal size down to the stop (D19, P10).

Its facts are the schedule proposed when discontinuation is considered and,
once the clinician records withdrawal steps, where the withdrawal stands. Its
rows (:class:`WithdrawalVerdict`) advise the next step when it is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from ._calendar import add_months
from ._course import Course, DoseChangeReason
from ._decision_table import Criterion, DecisionRule
from ._doses import lower_than, rounded
from ._exact import exact
from ._parameters import Parameters
from ._taper import too_soon_after_last_step
from ._therapy import TherapyPeriod
from ._traceability import implements
from ._vocabulary import Action, Phase

if TYPE_CHECKING:
    from ._status import Status


class WithdrawalVerdict(StrEnum):
    """The decisions during a recorded withdrawal, in the order they are checked."""

    WAIT = "withdrawal_wait"
    STOP = "withdrawal_stop"
    STEP = "withdrawal_step"


@dataclass(frozen=True)
class WithdrawalStep:
    """One step of the withdrawal.

    Attributes:
        on: Its date.
        dose_mg_per_day: The dose from then; None for the last step, the stop.
    """

    on: date
    dose_mg_per_day: float | None


def withdrawal_schedule(
    from_dose: float, first: date, agent: str, parameters: Parameters
) -> tuple[WithdrawalStep, ...]:
    """The steps of a withdrawal from ``from_dose`` whose first step falls on ``first`` (D19).

    Step k of n, on ``first`` + (k - 1) months, lowers the dose to (n - k)/n of
    ``from_dose``, rounded to the dose step (D20); a step that rounds to the
    dose before it is left out; step n is the stop.
    """
    months = parameters.withdrawal_months
    steps: list[WithdrawalStep] = []
    previous = exact(from_dose)
    for k in range(1, months):
        dose = rounded(exact(from_dose) * Fraction(months - k, months), parameters.dose_step(agent))
        if lower_than(dose, previous, parameters.dose_step(agent)):
            steps.append(WithdrawalStep(add_months(first, k - 1), float(dose)))
            previous = dose
    steps.append(WithdrawalStep(add_months(first, months - 1), None))
    return tuple(steps)


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawal under way: the schedule it follows and the steps taken.

    Attributes:
        first: Date of its first recorded step.
        from_dose: The dose before that step.
        schedule: Every step, the stop last.
        taken: How many steps have been recorded.
    """

    first: date
    from_dose: float
    schedule: tuple[WithdrawalStep, ...]
    taken: int

    @property
    def next_step(self) -> WithdrawalStep:
        """The next step of the schedule (the stop once every dose step is taken)."""
        return self.schedule[min(self.taken, len(self.schedule) - 1)]


def withdrawal(
    course: Course, period: TherapyPeriod, on: date, parameters: Parameters
) -> Withdrawal | None:
    """The withdrawal under way on ``on``: the period's latest dose changes are withdrawal steps.

    Any other dose change (a restored dose, an adjustment) ends it.
    """
    changes = period.observed(course.dose_changes, on)
    taken = 0
    while taken < len(changes) and changes[-1 - taken].reason is DoseChangeReason.WITHDRAWAL:
        taken += 1
    if not taken or course.dose_on(on) is None:
        return None
    first = changes[-taken].on
    from_dose = course.dose_before(first)
    assert from_dose is not None  # a dose change falls while on the CNI
    schedule = withdrawal_schedule(from_dose, first, course.agent.value, parameters)
    return Withdrawal(first, from_dose, schedule, taken)


def under_way(status: Status) -> bool:
    """Withdrawal steps have been recorded and the CNI is not yet stopped (D19)."""
    return status.withdrawal is not None


def step_due(status: Status) -> bool:
    """The next withdrawal step's date has come (D19)."""
    return status.withdrawal is not None and status.on >= status.withdrawal.next_step.on


def last_step_due(status: Status) -> bool:
    """The last step, the stop, is due (D19)."""
    return step_due(status) and next_is_last(status)


def next_is_last(status: Status) -> bool:
    """The next step of the withdrawal under way is the stop (D19)."""
    return status.withdrawal is not None and status.withdrawal.next_step.dose_mg_per_day is None


def step_due_now(status: Status) -> bool:
    """The phase would advise a dose step today: a taper step, or a withdrawal step (P1)."""
    if status.phase is Phase.TAPER:
        return not too_soon_after_last_step(status)
    return status.phase is Phase.WITHDRAWAL and step_due(status) and not next_is_last(status)


def stop_due_now(status: Status) -> bool:
    """The phase would advise stopping today: the stop window, past it, or the last step (P1)."""
    if status.phase in (Phase.STOP_WINDOW, Phase.PAST_STOP_WINDOW):
        return True
    return status.phase is Phase.WITHDRAWAL and last_step_due(status)


UNDER_WAY = Criterion(
    "a withdrawal is under way", "no withdrawal under way", ("D19",), test=under_way
)
STEP_DUE = Criterion(
    "the next withdrawal step is due",
    "the next withdrawal step is not yet due",
    ("D19",),
    ("withdrawal_months",),
    test=step_due,
)
LAST_STEP_DUE = Criterion(
    "the last step, the stop, is due",
    "the step due lowers the dose",
    ("D19",),
    ("withdrawal_months",),
    test=last_step_due,
)
NEXT_IS_LAST = Criterion(
    "the next withdrawal step is the stop",
    "the next withdrawal step lowers the dose",
    ("D19",),
    test=next_is_last,
)
STEP_DUE_NOW = Criterion(
    "a taper or withdrawal step would otherwise be due",
    "no dose step would be due",
    ("C1", "D6", "D19"),
    test=step_due_now,
)
STOP_DUE_NOW = Criterion(
    "stopping would otherwise be considered",
    "no stop would be considered",
    ("C3", "D8", "D19"),
    test=stop_due_now,
)


def _withdrawal(status: Status) -> Withdrawal:
    assert status.withdrawal is not None
    return status.withdrawal


def next_withdrawal_step(status: Status) -> WithdrawalStep:
    """The next step of the withdrawal under way."""
    return _withdrawal(status).next_step


def _next(status: Status) -> WithdrawalStep:
    return _withdrawal(status).next_step


WITHDRAWAL_RULES = (
    DecisionRule(
        WithdrawalVerdict.WAIT,
        Phase.WITHDRAWAL,
        (~STEP_DUE,),
        Action.CONTINUE,
        ("C3", "D19"),
        says=lambda s: (
            f"Withdrawal under way since {_withdrawal(s).first}: keep the current dose until "
            f"the next step on {_next(s).on}."
        ),
        review=lambda s: _next(s).on,
    ),
    DecisionRule(
        WithdrawalVerdict.STOP,
        Phase.WITHDRAWAL,
        (LAST_STEP_DUE,),
        Action.CONSIDER_DISCONTINUATION,
        ("C3", "L1", "D19"),
        says=lambda s: (
            "The last step of the withdrawal is due: stopping the CNI may now be considered, "
            "with proteinuria quantified afterwards to detect a relapse early."
        ),
    ),
    DecisionRule(
        WithdrawalVerdict.STEP,
        Phase.WITHDRAWAL,
        (),
        Action.REDUCE_DOSE,
        ("C3", "D19", "D20"),
        says=lambda s: (
            f"The next step of the withdrawal is due: lower the dose to "
            f"{_next(s).dose_mg_per_day:g} mg/day."
        ),
        dose=lambda s: _next(s).dose_mg_per_day,
    ),
)
"""The rows of a withdrawal under way."""

implements("D19", "D20")(withdrawal_schedule)
implements("D19")(withdrawal)
