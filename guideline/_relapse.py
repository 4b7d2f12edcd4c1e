"""Relapse: an unconfirmed signal during the taper, a relapse on or off the CNI, dependence.

Its criteria (D4, D10, A7, A9): the latest value back above the nephrotic
level, CNI dependence, a relapse since the stop. The rows of
:class:`RelapseVerdict` read them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from ._course import StopReason
from ._decision_table import Criterion, DecisionRule
from ._parameters import DEPENDENCE_RELAPSES, NEPHROTIC_LEVEL
from ._phase import RELAPSED
from ._vocabulary import Action, Phase

if TYPE_CHECKING:
    from ._status import Status


class RelapseVerdict(StrEnum):
    """The decisions on relapse, on and off the CNI, in the order they are checked."""

    TAPER_HOLD_NEPHROTIC = "taper_hold_nephrotic"
    DEPENDENCE = "relapse_dependence"
    HOLD = "relapse_hold"
    OFF_THERAPY_DEPENDENCE = "off_therapy_dependence"
    OFF_THERAPY_MONITOR = "off_therapy_monitor"
    OFF_THERAPY_REINITIATE = "off_therapy_reinitiate"


def latest_above_nephrotic(status: Status) -> bool:
    """The latest proteinuria of the period is above the nephrotic level (D4, A9)."""
    latest = status.response.latest
    return latest is not None and latest.value > NEPHROTIC_LEVEL


def dependent(status: Status) -> bool:
    """Two relapses on withdrawal or dose reduction, over all periods: CNI dependence (D10)."""
    return status.dependence_relapses >= DEPENDENCE_RELAPSES


def relapsed_since_stop(status: Status) -> bool:
    """Off the CNI, the relapse that is the latest status came on or after the stop (F2)."""
    stop = status.period.stop
    relapse = status.history.relapse_date
    return stop is not None and relapse is not None and relapse >= stop.on


LATEST_ABOVE_NEPHROTIC = Criterion(
    f"the latest proteinuria is above {NEPHROTIC_LEVEL:g}, a relapse not yet confirmed",
    f"the latest proteinuria is at or below {NEPHROTIC_LEVEL:g}",
    ("C1", "E3", "D4", "A9"),
    ("NEPHROTIC_LEVEL",),
    test=latest_above_nephrotic,
)
DEPENDENT = Criterion(
    f"relapse number {DEPENDENCE_RELAPSES} on withdrawal or dose reduction, counted over all "
    f"periods of therapy",
    f"fewer than {DEPENDENCE_RELAPSES} relapses on withdrawal or dose reduction",
    ("F3", "L3", "D10"),
    ("DEPENDENCE_RELAPSES",),
    test=dependent,
)
RELAPSED_SINCE_STOP = Criterion(
    "a relapse since the stop",
    "no relapse since the stop",
    ("F2", "D10"),
    test=relapsed_since_stop,
)


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


def _nephrotic_value(status: Status) -> str:
    latest = status.response.latest
    assert latest is not None
    return (
        f"Proteinuria {latest.value:g} {latest.unit} on {latest.on} is above "
        f"{NEPHROTIC_LEVEL:g}: hold the dose until a relapse is confirmed or ruled out."
    )


TAPER_HOLD_NEPHROTIC = DecisionRule(
    RelapseVerdict.TAPER_HOLD_NEPHROTIC,
    Phase.TAPER,
    (LATEST_ABOVE_NEPHROTIC,),
    Action.HOLD_DOSE,
    ("C1", "E3", "D4", "D6", "A9"),
    says=_nephrotic_value,
)
"""The taper row that a value above the nephrotic level holds (A9)."""

RELAPSE_RULES = (
    DecisionRule(
        RelapseVerdict.DEPENDENCE,
        Phase.RELAPSE,
        (DEPENDENT,),
        Action.CONSIDER_RITUXIMAB,
        ("F3", "L3", "D10"),
        says=_dependence,
    ),
    DecisionRule(
        RelapseVerdict.HOLD,
        Phase.RELAPSE,
        (),
        Action.HOLD_DOSE,
        ("C2", "D10", "A7"),
        says=lambda s: (
            "Relapse while on the CNI: make no further dose reduction and review the patient."
        ),
    ),
)
"""The rows of a relapse on the CNI."""

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
        ("E3", "R2", "D9"),
        says=_monitor,
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
"""The rows once the CNI is stopped."""
