"""The one call the site's "Try it" page makes, from JavaScript, in Pyodide.

A thin shell like the command line: JSON text in, JSON text out, every
clinical answer from :func:`~guideline.recommend`, :func:`~guideline.plan`
and :func:`~guideline.audit` (of the course as known on the date). Invalid
input comes back as the package's own validation error, with the field or
JSON path it names, for the page to show beside the field.
"""

from __future__ import annotations

import json
from typing import Any

from ._audit import audit
from ._course import check_evaluation_date
from ._errors import CourseError, GuidelineError, fault
from ._json import audit_to_json, course_from_json, decode, to_json
from ._plan import plan
from ._recommend import recommend
from ._validation import parse_date
from .timeline import timeline_svg


def evaluate(course_text: str, on_text: str) -> str:
    """Evaluate a course written in the JSON format on a date written YYYY-MM-DD.

    It never raises: whatever fails, the page gets an answer it can show in
    place of the previous one.

    Args:
        course_text: A course in the documented JSON format.
        on_text: The evaluation date.

    Returns:
        JSON text: ``{"ok": true, "recommendation": ..., "plan": ..., "audit": ...,
        "timeline": ...}`` in the documented output formats (the timeline as the
        SVG of :func:`~guideline.timeline.timeline_svg`), or ``{"ok": false, "error": {"field":
        ..., "message": ...}}``: for invalid input, the package's error with the
        field or JSON path it names; for a fault of the package itself, an empty
        field and a message beginning ``internal failure``.

    Examples:
        >>> import json
        >>> from guideline import to_json
        >>> from guideline.examples import complete_responder
        >>> text = json.dumps(to_json(complete_responder()))
        >>> json.loads(evaluate(text, "2025-07-20"))["recommendation"]["action"]
        'reduce_dose'
        >>> json.loads(evaluate(text, "2025-02-30"))["error"]["field"]
        'on'
    """
    failure: dict[str, Any]
    try:
        return json.dumps({"ok": True, **_answers(course_text, on_text)})
    except GuidelineError as error:
        failure = {"field": error.field, "message": str(error)}
    except Exception as error:  # a fault of the package: shown on the page, never raised there
        failure = {"field": "", "message": f"internal failure: {fault(error)}"}
    return json.dumps({"ok": False, "error": failure})


def _answers(course_text: str, on_text: str) -> dict[str, Any]:
    if not isinstance(course_text, str):
        raise CourseError("course", course_text, "must be JSON text")
    course = course_from_json(decode(course_text, "course", CourseError))
    on = check_evaluation_date(course, parse_date(CourseError, "on", on_text))
    return {
        "recommendation": to_json(recommend(course, on)),
        "plan": to_json(plan(course, on)),
        "audit": audit_to_json(audit(course.as_of(on))),
        "timeline": timeline_svg(course, on),
    }
