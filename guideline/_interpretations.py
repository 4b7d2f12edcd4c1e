"""The interpretation register: how each vague point of the source is read.

``D1``-``D12`` follow the project's clinical specification; ``A1``-``A9`` are
readings this package had to add where the specification is silent, each
chosen on the conservative side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Interpretation:
    """One reading of a vague or silent point of the source.

    Attributes:
        id: Stable id, e.g. ``D5``.
        title: A few words naming the point.
        question: What the source leaves open.
        reading: What the package does, exactly.
        reason: Why this reading was chosen.
        statements: Statement ids it applies to.
        parameters: Names of the :class:`~guideline.Parameters` fields or
            constants that carry its numbers.
        alternatives: Readings considered and not taken.
        drives_code: False for a reading that adds no rule (scope, or a
            refusal to invent one); every other reading has implementing code.
    """

    id: str
    title: str
    question: str
    reading: str
    reason: str
    statements: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    drives_code: bool = True


INTERPRETATIONS: dict[str, Interpretation] = {
    i.id: i
    for i in (
        Interpretation(
            "D1",
            "Dates and intervals",
            "How are months and weeks counted, and from when?",
            "Dates are calendar dates without time or time zone, and every evaluation is "
            "given its date explicitly. t0 is the first CNI dose; tR is the date remission is "
            "confirmed. A month is a calendar month, moved back to the month's last day when "
            "the day does not exist (31 January + 1 month = 28 or 29 February); a week is 7 "
            "days. A period that starts from a date includes that date; 'before' a date "
            "excludes it.",
            "Calendar months are how clinicians book reviews; one tested function does it.",
            ("B1", "B2", "B3", "C1", "C2", "C3", "H1"),
            ("add_months", "add_weeks"),
            ("Months as 30 or 30.44 days: drifts from the clinic calendar.",),
        ),
        Interpretation(
            "D2",
            "Response check and non-response",
            "What is a substantial fall in proteinuria, against what, and when may the CNI be "
            "stopped for lack of it?",
            "The fall is measured from the baseline (the last proteinuria value on or before "
            "t0) to the latest value. From t0 + 4 months, a fall smaller than the threshold with "
            "troughs at target (D3) raises the likely_ineffective alert; stop_ineffective is "
            "advised only from t0 + 6 months. Exception (G1): if the baseline is at or above "
            "the high-grade level and proteinuria is trending down, the CNI is continued and "
            "reassessed instead. Trending down means the three latest values measured after "
            "t0 each fall below the one before; fewer than three values show no trend.",
            "Only a clearly absent response should end a treatment that takes months to act "
            "(R1); a fall between 30 and 50% is read as a partial response. The high-grade "
            "level defaults to the KDIGO 2021 high-risk proteinuria of 8 g/day.",
            ("B1", "B2", "G1"),
            (
                "nonresponse_threshold",
                "high_grade_proteinuria",
                "RESPONSE_CHECK_MONTHS",
                "MINIMUM_TRIAL_MONTHS",
            ),
            (
                "Threshold at 50%: would stop treatments that are partly working.",
                "Trend as a fitted slope: a big early fall then a plateau would count as a "
                "trend for ever.",
            ),
        ),
        Interpretation(
            "D3",
            "Therapeutic trough levels",
            "What counts as therapeutic blood levels during the response period?",
            "The clinician gives the target trough range for each course; the package holds "
            "no trough numbers. Troughs count as at target for a stop for non-response when: "
            "(1) the latest trough is at or above the lower bound, and so are all the troughs "
            "back to the start of that unbroken run (values before an earlier dip, such as "
            "titration, are not counted); (2) the run began at least 4 months before the "
            "evaluation date; and (3) at least one trough was measured on or after t0 + 4 "
            "months. Otherwise the package does not advise stopping for non-response, and if "
            "the latest trough is outside the range it raises trough_out_of_range.",
            "The source asks for 4 to 6 months at therapeutic levels before judging the "
            "response; a drug never given at target has not been tried.",
            ("B2", "E1"),
            ("RESPONSE_CHECK_MONTHS",),
            (
                "Use only the latest trough: a single value says little about months of exposure.",
                "Require every trough from t0 at target: early titration or one dip would "
                "block the decision for good.",
            ),
        ),
        Interpretation(
            "D4",
            "Remission and relapse",
            "When is a patient in remission, and when has the disease relapsed?",
            "A remission status recorded by the clinician always wins (see A2). Otherwise it "
            "is derived from proteinuria, g/day and urine protein-to-creatinine ratio in g/g "
            "being read as equivalent: complete below 0.3; partial below 3.5 and at least 50% "
            "below the peak (the highest value from the baseline on). A status is confirmed by "
            "two qualifying values at least 7 days apart with no non-qualifying value between "
            "them, on the date of the second (A3). Relapse after remission is proteinuria above "
            "3.5 again, confirmed the same way, or recorded by the clinician.",
            "These are the widely used definitions (KDIGO 2021, as summarised in Nat Rev Dis "
            "Primers 2020;6:68, Table 1). Waiting for confirmation delays a taper rather than "
            "starting one early, which is the safer error. Albumin and kidney function, also "
            "part of those definitions, are left to the clinician's recorded assessment.",
            ("G3", "C1", "F2"),
            (
                "COMPLETE_REMISSION_BELOW",
                "NEPHROTIC_LEVEL",
                "PARTIAL_REMISSION_FALL",
                "confirmation_gap_days",
            ),
            ("Confirm on a single value: one low sample would start a taper.",),
        ),
        Interpretation(
            "D5",
            "When the taper may start",
            "From when may the dose be lowered?",
            "Never before remission is confirmed (G3) and never before t0 + 6 months (B1). In "
            "complete remission, from the later of tR and t0 + 6 months. In partial remission "
            "(G2 is read as partial remission), from the later of tR and t0 + 12 months, at "
            "the target trough until then. A partial response without remission is continued "
            "without reduction.",
            "It puts the source's three taper conditions (remission, 6 months, a year for a "
            "partial response) together so that none can be skipped.",
            ("B1", "B3", "C1", "G2", "G3"),
            ("MINIMUM_TRIAL_MONTHS", "PARTIAL_REMISSION_TAPER_MONTHS"),
            ("Start the taper at a fixed time after t0: G3 forbids tapering on time alone.",),
        ),
        Interpretation(
            "D6",
            "The taper",
            "How big are the steps, how far apart, and what is 'about 50%'?",
            "The target is 50% of the starting dose, with a tolerance (default 10 percentage "
            "points either side). Steps are at least 4 and at most 8 weeks apart; their size is "
            "local policy (default 25% of the starting dose: 100, 75, 50). A step is advised "
            "only while remission holds and no nephrotoxicity alert is open, otherwise "
            "hold_dose. Less than 4 weeks after the last step the action is continue, with the "
            "next step's date as the next review.",
            "The source fixes the interval and the destination but not the step size.",
            ("C1",),
            (
                "taper_step_fraction",
                "reduced_dose_tolerance",
                "TAPER_STEP_MIN_WEEKS",
                "TAPER_STEP_MAX_WEEKS",
                "REDUCED_DOSE_FRACTION",
            ),
        ),
        Interpretation(
            "D7",
            "Maintenance",
            "From when are the 12 months at the reduced dose counted?",
            "From the date the dose first comes down to the upper bound of the tolerance around "
            "50% of the starting dose, or below, and stays there; if the dose rises above it "
            "again, the count starts afresh. A taper step below the lower bound before "
            "maintenance is complete is a deviation (invariant reduced_dose_floor).",
            "The source counts the time at the reduced dose, not the time since remission.",
            ("C2",),
            ("MAINTENANCE_MONTHS",),
        ),
        Interpretation(
            "D8",
            "The stop window",
            "Are the 12 to 24 months counted from remission or from the start of therapy?",
            "From remission, because the question asked is how long after remission: stopping "
            "is considered from the later of tR + 12 months and the reduced-dose date + 12 "
            "months, up to tR + 24 months. Beyond tR + 24 months, continued CNI is flagged for "
            "reassessment (nephrotoxicity risk; possible dependence). The other reading, 12 to "
            "24 months of therapy from t0, is shown beside it in the plan and on the site.",
            "The headline answer is about time after remission; the 'months of therapy' "
            "wording in the body gives an earlier window whenever remission takes time.",
            ("H1", "C3", "L1"),
            ("STOP_WINDOW_OPENS_MONTHS", "STOP_WINDOW_CLOSES_MONTHS"),
            (
                "Count from t0: would allow stopping a few months after a late remission, which "
                "the source links to relapse (R2).",
            ),
        ),
        Interpretation(
            "D9",
            "Stopping",
            "How is the CNI withdrawn at the end?",
            "The source gives no schedule for the final withdrawal, so the package says "
            "'consider discontinuation' and proposes none.",
            "Inventing a schedule would claim more than the source.",
            ("C3",),
            drives_code=False,
        ),
        Interpretation(
            "D10",
            "Relapse and dependence",
            "What follows a relapse, and what is CNI dependence?",
            "A relapse during taper or maintenance gives hold_dose (no further reduction; "
            "clinician review). A first relapse after discontinuation gives reinitiate, with the "
            "same agent. CNI dependence is a second relapse on withdrawal or on a dose "
            "reduction (our definition, stated as such) and gives consider_rituximab.",
            "The source names dependence without defining it; two relapses on withdrawal is "
            "the smallest count that shows a pattern.",
            ("F2", "F3", "L3"),
            ("DEPENDENCE_RELAPSES",),
        ),
        Interpretation(
            "D11",
            "Nephrotoxicity",
            "When does a creatinine rise count, and for how long?",
            "A creatinine above 1.2 times the baseline (the last value on or before t0) opens "
            "an alert: check the trough and, if the rise is unexplained, evaluate for CNI "
            "nephrotoxicity. The alert holds taper steps and shows in every recommendation "
            "until a later value is back at or below 1.2 times the baseline.",
            "The source's 'rise of more than 20%' needs a reference point; the pre-treatment "
            "value is the one no CNI effect can have raised.",
            ("E2", "C2"),
            ("CREATININE_RISE_FRACTION",),
        ),
        Interpretation(
            "D12",
            "Out of scope",
            "What does the package not decide?",
            "Choice of first treatment and risk category, glucocorticoids, doses in mg/kg and "
            "trough targets, rituximab dosing, children, kidney transplant recipients and "
            "secondary membranous nephropathy. The relapse figures of 25.2% and 6.4% are shown "
            "as the source reports them; the study behind them was not identified.",
            "The source does not cover these, and the numbers we could not verify stay out.",
            ("F1",),
            drives_code=False,
        ),
        Interpretation(
            "A1",
            "Restarting therapy",
            "After a restart, what do the time rules count from?",
            "A restart begins a new period of therapy with its own t0 (the restart date), its "
            "own baseline proteinuria (the last value on or before it) and its own starting "
            "dose (the restart dose). Relapses counted for dependence and the creatinine "
            "baseline carry over from the first start.",
            "The source advises restarting 'the therapy that initially achieved remission', "
            "which reads as a new course; keeping the first creatinine baseline means earlier "
            "CNI damage cannot hide in a new baseline.",
            ("F2", "D11"),
        ),
        Interpretation(
            "A2",
            "Clinician status against derived status",
            "How does a recorded assessment combine with values that come later?",
            "On its date, a recorded status replaces the derived one. After it, a derived "
            "change needs confirming values all dated after the assessment, so values the "
            "clinician had already seen cannot overturn it. A relapse recorded when no remission "
            "is on record is read as 'no remission'.",
            "The clinician sees albumin, kidney function and context the package does not.",
            ("G3",),
        ),
        Interpretation(
            "A3",
            "Confirmation by a run of values",
            "What if qualifying values are closer together than 7 days?",
            "Qualifying values form a run until a non-qualifying value breaks it; the status is "
            "confirmed by the first value of the run dated at least the confirmation gap after "
            "the run's first value.",
            "Extra samples in between should neither help nor hinder confirmation.",
            ("G3",),
            ("confirmation_gap_days",),
        ),
        Interpretation(
            "A4",
            "Taper steps and other dose changes",
            "Which dose reductions are taper steps?",
            "Each recorded dose change says whether it is a taper step or another adjustment "
            "(for example to reach the target trough). Only taper steps are judged by the taper "
            "rules; a taper step must lower the dose.",
            "Adjusting to the trough target is outside the source (D12) and must not be "
            "reported as an early taper.",
            ("C1", "G3"),
        ),
        Interpretation(
            "A5",
            "Baselines are required",
            "What if there is no proteinuria or creatinine before the first dose?",
            "The course is refused: both need a value dated on or before t0, and the baseline "
            "proteinuria must be above zero. Every date must lie between 1900 and 2199 and every "
            "non-zero number between 0.000001 and 1,000,000: bounds of plausibility, not "
            "clinical thresholds, that keep all date and number arithmetic exact.",
            "Response (B2) and nephrotoxicity (E2) are judged against the baseline; without it "
            "the package would have to guess.",
            ("B2", "E2"),
        ),
        Interpretation(
            "A6",
            "End of the taper",
            "When is 'about half' reached, and can a step overshoot it?",
            "A step is advised while the dose is above the upper tolerance bound; the advised "
            "dose is the current dose minus one step, but never below 50% of the starting dose.",
            "'About' allows a dose just above half to count; no step should take the dose "
            "below the target.",
            ("C1",),
            ("taper_step_fraction", "reduced_dose_tolerance"),
        ),
        Interpretation(
            "A7",
            "Relapse before any reduction",
            "What if the disease relapses on the full dose?",
            "hold_dose with a clinician review, as for a relapse during the taper; it does not "
            "count towards dependence, which needs a withdrawal or a reduction.",
            "The source speaks only of relapse after stopping; holding is the cautious course.",
            ("F2", "F3"),
        ),
        Interpretation(
            "A8",
            "Adverse effects and the stop window when maintenance ends late",
            "What do recorded adverse effects change, and what if maintenance ends after "
            "tR + 24 months?",
            "A recorded adverse effect during therapy raises adverse_effect_review but does not "
            "change the action. If 12 months of maintenance end after tR + 24 months, the "
            "reduced dose is maintained with past_stop_window until they are complete, and "
            "discontinuation is then considered; the audit counts the CNI as continued past the "
            "window only from then.",
            "The source lists what to watch for, not what to do; and it asks for both the "
            "12-month maintenance and the 24-month horizon, which can conflict.",
            ("E4", "C2", "H1"),
        ),
        Interpretation(
            "A9",
            "An unconfirmed relapse signal during the taper",
            "What if one proteinuria value in the nephrotic range appears during the taper?",
            "While the latest value is above 3.5, the next taper step is replaced by hold_dose "
            "until a second value confirms the relapse (D4) or a lower value rules it out.",
            "The source asks for steps only while remission holds (C1, C2); stepping down on a "
            "value that may be the start of a relapse is the riskier error.",
            ("C1", "C2", "E3"),
            ("NEPHROTIC_LEVEL",),
        ),
        Interpretation(
            "A10",
            "A stop for non-response with nothing to measure the fall against",
            "A restart may follow a value of zero; can a stop for non-response then be judged?",
            "No. With a zero baseline no fall can be measured, so the advice never stops the CNI "
            "for non-response, and the audit reports a recorded stop for non-response in that "
            "period as it reports one with no value from month 4.",
            "The source judges the response as a fall from the baseline (B2); where the fall "
            "cannot be measured the CNI has not been shown to fail. The advice and the audit now "
            "ask the same question of the same value.",
            ("B2",),
        ),
        Interpretation(
            "A11",
            "A stop for non-response during a relapse",
            "A relapse on the CNI ends a remission; may the CNI then be stopped as ineffective?",
            "No. A relapse follows a remission the CNI brought, so the CNI was not ineffective: "
            "during a relapse the advice keeps the dose and reviews the patient (A7, D10), and "
            "the audit reports a recorded stop for non-response as a departure.",
            "The non-response rule of the source judges the first months of a treatment (B2); "
            "after a remission the relapse rules apply instead.",
            ("B2", "F2", "F3"),
        ),
        Interpretation(
            "A12",
            "A taper step on a single value in the nephrotic range",
            "The advice holds the taper on such a value (A9); is a step recorded on one a "
            "departure?",
            "Yes. The audit reports a taper step taken in remission while the latest "
            "proteinuria is above 3.5 and a relapse is neither confirmed nor ruled out "
            "(invariant taper_held_by_relapse_signal).",
            "A step the advice would not have given, on a value that may open a relapse, is the "
            "riskier error; the audit holds the record to the same rule as the advice.",
            ("C1", "C2", "E3"),
            ("NEPHROTIC_LEVEL",),
        ),
    )
}
"""Every interpretation, by id."""
