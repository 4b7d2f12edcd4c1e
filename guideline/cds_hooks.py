"""CDS Hooks rendering: one recommendation as a card, and the response that carries it.

:func:`card` turns a :class:`~guideline.Recommendation` into a CDS Hooks card
(plain dicts, standard library only); :func:`cards` wraps it in the
``{"cards": [...]}`` response shape. Nothing is decided here: the action,
alerts, rationale and citations are the ones :func:`~guideline.recommend`
returned.

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

from typing import Any

from ._interpretations import INTERPRETATIONS
from ._recommend import Recommendation
from ._references import REFERENCES
from ._statements import STATEMENTS
from ._version import __version__
from ._vocabulary import ACTION_TITLES, ALERT_TEXTS, Alert, by_severity, severity
from .fhir import ACTION_SYSTEM

__all__ = ["SOURCE_LABEL", "SUMMARY_LIMIT", "card", "cards", "indicator"]

JSON = dict[str, Any]
"""A JSON object, as ``json.dumps`` writes it."""

SUMMARY_LIMIT = 140
"""The longest ``summary`` a card may have, in characters (the CDS Hooks limit)."""

SOURCE_LABEL = f"CNI duration in membranous nephropathy (cni-mn-guideline {__version__})"
"""``source.label`` of every card: the guideline and its version."""


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
