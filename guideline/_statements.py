"""The statement register: every claim of the source, restated, with its citations.

Ids follow the sections of the source: H (headline answer), B (initial
treatment), C (after remission), R (rationale), E (monitoring), F (relapse),
G (special situations), L (limitations). ``claim`` keeps the id of the same
claim in the project's clinical specification.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ._references import Citation, Verification


class Role(StrEnum):
    """What a statement does in the package."""

    RULE = "rule"
    """Drives a decision (an action or a date)."""
    MONITORING = "monitoring"
    """Drives an alert or a checklist item."""
    RATIONALE = "rationale"
    """Explains a rule; shown on the site, drives nothing."""
    EVIDENCE = "evidence"
    """Reports a finding; shown on the site, drives nothing."""


class Section(StrEnum):
    """The part of the source a statement comes from."""

    ANSWER = "answer"
    INITIAL_TREATMENT = "initial treatment and monitoring"
    AFTER_REMISSION = "post-remission management"
    RATIONALE = "rationale for extended treatment"
    MONITORING = "monitoring during maintenance"
    RELAPSE = "relapse after discontinuation"
    SPECIAL = "special considerations"
    LIMITATIONS = "limitations and risks"


@dataclass(frozen=True)
class Statement:
    """One claim of the source, in the project's own words.

    Attributes:
        id: Stable id, e.g. ``C1``.
        claim: Id of the same claim in the clinical specification.
        section: Part of the source it comes from.
        role: What it does in the package.
        text: The restatement.
        source_refs: Reference numbers the source gives for it.
        citations: The source and the primary works behind it.
        grade: The native evidence grade where one is known; never invented.
    """

    id: str
    claim: str
    section: Section
    role: Role
    text: str
    source_refs: tuple[int, ...]
    citations: tuple[Citation, ...]
    grade: str | None = None


_SOURCE = Citation("SOURCE", Verification.READ)
_KDIGO_2012 = Citation(
    "KDIGO-2012",
    Verification.SECONDARY,
    "chapter 7",
    "Probable source of the article's reference 1 (or the 2013 KDOQI commentary on it).",
)
_KDIGO_2012_TAPER = Citation(
    "KDIGO-2012",
    Verification.SECONDARY,
    "chapter 7, recommendations 7.3.1-7.3.4",
    "The taper, maintenance and creatinine figures match these recommendations; "
    "their exact grades were not verified.",
)
_DEPENDENCE = (
    Citation("SEGARRA-2009", Verification.SECONDARY, note="Rituximab used for CNI dependence."),
    Citation("FERVENZA-2009", Verification.SECONDARY, note="Editorial; only its title was read."),
)


def _ref1(*extra: Citation) -> tuple[Citation, ...]:
    return (_SOURCE, _KDIGO_2012, *extra)


STATEMENTS: dict[str, Statement] = {
    s.id: s
    for s in (
        Statement(
            "H1",
            "H1",
            Section.ANSWER,
            Role.RULE,
            "After remission, keeping the CNI for a further 12 to 24 months helps hold "
            "the remission and lowers the chance of relapse.",
            (1,),
            _ref1(),
        ),
        Statement(
            "B1",
            "B1",
            Section.INITIAL_TREATMENT,
            Role.RULE,
            "Give cyclosporine or tacrolimus for no less than 6 months before judging "
            "whether it has worked.",
            (1,),
            _ref1(
                Citation(
                    "KDIGO-2021",
                    Verification.SECONDARY,
                    "recommendation 3.3.1",
                    "A related recommendation, not a grade for this statement: graded 1B, it "
                    "names CNI-based therapy for at least 6 months among the first-line "
                    "choices for patients at risk of progression.",
                )
            ),
        ),
        Statement(
            "B2",
            "B2",
            Section.INITIAL_TREATMENT,
            Role.RULE,
            "If proteinuria has not fallen substantially (by 30 to 50%) after 4 to 6 "
            "months with blood levels in the therapeutic range, the CNI may be judged "
            "ineffective.",
            (1,),
            _ref1(),
        ),
        Statement(
            "B3",
            "B3",
            Section.INITIAL_TREATMENT,
            Role.RULE,
            "When partial or complete remission has been reached by month 6, carry on "
            "with the CNI for 12 months at least.",
            (1,),
            _ref1(),
        ),
        Statement(
            "B4",
            "B4",
            Section.INITIAL_TREATMENT,
            Role.RATIONALE,
            "Complete remissions on a CNI mostly appear only after 6 months of treatment, "
            "and more of them accrue when treatment goes past 12 months.",
            (1,),
            _ref1(),
        ),
        Statement(
            "C1",
            "C1",
            Section.AFTER_REMISSION,
            Role.RULE,
            "Once in remission, lower the dose in steps 4 to 8 weeks apart until it is "
            "roughly half of the dose the patient started on.",
            (1,),
            (_SOURCE, _KDIGO_2012_TAPER),
        ),
        Statement(
            "C2",
            "C2",
            Section.AFTER_REMISSION,
            Role.RULE,
            "Keep the lowered dose for 12 months or longer, checking that remission "
            "persists and watching for kidney toxicity from the CNI.",
            (1,),
            (_SOURCE, _KDIGO_2012_TAPER),
        ),
        Statement(
            "C3",
            "C3",
            Section.AFTER_REMISSION,
            Role.RULE,
            "Stopping the CNI may be considered after 12 to 24 months of treatment, to "
            "limit the risk of nephrotoxicity.",
            (1,),
            _ref1(),
        ),
        Statement(
            "R1",
            "D1",
            Section.RATIONALE,
            Role.RATIONALE,
            "A CNI lowers proteinuria quickly through its effects on glomerular blood flow "
            "and on podocytes, whereas its effect on the immune process builds up over months.",
            (1,),
            _ref1(),
        ),
        Statement(
            "R2",
            "D2",
            Section.RATIONALE,
            Role.RATIONALE,
            "Relapse is frequent when the CNI is withdrawn too soon.",
            (1, 2),
            _ref1(),
        ),
        Statement(
            "R3",
            "D3",
            Section.RATIONALE,
            Role.RATIONALE,
            "Treating for longer than 12 months yields more remissions, and a larger share "
            "of them are complete.",
            (1,),
            _ref1(),
        ),
        Statement(
            "E1",
            "E1",
            Section.MONITORING,
            Role.MONITORING,
            "Measure CNI blood levels at regular intervals for the whole course.",
            (1,),
            _ref1(),
        ),
        Statement(
            "E2",
            "E2",
            Section.MONITORING,
            Role.MONITORING,
            "Follow serum creatinine; a rise of more than 20% with no other explanation "
            "may signal CNI nephrotoxicity.",
            (1,),
            (_SOURCE, _KDIGO_2012_TAPER),
        ),
        Statement(
            "E3",
            "E3",
            Section.MONITORING,
            Role.MONITORING,
            "Measure proteinuria at regular intervals to confirm that the response is holding.",
            (1,),
            _ref1(),
        ),
        Statement(
            "E4",
            "E4",
            Section.MONITORING,
            Role.MONITORING,
            "Watch for adverse effects: hypertension, neurotoxicity and high blood glucose "
            "with either drug; overgrowth of the gums with cyclosporine; hair loss with "
            "tacrolimus.",
            (1,),
            _ref1(),
        ),
        Statement(
            "F1",
            "F1",
            Section.RELAPSE,
            Role.EVIDENCE,
            "The source reports relapse in 25.2% of patients after CNI-based regimens, "
            "against 6.4% after cyclophosphamide-based ones.",
            (2,),
            (
                Citation(
                    "SOURCE",
                    Verification.UNVERIFIED,
                    note=("The source's own figures; the study behind them was not identified."),
                ),
            ),
        ),
        Statement(
            "F2",
            "F2",
            Section.RELAPSE,
            Role.RULE,
            "If the disease relapses after the CNI was stopped, consider starting again the "
            "treatment that brought the remission.",
            (1,),
            _ref1(),
        ),
        Statement(
            "F3",
            "F3",
            Section.RELAPSE,
            Role.RULE,
            "When relapse follows withdrawal of the CNI (CNI dependence), consider another "
            "treatment, for example rituximab.",
            (3,),
            (_SOURCE, *_DEPENDENCE),
        ),
        Statement(
            "G1",
            "G1",
            Section.SPECIAL,
            Role.RULE,
            "With very heavy proteinuria at the outset, do not stop the CNI at 6 months just "
            "because remission has not come; judge the direction proteinuria is taking.",
            (1,),
            _ref1(),
        ),
        Statement(
            "G2",
            "G2",
            Section.SPECIAL,
            Role.RULE,
            "With a partial response, give at least a year at the target trough level before "
            "thinking about lowering the dose.",
            (1,),
            _ref1(),
        ),
        Statement(
            "G3",
            "G3",
            Section.SPECIAL,
            Role.RULE,
            "Start tapering only when remission has actually been reached; time on treatment "
            "alone is no reason to taper.",
            (1,),
            _ref1(),
        ),
        Statement(
            "L1",
            "L1",
            Section.LIMITATIONS,
            Role.RATIONALE,
            "Long exposure to a CNI carries a risk of nephrotoxicity; this is the main reason "
            "to think about stopping between 12 and 24 months.",
            (1,),
            _ref1(),
        ),
        Statement(
            "L2",
            "L2",
            Section.LIMITATIONS,
            Role.EVIDENCE,
            "Relapse is more frequent after CNI-based regimens than after "
            "cyclophosphamide-based ones.",
            (2, 4),
            (
                _SOURCE,
                Citation(
                    "IUN-2022",
                    Verification.SECONDARY,
                    note=(
                        "Abstract: tacrolimus and cyclosporine carried a higher relapse risk than "
                        "steroids with cyclophosphamide, or rituximab."
                    ),
                ),
                Citation(
                    "RENFAIL-2023",
                    Verification.SECONDARY,
                    note=("Abstract: CNI treatment was an independent risk factor for relapse."),
                ),
                Citation(
                    "COUSER-2017",
                    Verification.READ,
                    "table of regimens",
                    note=("Relapse 40-50% with CNIs against 20-30% with cytotoxic regimens."),
                ),
            ),
        ),
        Statement(
            "L3",
            "L3",
            Section.LIMITATIONS,
            Role.RATIONALE,
            "Some patients become dependent on the CNI and need it long term to stay in remission.",
            (3,),
            (_SOURCE, *_DEPENDENCE),
        ),
    )
}
"""Every statement of the register, by id, in the order of the source."""
