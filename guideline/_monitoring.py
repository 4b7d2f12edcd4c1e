"""What to monitor throughout therapy, by agent (E1-E4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._course import AdverseEffect, Agent
from ._decision_table import Criterion
from ._parameters import CREATININE_RISE_FRACTION
from ._traceability import implements

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


def monitoring_checklist(agent: Agent) -> tuple[MonitoringItem, ...]:
    """The monitoring checklist for a course on ``agent``."""
    effects = [*COMMON_ADVERSE_EFFECTS, *AGENT_ADVERSE_EFFECTS[agent]]
    named = ", ".join(effect.value.replace("_", " ") for effect in effects)
    return (
        MonitoringItem(
            "CNI trough level",
            "Measure at regular intervals for the whole course "
            "and compare with this patient's target range.",
            ("E1",),
        ),
        MonitoringItem(
            "Serum creatinine",
            "Measure at regular intervals; a value more than "
            f"{CREATININE_RISE_FRACTION:.0%} above the pre-treatment baseline with no "
            "other cause suggests CNI nephrotoxicity.",
            ("E2",),
        ),
        MonitoringItem(
            "Proteinuria",
            "Quantify at regular intervals to see that the response is holding.",
            ("E3",),
        ),
        MonitoringItem(f"Adverse effects of {agent.value}", f"Look for {named}.", ("E4",)),
    )


def trough_outside_target(status: Status) -> bool:
    """The latest trough of the period lies outside the course's target range (E1, D3)."""
    latest = status.response.troughs.latest
    return latest is not None and latest.value not in status.course.target_trough


def adverse_effect_this_period(status: Status) -> bool:
    """An adverse effect was reported during the current period of therapy (E4, A8)."""
    return any(status.period.holds(report.on) for report in status.course.adverse_effects)


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

implements("E1", "E2", "E3", "E4")(monitoring_checklist)
