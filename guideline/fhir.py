"""FHIR R4: the rules as a ``PlanDefinition``, advice as a ``RequestGroup``, courses as bundles.

Reading an EHR's data: :func:`course_from_bundle` reads a course from a
``Bundle`` of laboratory observations, medication records and a ``Goal``,
by the codes of a :class:`CodeMapping` (:data:`DEFAULT_MAPPING` by default);
:func:`course_bundle` writes a course as such a bundle. See the site's "FHIR
and CDS Hooks" page for the codes, their sources and the reading rules.

The two renderings return plain JSON-ready dicts built from the package's own data
(:data:`~guideline.STATEMENTS`, :data:`~guideline.INTERPRETATIONS`,
:data:`~guideline.REFERENCES`) and results (:class:`~guideline.Recommendation`);
no rule is evaluated here. The standard library is enough; nothing is fetched.
The shapes use only fields that FHIR R4 (4.0.1) and R4B (4.3) share for these
two resources, and no extensions. No terminology code is made up: where FHIR
wants a concept, a ``text``-only CodeableConcept is used, except for the
published ``plan-definition-type`` code system and this package's own action
strings under :data:`ACTION_SYSTEM`.

``PlanDefinition`` (:func:`plan_definition`):

- ``url`` and ``identifier``: :data:`GUIDELINE_URL`; ``version``: the package
  version; ``date`` and ``lastReviewDate``: :data:`~guideline.CONTENT_REVIEWED`;
  ``status``: ``draft``; ``experimental``: true; ``type``: ``clinical-protocol``.
- ``purpose``: the rationale and evidence statements, with their ids.
- ``usage``: what the rules are for and the monitoring statements.
- ``relatedArtifact``: the source article (``derived-from``) and the KDIGO
  guidelines (``citation``).
- ``action``: one per statement with the ``rule`` role, in register order:
  ``id`` is the statement id, ``title`` the id and section, ``description`` the
  restated text, ``textEquivalent`` how the package reads it (the interpretations
  that apply, each with its reason), and ``documentation`` the statement's
  citations.

``RequestGroup`` (:func:`care_plan`), for one :class:`~guideline.Recommendation`:

- ``instantiatesCanonical``: the PlanDefinition (``url|version``);
  ``status``: ``draft``; ``intent``: ``proposal``; ``subject``: the given
  reference; ``authoredOn``: the evaluation date.
- ``note``: one Annotation per alert (``Alert <value>: <text>``), then one with
  the phase, the next review date and the inputs the rules used.
- ``action`` (exactly one): ``title`` from :data:`ACTION_TITLES`, ``code`` the
  action string under :data:`ACTION_SYSTEM`, ``description`` the rationale,
  ``timingPeriod`` from the evaluation date to the next review date, and
  ``documentation``: one ``justification``
  per statement id (``label``), one ``documentation`` per interpretation id
  (``label``), then one ``citation`` per distinct citation of those statements
  and of those interpretations (a work cited at two places, such as two
  chapters, appears twice): the interpretations beyond the source, such as
  the anti-PLA2R and albumin readings (D22, D23), bring the works they rest on.

Every ``relatedArtifact`` of type ``citation`` or ``derived-from`` carries the
work's label and details in ``citation``; it has a ``url``
(``https://doi.org/<doi>``) only when the work has a DOI. The URL is data: it
is never fetched.
"""

from __future__ import annotations

from typing import Any

from ._fhir_bundle import MEDICATION_RESOURCES, course_bundle
from ._fhir_codes import (
    DEFAULT_MAPPING,
    DOSE_CHANGE_REASON_SYSTEM,
    LOINC,
    RXNORM,
    STOP_REASON_SYSTEM,
    UCUM,
    CodeMapping,
    MedicationCode,
    ObservationCode,
    ReasonCode,
)
from ._fhir_read import BundleError, BundleReading, Note, NoteKind, course_from_bundle
from ._interpretations import INTERPRETATIONS
from ._recommend import Recommendation
from ._references import REFERENCES, Citation, Reference
from ._statements import STATEMENTS, Role, Statement
from ._version import CONTENT_REVIEWED, __version__
from ._vocabulary import ACTION_TITLES, ALERT_TEXTS

__all__ = [
    "ACTION_SYSTEM",
    "ACTION_TITLES",
    "ALERT_TEXTS",
    "DEFAULT_MAPPING",
    "DOSE_CHANGE_REASON_SYSTEM",
    "GUIDELINE_URL",
    "LOINC",
    "MEDICATION_RESOURCES",
    "RXNORM",
    "STOP_REASON_SYSTEM",
    "UCUM",
    "BundleError",
    "BundleReading",
    "CodeMapping",
    "MedicationCode",
    "Note",
    "NoteKind",
    "ObservationCode",
    "ReasonCode",
    "care_plan",
    "course_bundle",
    "course_from_bundle",
    "plan_definition",
]

JSON = dict[str, Any]
"""A JSON object, as ``json.dumps`` writes it."""

GUIDELINE_URL = "urn:guideline:cni-mn"
"""The neutral canonical URL and identifier of the guideline."""

ACTION_SYSTEM = f"{GUIDELINE_URL}:action"
"""The system URI of the action strings (the values of :class:`~guideline.Action`)."""

_TITLE = "Duration of calcineurin inhibitor therapy in membranous nephropathy after remission"


def plan_definition() -> JSON:
    """The guideline's rules as a FHIR R4 ``PlanDefinition``.

    Returns:
        A ``PlanDefinition`` resource as JSON data, with one action per
        statement whose role is ``rule``; see the module docstring for the
        fields.

    Examples:
        >>> resource = plan_definition()
        >>> resource["resourceType"], resource["status"], resource["action"][0]["id"]
        ('PlanDefinition', 'draft', 'H1')
    """
    by_role = {role: [s for s in STATEMENTS.values() if s.role is role] for role in Role}
    return {
        "resourceType": "PlanDefinition",
        "id": "cni-mn",
        "url": GUIDELINE_URL,
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": GUIDELINE_URL}],
        "version": __version__,
        "name": "CniDurationMembranousNephropathy",
        "title": _TITLE,
        "type": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
                    "code": "clinical-protocol",
                    "display": "Clinical Protocol",
                }
            ],
            "text": "Clinical protocol",
        },
        "status": "draft",
        "experimental": True,
        "subjectCodeableConcept": {
            "text": "Membranous nephropathy treated with a calcineurin inhibitor "
            "(cyclosporine or tacrolimus)"
        },
        "date": CONTENT_REVIEWED.isoformat(),
        "lastReviewDate": CONTENT_REVIEWED.isoformat(),
        "description": (
            "When to judge a calcineurin inhibitor (CNI) in membranous nephropathy, when to "
            "taper it after remission, how long to keep the reduced dose, when stopping may be "
            "considered, and what to consider after a relapse. Each action restates one rule "
            "of the source article in this project's words."
        ),
        "purpose": _statement_list(
            "Why the rules take this shape, as the source explains it:",
            by_role[Role.RATIONALE] + by_role[Role.EVIDENCE],
        ),
        "usage": _statement_list(
            "Decision support for the treating clinician, who makes every decision. Every "
            "evaluation takes an explicit date. The package holds no trough targets and no "
            "withdrawal schedule. Alongside the rules it checks:",
            by_role[Role.MONITORING],
        ),
        "relatedArtifact": [
            _reference_artifact(
                "derived-from" if ref.id == "SOURCE" else "citation", ref, _describe(ref)
            )
            for ref in REFERENCES.values()
            if ref.id == "SOURCE" or ref.id.startswith("KDIGO")
        ],
        "action": [_rule_action(statement) for statement in by_role[Role.RULE]],
    }


def care_plan(
    recommendation: Recommendation, *, subject_reference: str = "Patient/example"
) -> JSON:
    """One recommendation as a FHIR R4 ``RequestGroup`` proposal.

    Args:
        recommendation: What :func:`~guideline.recommend` returned.
        subject_reference: The FHIR reference of the patient.

    Returns:
        A ``RequestGroup`` resource as JSON data with exactly one action; see the
        module docstring for the fields.

    Examples:
        >>> from datetime import date
        >>> from guideline import recommend
        >>> from guideline.examples import complete_responder
        >>> advice = recommend(complete_responder(), date(2025, 7, 20))
        >>> resource = care_plan(advice)
        >>> resource["action"][0]["code"][0]["coding"][0]["code"]
        'reduce_dose'
    """
    rec = recommendation
    statements = [STATEMENTS[id_] for id_ in rec.statements]
    readings = [INTERPRETATIONS[id_] for id_ in rec.interpretations]
    citations = list(
        dict.fromkeys(
            [
                *(c for s in statements for c in s.citations),
                *(c for i in readings for c in i.citations),
            ]
        )
    )
    timing = {"start": rec.on.isoformat(), "end": rec.next_review.isoformat()}
    title = ACTION_TITLES[rec.action]
    return {
        "resourceType": "RequestGroup",
        "instantiatesCanonical": [f"{GUIDELINE_URL}|{__version__}"],
        "status": "draft",
        "intent": "proposal",
        "subject": {"reference": subject_reference},
        "authoredOn": rec.on.isoformat(),
        "note": [
            *({"text": f"Alert {alert.value}: {ALERT_TEXTS[alert]}"} for alert in rec.alerts),
            {"text": _context(rec)},
        ],
        "action": [
            {
                "title": title,
                "code": [
                    {
                        "coding": [
                            {"system": ACTION_SYSTEM, "code": rec.action.value, "display": title}
                        ],
                        "text": title,
                    }
                ],
                "description": rec.rationale,
                "timingPeriod": timing,
                "documentation": [
                    *(_statement_artifact(s) for s in statements),
                    *(
                        {
                            "type": "documentation",
                            "label": id_,
                            "display": f"Interpretation {id_}: {INTERPRETATIONS[id_].title}",
                        }
                        for id_ in rec.interpretations
                    ),
                    *(_citation_artifact(c) for c in citations),
                ],
            }
        ],
    }


def _doi_url(reference: Reference) -> str | None:
    """The ``https://doi.org/`` URL of a work (a string, never fetched), or None."""
    return None if reference.doi is None else f"https://doi.org/{reference.doi}"


def _describe(reference: Reference) -> str:
    return f"{reference.label}. {reference.detail}"


def _reference_artifact(kind: str, reference: Reference, citation: str) -> JSON:
    artifact: JSON = {
        "type": kind,
        "label": reference.id,
        "display": reference.label,
        "citation": citation,
    }
    url = _doi_url(reference)
    if url is not None:
        artifact["url"] = url
    return artifact


def _citation_artifact(citation: Citation) -> JSON:
    """A statement's citation: the work, where in it, and how far the link was checked."""
    reference = REFERENCES[citation.reference]
    text = _describe(reference)
    if citation.locator:
        text += f" Cited at: {citation.locator}."
    text += f" Checked: {citation.verification.value}."
    if citation.note:
        text += f" {citation.note}"
    return _reference_artifact("citation", reference, text)


def _statement_artifact(statement: Statement) -> JSON:
    works = "; ".join(dict.fromkeys(REFERENCES[c.reference].label for c in statement.citations))
    return {
        "type": "justification",
        "label": statement.id,
        "display": statement.text,
        "citation": f"Statement {statement.id} ({statement.section.value}); cites: {works}",
    }


def _rule_action(statement: Statement) -> JSON:
    readings = [i for i in INTERPRETATIONS.values() if statement.id in i.statements]
    how = "\n".join(f"- **{i.id} {i.title}.** {i.reading} Why: {i.reason}" for i in readings)
    return {
        "id": statement.id,
        "title": f"{statement.id}: {statement.section.value}",
        "description": statement.text,
        "textEquivalent": f"How this package applies {statement.id}:\n\n{how}",
        "documentation": [_citation_artifact(c) for c in statement.citations],
    }


def _statement_list(heading: str, statements: list[Statement]) -> str:
    items = "\n".join(f"- **{s.id}** ({s.role.value}) {s.text}" for s in statements)
    return f"{heading}\n\n{items}"


def _context(rec: Recommendation) -> str:
    """The phase, the next review and the inputs used, as one markdown note."""
    review = rec.next_review.isoformat()
    inputs = "\n".join(f"- {line}" for line in rec.explanation)
    return (
        f"Phase: {rec.phase.value.replace('_', ' ')}. Next review: {review}.\n\n"
        f"Inputs used:\n\n{inputs}"
    )


for _public in (
    BundleError,
    BundleReading,
    CodeMapping,
    MedicationCode,
    Note,
    NoteKind,
    ObservationCode,
    ReasonCode,
    course_bundle,
    course_from_bundle,
):
    _public.__module__ = __name__
del _public
