"""Relapse: a rise or a suspected relapse in remission, a relapse on or off the CNI, dependence.

Its facts are the rise since remission (D14), the relapses that count as on
withdrawal (P8), and the dose to restore (D15); its criteria and rows give the
holds of D14, the restored dose of D15 and the dependence of D10.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from ._calendar import add_months, add_weeks
from ._course import Course, Proteinuria, StopReason
from ._decision_table import Criterion, DecisionRule
from ._exact import exact
from ._nephrotoxicity import CREATININE_ALERT
from ._parameters import (
    COMPLETE_REMISSION_BELOW,
    DEPENDENCE_RELAPSES,
    NEPHROTIC_LEVEL,
    SOON_REVIEW_WEEKS,
    TRIAL_BOUND_MONTHS,
    Parameters,
)
from ._phase import IN_REMISSION, RELAPSED
from ._remission import Remission, RemissionHistory, Run
from ._therapy import TherapyPeriod
from ._traceability import implements
from ._vocabulary import Action, Phase

if TYPE_CHECKING:
    from ._status import Status
    from ._trial import Trial


class RelapseVerdict(StrEnum):
    """The decisions on a rise, a suspected or confirmed relapse, and dependence."""

    DEPENDENCE = "relapse_dependence"
    SUSPECTED = "relapse_suspected"
    RISE_CONFIRMED = "proteinuria_rise_confirmed"
    RISE_UNCONFIRMED = "proteinuria_rise_unconfirmed"
    RESTORE_HELD = "relapse_restore_held"
    RESTORE = "relapse_restore"
    FULL_DOSE = "relapse_full_dose"
    OFF_THERAPY_DEPENDENCE = "off_therapy_dependence"
    OFF_THERAPY_AFTER_TOXICITY = "off_therapy_after_toxicity"
    OFF_THERAPY_MONITOR = "off_therapy_monitor"
    OFF_THERAPY_REINITIATE = "off_therapy_reinitiate"


@dataclass(frozen=True)
class Rise:
    """Proteinuria since remission against its lowest value (D14, P5).

    Attributes:
        lowest: The lowest value since the first value of the confirming run.
        level: The level a value must reach to count as a rise.
        confirmed: The date a rise was confirmed, while it stands (until a
            later confirmed run falls back below ``level``); None otherwise.
        single: The latest value meets the rise but is not yet confirmed.
    """

    lowest: Proteinuria
    level: float
    confirmed: date | None
    single: bool


def proteinuria_rise(
    course: Course, period: TherapyPeriod, remission: Remission, on: date, parameters: Parameters
) -> Rise | None:
    """The rise of proteinuria since ``remission`` as known on ``on`` (D14, P2, P5).

    A value rises when it reaches (1 + the rise fraction) times the lowest
    value before it and lies above the complete-remission level.
    """
    values = period.observed(course.proteinuria, on, since=(remission.since or on) - _DAY)
    if not values:
        return None
    gap = timedelta(days=parameters.confirmation_gap_days)
    factor = 1 + exact(parameters.rise_fraction)
    lowest = values[0]
    rising, settling = Run(), Run()
    confirmed: date | None = None
    level = exact(lowest.level) * factor
    single = False
    rises_at = level
    for value in values[1:]:
        amount = exact(value.level)
        meets = amount >= rises_at and value.level >= COMPLETE_REMISSION_BELOW
        if confirmed is not None and settling.update(value.on, amount < level, gap):
            confirmed = None
        if rising.update(value.on, meets, gap) and confirmed is None:
            confirmed, level = value.on, rises_at
        single = meets and confirmed is None
        if value.level < lowest.level:
            lowest = value
            rises_at = factor * exact(lowest.level)
        if confirmed is None:
            level = rises_at
    return Rise(lowest, float(level), confirmed, single)


def relapses_on_withdrawal(
    course: Course,
    periods: tuple[tuple[TherapyPeriod, RemissionHistory, tuple[Trial, ...]], ...],
    parameters: Parameters,
) -> int:
    """Count the relapses on withdrawal or dose reduction over periods of therapy (D10, P8).

    A relapse counts when it opened a trial on a reduced dose, or came off the
    CNI within the dependence window after the period's stop.
    """
    count = 0
    for period, history, found in periods:
        count += sum(bool(trial.relapse_on_reduction) for trial in found)
        stop = period.stop
        for episode in history.episodes:
            relapse = episode.ended if episode.relapsed else None
            if stop is None or relapse is None or relapse < stop.on:
                continue
            if relapse <= add_months(stop.on, parameters.dependence_window_months):
                count += 1
    return count


def latest_above_nephrotic(status: Status) -> bool:
    """The latest proteinuria of the trial is above the nephrotic level (D4, D14a)."""
    latest = status.response.latest
    return latest is not None and latest.level > NEPHROTIC_LEVEL


def rise_confirmed(status: Status) -> bool:
    """A rise since remission is confirmed and has not settled (D14b)."""
    return status.rise is not None and status.rise.confirmed is not None


def rise_single(status: Status) -> bool:
    """The latest value meets the rise of D14b, not yet confirmed (P5)."""
    return status.rise is not None and status.rise.single


def rising(status: Status) -> bool:
    """A confirmed rise stands, or the latest value meets the rise (D14b, P5)."""
    return rise_confirmed(status) or rise_single(status)


def dependent(status: Status) -> bool:
    """Two relapses on withdrawal or dose reduction, over all periods: CNI dependence (D10)."""
    return status.dependence_relapses >= DEPENDENCE_RELAPSES


def restore_due(status: Status) -> bool:
    """After a relapse on a reduced dose, the dose is below the dose to restore (D15).

    Once the trial the relapse opened has brought a remission, its own taper
    may lower the dose again (P6): the relapse is not restored twice.
    """
    restore = status.trial.restore_mg_per_day
    return (
        restore is not None
        and status.dose is not None
        and status.remission is None
        and exact(status.dose) < exact(restore)
    )


def relapse_on_full_dose(status: Status) -> bool:
    """The relapse that opened the trial came on the full dose, no remission since (P6)."""
    return status.trial.relapse_on_reduction is False and status.remission is None


def relapsed_since_stop(status: Status) -> bool:
    """Off the CNI, the relapse that is the latest status came on or after the stop (F2)."""
    stop = status.period.stop
    relapse = status.history.relapse_date
    return stop is not None and relapse is not None and relapse >= stop.on


def stopped_for_toxicity(status: Status) -> bool:
    """The CNI was stopped for nephrotoxicity (D17)."""
    stop = status.period.stop
    return stop is not None and stop.reason is StopReason.NEPHROTOXICITY


LATEST_ABOVE_NEPHROTIC = Criterion(
    f"the latest proteinuria is above {NEPHROTIC_LEVEL:g}, a relapse not yet confirmed",
    f"the latest proteinuria is at or below {NEPHROTIC_LEVEL:g}",
    ("C1", "E3", "D4", "D14", "A9"),
    ("NEPHROTIC_LEVEL",),
    test=latest_above_nephrotic,
)
RISE_CONFIRMED = Criterion(
    "proteinuria has risen by the rise fraction or more over its lowest since remission, confirmed",
    "no confirmed rise since remission",
    ("C2", "E3", "D14"),
    ("rise_fraction", "COMPLETE_REMISSION_BELOW"),
    test=rise_confirmed,
)
RISE_SINGLE = Criterion(
    "the latest value is a rise, not yet confirmed",
    "the latest value is no rise",
    ("C2", "E3", "D14"),
    ("rise_fraction",),
    test=rise_single,
)
RISING = Criterion(
    "proteinuria has risen well above its lowest since remission",
    "no rise since remission",
    ("C2", "E3", "D14"),
    ("rise_fraction",),
    test=rising,
)
DEPENDENT = Criterion(
    f"relapse number {DEPENDENCE_RELAPSES} on withdrawal or dose reduction, counted over all "
    f"periods of therapy",
    f"fewer than {DEPENDENCE_RELAPSES} relapses on withdrawal or dose reduction",
    ("F3", "L3", "D10", "P8"),
    ("DEPENDENCE_RELAPSES", "dependence_window_months"),
    test=dependent,
)
RESTORE_DUE = Criterion(
    "after a relapse on a reduced dose, no remission yet and the dose that worked not restored",
    "no dose to restore",
    ("C2", "F2", "D15"),
    test=restore_due,
)
RELAPSE_ON_FULL_DOSE = Criterion(
    "a relapse on the full dose, with no remission since",
    "no relapse on the full dose awaiting a remission",
    ("F2", "A7"),
    test=relapse_on_full_dose,
)
RELAPSED_SINCE_STOP = Criterion(
    "a relapse since the stop",
    "no relapse since the stop",
    ("F2", "D10"),
    test=relapsed_since_stop,
)
STOPPED_FOR_TOXICITY = Criterion(
    "the CNI was stopped for nephrotoxicity",
    "the CNI was not stopped for nephrotoxicity",
    ("D10", "D17"),
    test=stopped_for_toxicity,
)


def _latest(status: Status) -> Proteinuria:
    latest = status.response.latest
    assert latest is not None
    return latest


def _rise(status: Status) -> Rise:
    assert status.rise is not None
    return status.rise


def _dependence(status: Status) -> str:
    return (
        f"Relapse number {DEPENDENCE_RELAPSES} on withdrawal or dose reduction: this is CNI "
        f"dependence as this package defines it; consider an alternative such as rituximab."
    )


def _monitor(status: Status) -> str:
    relapse = status.history.relapse_date
    before = f" It was stopped after a relapse on {relapse}; review the patient." if relapse else ""
    return "The CNI is stopped: keep quantifying proteinuria to detect a relapse early." + before


def _reinitiate(status: Status) -> str:
    caveat = ""
    stop = status.period.stop
    if stop is not None and stop.reason is StopReason.ADVERSE_EFFECT:
        caveat = " It was stopped for an adverse effect: weigh that before restarting."
    return (
        f"Relapse after the CNI was stopped: consider restarting "
        f"{status.course.agent.value}, the treatment that brought the remission.{caveat}"
    )


DEPENDENCE = DecisionRule(
    RelapseVerdict.DEPENDENCE,
    None,
    (RELAPSED, DEPENDENT),
    Action.CONSIDER_RITUXIMAB,
    ("F3", "L3", "D10"),
    says=lambda s: _dependence(s) + " Keep the current CNI dose meanwhile.",
    review=lambda s: add_weeks(s.on, SOON_REVIEW_WEEKS),
)
"""On the CNI, a relapse that makes two on withdrawal or reduction (P1, rung 3)."""

RESTORE = DecisionRule(
    RelapseVerdict.RESTORE,
    Phase.RELAPSE,
    (RESTORE_DUE,),
    Action.RESTORE_DOSE,
    ("C2", "F2", "D15"),
    says=lambda s: (
        f"Relapse on a reduced dose, confirmed on {s.trial.start}: restore "
        f"{s.trial.restore_mg_per_day:g} mg/day, the dose that brought the remission, at the "
        f"target trough. A new trial starts from the relapse: remission is expected by "
        f"{s.trial.bound}, {TRIAL_BOUND_MONTHS} months on, or the CNI is stopped."
    ),
    dose=lambda s: s.trial.restore_mg_per_day,
)
"""The relapse row when nothing holds the restored dose (P1, rung 5)."""

RESTORE_HELD = DecisionRule(
    RelapseVerdict.RESTORE_HELD,
    Phase.RELAPSE,
    (RESTORE_DUE, CREATININE_ALERT),
    Action.HOLD_DOSE,
    ("C2", "E2", "D11", "D15"),
    says=lambda s: (
        f"Relapse on a reduced dose, confirmed on {s.trial.start}, but creatinine is above its "
        f"limit: keep the current dose rather than raise it, and look for CNI nephrotoxicity "
        f"before restoring {s.trial.restore_mg_per_day:g} mg/day."
    ),
)
"""The relapse row while the creatinine alert holds the dose (P1, rung 6)."""

FULL_DOSE = DecisionRule(
    RelapseVerdict.FULL_DOSE,
    Phase.RELAPSE,
    (),
    Action.HOLD_DOSE,
    ("F2", "A7", "D13"),
    says=lambda s: (
        f"Relapse on the full dose, confirmed on {s.trial.start}: keep the current dose, at "
        f"the target trough, and consider switching to another treatment. Remission is "
        f"expected by {s.trial.bound}, or the CNI is stopped."
    ),
)
"""A relapse on the full dose: the relapse phase's last row (P1, rung 6; P6)."""

SUSPECTED = DecisionRule(
    RelapseVerdict.SUSPECTED,
    None,
    (IN_REMISSION, LATEST_ABOVE_NEPHROTIC),
    Action.HOLD_DOSE,
    ("C1", "C2", "E3", "D14", "A9"),
    says=lambda s: (
        f"Proteinuria {_latest(s).value:g} {_latest(s).unit} on {_latest(s).on} is above "
        f"{NEPHROTIC_LEVEL:g}: keep the current dose, with no reduction and no stop, and repeat "
        f"the measurement to confirm or rule out a relapse."
    ),
)
"""In remission, one value above the nephrotic level (P1, rung 6; D14a)."""

RISE_HOLD = DecisionRule(
    RelapseVerdict.RISE_CONFIRMED,
    None,
    (IN_REMISSION, RISE_CONFIRMED),
    Action.HOLD_DOSE,
    ("C1", "C2", "E3", "D14"),
    says=lambda s: (
        f"Proteinuria has risen to {_latest(s).value:g} {_latest(s).unit}, at least "
        f"{1 + s.parameters.rise_fraction:g} times its lowest since remission "
        f"({_rise(s).lowest.value:g} on {_rise(s).lowest.on}): keep the current dose, with no "
        f"reduction and no stop, until it settles."
    ),
)
"""In remission, a confirmed rise (P1, rung 6; D14b)."""

RISE_REPEAT = DecisionRule(
    RelapseVerdict.RISE_UNCONFIRMED,
    None,
    (IN_REMISSION, RISE_SINGLE),
    Action.HOLD_DOSE,
    ("C1", "C2", "E3", "D14"),
    says=lambda s: (
        f"Proteinuria {_latest(s).value:g} {_latest(s).unit} on {_latest(s).on} is well above "
        f"its lowest since remission: keep the current dose, with no reduction and no stop, "
        f"and repeat the measurement."
    ),
)
"""In remission, one value that meets the rise (P1, rung 6; P5)."""

OFF_THERAPY_RULES = (
    DecisionRule(
        RelapseVerdict.OFF_THERAPY_DEPENDENCE,
        Phase.OFF_THERAPY,
        (RELAPSED, DEPENDENT),
        Action.CONSIDER_RITUXIMAB,
        ("F3", "L3", "D10"),
        says=_dependence,
    ),
    DecisionRule(
        RelapseVerdict.OFF_THERAPY_MONITOR,
        Phase.OFF_THERAPY,
        (~RELAPSED_SINCE_STOP,),
        Action.MONITOR_OFF_THERAPY,
        ("E3", "R2", "D18"),
        says=_monitor,
    ),
    DecisionRule(
        RelapseVerdict.OFF_THERAPY_AFTER_TOXICITY,
        Phase.OFF_THERAPY,
        (STOPPED_FOR_TOXICITY,),
        Action.CONSIDER_RITUXIMAB,
        ("F2", "F3", "D10", "D17"),
        says=lambda s: (
            f"Relapse after the CNI was stopped for nephrotoxicity: restarting "
            f"{s.course.agent.value} would bring back the kidney injury; consider an "
            f"alternative such as rituximab."
        ),
    ),
    DecisionRule(
        RelapseVerdict.OFF_THERAPY_REINITIATE,
        Phase.OFF_THERAPY,
        (),
        Action.REINITIATE,
        ("F2", "D10"),
        says=_reinitiate,
    ),
)
"""The rows once the CNI is stopped (P1, off the CNI)."""

_DAY = timedelta(days=1)

implements("C1", "C2", "E3", "D14", "P2")(proteinuria_rise)
implements("D10", "F3", "A7", "P8")(relapses_on_withdrawal)
