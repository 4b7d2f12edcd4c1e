"""The initial trial (``guideline/_trial.py``): judging the response, and stopping for
non-response (B1, B2, G1, D2, D3).

Each test names the row of the decision table it reaches or the criterion it checks;
boundaries are parametrised ``(just inside, just outside)`` rows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from guideline import (
    DEFAULTS,
    Action,
    Alert,
    Parameters,
    Phase,
    Recommendation,
    StopReason,
    add_months,
    recommend,
)
from guideline._calendar import add_weeks
from guideline._parameters import PROMPT_REVIEW_WEEKS
from guideline.examples import REVISION_2

from .builders import (
    LOW_TROUGHS,
    ONE_DAY,
    T0,
    course,
    days,
    high_grade,
    in_range_troughs,
    months,
    non_responder,
)

# --- the trial's calendar: early, judged from month 4, a stop from month 6 (B1, B2, D2) ---


@pytest.mark.statement("B1", "B2")
@pytest.mark.parametrize(("on", "review"), [(months(2), months(3)), (months(3), months(4))])
def test_continue_early_in_the_trial_reviewed_within_a_month(on: date, review: date) -> None:
    measured = course(troughs=in_range_troughs(), proteinuria=[(months(2), 5.0)])
    advice = recommend(measured, on)
    assert (advice.action, advice.phase) == (Action.CONTINUE, Phase.INITIAL_TRIAL)
    assert advice.next_review == review
    assert advice.alerts == ()
    assert "B1" in advice.statements


def test_the_response_is_judged_from_the_day_of_month_4() -> None:
    assert recommend(course(), months(4) - ONE_DAY).rule == "trial_early"
    assert recommend(course(), months(4)).rule == "trial_no_value"


@pytest.mark.statement("B1", "B2")
def test_stop_ineffective_from_month_6_not_the_day_before() -> None:
    before = recommend(non_responder(), months(6) - ONE_DAY)
    on = recommend(non_responder(), months(6))
    assert before.action is Action.CONTINUE
    assert before.alerts == (Alert.LIKELY_INEFFECTIVE,)
    assert before.next_review == months(6)
    assert on.action is Action.STOP_INEFFECTIVE
    assert on.alerts == (Alert.LIKELY_INEFFECTIVE,)
    assert {"B1", "B2"} <= set(on.statements)
    assert {"D2", "D3"} <= set(on.interpretations)
    assert "consider" in on.rationale


def test_stop_ineffective_wording_does_not_order_a_stop() -> None:
    advice = recommend(non_responder(), months(6))
    assert "and stop it" not in advice.rationale
    assert "may be considered" in advice.rationale


@pytest.mark.parametrize(
    ("situation", "rule"),
    [
        (lambda: non_responder(5.0, proteinuria=[(months(4) - ONE_DAY, 5.9)]), "trial_no_value"),
        (lambda: non_responder(4.0), "trial_responding"),
        (lambda: non_responder(troughs=LOW_TROUGHS), "trial_troughs_not_at_target"),
    ],
    ids=["no-value", "responding", "troughs-not-at-target"],
)
def test_the_trial_rows_name_a_review_within_a_month(situation: object, rule: str) -> None:
    before = recommend(situation(), months(5))  # type: ignore[operator]
    assert (before.rule, before.next_review) == (rule, months(6))
    after = recommend(situation(), months(6))  # type: ignore[operator]
    assert (after.rule, after.next_review) == (rule, months(7))


def test_likely_ineffective_needs_a_value_from_month_4() -> None:
    troughs = [(days(7), 6.0), (months(4), 6.0)]
    on = days(7, months(4))
    before = course(proteinuria=[(months(4) - ONE_DAY, 5.5)], troughs=troughs)
    from_4 = course(proteinuria=[(months(4), 5.5)], troughs=troughs)
    assert recommend(before, on).alerts == ()
    assert recommend(from_4, on).alerts == (Alert.LIKELY_INEFFECTIVE,)


@pytest.mark.parametrize(
    ("trough", "alerts"),
    [(5.0, (Alert.LIKELY_INEFFECTIVE,)), (4.9, (Alert.TROUGH_OUT_OF_RANGE,))],
    ids=["at-the-lower-bound", "below-it"],
)
def test_the_early_signal_needs_only_the_latest_trough_at_target(
    trough: float, alerts: tuple[Alert, ...]
) -> None:
    """D2(a) revised: no trough history is needed for the signal, only the latest trough."""
    recent = course(proteinuria=[(months(4), 5.5)], troughs=[(months(4), trough)])
    advice = recommend(recent, days(3, months(4)))
    assert advice.alerts == alerts
    assert advice.rule == "trial_troughs_not_at_target"


@pytest.mark.statement("B2", "E3")
def test_no_proteinuria_since_month_4_means_no_judgement() -> None:
    stale = non_responder(5.0, proteinuria=[(months(4) - ONE_DAY, 5.9)])
    fresh = non_responder(5.0, proteinuria=[(months(4), 5.9), (months(5), 5.9)])
    assert recommend(stale, months(6)).action is Action.CONTINUE
    assert "E3" in recommend(stale, months(6)).statements
    assert recommend(fresh, months(6)).action is Action.STOP_INEFFECTIVE


# --- the response threshold: a fall of at least 30% from the baseline (D2) ----------------


@pytest.mark.parametrize(
    ("value", "baseline", "action"),
    [
        (7.0, 10.0, Action.CONTINUE),
        (7.01, 10.0, Action.STOP_INEFFECTIVE),
        (2.45, 3.5, Action.CONTINUE),
    ],
    ids=["30%-continues", "29.9%-stops", "exactly-30%-in-floats-continues"],
)
def test_nonresponse_threshold_default_30_percent(
    value: float, baseline: float, action: Action
) -> None:
    assert recommend(non_responder(value, baseline=baseline), months(6)).action is action


@pytest.mark.parametrize(
    ("value", "action"),
    [(5.0, Action.CONTINUE), (5.01, Action.STOP_INEFFECTIVE)],
    ids=["50%-continues", "49.9%-stops"],
)
def test_nonresponse_threshold_at_50_percent(value: float, action: Action) -> None:
    strict = Parameters(nonresponse_threshold=0.5)
    assert recommend(non_responder(value, baseline=10.0), months(6), strict).action is action


@pytest.mark.statement("G3")
def test_a_fall_of_at_least_the_threshold_without_remission_continues_without_taper() -> None:
    monthly = [(months(n), 4.0) for n in range(4, 10)]
    advice = recommend(non_responder(4.0, proteinuria=monthly), months(9))
    assert advice.action is Action.CONTINUE
    assert advice.next_review == months(10)
    assert {"G3", "B3"} <= set(advice.statements)
    assert f"expected by {months(12)}" in advice.rationale


def test_a_zero_baseline_at_a_restart_gives_no_fall_and_no_stop() -> None:
    restart = months(4)
    zero = course(
        stops=[(months(2), StopReason.OTHER)],
        proteinuria=[(months(3), 0.0), (months(5, restart), 0.5)],
        restarts=[(restart, 4.0)],
        troughs=in_range_troughs(restart, until=8),
    )
    advice = recommend(zero, months(6, restart))
    assert advice.action is Action.CONTINUE
    assert not any("below the baseline" in line for line in advice.explanation)


def test_a_baseline_below_1_g_still_gives_a_fall() -> None:
    advice = recommend(course(baseline=0.5, proteinuria=[(months(5), 0.4)]), months(5))
    assert any("20.0% below the baseline 0.5 g/day" in line for line in advice.explanation)


# --- troughs at target over the response period (D3) --------------------------------------


def first_trough_at(first: date, **extra: object) -> object:
    later = [(months(n), 6.0) for n in range(5, 8) if months(n) > first]
    return non_responder(troughs=[(first, 6.0), *later], **extra)


@pytest.mark.statement("B2", "E1")
def test_troughs_must_be_at_target_for_4_months_before_a_stop() -> None:
    on = months(7)
    enough = first_trough_at(months(3))  # at target since month 3: 4 months by month 7
    short = first_trough_at(months(3) + ONE_DAY)
    assert recommend(enough, on).action is Action.STOP_INEFFECTIVE
    advice = recommend(short, on)
    assert advice.action is Action.CONTINUE
    assert advice.rule == "trial_troughs_not_at_target"
    assert "D3" in advice.interpretations


def test_titration_troughs_below_target_before_target_is_reached_do_not_count() -> None:
    titrated = non_responder(troughs=[(days(7), 2.0), *in_range_troughs()])
    assert recommend(titrated, months(6)).action is Action.STOP_INEFFECTIVE


def test_a_trough_below_target_after_reaching_it_blocks_the_stop() -> None:
    dipped = non_responder(troughs=[*in_range_troughs(until=3), (months(4), 4.9), (months(5), 6.0)])
    advice = recommend(dipped, months(6))
    assert advice.action is Action.CONTINUE
    assert any("only since" in line for line in advice.explanation)


def test_the_latest_unbroken_run_of_troughs_at_target_counts() -> None:
    dipped_early = non_responder(troughs=[(days(40), 3.0), *in_range_troughs()])
    assert recommend(dipped_early, months(6)).action is Action.STOP_INEFFECTIVE


def test_troughs_exactly_at_the_lower_bound_are_at_target() -> None:
    at_low = [(months(n), 5.0) for n in range(1, 7)]
    assert recommend(non_responder(troughs=at_low), months(6)).action is Action.STOP_INEFFECTIVE


def test_a_trough_is_needed_on_or_after_month_4() -> None:
    last_before = non_responder(troughs=[(months(1), 6.0), (months(4) - ONE_DAY, 6.0)])
    last_on = non_responder(troughs=[(months(1), 6.0), (months(4), 6.0)])
    assert recommend(last_before, months(6)).action is Action.CONTINUE
    assert recommend(last_on, months(6)).action is Action.STOP_INEFFECTIVE


def test_no_trough_at_all_means_no_stop() -> None:
    advice = recommend(non_responder(troughs=[]), months(6))
    assert advice.action is Action.CONTINUE
    assert Alert.TROUGH_OUT_OF_RANGE not in advice.alerts


@pytest.mark.parametrize(
    ("troughs", "on", "said"),
    [
        ([], months(5), "troughs: no trough measured"),
        ([(months(1), 6.0), (months(4), 4.9)], months(5), "below the target's lower bound 5"),
        ([(months(1), 6.0)], months(6), "no trough measured since"),
        ([(months(1), 6.0), (months(5), 6.5)], months(6), "troughs at or above 5 ng/mL since"),
    ],
    ids=["none", "below", "stale", "at-target"],
)
def test_the_explanation_says_which_trough_condition_decided(
    troughs: list[tuple[date, float]], on: date, said: str
) -> None:
    advice = recommend(non_responder(troughs=troughs), on)
    assert any(line.startswith("troughs: ") and said in line for line in advice.explanation)


def test_the_trough_review_says_false_not_just_falsy() -> None:
    from guideline._response import trough_review
    from guideline._therapy import period_on
    from guideline._trial import Trial

    patient = course(troughs=[(months(1), 4.0)])
    period = period_on(patient, months(5))
    trial = Trial(period.start, period.baseline, period.starting_dose_mg_per_day)
    assert trough_review(patient, period, trial, months(5)).at_target is False


# --- a high-grade baseline still falling defers the stop (G1) -----------------------------


@pytest.mark.parametrize(
    ("baseline", "action"),
    [(8.0, Action.CONTINUE), (7.99, Action.STOP_INEFFECTIVE)],
    ids=["at-8-continues", "below-8-stops"],
)
@pytest.mark.statement("G1")
def test_high_grade_baseline_with_a_falling_trend_defers_the_stop(
    baseline: float, action: Action
) -> None:
    advice = recommend(high_grade(baseline, [7.9, 7.5, 7.0]), months(6))
    assert advice.action is action
    assert Alert.LIKELY_INEFFECTIVE in advice.alerts
    assert ("G1" in advice.statements) is (action is Action.CONTINUE)


@pytest.mark.parametrize(
    "values",
    [[7.9, 7.5, 7.5], [7.9, 7.9, 7.0], [7.5, 7.9, 7.0], [7.5, 7.0]],
    ids=["flat-last", "flat-first", "up-down", "two"],
)
def test_no_trend_without_three_falling_values(values: list[float]) -> None:
    assert recommend(high_grade(9.0, values), months(6)).action is Action.STOP_INEFFECTIVE


def test_high_grade_level_is_a_parameter() -> None:
    lowered = Parameters(high_grade_proteinuria=7.0)
    falling = high_grade(7.5, [7.2, 6.9, 6.6])
    assert recommend(falling, months(6), lowered).action is Action.CONTINUE
    assert recommend(falling, months(6)).action is Action.STOP_INEFFECTIVE


def test_a_baseline_measured_on_the_day_of_the_first_dose_is_not_part_of_the_trend() -> None:
    # G1: a high-grade baseline defers the stop only if the values *after* the start keep
    # falling; with two values after the start there is no trend, whatever the baseline.
    history = course(
        proteinuria=[(T0, 9.0), (months(4), 7.5), (months(5), 7.0)],
        troughs=in_range_troughs(),
    )
    assert recommend(history, months(6)).action is Action.STOP_INEFFECTIVE


# --- revision 2: situations where the first rules gave unsafe advice -----------------------


def _situation(name: str, on: date | None = None) -> Recommendation:
    situation = REVISION_2[name]
    return recommend(situation.course(), on or situation.on)


@pytest.mark.statement("B1", "B2", "G2")
def test_open_ended_cni_without_remission_stops_at_month_12() -> None:
    """Situation 1: a partial response that never remits is stopped at the trial's month 12
    (D13), where the first rules continued it for ever; after month 12 the CNI is never
    continued as responding."""
    advice = _situation("open_ended_partial_response")
    assert (advice.action, advice.rule) == (Action.STOP_INEFFECTIVE, "trial_bound")
    assert "another treatment" in advice.rationale
    start = REVISION_2["open_ended_partial_response"].course().start
    for month in (24, 36):
        later = _situation("open_ended_partial_response", add_months(start, month))
        assert later.action is not Action.CONTINUE
        assert later.next_review <= add_weeks(later.on, PROMPT_REVIEW_WEEKS)


@pytest.mark.statement("G1")
def test_the_high_grade_exception_ends_at_month_12() -> None:
    """Situation 4: a heavy baseline drifting down by a few percent defers the month-6 stop
    only up to the trial's month 12 (D2(d), D13)."""
    advice = _situation("high_grade_drift")
    assert (advice.action, advice.rule) == (Action.STOP_INEFFECTIVE, "trial_bound")


@pytest.mark.statement("B2")
def test_one_value_does_not_stop_therapy() -> None:
    """Situation 5: one high value after a sustained fall is not a confirmed non-response
    (D2(b)): the CNI goes on, the value is repeated within the confirmation gap."""
    situation = REVISION_2["one_high_value_after_a_fall"]
    advice = recommend(situation.course(), situation.on)
    assert (advice.action, advice.rule) == (Action.CONTINUE, "trial_nonresponse_unconfirmed")
    assert Alert.LIKELY_INEFFECTIVE in advice.alerts
    assert advice.next_review <= situation.on + timedelta(days=DEFAULTS.confirmation_gap_days)


@pytest.mark.statement("E1")
def test_a_target_for_another_drug_is_flagged() -> None:
    """Situation 11: a tacrolimus target in cyclosporine's range is flagged, reviewed within
    2 weeks, and never used to judge a non-response (D21)."""
    advice = _situation("target_for_another_drug")
    assert Alert.TARGET_UNUSUAL in advice.alerts
    assert advice.action is not Action.STOP_INEFFECTIVE
    assert advice.next_review <= add_weeks(advice.on, PROMPT_REVIEW_WEEKS)
