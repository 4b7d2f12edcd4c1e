"""What to monitor throughout therapy, by agent (E1-E4)."""

from __future__ import annotations

from dataclasses import dataclass

from ._course import AdverseEffect, Agent
from ._parameters import CREATININE_RISE_FRACTION
from ._traceability import implements

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


implements("E1", "E2", "E3", "E4")(monitoring_checklist)
