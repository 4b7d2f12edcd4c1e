"""The interpretation register: how each vague point of the source is read.

``D1``-``D12`` follow the project's clinical specification; ``A1``-``A9`` are
readings this package had to add where the specification is silent, each
chosen on the conservative side.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._references import Citation, Verification


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
        revised: What revision 2 of the specification changed in this reading,
            and why; empty when it did not change it.
        citations: The works a reading beyond the source rests on, each with how
            far it was checked; empty for readings of the source itself.
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
    revised: str = ""
    citations: tuple[Citation, ...] = ()


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
            "The fall is measured from the trial's baseline (the last proteinuria value on or "
            "before t0, or before the relapse that opened a new trial, P6). From t0 + 4 months, "
            "a latest value short of the threshold fall, with the latest trough at or above "
            "the target's lower bound, raises likely_ineffective. stop_ineffective comes only "
            "from t0 + 6 months, with the non-response confirmed: a run of values from month 4 "
            "on, each short of the threshold, confirmed as a remission is (P2), troughs at "
            "target over the response period (D3) and a target in the usual span (D21). One "
            "high value after a sustained fall never stops the CNI. Troughs above the range "
            "count as enough exposure. Exception (G1): with a baseline at or above the "
            "high-grade level and a falling trend, the stop waits, at the latest until the "
            "trial's month-12 bound (D13). A trend is three values in a row, each lower than "
            "the one before, spanning at least 8 weeks, the latest at least 10% below the "
            "baseline (P3).",
            "Only a clearly absent response should end a treatment that takes months to act "
            "(R1); a fall between 30 and 50% is read as a partial response. The high-grade "
            "level of 8 g/day borrows the number of KDIGO 2021's high-risk group, not its "
            "criterion, which asks for more than 8 g/day for over 6 months (or a low eGFR) "
            "[secondary].",
            ("B1", "B2", "G1"),
            (
                "nonresponse_threshold",
                "high_grade_proteinuria",
                "trend_weeks",
                "trend_fall",
                "RESPONSE_CHECK_MONTHS",
                "MINIMUM_TRIAL_MONTHS",
            ),
            (
                "Threshold at 50%: would stop treatments that are partly working.",
                "Trend as a fitted slope: a big early fall then a plateau would count as a "
                "trend for ever.",
            ),
            revised="A stop for non-response rested on the latest value alone, and a drift of a "
            "few percent counted as a high-grade trend with no end: now the non-response must "
            "be confirmed, the trend must be real, and it defers the stop to month 12 at most.",
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
            "These are the widely used adult nephrotic-syndrome definitions: Kopp et al., "
            "Podocytopathies, Nat Rev Dis Primers 2020;6:68, Table 1 [read], a primer on "
            "podocytopathies rather than on membranous nephropathy, which measures the 50% "
            "fall from the baseline; the fall 'from the peak' is the KDIGO 2012 wording as "
            "recalled [unverified]. Waiting for confirmation delays a taper rather than "
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
            revised="The citation is corrected: the 2020 primer on podocytopathies does not "
            "summarise KDIGO 2021, as the first revision said; the primer on membranous "
            "nephropathy is Ronco et al., Nat Rev Dis Primers 2021;7:69.",
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
            "Superseded by D19: the withdrawal is now described over about 3 months, as the "
            "trials did.",
            "The first revision proposed no schedule, as the source gives none; the trial "
            "protocols give one.",
            ("C3",),
            drives_code=False,
            revised="Replaced by D19.",
        ),
        Interpretation(
            "D10",
            "Relapse and dependence",
            "What follows a relapse, and what is CNI dependence?",
            "A relapse during the taper, maintenance, the stop window or the withdrawal gives "
            "restore_dose (D15). A first relapse after a planned stop gives reinitiate, with the "
            "same agent; after a stop for nephrotoxicity it gives consider_rituximab instead. "
            "CNI dependence is a second relapse on withdrawal or on a dose reduction (our "
            "definition, stated as such; what counts as on withdrawal is P8) and gives "
            "consider_rituximab, on or off the CNI; on the CNI the dose is kept meanwhile.",
            "The source names dependence without defining it; two relapses on withdrawal is "
            "the smallest count that shows a pattern.",
            ("F2", "F3", "L3"),
            ("DEPENDENCE_RELAPSES",),
            revised="A relapse on the CNI gave hold_dose with no end date; it now restores the "
            "dose that worked and opens a new, bounded trial (D15).",
        ),
        Interpretation(
            "D11",
            "Nephrotoxicity",
            "When does a creatinine rise count, and for how long?",
            "A creatinine above 1.2 times the baseline (the last value on or before the start "
            "of the current period of therapy, P7) opens an alert: check the trough and, if "
            "the rise is unexplained, evaluate for CNI nephrotoxicity. The alert pauses taper "
            "and withdrawal steps, a discontinuation and any rise of the dose, and shows in "
            "every recommendation until a later value is back at or below 1.2 times the "
            "baseline, or the clinician records the rise as explained by another cause; a "
            "later value above the explained one opens it again. A confirmed larger rise "
            "changes the action (D17).",
            "The source's 'rise of more than 20%' needs a reference point; the value before "
            "the CNI of this period is the one no CNI effect of this period can have raised.",
            ("E2", "C2"),
            ("CREATININE_RISE_FRACTION",),
            revised="The alert changed no action, whatever the rise: a larger confirmed rise "
            "now cuts the dose or stops the CNI (D17), and the clinician can record another "
            "cause.",
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
            "D13",
            "A bounded trial",
            "How long may a CNI go on without bringing a remission?",
            "Every trial (from t0, a restart, or a relapse, P6) has a bound at 12 months: with "
            "no confirmed remission ongoing on that date, stop_ineffective is advised whatever "
            "the fall, with the note to consider another treatment (rituximab, or a "
            "cyclophosphamide-based regimen). Between month 6 and month 12 a confirmed response "
            "short of remission goes on, reviewed at least monthly. If on the bound date the "
            "latest value would make a remission but awaits its confirming value, the stop "
            "waits until that value's date plus the confirmation gap, keeping the current dose. "
            "Out-of-date proteinuria at the bound keeps the current dose until a fresh value "
            "comes (P9). Troughs "
            "below target do not defer this stop: the exposure is bounded, and the rationale "
            "says it was low (P4).",
            "No state may last without an end date. The trial protocols stop a CNI that has "
            "not worked: Couser 2017 (Table 6) stops at 6 months without a response [read], "
            "and MENTOR went on past month 6 only with a fall of 25% or more and stopped at "
            "month 12 (Fervenza, Nephron 2015; NCT01180036) [read].",
            ("B1", "B2", "B3", "G1", "G2"),
            ("TRIAL_BOUND_MONTHS", "TRIAL_REVIEW_MONTHS"),
            (
                "Continue a partial response indefinitely: no trial shows a CNI bringing a "
                "remission after a year without one, and the nephrotoxicity accrues.",
            ),
        ),
        Interpretation(
            "D14",
            "Proteinuria rising, or a relapse suspected, on the CNI",
            "What if proteinuria climbs while in remission on the CNI?",
            "In every phase in remission on the CNI (awaiting the taper, taper, maintenance, "
            "the stop window and past it, the withdrawal): (a) one value above 3.5, not yet "
            "confirmed, raises relapse_suspected, keeps the current dose with no reduction and "
            "no stop, and asks for a repeat within 2 weeks of that value; (b) a rise to at "
            "least 1.5 times the lowest value since remission, above 0.3 and confirmed as in "
            "P2, raises proteinuria_rising, keeps the dose and asks for a review within 4 "
            "weeks, until a later confirmed run falls back below that level. One value "
            "meeting (b) is treated as (a): no reduction and a repeat within 2 weeks. The "
            "lowest value counts from the first value of the run that confirmed the "
            "remission. A complete remission that falls back to partial during the taper is "
            "governed by (b), not by working out the taper start again (P5). A confirmed "
            "relapse leads to D15.",
            "A taper going on while proteinuria climbs towards relapse is the error most "
            "worth avoiding; a rise of 50% was counted as a relapse by Alexopoulos 2006 "
            "[secondary].",
            ("C1", "C2", "E3"),
            ("rise_fraction", "NEPHROTIC_LEVEL", "COMPLETE_REMISSION_BELOW", "PROMPT_REVIEW_WEEKS"),
        ),
        Interpretation(
            "D15",
            "Relapse on the CNI",
            "What follows a confirmed relapse during the taper, maintenance, the stop window or "
            "the withdrawal?",
            "restore_dose: back to the dose in force when the first remission of the current "
            "trial was confirmed (the dose that worked), to the target trough; never above the "
            "period's starting dose, never above a dose cut for creatinine, and not rounded "
            "again. It counts as a relapse on reduction for dependence. A new trial starts on "
            "the relapse's confirmation date (6 months to judge, a bound at 12), with the "
            "last proteinuria on or before that date as its baseline and the restored dose as "
            "its starting dose for a later taper; a new remission starts the taper rules "
            "again from its own date. While the creatinine alert is open the dose is kept "
            "instead of raised (P6).",
            "The trials restored the effective dose on relapse; keeping a reduced dose with no "
            "end date left the relapse untreated.",
            ("C2", "F2", "F3"),
            ("TRIAL_BOUND_MONTHS",),
        ),
        Interpretation(
            "D16",
            "One proteinuria method per course",
            "May 24-hour values and protein:creatinine ratios be mixed in one course?",
            "No. The baseline fixes the method; the first value of the other method, in date "
            "order, is refused with an error on its unit. Ratios may be written in g/g or in "
            "mg/mmol; mg/mmol is divided by 113.12, the molar mass of creatinine in g/mol, so "
            "1 mg/mmol is 0.00884 g/g. The reading of a ratio in g/g as equivalent to g/day "
            "(D4) stands, as a labelled approximation. Other units (mg/g, mg/day) are refused "
            "with the list of accepted ones.",
            "A change of method between the baseline and later values can fake a remission "
            "out of nothing.",
            ("B2", "E3"),
            ("CREATININE_MOLAR_MASS",),
        ),
        Interpretation(
            "D17",
            "A creatinine rise changes the action",
            "What does a creatinine rise beyond the alert change?",
            "A rise above 1.3 times the period's baseline, confirmed as in P2, gives "
            "reduce_dose_for_creatinine: cut the current dose by 25% (rounded, D20), and check "
            "the trough, the fluid status and interacting drugs. A cut is advised only with the "
            "latest trough at or above the lower target bound (otherwise the dose is kept and "
            "another cause sought), never while the clinician has recorded the rise as "
            "explained, and never within 4 weeks of another (the dose is kept meanwhile). After "
            "a cut, two values above 1.3 times the baseline, confirmed, the first at least 4 "
            "weeks after the cut, give stop_for_toxicity; if the first value from 4 weeks "
            "after the cut is at or below 1.3 times, the cut stands and a later confirmed rise "
            "starts again. A cut that rounds back to the current dose goes one dose step lower; "
            "from the smallest step no cut is possible and the stop rule decides. A cut is not "
            "a taper step; one into the taper band counts as reaching the reduced dose, and the "
            "next taper step comes at least 4 weeks after any reduction (P7).",
            "The MENTOR protocol cut the cyclosporine dose by about 25% for a persistent "
            "unexplained creatinine rise above 30% [read, registry record].",
            ("E2", "C2", "L1"),
            (
                "creatinine_cut_fraction",
                "CREATININE_CUT_ABOVE",
                "CREATININE_CUT_INTERVAL_WEEKS",
            ),
        ),
        Interpretation(
            "D18",
            "Review dates and out-of-date values",
            "How soon is the next review, and what if the values are old?",
            "On the CNI every recommendation names a next review no more than 3 months ahead: "
            "in a trial, a withdrawal or a relapse at most 1 month; in the taper at most the "
            "next step date or 8 weeks; in remission at a steady dose at most 3 months. Off the "
            "CNI at most 3 months for 12 months after the stop, then 6 months. Each alert "
            "brings its own bound, and the earliest applies, never before the evaluation date "
            "(P1). A value is out of date when older than 3 months. A taper or withdrawal "
            "step needs a proteinuria value dated after the previous step (the first step, "
            "one within 3 months); considering discontinuation and stopping as ineffective "
            "need one within 3 months; otherwise the current dose is kept, with "
            "values_out_of_date and a review within 2 weeks. A creatinine or trough value "
            "older than 3 months (a trough from 4 weeks after the start) raises the same alert "
            "without changing the action: they never pause a reduction (P9).",
            "A recommendation with no review date can last for ever; advice resting on "
            "year-old values is no advice.",
            ("E1", "E2", "E3"),
            (
                "FRESH_MONTHS",
                "TROUGH_DUE_WEEKS",
                "TRIAL_REVIEW_MONTHS",
                "STEADY_REVIEW_MONTHS",
                "OFF_THERAPY_REVIEW_MONTHS",
                "PROMPT_REVIEW_WEEKS",
                "SOON_REVIEW_WEEKS",
            ),
        ),
        Interpretation(
            "D19",
            "The withdrawal",
            "How is the CNI withdrawn at the end?",
            "When discontinuation is considered, the advice and the plan describe a withdrawal "
            "over about 3 months in monthly steps of equal size: step k of n lowers the "
            "maintenance dose to (n - k)/n of it, rounded to the dose step (D20), equal "
            "neighbours merged; the steps fall a calendar month apart from the first, and "
            "the last step is the stop itself. A withdrawal the clinician records is followed "
            "step by step (each step a dose change of reason withdrawal, advised as reduce_dose "
            "when due); a relapse during it is a relapse on withdrawal (D15, D10). A confirmed "
            "creatinine rise brings the next step forward instead of a cut. past_stop_window "
            "is not raised while a withdrawal is under way. Stopping at once is the "
            "clinician's call and is not reported (P10).",
            "The trials withdrew over about 3 months: STARMEN tapered tacrolimus over 3 months "
            "(Kidney Int 2021;99:986) [read]; MENTOR cut cyclosporine by a third of the dose "
            "each month, off after 3 months [read, registry record].",
            ("C3", "H1", "L1"),
            ("withdrawal_months", "TRIAL_REVIEW_MONTHS"),
            ("Propose no schedule (the first revision): the trials give one.",),
        ),
        Interpretation(
            "D20",
            "Doses that can be given",
            "How precise is an advised dose?",
            "Every advised dose is a multiple of the agent's dose step: by default 0.5 mg for "
            "tacrolimus and 25 mg for cyclosporine, the smallest capsules in common use; the "
            "clinician may set another (10 mg cyclosporine capsules, tacrolimus granules). A "
            "dose is rounded to the nearest step, a tie going to the lower dose, and never to "
            "zero. Taper targets are fractions of the starting dose and creatinine cuts of the "
            "current dose. A step or a cut that rounds back to the current dose goes one dose "
            "step lower (our reading for the taper, as P7 says for a cut). A taper step that "
            "would round below the band's lower edge takes the next step up; if that is not "
            "below the current dose, the taper is complete at the current dose and maintenance "
            "starts. The band and the floor are judged on the "
            "rounded dose; a restored dose is not rounded (P11).",
            "An advice of 2.25 mg of tacrolimus cannot be given with 0.5 mg capsules. Tacrolimus "
            "capsules come in 0.5, 1 and 5 mg (Prograf summary of product characteristics) "
            "[read]; cyclosporine (Neoral) in 25 and 100 mg in the United States label [read] "
            "and also in 10 and 50 mg elsewhere [read], hence the choice of step.",
            ("C1", "C2"),
            ("tacrolimus_dose_step_mg", "cyclosporine_dose_step_mg"),
        ),
        Interpretation(
            "D21",
            "Unusual trough targets",
            "What if the target trough range entered is unlike any used in the trials?",
            "A target outside the span of the cited protocols' targets for the agent "
            "(tacrolimus 2 to 10 ng/mL; cyclosporine 120 to 200 ng/mL) raises target_unusual "
            "with that span and a review within 2 weeks to confirm the target; it never blocks "
            "the evaluation. With an unusual target, non-response is not judged on troughs (no "
            "stop under D2), while the month-12 bound still applies (P12).",
            "A target of 100 to 150 ng/mL for tacrolimus is a typing error or a mix-up of "
            "agents, and every trough judgement would rest on it. The span comes from [read] "
            "sources only: tacrolimus 5-10 then 2-5 ng/mL (PubMed 20220333) and 3-5 (Couser "
            "2017); cyclosporine 120-200 (Couser 2017) and 125-175 (MENTOR).",
            ("E1", "B2"),
            ("TARGET_SPANS", "PROMPT_REVIEW_WEEKS"),
        ),
        Interpretation(
            "D22",
            "Anti-PLA2R antibodies",
            "The source judges the course on proteinuria alone; what do anti-PLA2R titres add, "
            "when a clinician has them?",
            "A course may carry anti-PLA2R titres (ELISA, RU/mL), each with the laboratory's "
            "positivity cut-off; the package holds no cut-off of its own. A titre at or above "
            "its cut-off is positive. If the latest titre within 3 months before the first dose "
            "is negative (PLA2R-negative membranous nephropathy), the titres are not used at "
            "all. Otherwise: (a) when the advice is to consider stopping and the latest titre, "
            "no more than 3 months old, is positive, antibody_positive_at_stop suggests "
            "measuring it again and considering waiting until it is negative, with a review "
            "within 4 weeks; (b) in remission, on or off the CNI, a positive titre after a "
            "negative one raises antibody_reappeared, with a review within 4 weeks; (c) the "
            "explanation gives the latest titre against its cut-off and against the trial's "
            "baseline; (d) the plan's checklist asks for a titre at baseline, at months 3 and 6 "
            "and before any stop. None of these changes the action.",
            "Titres at the end of treatment help forecast the outcome, and their return comes "
            "before a clinical relapse (De Vriese, JASN 2017) [read]; in a post hoc analysis of "
            "MENTOR the change in titre and albumin by month 3 predicted no remission at 12 "
            "months [read]. The measuring times are our reading of KDIGO 2021 [secondary]. "
            "The evidence is observational, so the titres inform the clinician and shorten "
            "the review; they do not decide.",
            ("C3", "E3", "R2"),
            (
                "FRESH_MONTHS",
                "ANTIBODY_BASELINE_MONTHS",
                "ANTIBODY_CHECK_MONTHS",
                "SOON_REVIEW_WEEKS",
            ),
            (
                "Defer the stop itself while the titre is positive: no trial tested it, and the "
                "specification keeps the action to proteinuria and creatinine.",
                "Use a fixed cut-off (such as a manufacturer's): assays and laboratories differ.",
            ),
            citations=(
                Citation(
                    "DEVRIESE-2017",
                    Verification.READ,
                    note="Titres at the end of treatment may forecast the outcome; their return "
                    "comes before a clinical relapse.",
                ),
                Citation(
                    "MENTOR-PLA2R",
                    Verification.READ,
                    note="The change in titre and albumin by month 3 predicted no remission at "
                    "month 12.",
                ),
                Citation(
                    "KDIGO-2021",
                    Verification.SECONDARY,
                    "anti-PLA2R monitoring",
                    "The measuring times (baseline, months 3 and 6, before a stop) are our "
                    "reading. A summary of its executive summary reports immunological "
                    "remission as a titre below 2 RU/mL by ELISA; not used by the rules.",
                ),
            ),
        ),
        Interpretation(
            "D23",
            "Serum albumin",
            "Published definitions of remission mention serum albumin; what does the package "
            "do with it?",
            "A course may carry serum albumin values in g/L or g/dL, each with its unit; g/dL "
            "is multiplied by 10 exactly. The albumin that counts for a remission is the latest "
            "dated within 4 weeks either side of its confirmation. A partial remission whose "
            "albumin is 35 g/L (3.5 g/dL) or lower raises low_albumin_in_remission for as long "
            "as that partial remission lasts, on or off the CNI. The explanation of a complete "
            "remission says whether the albumin around it was above 35 g/L, as the published "
            "definitions of complete remission also ask for a normal albumin; the remission "
            "itself is still judged on proteinuria (D4). Nothing here changes the action or the "
            "review date.",
            "In a cohort study, albumin of 3.5 g/dL or less at partial remission went with more "
            "relapses (Kidney Int Rep 2020) [read]; complete remission is defined with a normal "
            "albumin (Kopp 2020, Table 1) [read].",
            ("E3", "D4"),
            ("LOW_ALBUMIN_G_PER_L", "ALBUMIN_WINDOW_WEEKS", "G_PER_L_IN_G_PER_DL"),
            (
                "Require a normal albumin for a complete remission: the remission rules (D4) "
                "would then change with an optional value, and a missing albumin would delay "
                "every taper.",
            ),
            citations=(
                Citation(
                    "KIR-2020-ALBUMIN",
                    Verification.READ,
                    note="A serum albumin of 3.5 g/dL or less at partial remission went with "
                    "more relapses.",
                ),
                Citation(
                    "NRDP-2020",
                    Verification.READ,
                    "Table 1",
                    "Complete remission is defined with a normal serum albumin as well as low "
                    "proteinuria.",
                ),
            ),
        ),
        Interpretation(
            "P1",
            "One order of precedence on the CNI",
            "When several rules apply at once, which one gives the action?",
            "On the CNI the rules are read top down and the first that applies gives the "
            "action: stop for toxicity; stop as ineffective (the month-12 bound, or a confirmed "
            "non-response from month 6), only with fresh proteinuria and not while a remission "
            "awaits confirmation; consider rituximab (dependence; the dose is kept); cut the "
            "dose for creatinine; restore the dose after a relapse on a reduced dose (not while "
            "the creatinine alert is open); keep the current dose (a suspected relapse, a rise, "
            "out-of-date values, an open creatinine alert where a step or a stop would "
            "otherwise come, a relapse on the full dose, a deferred bound); then the phase's own "
            "action. Off the CNI: dependence, then restarting after a first relapse (never "
            "after a stop for toxicity), then monitoring. The alerts of every rule that applies "
            "are kept, and the next review is the earliest of their bounds.",
            "Safety first: a stop, or a reason to keep the current dose, must never be hidden "
            "behind a routine step.",
            ("C1", "C2", "C3", "E2", "F2", "F3"),
        ),
        Interpretation(
            "P2",
            "One confirmation rule",
            "How is anything confirmed: a remission, a relapse, a non-response, a rise?",
            "Always the same way (A3): a run of values that meet the condition, confirmed by "
            "the first value of the run dated at least the confirmation gap after the run's "
            "first. For a non-response the run is of values from month 4 on, each short of "
            "the threshold fall.",
            "One rule, tested once, rather than five that could drift apart.",
            ("B2", "E2", "E3"),
            ("confirmation_gap_days",),
        ),
        Interpretation(
            "P8",
            "Dependence in time",
            "When does a relapse count as a relapse on withdrawal?",
            "When confirmed during a dose reduction (a dose below the trial's starting dose), "
            "during a withdrawal, or within 6 months after a stop (our reading). The "
            "dependence count is checked before restarting is advised.",
            "A relapse years after a stop says little about dependence on the drug.",
            ("F3", "L3"),
            ("dependence_window_months", "DEPENDENCE_RELAPSES"),
        ),
        Interpretation(
            "A1",
            "Restarting therapy",
            "After a restart, what do the time rules count from?",
            "A restart begins a new period of therapy with its own t0 (the restart date), its "
            "own baseline proteinuria and creatinine (the last values on or before it) and its "
            "own starting dose (the restart dose). Relapses counted for dependence carry over "
            "from the first start.",
            "The source advises restarting 'the therapy that initially achieved remission', "
            "which reads as a new course, judged against the values it starts from.",
            ("F2", "D11"),
            revised="The creatinine baseline carried over from the first start; revision 2 "
            "(P7) takes the baseline of the current period of therapy.",
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
            "hold_dose, the rationale naming a switch to another treatment as the alternative; "
            "the relapse opens a new trial, bounded at 12 months from its confirmation (P6). "
            "It does not count towards dependence, which needs a withdrawal or a reduction.",
            "The source speaks only of relapse after stopping; keeping the dose is the cautious "
            "course, and the bound keeps it from lasting.",
            ("F2", "F3"),
            revised="The dose was kept with no end date; now at most until the new trial's "
            "month-12 bound.",
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
            "Generalised by D14 to every phase in remission on the CNI: while the latest value "
            "is above 3.5 and not confirmed, no reduction and no stop, relapse_suspected, and a "
            "repeat within 2 weeks.",
            "The source asks for steps only while remission holds (C1, C2); stepping down on a "
            "value that may be the start of a relapse is the riskier error.",
            ("C1", "C2", "E3"),
            ("NEPHROTIC_LEVEL",),
            revised="It paused only taper steps, with no alert and no review date; D14 extends it.",
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
            "Only as the new trial that the relapse opens allows (P6): from its month 6 with a "
            "confirmed lack of response, or at its month-12 bound. The audit judges a recorded "
            "stop for non-response by that trial's criteria, so a stop in its first months is "
            "reported.",
            "The non-response rule of the source judges the first months of a treatment (B2); "
            "after a relapse, the treatment is judged again from the relapse.",
            ("B2", "F2", "F3"),
            revised="The first ruling reported any stop for non-response during a relapse, "
            "which kept the dose with no end date; revision 2 judges the relapse as a new, "
            "bounded trial.",
        ),
        Interpretation(
            "A12",
            "A taper step on a single value in the nephrotic range",
            "The advice pauses the taper on such a value (A9); is a step recorded on one a "
            "departure?",
            "Yes. The audit reports a taper step taken in remission while the latest "
            "proteinuria is above 3.5 and a relapse is neither confirmed nor ruled out "
            "(invariant held_by_relapse_signal).",
            "A step the advice would not have given, on a value that may open a relapse, is the "
            "riskier error; the audit judges the record by the same rule as the advice.",
            ("C1", "C2", "E3"),
            ("NEPHROTIC_LEVEL",),
        ),
        Interpretation(
            "A13",
            "Which anti-PLA2R titres count, and for how long",
            "Is the cut-off one per course or one per value? Which titre is the baseline, and "
            "how long does a titre that came back keep its alert?",
            "Each titre carries its own cut-off, so a change of laboratory or assay never "
            "compares a titre with another laboratory's cut-off. The baseline that decides "
            "whether the titres are used is the latest titre dated on or before the first dose "
            "and within 3 months before it; with none, the titres are used. The baseline of "
            "the explanation is found the same way before the current trial's start. A titre "
            "has come back when the latest titre is positive and an earlier one, dated after "
            "the first dose, was negative; the alert stands while the latest titre stays "
            "positive and the patient is in remission. A positive titre older than 3 months "
            "raises no alert when stopping is considered; the explanation says it is old. "
            "Titres by indirect immunofluorescence are out of scope.",
            "A per-value cut-off is the reading that never guesses; an alert that ends while "
            "the titre is still positive would hide the signal it stands for.",
            ("C3", "E3"),
            ("ANTIBODY_BASELINE_MONTHS", "FRESH_MONTHS"),
            (
                "One cut-off per course: simpler, but wrong as soon as the laboratory changes.",
                "Alert only on the first positive titre after a negative one: the next visit "
                "would no longer show it, although nothing has changed.",
            ),
        ),
        Interpretation(
            "A14",
            "Albumin: units, the value that counts, and the pace of the taper",
            "How are albumin values read, and does a low albumin slow the taper?",
            "The unit is given with each value (g/L or g/dL); a value of 100 g/L or more is "
            "refused as a unit written wrongly (a bound of plausibility, not a clinical "
            "threshold). The partial remission the alert looks at begins at its confirmation, "
            "or on the date a recorded partial remission lowered a complete one. The "
            "specification also asks that, with a low albumin, the next taper step come no "
            "sooner than 8 weeks after the previous one; that would change the action, which "
            "the albumin rules must not do, so the alert only asks the clinician to consider "
            "the longer interval, and the taper's own review bound of 8 weeks applies.",
            "Refusing an impossible value is safer than reading 35 g/dL as 350 g/L and missing "
            "a low albumin. Keeping the action independent of an optional value means a course "
            "gives the same advice whether or not albumin was entered.",
            ("C1", "E3"),
            ("ALBUMIN_CEILING_G_PER_L", "TAPER_STEP_MAX_WEEKS"),
            (
                "Hold each taper step until 8 weeks after the previous one when albumin is low: "
                "the advice would then differ with whether an optional value was entered.",
            ),
        ),
    )
}
"""Every interpretation, by id."""
