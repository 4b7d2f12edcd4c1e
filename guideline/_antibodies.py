"""Anti-PLA2R antibodies: the immunological signal beside proteinuria (D22, P12, A13).

The titres are optional input. None of what this module finds changes the
action: it raises :attr:`~guideline.Alert.ANTIBODY_POSITIVE_AT_STOP` when
stopping is considered with a recent positive titre, and
:attr:`~guideline.Alert.ANTIBODY_REAPPEARED` when the titre is positive again
in remission after a negative one, each with a review within 4 weeks; it
states the titre's course in the explanation and adds a checklist item. A
course whose baseline titre is negative (PLA2R-negative membranous
nephropathy) is judged without its titres.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._calendar import add_months
from ._course import Course, Pla2rTitre, latest
from ._decision_table import Criterion
from ._exact import exact
from ._interpretations import INTERPRETATIONS
from ._monitoring import MonitoringItem
from ._parameters import (
    ANTIBODY_BASELINE_MONTHS,
    ANTIBODY_CHECK_MONTHS,
    FRESH_MONTHS,
    SOON_REVIEW_WEEKS,
)
from ._traceability import implements
from ._vocabulary import Action, Phase

if TYPE_CHECKING:
    from ._status import Status


EVIDENCE = INTERPRETATIONS["D22"].citations
"""What the anti-PLA2R rules rest on, and how far each work was checked (D22)."""


def baseline_titre(course: Course, start: date) -> Pla2rTitre | None:
    """The latest titre dated on or before ``start`` and within 3 months before it (P12)."""
    found = latest(course.pla2r, start)
    if found is None or found.on < add_months(start, -ANTIBODY_BASELINE_MONTHS):
        return None
    return found


def negative_at_baseline(course: Course) -> bool:
    """The baseline titre of the first dose is below its cut-off: PLA2R-negative (D22, P12)."""
    baseline = baseline_titre(course, course.start)
    return baseline is not None and not baseline.positive


def titres(status: Status) -> tuple[Pla2rTitre, ...]:
    """The titres the rules read: those known on the date, none with a negative baseline."""
    known = status.course.pla2r
    if not known or negative_at_baseline(status.course):
        return ()
    return known


def recent(titre: Pla2rTitre, on: date) -> bool:
    """Whether ``titre`` is no older than 3 months on ``on`` (P12, as D18 counts it)."""
    return titre.on >= add_months(on, -FRESH_MONTHS)


def positive_recent_titre(status: Status) -> bool:
    """The latest titre is at or above its cut-off and no older than 3 months (D22a, P12)."""
    used = titres(status)
    return bool(used) and used[-1].positive and recent(used[-1], status.on)


def discontinuation_considered(status: Status) -> bool:
    """The row that decides advises considering discontinuation (C3, D8, D19)."""
    from ._decision_rules import verdict  # the table is built from the rule modules

    return verdict(status).rule.action is Action.CONSIDER_DISCONTINUATION


def antibody_positive_at_stop(status: Status) -> bool:
    """Stopping is considered while the latest titre, within 3 months, is positive (D22a)."""
    return positive_recent_titre(status) and discontinuation_considered(status)


def reappearance(status: Status) -> Pla2rTitre | None:
    """The titre with which the antibody came back, while it stays positive (D22b, A13).

    The latest titre is positive and an earlier titre, dated after the first
    dose, was negative: the answer is the first positive titre after the latest
    negative one. None otherwise (no titre, a negative latest titre, or no
    negative titre since the first dose).
    """
    used = titres(status)
    for index in range(len(used) - 1, -1, -1):
        if not used[index].positive:
            after = index + 1 < len(used) and used[index].on > status.course.start
            return used[index + 1] if after else None
    return None


def antibody_reappeared(status: Status) -> bool:
    """In remission, on or off the CNI, the titre is positive again after a negative one (D22b)."""
    return status.remission is not None and reappearance(status) is not None


ANTIBODY_POSITIVE_AT_STOP = Criterion(
    f"stopping the CNI is considered while the latest anti-PLA2R titre, measured within "
    f"{FRESH_MONTHS} months, is at or above its cut-off",
    f"stopping is not considered, or no anti-PLA2R titre within {FRESH_MONTHS} months is at or "
    f"above its cut-off",
    ("C3", "R2", "D22"),
    ("FRESH_MONTHS", "ANTIBODY_BASELINE_MONTHS"),
    test=antibody_positive_at_stop,
)
ANTIBODY_REAPPEARED = Criterion(
    "in remission, the anti-PLA2R titre is at or above its cut-off again after a negative one",
    "no anti-PLA2R titre has come back above its cut-off in remission",
    ("E3", "D22"),
    ("ANTIBODY_BASELINE_MONTHS",),
    test=antibody_reappeared,
)


def explain(status: Status) -> tuple[str, ...]:
    """The titres in the explanation: the latest against its cut-off and the baseline (D22c)."""
    known = status.course.pla2r
    if not known:
        return ()
    first = baseline_titre(status.course, status.course.start)
    if negative_at_baseline(status.course):
        assert first is not None
        return (
            f"anti-PLA2R {first.value:g} RU/mL on {first.on} is below its cut-off "
            f"{first.cutoff:g} RU/mL: PLA2R-negative at baseline, so the titres are not used",
        )
    last = known[-1]
    side = "at or above" if last.positive else "below"
    line = f"anti-PLA2R {last.value:g} RU/mL on {last.on}, {side} its cut-off {last.cutoff:g} RU/mL"
    if not recent(last, status.on):
        line += f", more than {FRESH_MONTHS} months old"
    baseline = baseline_titre(status.course, status.trial.start)
    if baseline is None:
        line += f"; no titre within {ANTIBODY_BASELINE_MONTHS} months before the trial's start"
    elif baseline is not last and baseline.value > 0:
        change = 1 - exact(last.value) / exact(baseline.value)
        shown = f"the baseline {baseline.value:g} RU/mL of {baseline.on}"
        if change == 0:
            line += f"; the same as {shown}"
        else:
            direction = "below" if change > 0 else "above"
            line += f"; {abs(float(change)):.1%} {direction} {shown}"
    back = reappearance(status)
    if back is not None:
        line += f"; positive again since {back.on}, after a negative titre"
    lines = [line]
    if status.phase in (Phase.INITIAL_TRIAL, Phase.RELAPSE):
        lines.append(
            "in a post hoc analysis of the MENTOR trial, the change in anti-PLA2R and albumin "
            "by month 3 predicted no remission at month 12: shown here, not used to decide"
        )
    return tuple(lines)


def checklist(status: Status) -> tuple[MonitoringItem, ...]:
    """The checklist item for the titres, once the course holds one (D22d)."""
    if not status.course.pla2r:
        return ()
    if negative_at_baseline(status.course):
        detail = (
            "Negative at baseline: PLA2R-negative membranous nephropathy, so the rules do not "
            "use the titres. Other antigens and assays are left to clinical judgement."
        )
    else:
        early, later = ANTIBODY_CHECK_MONTHS
        detail = (
            f"Measure at baseline, at months {early} and {later} and before any stop, with the "
            f"laboratory's cut-off (our reading of KDIGO 2021, checked only through a summary). "
            f"A positive titre when stopping is considered, or its return after a negative one, "
            f"asks for a review within {SOON_REVIEW_WEEKS} weeks."
        )
    return (MonitoringItem("Anti-PLA2R titre", detail, ("E3", "D22")),)


implements("D22", "A13")(baseline_titre)
implements("D22", "A13")(negative_at_baseline)
implements("D22", "A13")(reappearance)
implements("D22")(explain)
implements("D22")(checklist)
