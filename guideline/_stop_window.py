"""Maintenance and the stop window: when stopping the CNI is considered (H1, C2, C3, D7, D8).

Its criteria place a remission at the reduced dose against the window:
before it opens, an empty window (A8), past its close. The rows of
:class:`StopWindowVerdict` read them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from ._calendar import Window, add_months
from ._decision_table import Criterion, DecisionRule
from ._parameters import MAINTENANCE_MONTHS, STOP_WINDOW_CLOSES_MONTHS, STOP_WINDOW_OPENS_MONTHS
from ._remission import Remission
from ._traceability import implements
from ._vocabulary import Action, Phase
from ._withdrawal import WithdrawalStep, withdrawal_schedule

if TYPE_CHECKING:
    from ._status import Status


class StopWindowVerdict(StrEnum):
    """The decisions once the reduced dose is reached, in the order they are checked."""

    MAINTENANCE_LATE = "maintenance_late"
    MAINTENANCE = "maintenance"
    STOP_WINDOW = "stop_window"
    PAST_STOP_WINDOW = "past_stop_window"


def maintenance_end(reduced_dose_date: date) -> date:
    """Date the 12 months at the reduced dose are complete (C2, D7)."""
    return add_months(reduced_dose_date, MAINTENANCE_MONTHS)


def stop_window(remission: Remission, reduced_dose_date: date | None) -> Window | None:
    """When discontinuation is considered, counted from remission (D8).

    It opens at the later of tR + 12 months and the end of maintenance, and
    closes at tR + 24 months; it is empty when maintenance ends later (A8).

    Returns:
        The window, or None while the reduced dose has not been reached.
    """
    if reduced_dose_date is None:
        return None
    opens = max(
        add_months(remission.confirmed, STOP_WINDOW_OPENS_MONTHS),
        maintenance_end(reduced_dose_date),
    )
    return Window(opens, stop_window_closes(remission))


def stop_window_closes(remission: Remission) -> date:
    """Last date of the stop window: tR + 24 months (D8)."""
    return add_months(remission.confirmed, STOP_WINDOW_CLOSES_MONTHS)


def stop_window_from_start(start: date) -> Window:
    """The other reading of C3: 12 to 24 months of therapy from t0, for comparison only."""
    return Window(
        add_months(start, STOP_WINDOW_OPENS_MONTHS), add_months(start, STOP_WINDOW_CLOSES_MONTHS)
    )


def before_stop_window(status: Status) -> bool:
    """At the reduced dose, before the stop window opens (C2, D7, D8)."""
    return status.window is not None and status.on < status.window.opens


def stop_window_empty(status: Status) -> bool:
    """Maintenance ends after the stop window would have closed (A8)."""
    return status.window is not None and status.window.opens > status.window.closes


def past_stop_window_close(status: Status) -> bool:
    """In remission more than 24 months after it was confirmed (D8)."""
    return status.remission is not None and status.on > stop_window_closes(status.remission)


BEFORE_STOP_WINDOW = Criterion(
    f"at the reduced dose for less than {MAINTENANCE_MONTHS} months, before the stop window opens",
    "the stop window has opened",
    ("C2", "H1", "D7", "D8"),
    ("MAINTENANCE_MONTHS", "STOP_WINDOW_OPENS_MONTHS"),
    test=before_stop_window,
)
STOP_WINDOW_EMPTY = Criterion(
    f"the {MAINTENANCE_MONTHS} months at the reduced dose end after the stop window would have "
    f"closed",
    f"the {MAINTENANCE_MONTHS} months at the reduced dose end before the stop window closes",
    ("C2", "H1", "A8"),
    ("MAINTENANCE_MONTHS", "STOP_WINDOW_CLOSES_MONTHS"),
    test=stop_window_empty,
)
PAST_STOP_WINDOW_CLOSE = Criterion(
    f"more than {STOP_WINDOW_CLOSES_MONTHS} months after remission",
    f"no more than {STOP_WINDOW_CLOSES_MONTHS} months after remission",
    ("H1", "C3", "L1", "D8"),
    ("STOP_WINDOW_CLOSES_MONTHS",),
    test=past_stop_window_close,
)


def _window(status: Status) -> Window:
    assert status.window is not None
    return status.window


def _remission(status: Status) -> Remission:
    assert status.remission is not None
    return status.remission


def _maintenance(status: Status) -> str:
    return (
        f"The reduced dose was reached on {status.reduced_dose_date}: keep it for "
        f"{MAINTENANCE_MONTHS} months, watching that remission holds and creatinine stays "
        f"stable. Stopping may be considered from {_window(status).opens}."
    )


def _opens(status: Status) -> date:
    return _window(status).opens


MAINTENANCE_RULES = (
    DecisionRule(
        StopWindowVerdict.MAINTENANCE_LATE,
        Phase.MAINTENANCE,
        (STOP_WINDOW_EMPTY,),
        Action.MAINTAIN_REDUCED_DOSE,
        ("C2", "H1", "D7", "D8", "A8"),
        says=_maintenance,
        review=_opens,
    ),
    DecisionRule(
        StopWindowVerdict.MAINTENANCE,
        Phase.MAINTENANCE,
        (),
        Action.MAINTAIN_REDUCED_DOSE,
        ("C2", "H1", "D7", "D8"),
        says=_maintenance,
        review=_opens,
    ),
)
"""The rows of maintenance at the reduced dose."""


def proposed_withdrawal(status: Status) -> tuple[WithdrawalStep, ...]:
    """The withdrawal the advice describes when discontinuation is considered today (D19)."""
    assert status.dose is not None
    return withdrawal_schedule(status.dose, status.on, status.course.agent.value, status.parameters)


def _schedule(status: Status) -> str:
    steps = proposed_withdrawal(status)
    doses = [f"{step.dose_mg_per_day:g} mg/day from {step.on}" for step in steps[:-1]]
    return (
        f"If it is stopped, withdraw it over {status.parameters.withdrawal_months} months, as "
        f"the trials did: " + "; ".join([*doses, f"stop on {steps[-1].on}"]) + "."
    )


def _first_step(status: Status) -> float | None:
    return proposed_withdrawal(status)[0].dose_mg_per_day


STOP_WINDOW_RULES = (
    DecisionRule(
        StopWindowVerdict.STOP_WINDOW,
        Phase.STOP_WINDOW,
        (),
        Action.CONSIDER_DISCONTINUATION,
        ("H1", "C3", "L1", "D8", "D19"),
        says=lambda s: (
            f"Remission since {_remission(s).confirmed} and {MAINTENANCE_MONTHS} months at the "
            f"reduced dose: stopping the CNI may be considered until {_window(s).closes} "
            f"({STOP_WINDOW_OPENS_MONTHS} to {STOP_WINDOW_CLOSES_MONTHS} months after "
            f"remission), to limit nephrotoxicity. " + _schedule(s)
        ),
        review=lambda s: _window(s).closes,
        dose=_first_step,
    ),
)
"""The row inside the stop window."""

PAST_STOP_WINDOW_RULES = (
    DecisionRule(
        StopWindowVerdict.PAST_STOP_WINDOW,
        Phase.PAST_STOP_WINDOW,
        (),
        Action.CONSIDER_DISCONTINUATION,
        ("H1", "C3", "L1", "L3", "D8", "D19"),
        says=lambda s: (
            f"More than {STOP_WINDOW_CLOSES_MONTHS} months since remission on "
            f"{_remission(s).confirmed}: reassess the need for the CNI, weighing the risk of "
            f"nephrotoxicity against possible CNI dependence; discontinuation may be "
            f"considered. " + _schedule(s)
        ),
        dose=_first_step,
    ),
)
"""The row past the stop window."""


implements("C2", "D7")(maintenance_end)
implements("H1", "C3", "L1", "D8", "A8")(stop_window)
implements("D19")(proposed_withdrawal)
implements("C3", "D8")(stop_window_from_start)
