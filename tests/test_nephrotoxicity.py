"""The creatinine check for CNI nephrotoxicity (``guideline/_nephrotoxicity.py``, E2, D11):
the alert it opens and the taper step it holds.

Boundaries are parametrised ``(just inside, just outside)`` rows.
"""

from __future__ import annotations

import pytest

from guideline import Action, Alert, StopReason, recommend
from guideline.cds_hooks import card
from guideline.examples import REVISION_2

from .builders import ONE_DAY, complete_remission_at, course, days, months, responder

# --- the limit: 20% over the baseline holds the taper (E2, D11) ----------------------------


@pytest.mark.parametrize(
    ("baseline", "latest", "action", "alerts"),
    [
        (1.0, 1.2, Action.REDUCE_DOSE, ()),
        (1.0, 1.21, Action.HOLD_DOSE, (Alert.NEPHROTOXICITY_CHECK,)),
        (0.82, 0.984, Action.REDUCE_DOSE, ()),
    ],
    ids=["20%-up-steps", "21%-up-holds", "exactly-20%-in-floats-steps"],
)
@pytest.mark.statement("C2", "E2")
def test_hold_dose_when_creatinine_rises_above_the_limit_during_taper(
    baseline: float, latest: float, action: Action, alerts: tuple[Alert, ...]
) -> None:
    rising = responder(creatinine_baseline=baseline, creatinine=[(months(6), latest)])
    advice = recommend(rising, months(6))
    assert advice.action is action
    assert advice.alerts == alerts
    if action is Action.HOLD_DOSE:
        assert {"E2", "C1"} <= set(advice.statements)
        assert "D11" in advice.interpretations


@pytest.mark.parametrize(
    ("latest", "relation"),
    [(1.2, "at or below"), (1.3, "above")],
    ids=["at-the-limit", "over-the-limit"],
)
def test_creatinine_explanation_states_the_comparison_in_its_unit(
    latest: float, relation: str
) -> None:
    lines = recommend(course(creatinine=[(months(2), latest)]), months(2)).explanation
    stated = f"creatinine {latest:g} mg/dL on {months(2)} is {relation} 1.2 mg/dL"
    assert any(line.startswith(stated) for line in lines)


# --- the alert: open while the latest value is over the limit, on and off the CNI ---------


def test_nephrotoxicity_alert_closes_when_creatinine_falls_back() -> None:
    recovered = responder(creatinine=[(months(5), 1.3), (months(6), 1.2)])
    assert recommend(recovered, months(6) - ONE_DAY).alerts == (Alert.NEPHROTOXICITY_CHECK,)
    assert recommend(recovered, months(6)).action is Action.REDUCE_DOSE


def test_nephrotoxicity_alert_shows_off_therapy_too() -> None:
    stopped = course(creatinine=[(months(3), 1.5)], stops=[(months(2), StopReason.OTHER)])
    assert recommend(stopped, months(3)).alerts == (Alert.NEPHROTOXICITY_CHECK,)


# --- revision 2: situations where the first rules gave unsafe advice -----------------------


@pytest.mark.statement("E2")
def test_creatinine_up_by_half_cuts_the_dose() -> None:
    """Situation 7: a confirmed creatinine rise above 1.3 times the baseline, trough at
    target, cuts the dose by about a quarter, rounded (D17); the CDS Hooks card no longer
    reads "Continue"."""
    situation = REVISION_2["creatinine_rise"]
    risen = situation.course()
    advice = recommend(risen, situation.on)
    assert advice.action is Action.REDUCE_DOSE_FOR_CREATININE
    assert advice.dose_mg_per_day is not None
    assert advice.dose_mg_per_day < risen.starting_dose_mg_per_day
    assert Alert.NEPHROTOXICITY_CHECK in advice.alerts
    assert not str(card(advice)["summary"]).startswith("Continue")


# --- a rise after a cut is counted from 4 weeks after it, confirmed as any run (D17, P2) ---


@pytest.mark.parametrize(
    ("after", "action"),
    [(34, Action.HOLD_DOSE), (35, Action.STOP_FOR_TOXICITY)],
    ids=["first-value-of-the-run-only", "run-confirmed-a-week-later"],
)
def test_a_rise_that_outlasts_the_cut_is_confirmed_from_four_weeks_after_it(
    after: int, action: Action
) -> None:
    """Creatinine stays up after a cut: the run starts with the first value 4 weeks after the
    cut, not with the values before it, and needs its confirming value a week later."""
    cut = days(7, months(6))
    values = [(months(6), 1.4), (cut, 1.45), (days(28, cut), 1.45), (days(35, cut), 1.5)]
    remission = [*complete_remission_at(5), (months(6), 0.2), (months(7), 0.2)]
    persisting = responder(creatinine=values, cuts=[(cut, 3.0)], proteinuria=remission)
    assert recommend(persisting, days(after, cut)).action is action
