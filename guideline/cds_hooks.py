"""CDS Hooks: one recommendation as a card, and a ``patient-view`` service that answers with it.

:func:`card` turns a :class:`~guideline.Recommendation` into a CDS Hooks card
(plain dicts, standard library only); :func:`cards` wraps it in the
``{"cards": [...]}`` response shape. Nothing is decided here: the action,
alerts, rationale and citations are the ones :func:`~guideline.recommend`
returned.

The service's logic is here too, as functions of JSON data with no I/O:
:func:`discovery` is the discovery document, and :func:`respond` answers one
``patient-view`` request from its prefetched resources (read with
:func:`~guideline.fhir.course_from_bundle`'s rules) on an explicit date. The
HTTP server of ``python -m guideline serve`` only passes requests to them.

The card's fields:

- ``summary``: the action's title from :data:`~guideline.fhir.ACTION_TITLES`
  (which keeps the source's "consider"), followed by the alerts in brackets,
  most severe first; alerts that do not fit in :data:`SUMMARY_LIMIT`
  characters are counted (``+2 more``) instead of named.
- ``indicator``: from the alerts alone: the severity of the most severe
  (:data:`~guideline._vocabulary.ALERT_SEVERITY`: ``critical`` for
  ``nephrotoxicity_check``, a possible kidney injury from the drug itself,
  ``warning`` for the others), ``info`` when there is none. The action does
  not change it: a relapse with no alert is ``info``, since the action and the
  rationale already say what to do.
- ``detail``: markdown with the action, phase, rationale, each alert's text,
  the next review date, the inputs the rules used, each statement the advice
  rests on (id, restated text and the labels of the works it cites) and the
  interpretations applied (with the works cited by those beyond the source,
  such as D22 and D23). The package's texts are inserted as they are.
- ``source``: ``label`` names the guideline and its version; ``topic`` is a
  Coding of the action string under :data:`~guideline.fhir.ACTION_SYSTEM`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ._course import Course
from ._errors import GuidelineError
from ._fhir_bundle import course_bundle
from ._fhir_codes import DEFAULT_MAPPING, CodeMapping
from ._fhir_read import Note, read_entries
from ._interpretations import INTERPRETATIONS
from ._json import _Repeated
from ._parameters import DEFAULTS, Parameters
from ._recommend import Recommendation, recommend
from ._references import REFERENCES
from ._statements import STATEMENTS
from ._validation import parse_date
from ._version import __version__
from ._vocabulary import ACTION_TITLES, ALERT_TEXTS, Alert, by_severity, severity
from .fhir import ACTION_SYSTEM

__all__ = [
    "DATE_CONTEXT",
    "HOOK",
    "NOTES_SHOWN",
    "SERVICE_ID",
    "SOURCE_LABEL",
    "SUMMARY_LIMIT",
    "RequestError",
    "card",
    "cards",
    "discovery",
    "hook_request",
    "indicator",
    "prefetch_templates",
    "respond",
]

JSON = dict[str, Any]
"""A JSON object, as ``json.dumps`` writes it."""

SUMMARY_LIMIT = 140
"""The longest ``summary`` a card may have, in characters (the CDS Hooks limit)."""

SOURCE_LABEL = f"CNI duration in membranous nephropathy (cni-mn-guideline {__version__})"
"""``source.label`` of every card: the guideline and its version."""

HOOK = "patient-view"
"""The one hook the service answers."""

SERVICE_ID = "cni-mn-patient-view"
"""The service's id: it answers at ``/cds-services/cni-mn-patient-view``."""

DATE_CONTEXT = "evaluationDate"
"""The ``context`` key that gives the evaluation date (``YYYY-MM-DD``): this service's own
addition to the ``patient-view`` context, since the hook carries no date."""

NOTES_SHOWN = 20
"""Notes on the record listed in a card's detail before the rest are counted."""

_MEDICATION_SEARCHES = {
    "medicationRequests": "MedicationRequest",
    "medicationStatements": "MedicationStatement",
    "medicationAdministrations": "MedicationAdministration",
}


class RequestError(GuidelineError):
    """A CDS Hooks request this service does not take: its ``field`` is the JSON path."""


def prefetch_templates(mapping: CodeMapping = DEFAULT_MAPPING) -> dict[str, str]:
    """The service's prefetch templates: the resources :func:`respond` reads.

    The laboratory results are searched by the codes of the mapping; the
    medication records come with the ``Medication`` resources they name.

    Args:
        mapping: The codes read.

    Returns:
        Prefetch key to FHIR search, with ``{{context.patientId}}`` for the patient.

    Examples:
        >>> prefetch_templates()["goals"]
        'Goal?patient={{context.patientId}}'
    """
    patient = "patient={{context.patientId}}"
    codes = ",".join(f"{code.system}|{code.code}" for code in mapping.observations)
    templates = {"observations": f"Observation?{patient}&code={codes}"}
    for key, kind in _MEDICATION_SEARCHES.items():
        templates[key] = f"{kind}?{patient}&_include={kind}:medication"
    templates["goals"] = f"Goal?{patient}"
    return templates


def discovery(mapping: CodeMapping = DEFAULT_MAPPING) -> JSON:
    """The CDS Hooks discovery document: one ``patient-view`` service.

    Args:
        mapping: The codes read (they shape the prefetch templates).

    Returns:
        ``{"services": [...]}`` as JSON data.
    """
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "CNI duration in membranous nephropathy",
                "description": (
                    "Advice on a calcineurin inhibitor course in membranous nephropathy after "
                    "remission, from the patient's laboratory results, medication records and "
                    "target trough range. Decision support for specialists; no clinical "
                    f"decision is taken. Give the evaluation date as context.{DATE_CONTEXT} "
                    "(YYYY-MM-DD) unless the server was started with a clock."
                ),
                "prefetch": prefetch_templates(mapping),
            }
        ]
    }


def hook_request(
    course: Course,
    on: date | None,
    *,
    patient: str = "example",
    medication_resource: str = "MedicationStatement",
) -> JSON:
    """A ``patient-view`` request for a course, its resources prefetched: for tests and examples.

    The course is written with :func:`~guideline.fhir.course_bundle` and its
    resources are put under the prefetch keys an EHR would fill.

    Args:
        course: The course.
        on: The evaluation date to give as ``context.evaluationDate``, or None
            to give none (the server's clock then dates the answer).
        patient: The patient's id.
        medication_resource: The resource type of the medication records.

    Returns:
        The request body as JSON data.

    Examples:
        >>> from guideline.examples import complete_responder
        >>> request = hook_request(complete_responder(), date(2025, 7, 20))
        >>> respond(request)["cards"][0]["summary"]
        'Lower the CNI dose by one taper step'
    """
    bundle = course_bundle(course, patient=patient, medication_resource=medication_resource)
    searches = {"Observation": "observations", "Goal": "goals"}
    searches.update({kind: key for key, kind in _MEDICATION_SEARCHES.items()})
    prefetch: dict[str, JSON] = {
        key: {"resourceType": "Bundle", "type": "searchset", "entry": []}
        for key in prefetch_templates()
    }
    for entry in bundle["entry"]:
        key = searches.get(entry["resource"]["resourceType"])
        if key is not None:
            item = {"fullUrl": entry["fullUrl"], "resource": entry["resource"]}
            prefetch[key]["entry"].append(item)
    context: JSON = {"userId": "Practitioner/example", "patientId": patient}
    if on is not None:
        context[DATE_CONTEXT] = on.isoformat()
    return {
        "hook": HOOK,
        "hookInstance": f"{SERVICE_ID}-example",
        "context": context,
        "prefetch": prefetch,
    }


def respond(
    request: Any,
    *,
    clock: tuple[date, str] | None = None,
    parameters: Parameters = DEFAULTS,
    mapping: CodeMapping = DEFAULT_MAPPING,
) -> JSON:
    """Answer one ``patient-view`` request with one card.

    The course is read from the prefetched resources (the service never
    queries the EHR's FHIR server); the evaluation date is the request's
    ``context.evaluationDate`` or, if it has none, the server's clock. The
    card's detail says which, and lists what the record gave that was not
    used. A record that cannot be read as a course, or a date before the
    course started, gives a ``warning`` card saying why and advising nothing.

    Args:
        request: The request body as JSON data.
        clock: The server's date and how it got it (such as ``"the server's
            clock"``), or None if the server has no clock.
        parameters: The guideline parameters.
        mapping: The codes read.

    Returns:
        ``{"cards": [card]}`` as JSON data.

    Raises:
        RequestError: For a request that is not a ``patient-view`` request
            this service can read, naming the JSON path of the fault.
    """
    body = _object(request, "$")
    hook = body.get("hook")
    if hook != HOOK:
        raise RequestError("hook", hook, f'must be "{HOOK}": this service answers that hook only')
    if not isinstance(body.get("hookInstance"), str):
        raise RequestError("hookInstance", body.get("hookInstance"), "must be a string")
    context = _object(body.get("context"), "context")
    patient = context.get("patientId")
    if not isinstance(patient, str) or not patient:
        raise RequestError("context.patientId", patient, "must be the patient's id")
    on, source = _evaluation_date(context, clock)
    entries, missing = _prefetched(body.get("prefetch"))
    stated = f"Evaluated on {on.isoformat()}, {source}."
    try:
        reading = read_entries(entries, mapping=mapping, patient=patient)
        advice = recommend(reading.course, on, parameters)
    except GuidelineError as error:
        return {"cards": [_unreadable(error, stated)]}
    shown = card(advice)
    record = _record_notes(reading.notes, missing)
    row = f"Decision table row: `{advice.rule}`."
    shown["detail"] = "\n\n".join([f"{stated} {row}", shown["detail"], *record])
    return {"cards": [shown]}


def _object(data: Any, path: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RequestError(path, data, "must be a JSON object")
    if isinstance(data, _Repeated):
        where = data.key if path == "$" else f"{path}.{data.key}"
        raise RequestError(where, list(data.given), "is given more than once in one JSON object")
    return data


def _evaluation_date(context: dict[str, Any], clock: tuple[date, str] | None) -> tuple[date, str]:
    given = context.get(DATE_CONTEXT)
    if given is not None:
        path = f"context.{DATE_CONTEXT}"
        return parse_date(RequestError, path, given), f"the date the request gave ({path})"
    if clock is None:
        raise RequestError(
            f"context.{DATE_CONTEXT}",
            None,
            "is required: the server has no clock (start it with --on or --today to give one)",
        )
    return clock


def _prefetched(prefetch: Any) -> tuple[list[tuple[str, Any]], list[str]]:
    """The entries of the prefetched bundles, each with its path, and the keys not sent."""
    bundles = {} if prefetch is None else _object(prefetch, "prefetch")
    entries: list[tuple[str, Any]] = []
    missing: list[str] = []
    for key in prefetch_templates():
        bundle = bundles.get(key)
        if bundle is None:
            missing.append(key)
            continue
        path = f"prefetch.{key}"
        bundle = _object(bundle, path)
        if bundle.get("resourceType") != "Bundle":
            kind = bundle.get("resourceType")
            raise RequestError(f"{path}.resourceType", kind, 'must be "Bundle"')
        items = bundle.get("entry")
        items = [] if items is None else items
        if not isinstance(items, list):
            raise RequestError(f"{path}.entry", items, "must be a JSON array")
        entries += [(f"{path}.entry[{i}]", item) for i, item in enumerate(items)]
    return entries, missing


def _record_notes(notes: tuple[Note, ...], missing: list[str]) -> list[str]:
    """The card's section on what the record gave that was not used."""
    if not notes and not missing:
        return []
    lines = ["**Read from the record, not used or used with a caveat**", ""]
    lines += [f"- prefetch `{key}`: not sent by the EHR" for key in missing]
    lines += [
        f"- `{note.resource}` ({note.path}): {note.kind.value.replace('_', ' ')}, {note.detail}"
        for note in notes[:NOTES_SHOWN]
    ]
    if len(notes) > NOTES_SHOWN:
        lines.append(f"- and {len(notes) - NOTES_SHOWN} more")
    return ["\n".join(lines)]


def _unreadable(error: GuidelineError, stated: str) -> JSON:
    """The card for a record that gives no course to advise on, saying why."""
    return {
        "summary": "No advice: the record could not be read as a CNI course",
        "detail": "\n\n".join(
            [
                stated,
                "Nothing is advised: the service could not read this patient's record as a "
                "calcineurin inhibitor course, for this reason:",
                f"`{error}`",
                'The site\'s "FHIR and CDS Hooks" page lists what the service reads.',
            ]
        ),
        "indicator": "warning",
        "source": {"label": SOURCE_LABEL},
    }


def indicator(alerts: tuple[Alert, ...]) -> str:
    """The CDS Hooks indicator for a set of alerts.

    Args:
        alerts: The alerts of a recommendation.

    Returns:
        ``critical`` with ``nephrotoxicity_check``, ``warning`` with any other
        alert, ``info`` with none.

    Examples:
        >>> from guideline import Alert
        >>> indicator(()), indicator((Alert.PAST_STOP_WINDOW,))
        ('info', 'warning')
    """
    return severity(alerts).value


def card(recommendation: Recommendation) -> JSON:
    """One recommendation as a CDS Hooks card.

    Args:
        recommendation: What :func:`~guideline.recommend` returned.

    Returns:
        The card as JSON data: ``summary``, ``detail``, ``indicator`` and
        ``source``; see the module docstring.

    Examples:
        >>> from datetime import date
        >>> from guideline import recommend
        >>> from guideline.examples import complete_responder
        >>> shown = card(recommend(complete_responder(), date(2026, 9, 10)))
        >>> shown["summary"], shown["indicator"]
        ('Consider stopping the CNI', 'info')
    """
    rec = recommendation
    return {
        "summary": _summary(rec),
        "detail": _detail(rec),
        "indicator": indicator(rec.alerts),
        "source": {
            "label": SOURCE_LABEL,
            "topic": {
                "system": ACTION_SYSTEM,
                "code": rec.action.value,
                "display": ACTION_TITLES[rec.action],
            },
        },
    }


def cards(recommendation: Recommendation) -> JSON:
    """The CDS Hooks response for one recommendation: ``{"cards": [card]}``.

    Args:
        recommendation: What :func:`~guideline.recommend` returned.

    Returns:
        The response body as JSON data.
    """
    return {"cards": [card(recommendation)]}


def _summary(rec: Recommendation) -> str:
    title = ACTION_TITLES[rec.action]
    labels = [alert.value.replace("_", " ") for alert in by_severity(rec.alerts)]
    if not labels:
        return title
    candidates = []
    for shown in range(len(labels), -1, -1):
        hidden = len(labels) - shown
        parts = [*labels[:shown], *([f"+{hidden} more"] if hidden else [])]
        candidates.append(f"{title} [alerts: {', '.join(parts)}]")
    return next(text for text in candidates if len(text) <= SUMMARY_LIMIT)


def _detail(rec: Recommendation) -> str:
    lines = [
        f"**{ACTION_TITLES[rec.action]}** (`{rec.action.value}`), phase: "
        f"{rec.phase.value.replace('_', ' ')}.",
        "",
        rec.rationale,
        "",
        "**Alerts**",
        "",
        *(f"- `{alert.value}`: {ALERT_TEXTS[alert]}" for alert in by_severity(rec.alerts)),
        *(() if rec.alerts else ("- none",)),
        "",
    ]
    lines += [f"**Next review:** {rec.next_review.isoformat()}", ""]
    lines += ["**Inputs used**", "", *(f"- {line}" for line in rec.explanation), ""]
    lines += ["**Statements this advice rests on**", ""]
    for id_ in rec.statements:
        statement = STATEMENTS[id_]
        works = "; ".join(dict.fromkeys(REFERENCES[c.reference].label for c in statement.citations))
        lines.append(f"- **{id_}**: {statement.text} (Sources: {works})")
    lines += ["", "**Interpretations applied**", ""]
    for id_ in rec.interpretations:
        reading = INTERPRETATIONS[id_]
        works = "; ".join(dict.fromkeys(REFERENCES[c.reference].label for c in reading.citations))
        lines.append(f"- **{id_}**: {reading.title}" + (f" (Sources: {works})" if works else ""))
    return "\n".join(lines)
