"""The works the statements cite, and how far each citation was checked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verification(StrEnum):
    """How a citation was checked (labels of the project's fact sheet)."""

    READ = "read"
    """Seen in the cited work itself."""
    SECONDARY = "secondary"
    """Seen only in a review or summary that names the work."""
    UNVERIFIED = "unverified"
    """Could not be checked; shown as such and never used as a fact."""


@dataclass(frozen=True)
class Reference:
    """A cited work.

    Attributes:
        id: Stable short key, e.g. ``KDIGO-2012``.
        label: How the site names it.
        detail: Journal, volume and pages, or publisher and date.
        doi: The DOI where known.
    """

    id: str
    label: str
    detail: str
    doi: str | None = None


REFERENCES: dict[str, Reference] = {
    ref.id: ref
    for ref in (
        Reference(
            "SOURCE",
            "Dr.Oracle clinical Q&A on how long CNIs may be used in membranous "
            "nephropathy after remission",
            "Web article, last updated 28 October 2025; marked by its publisher as "
            "pending human review. Its own reference list was not readable.",
        ),
        Reference(
            "KDIGO-2012",
            "KDIGO Clinical Practice Guideline for Glomerulonephritis (2012)",
            "Kidney Int Suppl 2012;2(2):139-274; chapter 7, idiopathic membranous "
            "nephropathy, from p.186. Most likely the source's reference 1.",
            "10.1038/kisup.2012.9",
        ),
        Reference(
            "KDOQI-2013",
            "Beck L, et al. KDOQI US commentary on the 2012 KDIGO glomerulonephritis guideline",
            "Am J Kidney Dis 2013;62(3):403-441.",
        ),
        Reference(
            "KDIGO-2021",
            "KDIGO 2021 Clinical Practice Guideline for the Management of Glomerular Diseases",
            "Kidney Int 2021;100(4S):S1-S276.",
            "10.1016/j.kint.2021.05.021",
        ),
        Reference(
            "NRDP-2020",
            "Kopp JB, et al. Podocytopathies, Table 1 (remission and relapse definitions)",
            "Nat Rev Dis Primers 2020;6:68. A primer on podocytopathies in general, not on "
            "membranous nephropathy; it measures the 50% fall from the baseline.",
        ),
        Reference(
            "NRDP-2021",
            "Ronco P, et al. Membranous nephropathy (primer)",
            "Nat Rev Dis Primers 2021;7:69.",
            "10.1038/s41572-021-00303-z",
        ),
        Reference(
            "KDOQI-2023",
            "KDOQI US commentary on the KDIGO 2021 glomerular diseases guideline",
            "Am J Kidney Dis 2023;82(2):121-175; read no further than its title page.",
            "10.1053/j.ajkd.2023.02.003",
        ),
        Reference(
            "CATTRAN-2001",
            "Cattran DC, et al. Cyclosporine in steroid-resistant membranous nephropathy",
            "Kidney Int 2001;59:1484. 26 weeks of cyclosporine with low-dose prednisone against "
            "placebo; 43% of the remitters relapsed by week 52.",
        ),
        Reference(
            "STARMEN",
            "Fernandez-Juarez G, et al. The STARMEN trial",
            "Kidney Int 2021;99:986. Tacrolimus at full dose for 6 months, tapered over 3 "
            "months, with rituximab at month 6, against cyclical steroids and cyclophosphamide.",
        ),
        Reference(
            "MENTOR",
            "The MENTOR trial protocol (rituximab against cyclosporine)",
            "Registry record NCT01180036 and Fervenza FC, et al., Nephron 2015;130:159. "
            "Cyclosporine for 12 months, continued past month 6 only with a fall of 25% or more; "
            "a persistent unexplained creatinine rise above 30% led to a cut of about 25%; "
            "withdrawn by a third of the dose each month from month 12.",
        ),
        Reference(
            "PUBMED-20220333",
            "A randomised trial of tacrolimus with prednisone against cyclophosphamide (73 "
            "patients)",
            "PubMed 20220333. Tacrolimus trough 5-10 ng/mL for 6 months, then 2-5 ng/mL for 3 "
            "months.",
        ),
        Reference(
            "ALEXOPOULOS-2006",
            "Alexopoulos E, et al. Cyclosporine with or without prednisolone",
            "Nephrol Dial Transplant 2006;21:3127, read through a synopsis: a rise of 50% or "
            "more was counted as a relapse.",
        ),
        Reference(
            "PROGRAF-SMPC",
            "Prograf (tacrolimus) hard capsules, summary of product characteristics",
            "Astellas: capsules of 0.5 mg, 1 mg and 5 mg.",
        ),
        Reference(
            "NEORAL-PI",
            "Neoral (cyclosporine, modified) prescribing information and patient leaflet",
            "Novartis: soft capsules of 25 mg and 100 mg in the United States label, also 10 mg "
            "and 50 mg in the European leaflet; an oral solution of 100 mg/mL.",
        ),
        Reference(
            "DEVRIESE-2017",
            "De Vriese AS, et al. A proposal for a serology-based approach to membranous "
            "nephropathy",
            "J Am Soc Nephrol 2017;28(2):421-430 (PMC5280030). A review: titres at the end of "
            "treatment may forecast the outcome, and their return comes before a clinical "
            "relapse.",
            "10.1681/ASN.2016070776",
        ),
        Reference(
            "MENTOR-PLA2R",
            "Anti-PLA2R antibodies and albumin as early markers of response in the MENTOR trial "
            "(post hoc analysis)",
            "PMC10578640. In MENTOR patients with anti-PLA2R antibodies, the change in titre and "
            "albumin by month 3 predicted no remission at month 12.",
        ),
        Reference(
            "KIR-2020-ALBUMIN",
            "Serum albumin at partial remission predicts outcomes in membranous nephropathy",
            "Kidney Int Rep 2020. A cohort study: a serum albumin of 3.5 g/dL or less at partial "
            "remission went with more relapses.",
        ),
        Reference(
            "IUN-2022",
            "Network meta-analysis of treatments for membranous nephropathy",
            "Int Urol Nephrol 2022.",
            "10.1007/s11255-022-03372-5",
        ),
        Reference(
            "RENFAIL-2023",
            "Relapse risk factors in 400 patients with membranous nephropathy in remission",
            "Ren Fail 2023.",
            "10.1080/0886022X.2023.2199092",
        ),
        Reference(
            "BMCNEPHROL-2016",
            "Relapse after tacrolimus in 408 patients with membranous nephropathy",
            "BMC Nephrol 2016.",
            "10.1186/s12882-016-0427-z",
        ),
        Reference(
            "COUSER-2017",
            "Couser WG. Primary membranous nephropathy (review with a table of regimens)",
            "Clin J Am Soc Nephrol 2017.",
            "10.2215/CJN.11761116",
        ),
        Reference(
            "SEGARRA-2009",
            "Segarra A, et al. Rituximab in CNI-dependent membranous nephropathy",
            "Clin J Am Soc Nephrol 2009;4:1083-1088.",
        ),
        Reference(
            "FERVENZA-2009",
            "Fervenza FC. Editorial on rituximab for CNI-dependent membranous nephropathy",
            "Clin J Am Soc Nephrol 2009;4:1017-1019.",
        ),
    )
}
"""Every cited work, by id."""


@dataclass(frozen=True)
class Citation:
    """One work cited for a statement, with how far that link was checked.

    Attributes:
        reference: Key into :data:`REFERENCES`.
        verification: How this citation was checked.
        locator: Where in the work (chapter, recommendation, table).
        note: What the citation does and does not support.
    """

    reference: str
    verification: Verification
    locator: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        """Refuse a citation of a work that is not in :data:`REFERENCES`."""
        if self.reference not in REFERENCES:
            raise ValueError(f"unknown reference {self.reference!r}")
