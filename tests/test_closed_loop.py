"""Closed loop: a simulated patient, and a clinician who follows ``recommend`` at every visit.

The patient's proteinuria, creatinine and troughs evolve over at least three
years (and, for one patient in two, anti-PLA2R titres and serum albumin that
follow the disease, the titre coming back before a relapse); Hypothesis
chooses the visits and the events (the depth of response, including a partial
response that never remits, a relapse tendency, a creep upwards while the dose
comes down, creatinine rises, trough drift, missed measurements, an unusual
target, recorded assessments). After every visit the
recorded course must audit clean, every advice-level invariant must hold, and
the liveness properties of revision 2 must hold: no trial goes on past its
month-12 bound without a remission; no step down and no stop is advised on a
relapse signal, a creatinine rise or out-of-date values; every advice names a
review within its phase's bound; a restored dose is followed by a remission or
a stop within the trial's bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from guideline import (
    DECISION_RULES,
    INVARIANTS,
    STATEMENTS,
    Action,
    AdverseEffect,
    AdverseEffectReport,
    Agent,
    Albumin,
    AlbuminUnit,
    Alert,
    Assessment,
    AssessmentKind,
    Course,
    Creatinine,
    CreatinineUnit,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    Parameters,
    Phase,
    Pla2rTitre,
    Proteinuria,
    ProteinuriaUnit,
    Recommendation,
    Restart,
    Role,
    StopReason,
    Trough,
    TroughRange,
    add_months,
    audit,
    plan,
    recommend,
)
from guideline._parameters import (
    DEPENDENCE_RELAPSES,
    FRESH_MONTHS,
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    NEPHROTIC_LEVEL,
    PARTIAL_REMISSION_TAPER_MONTHS,
    RESPONSE_CHECK_MONTHS,
    STEADY_REVIEW_MONTHS,
    STOP_WINDOW_OPENS_MONTHS,
    TAPER_STEP_MAX_WEEKS,
    TAPER_STEP_MIN_WEEKS,
    TARGET_SPANS,
    TRIAL_BOUND_MONTHS,
    TRIAL_REVIEW_MONTHS,
)
from guideline._status import course_status
from guideline._trial import Trial
from guideline.strategies import parameters, start_dates

pytestmark = pytest.mark.properties

SEEN: Counter[str] = Counter()
"""Actions and alerts the simulation met; checked by the last test of this module."""

RULES = {s.id for s in STATEMENTS.values() if s.role in (Role.RULE, Role.MONITORING)}
THREE_YEARS = 36
LEVELS = {"complete": 0.1, "partial": 0.4, "responding": 0.6, "none": 0.9}
"""Where proteinuria settles on the full dose, as a fraction of the baseline; 0.6 is a
response (a fall of 40%) that never becomes a remission."""

UNUSUAL_TARGET = TroughRange(100.0, 150.0)
"""A target unlike the trials' for tacrolimus (D21); for cyclosporine it is below the span."""

DOWN = {DoseChangeReason.TAPER, DoseChangeReason.WITHDRAWAL, DoseChangeReason.CREATININE_RISE}
"""The dose changes that step the dose down on purpose (A4, D17, D19)."""

FORWARD = {"withdrawal_step_forward", "withdrawal_stop_forward"}
"""Rows that bring a withdrawal step forward for a creatinine rise, by design (P10)."""

SPIKE = round(NEPHROTIC_LEVEL * 1.1, 3)
"""One value just above the nephrotic level, on one visit: a suspected relapse in remission,
one short value in a trial that responds."""

STALE_MONTHS = FRESH_MONTHS + 1
"""How long a patient in remission may go unmeasured: long enough for every value to be out of
date (D18)."""

GRACE_MONTHS = 3
"""Months past a trial's bound within which the stop must have come: the trial's monthly review
and a stretch of missed measurements (at most three visits) fit in it."""


def _creatinine(factor: float, visits: int) -> Callable[[Patient], None]:
    def change(patient: Patient) -> None:
        patient.creatinine_factor, patient.creatinine_visits = factor, visits

    return change


def _set(name: str, value: object) -> Callable[[Patient], None]:
    return lambda patient: setattr(patient, name, value)


EVENTS: dict[str, Callable[[Patient], None]] = {
    "relapse_prone": _set("relapse_prone", True),
    "creeps": _set("creeps", True),
    "creatinine_at_limit": _creatinine(1.2, 2),
    "creatinine_just_above": _creatinine(1.21, 1),
    "creatinine_high": _creatinine(1.5, 3),
    "creatinine_persistent": _creatinine(1.45, 12),
    "trough_low": _set("trough", 2.0),
    "trough_high": _set("trough", 9.0),
    "trough_back": _set("trough", 6.0),
    "misses_measurements": _set("unmeasured", 3),
    "misses_months_in_remission": lambda patient: patient.miss_months(STALE_MONTHS),
    "nephrotic_spike": _set("spike", True),
    **{f"records_{kind.value}": _set("pending_assessment", kind) for kind in AssessmentKind},
    **{f"notes_{effect.value}": _set("pending_effect", effect) for effect in AdverseEffect},
}
"""What may happen before a visit (most visits have no event)."""


TITRE_CUTOFF = 20.0
"""The laboratory cut-off of the simulated titres, RU/mL (a placeholder)."""


def _measures_markers(start: date) -> bool:
    """One patient in two has titres and albumin measured: those who start on such a day.

    No draw decides it, so the other patients' courses are the same as without markers.
    """
    return start.toordinal() % 4 in (0, 1)


def _markers(patient: Patient, today: date, dose: float | None) -> dict[str, tuple]:
    """A titre and an albumin with each measurement, for the patients who have them.

    The titre is high while the disease is active and back before proteinuria rises in a
    patient prone to relapse on a lower dose; it clears once proteinuria has halved, or,
    for half of these patients, stays positive until proteinuria is almost gone (a titre
    still positive in remission). Albumin falls as proteinuria rises (3.5 g/dL at 3 g/day).
    """
    if not _measures_markers(patient.start):
        return {}
    reduced = dose is None or dose < patient.course.starting_dose_mg_per_day
    clears = patient.baseline * (0.5 if patient.start.toordinal() % 4 else 0.05)
    active = patient.protein >= clears or (patient.relapse_prone and reduced)
    titre = TITRE_CUTOFF * (4.0 if active else 0.25)
    albumin = round(max(1.5, 5.0 - patient.protein / 2), 2)
    return {
        "pla2r": (Pla2rTitre(today, titre, TITRE_CUTOFF),),
        "albumin": (Albumin(today, albumin, AlbuminUnit.G_PER_DL),),
    }


def _months_after(day: date, months: int) -> date:
    return add_months(day, months)


class Patient(RuleBasedStateMachine):
    """One patient, one clinician, one CNI course."""

    @initialize(
        start=start_dates(),
        agent=st.sampled_from(list(Agent)),
        baseline=st.floats(5.0, 15.0),
        response=st.sampled_from(list(LEVELS)),
        speed=st.integers(20, 300),
        dose=st.sampled_from([2.0, 4.0, 5.0, 150.0, 200.0]),
        usual_target=st.integers(0, 9),
        waits=st.integers(0, 3),
        params=parameters(),
    )
    def begin(
        self,
        start: date,
        agent: Agent,
        baseline: float,
        response: str,
        speed: int,
        dose: float,
        usual_target: int,
        waits: int,
        params: Parameters,
    ) -> None:
        self.start, self.today, self.params = start, start, params
        self.baseline, self.response, self.speed = baseline, response, speed
        self.protein = baseline
        self.creatinine_factor, self.creatinine_visits = 1.0, 0
        low, high = TARGET_SPANS[agent.value]
        target = TroughRange(low, high) if usual_target else UNUSUAL_TARGET
        self.trough = (target.low + target.high) / 2
        self.target = target
        self.pending_effect: AdverseEffect | None = None
        self.relapse_prone = False
        self.creeps = False
        self.unmeasured = 0
        self.unmeasured_until = start
        self.held_on: list[date] = []
        self.spike = False
        self.waits_for_the_close = waits == 0  # one clinician in four
        self.restored: list[date] = []
        self.remitted_on = start
        self.pending_assessment: AssessmentKind | None = None
        self.course = Course(
            agent=agent,
            start=start,
            starting_dose_mg_per_day=dose,
            target_trough=target,
            proteinuria=(
                Proteinuria(start - timedelta(days=3), baseline, ProteinuriaUnit.G_PER_DAY),
            ),
            creatinine=(Creatinine(start - timedelta(days=3), 1.0, CreatinineUnit.MG_PER_DL),),
        )
        if _measures_markers(start):  # a positive baseline titre: the markers are used
            baseline_titre = Pla2rTitre(start - timedelta(days=3), 4 * TITRE_CUTOFF, TITRE_CUTOFF)
            self.course = replace(self.course, pla2r=(baseline_titre,))
        self.advice: Recommendation = recommend(self.course, start, params)
        self.followed, self.before_acting = self.advice, self.course
        SEEN.update([self.advice.action.value])

    # --- what happens to the patient -------------------------------------------------

    @rule(
        days=st.integers(3, 45),
        noise=st.floats(0.9, 1.1),
        defer=st.booleans(),
        event=st.sampled_from([None] * 12 + list(EVENTS)),
    )
    def visit(self, days: int, noise: float, defer: bool, event: str | None) -> None:
        if event is not None:
            EVENTS[event](self)
        self._visit(self._next_visit(days), noise, defer)

    def teardown(self) -> None:
        if not hasattr(self, "course"):
            return
        while self.today < add_months(self.start, THREE_YEARS):
            self._visit(self._next_visit(28), 1.0, defer=False)
            self._check()

    def miss_months(self, months: int) -> None:
        """No measurement for ``months`` from today, in a remission's phases only (so the
        trial's bound, which waits for a fresh value, is not put off)."""
        if self.advice.phase in (Phase.AWAITING_TAPER, Phase.TAPER, Phase.MAINTENANCE):
            self.unmeasured_until = add_months(self.today, months)

    # --- the invariants ------------------------------------------------------------

    @invariant()
    def check(self) -> None:
        if hasattr(self, "course"):
            self._check()

    def _check(self) -> None:
        assert audit(self.course, self.params) == ()
        self._check_taper_directly()
        self._check_advice(self.followed, self.before_acting)
        self._check_advice(self.advice, self.course)
        self._check_trial_bounded()
        self._check_restore_followed()
        self._check_withdrawal_bounded()

    def _check_taper_directly(self) -> None:
        """The taper rules restated from the constants alone, independent of the package."""
        starts = [self.start, *(restart.on for restart in self.course.restarts)]
        steps = [c for c in self.course.dose_changes if c.reason is DoseChangeReason.TAPER]
        for earlier, later in pairwise(steps):
            if not any(earlier.on < start <= later.on for start in starts):
                assert (later.on - earlier.on).days >= 7 * TAPER_STEP_MIN_WEEKS
        for step in steps:
            period_start = max(start for start in starts if start < step.on)
            assert step.on >= add_months(period_start, MINIMUM_TRIAL_MONTHS)
            status = course_status(self.course, step.on, self.params)
            assert status.remission is not None
            if status.remission.first_complete is None:  # never complete (P5)
                assert step.on >= add_months(period_start, PARTIAL_REMISSION_TAPER_MONTHS)

    def _check_trial_bounded(self) -> None:
        """Liveness: no trial goes on past its month-12 bound without a remission, or past the
        day a remission it had was withdrawn (a clinician's "no remission"), by a grace."""
        status = course_status(self.course, self.today, self.params)
        if status.remission is not None:
            self.remitted_on = self.today
        elif status.dose is not None:
            since = max(status.trial.bound, self.remitted_on)
            assert self.today <= add_months(since, GRACE_MONTHS), self.advice
            assert status.trial.bound == add_months(status.trial.start, TRIAL_BOUND_MONTHS)

    def _check_restore_followed(self) -> None:
        """Liveness: a restored dose is followed by a remission or a stop within the bound."""
        for restored in self.restored:
            if self.today <= add_months(restored, TRIAL_BOUND_MONTHS + GRACE_MONTHS):
                continue
            later = [s.on for s in self.course.discontinuations if s.on > restored]
            status = course_status(self.course, self.today, self.params)
            remitted = any(e.confirmed > restored for e in status.history.episodes)
            assert later or remitted or status.period.start > restored

    def _check_withdrawal_bounded(self) -> None:
        """Liveness: a withdrawal's last step comes within its months, a review later, unless
        the dose was kept for a signal meanwhile (D19)."""
        status = course_status(self.course, self.today, self.params)
        if status.dose is None or status.withdrawal is None:
            return
        last = add_months(status.withdrawal.first, self.params.withdrawal_months - 1)
        held = any(day >= status.withdrawal.first for day in self.held_on)
        assert self.today <= add_months(last, GRACE_MONTHS if held else TRIAL_REVIEW_MONTHS)

    def _check_advice(self, advice: Recommendation, known: Course) -> None:
        on = advice.on
        assert RULES & set(advice.statements)
        row = DECISION_RULES[advice.rule]
        assert row.action == advice.action
        assert row.phase in (None, advice.phase)
        status = course_status(known, on, self.params)
        self._check_review(advice, status)
        if advice.action is Action.REDUCE_DOSE and advice.phase is Phase.TAPER:
            assert status.remission is not None
            assert status.taper_start is not None
            assert on >= status.taper_start
        if advice.action in (Action.REDUCE_DOSE, Action.CONSIDER_DISCONTINUATION):
            self._check_no_step_on_a_signal(advice, known)
        if advice.action is Action.STOP_INEFFECTIVE:
            assert on >= add_months(status.trial.start, MINIMUM_TRIAL_MONTHS)
            assert status.response.troughs.at_target or on >= status.trial.bound
            if on < status.trial.bound:
                self._check_nonresponse_confirmed(status.trial, known, on)
        if advice.phase is not Phase.OFF_THERAPY:
            low, high = TARGET_SPANS[known.agent.value]
            target = known.target_trough
            unusual = not low <= target.low <= target.high <= high
            assert unusual == (Alert.TARGET_UNUSUAL in advice.alerts)
        if advice.action is Action.CONSIDER_DISCONTINUATION and advice.phase in (
            Phase.STOP_WINDOW,
            Phase.PAST_STOP_WINDOW,
        ):
            window = plan(known, on, self.params).stop_window
            assert window is not None
            assert on >= window.opens
            # The window restated from the constants alone, independent of the package.
            assert status.remission is not None
            assert status.reduced_dose_date is not None
            assert on >= add_months(status.remission.confirmed, STOP_WINDOW_OPENS_MONTHS)
            assert on >= add_months(status.reduced_dose_date, MAINTENANCE_MONTHS)
            assert on <= window.closes or Alert.PAST_STOP_WINDOW in advice.alerts
        if status.history.relapsed and status.dependence_relapses >= DEPENDENCE_RELAPSES:
            assert advice.action in (
                Action.CONSIDER_RITUXIMAB,
                Action.STOP_INEFFECTIVE,
                Action.STOP_FOR_TOXICITY,
            )

    def _check_nonresponse_confirmed(self, trial: Trial, known: Course, on: date) -> None:
        """A stop for non-response before the bound rests on a confirmed run of values from
        month 4, each short of the threshold fall (D2, P2), restated here."""
        limit = trial.baseline.level * (1 - self.params.nonresponse_threshold)
        opens = add_months(trial.start, RESPONSE_CHECK_MONTHS)
        values = [p for p in known.proteinuria if opens <= p.on <= on]
        run = []
        for value in reversed(values):
            if value.level <= limit:
                break
            run.append(value.on)
        assert run, "no value short of the threshold fall"
        assert run[-1] <= run[0] - timedelta(days=self.params.confirmation_gap_days)

    def _check_review(self, advice: Recommendation, status: object) -> None:
        """Liveness: every advice names a review within its phase's bound, restated here."""
        on, review = advice.on, advice.next_review
        assert review is not None
        assert review >= on
        if advice.phase is Phase.OFF_THERAPY:
            assert review <= add_months(on, 6)
        elif advice.phase in (Phase.INITIAL_TRIAL, Phase.RELAPSE, Phase.WITHDRAWAL):
            assert review <= add_months(on, TRIAL_REVIEW_MONTHS)
        elif advice.phase is Phase.TAPER:
            assert review <= on + timedelta(weeks=TAPER_STEP_MAX_WEEKS)
        else:
            assert review <= add_months(on, STEADY_REVIEW_MONTHS)

    def _check_no_step_on_a_signal(self, advice: Recommendation, known: Course) -> None:
        """Liveness: no step down and no stop on a relapse signal, a rise or old values."""
        if advice.rule in FORWARD:
            return
        signals = {Alert.RELAPSE_SUSPECTED, Alert.PROTEINURIA_RISING, Alert.NEPHROTOXICITY_CHECK}
        assert not signals & set(advice.alerts)
        values = [p for p in known.proteinuria if p.on <= advice.on]
        assert values[-1].value <= NEPHROTIC_LEVEL  # restated: a nephrotic value holds (D14)
        # Restated P9: a step needs a value after the period's previous step down; the first
        # step and a discontinuation need one within FRESH_MONTHS.
        start = max(s for s in [self.start, *(r.on for r in known.restarts)] if s <= advice.on)
        changes = [c for c in known.dose_changes if start <= c.on <= advice.on]
        steps = [c.on for c in changes if c.reason in DOWN]
        if advice.action is Action.REDUCE_DOSE and steps:
            assert values[-1].on > steps[-1] or values[-1].on == advice.on
        else:
            assert values[-1].on >= add_months(advice.on, -FRESH_MONTHS)

    # --- the simulation ---------------------------------------------------------------

    def _visit(self, today: date, noise: float, defer: bool) -> None:
        self.today = today
        dose = self.course.dose_on(today - timedelta(days=1))
        self.protein += (self._target(dose) - self.protein) * min(1.0, 28 / self.speed)
        entries: dict[str, tuple] = {}
        measured = self.unmeasured == 0 and today >= self.unmeasured_until
        self.unmeasured = max(self.unmeasured - 1, 0)
        if measured:
            value = SPIKE if self.spike else round(self.protein * noise, 3)
            self.spike = False
            entries["proteinuria"] = (Proteinuria(today, value, ProteinuriaUnit.G_PER_DAY),)
            entries["creatinine"] = (
                Creatinine(today, round(self.creatinine_factor, 3), CreatinineUnit.MG_PER_DL),
            )
            if dose is not None:
                entries["troughs"] = (Trough(today, self.trough),)
            entries.update(_markers(self, today, dose))
        if self.pending_assessment is not None:
            entries["assessments"] = (Assessment(today, self.pending_assessment),)
            self.pending_assessment = None
        if self.pending_effect is not None and dose is not None:
            entries["adverse_effects"] = (AdverseEffectReport(today, self.pending_effect),)
        self.pending_effect = None
        self.creatinine_visits -= 1
        if self.creatinine_visits < 0:
            self.creatinine_factor = 1.0
        self._add(**entries)
        advice = recommend(self.course, today, self.params)
        self.followed, self.before_acting = advice, self.course
        self._follow(advice, defer)
        self.advice = recommend(self.course, today, self.params)
        SEEN.update([advice.action.value, *(alert.value for alert in advice.alerts)])

    def _next_visit(self, days: int) -> date:
        """The clinician comes back after ``days``, or on the review date advised, if sooner;
        one who waits for the window's close comes back the day after it, at the latest."""
        planned = self.today + timedelta(days=days)
        review = self.advice.next_review
        visit = min(planned, review) if review > self.today else planned
        if self.waits_for_the_close and self.advice.phase is Phase.STOP_WINDOW:
            window = plan(self.course, self.today, self.params).stop_window
            assert window is not None
            visit = min(visit, window.closes + timedelta(days=1))
        return visit

    def _target(self, dose: float | None) -> float:
        reduced = dose is None or dose < self.course.starting_dose_mg_per_day
        if self.relapse_prone and reduced:
            return max(6.0, self.baseline * 0.8)
        if self.creeps and reduced and dose is not None:
            return 3.0
        if dose is None:
            return self.protein
        return self.baseline * LEVELS[self.response]

    def _follow(self, advice: Recommendation, defer: bool) -> None:
        today, dose = self.today, advice.dose_mg_per_day
        if advice.action is Action.HOLD_DOSE:
            self.held_on.append(today)
        if advice.action is Action.REDUCE_DOSE:
            assert dose is not None
            withdrawing = advice.phase is Phase.WITHDRAWAL or advice.rule in FORWARD
            reason = DoseChangeReason.WITHDRAWAL if withdrawing else DoseChangeReason.TAPER
            self._add(dose_changes=(DoseChange(today, dose, reason),))
        elif advice.action is Action.REDUCE_DOSE_FOR_CREATININE:
            assert dose is not None
            self._add(dose_changes=(DoseChange(today, dose, DoseChangeReason.CREATININE_RISE),))
        elif advice.action is Action.RESTORE_DOSE:
            assert dose is not None
            self._add(dose_changes=(DoseChange(today, dose, DoseChangeReason.RESTORE),))
            self.restored.append(today)
        elif advice.action is Action.STOP_INEFFECTIVE:
            self._add(discontinuations=(Discontinuation(today, StopReason.NON_RESPONSE),))
        elif advice.action is Action.STOP_FOR_TOXICITY:
            self._add(discontinuations=(Discontinuation(today, StopReason.NEPHROTOXICITY),))
        elif advice.action is Action.CONSIDER_DISCONTINUATION:
            self._consider_stopping(advice, defer)
        elif advice.action is Action.REINITIATE:
            self._add(restarts=(Restart(today, self.course.starting_dose_mg_per_day),))
            self.relapse_prone = self.creeps = False
        elif advice.action is Action.CONSIDER_RITUXIMAB and self.course.dose_on(today):
            self._add(discontinuations=(Discontinuation(today, StopReason.OTHER),))

    def _consider_stopping(self, advice: Recommendation, defer: bool) -> None:
        """Start the withdrawal the advice describes, or take its last step; now and then wait."""
        today, dose = self.today, advice.dose_mg_per_day
        waiting = advice.phase is Phase.STOP_WINDOW
        if waiting and (
            self.waits_for_the_close or (defer and today + timedelta(days=45) < advice.next_review)
        ):
            return
        if dose is not None and advice.phase is not Phase.WITHDRAWAL:
            self._add(dose_changes=(DoseChange(today, dose, DoseChangeReason.WITHDRAWAL),))
        else:
            self._add(discontinuations=(Discontinuation(today, StopReason.PLANNED),))

    def _add(self, **entries: tuple) -> None:
        self.course = replace(
            self.course, **{name: getattr(self.course, name) + new for name, new in entries.items()}
        )


Patient.TestCase.settings = settings(
    settings.default,
    stateful_step_count=30,
    max_examples=max(settings.default.max_examples // 2, 10),
)
TestClosedLoop = Patient.TestCase
TestClosedLoop.pytestmark = [pytest.mark.invariant(i) for i in INVARIANTS]


def test_the_simulation_meets_every_action_and_alert() -> None:
    """Runs after TestClosedLoop: the loop must have reached every action and alert."""
    if not SEEN or settings.default.max_examples < 100:
        pytest.skip("needs TestClosedLoop in the same run, with the ci or thorough profile")
    expected = {action.value for action in Action} | {alert.value for alert in Alert}
    assert expected <= set(SEEN), f"never met: {sorted(expected - set(SEEN))}; met: {SEEN}"
