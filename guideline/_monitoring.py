"""What to monitor throughout therapy, by agent (E1-E4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from ._calendar import add_months, add_weeks
from ._course import AdverseEffect, Agent, Dated, latest
from ._decision_table import Criterion, DecisionRule
from ._parameters import (
    CREATININE_CUT_ABOVE,
    CREATININE_RISE_FRACTION,
    FRESH_MONTHS,
    TARGET_SPANS,
    TROUGH_DUE_WEEKS,
)
from ._taper import last_reduction
from ._traceability import implements
from ._vocabulary import Action, Alert
from ._withdrawal import STEP_DUE_NOW, STOP_DUE_NOW

if TYPE_CHECKING:
    from ._status import Status

COMMON_ADVERSE_EFFECTS = (
    AdverseEffect.HYPERTENSION,
    AdverseEffect.NEUROTOXICITY,
    AdverseEffect.HYPERGLYCAEMIA,
)
"""E4: adverse effects to watch for with either agent."""

AGENT_ADVERSE_EFFECTS = {
    Agent.CYCLOSPORINE: (AdverseEffect.GINGIVAL_HYPERPLASIA,),
    Agent.TACROLIMUS: (AdverseEffect.HAIR_LOSS,),
}
"""E4: adverse effects to watch for with one agent in particular."""


@dataclass(frozen=True)
class MonitoringItem:
    """One item of the monitoring checklist.

    Attributes:
        topic: What is monitored.
        detail: What to do and what to look for.
        statements: The statements it comes from.
    """

    topic: str
    detail: str
    statements: tuple[str, ...]


ALSO_CHECKED = (
    "hyperkalaemia",
    "hypomagnesaemia",
    "hyperuricaemia",
    "dyslipidaemia",
    "infection",
    "drug interactions through CYP3A4 and P-glycoprotein",
)
"""Checked in practice beyond the source's list, which is not complete (revision 2); no
threshold is given for any of them."""


def monitoring_checklist(agent: Agent) -> tuple[MonitoringItem, ...]:
    """The monitoring checklist for a course on ``agent`` (E1-E4, D18)."""
    effects = [*COMMON_ADVERSE_EFFECTS, *AGENT_ADVERSE_EFFECTS[agent]]
    named = ", ".join(effect.value.replace("_", " ") for effect in effects)
    return (
        MonitoringItem(
            "CNI trough level",
            f"Measure at least every {FRESH_MONTHS} months for the whole course, and compare "
            "with this patient's target range.",
            ("E1",),
        ),
        MonitoringItem(
            "Serum creatinine",
            f"Measure at least every {FRESH_MONTHS} months; a value more than "
            f"{CREATININE_RISE_FRACTION:.0%} above the value before this period of therapy "
            f"with no other cause suggests CNI nephrotoxicity, and a confirmed rise of more "
            f"than {CREATININE_CUT_ABOVE:.0%} calls for a lower dose.",
            ("E2",),
        ),
        MonitoringItem(
            "Proteinuria",
            f"Quantify at least every {FRESH_MONTHS} months, and before each dose reduction "
            "and any stop, always by the same method.",
            ("E3",),
        ),
        MonitoringItem(
            f"Adverse effects of {agent.value}",
            f"Look for {named}; the source's list is not complete.",
            ("E4",),
        ),
        MonitoringItem(
            "Also checked in practice",
            f"Look for {', '.join(ALSO_CHECKED)}.",
            ("E4",),
        ),
    )


def fresh(series: tuple[Dated, ...], on: date) -> bool:
    """Whether the latest entry on or before ``on`` is no older than 3 months (D18, P9)."""
    last = latest(series, on)
    return last is not None and last.on >= add_months(on, -FRESH_MONTHS)


def proteinuria_fresh(status: Status) -> bool:
    """A proteinuria value within the last 3 months (D18, P9)."""
    return fresh(status.course.proteinuria, status.on)


def value_since_last_step(status: Status) -> bool:
    """A proteinuria value after the last taper or withdrawal step; before any, a fresh one (P9)."""
    last = last_reduction(status.course, status.period, status.on)
    if last is None:
        return proteinuria_fresh(status)
    value = latest(status.course.proteinuria, status.on)
    return value is not None and value.on > last.on


def values_out_of_date(status: Status) -> bool:
    """On the CNI, a proteinuria, creatinine or (from 4 weeks) trough value older than 3 months."""
    trough_due = status.on >= add_weeks(status.period.start, TROUGH_DUE_WEEKS)
    return not (
        proteinuria_fresh(status)
        and fresh(status.course.creatinine, status.on)
        and (fresh(status.course.troughs, status.on) or not trough_due)
    )


def target_unusual(status: Status) -> bool:
    """The target trough range lies outside the span of the cited protocols (D21, P12)."""
    low, high = TARGET_SPANS[status.course.agent.value]
    target = status.course.target_trough
    return not low <= target.low <= target.high <= high


def trough_outside_target(status: Status) -> bool:
    """The latest trough of the period lies outside the course's target range (E1, D3)."""
    latest = status.response.troughs.latest
    return latest is not None and latest.value not in status.course.target_trough


def adverse_effect_this_period(status: Status) -> bool:
    """An adverse effect was reported during the current period of therapy (E4, A8)."""
    return any(status.period.holds(report.on) for report in status.course.adverse_effects)


PROTEINURIA_FRESH = Criterion(
    f"a proteinuria value within the last {FRESH_MONTHS} months",
    f"no proteinuria value within the last {FRESH_MONTHS} months",
    ("E3", "D18"),
    ("FRESH_MONTHS",),
    test=proteinuria_fresh,
)
VALUE_SINCE_LAST_STEP = Criterion(
    "a proteinuria value since the last dose step",
    "no proteinuria value since the last dose step",
    ("E3", "D18"),
    ("FRESH_MONTHS",),
    test=value_since_last_step,
)
VALUES_OUT_OF_DATE = Criterion(
    f"a proteinuria, creatinine or trough value is older than {FRESH_MONTHS} months",
    "every value the rules need is recent",
    ("E1", "E2", "E3", "D18"),
    ("FRESH_MONTHS", "TROUGH_DUE_WEEKS"),
    test=values_out_of_date,
)
TARGET_UNUSUAL = Criterion(
    "the target trough range lies outside the span of the cited trials' targets",
    "the target trough range lies within the span of the cited trials' targets",
    ("E1", "D21"),
    ("TARGET_SPANS",),
    test=target_unusual,
)
TROUGH_OUTSIDE_TARGET = Criterion(
    "the latest trough is outside the course's target range",
    "the latest trough is within the target range, or none was measured",
    ("E1", "D3"),
    test=trough_outside_target,
)
ADVERSE_EFFECT_THIS_PERIOD = Criterion(
    "an adverse effect was reported during the current period of therapy",
    "no adverse effect reported during the current period of therapy",
    ("E4", "A8"),
    test=adverse_effect_this_period,
)


class MonitoringVerdict(StrEnum):
    """The decisions out-of-date values make, in the order they are checked."""

    STEP_HOLD = "step_hold_values_out_of_date"
    STOP_HOLD = "stop_hold_values_out_of_date"


STEP_HOLD = DecisionRule(
    MonitoringVerdict.STEP_HOLD,
    None,
    (STEP_DUE_NOW, ~VALUE_SINCE_LAST_STEP),
    Action.HOLD_DOSE,
    ("C1", "E3", "D18"),
    (Alert.VALUES_OUT_OF_DATE,),
    says=lambda s: (
        "A dose step would be due, but no proteinuria has been quantified since the last one: "
        "keep the current dose and quantify proteinuria first."
    ),
)
"""A taper or withdrawal step waiting for a value after the last step (P1, rung 6; P9)."""

STOP_HOLD = DecisionRule(
    MonitoringVerdict.STOP_HOLD,
    None,
    (STOP_DUE_NOW, ~PROTEINURIA_FRESH),
    Action.HOLD_DOSE,
    ("C3", "E3", "D18"),
    (Alert.VALUES_OUT_OF_DATE,),
    says=lambda s: (
        f"Stopping would be considered, but no proteinuria has been quantified in the last "
        f"{FRESH_MONTHS} months: keep the current dose and quantify proteinuria first."
    ),
)
"""A stop waiting for a recent value (P1, rung 6; P9)."""

implements("E1", "E2", "E3", "E4", "D18")(monitoring_checklist)
implements("D18")(fresh)
