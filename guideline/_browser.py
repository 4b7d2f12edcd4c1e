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
from ._errors import CourseError, GuidelineError
from ._json import audit_to_json, course_from_json, to_json
from ._plan import plan
from ._recommend import recommend
from ._validation import parse_date
from .timeline import timeline_svg


def evaluate(course_text: str, on_text: str) -> str:
    """Evaluate a course written in the JSON format on a date written YYYY-MM-DD.

    Args:
        course_text: A course in the documented JSON format.
        on_text: The evaluation date.

    Returns:
        JSON text: ``{"ok": true, "recommendation": ..., "plan": ..., "audit": ...,
        "timeline": ...}`` in the documented output formats (the timeline as the
        SVG of :func:`~guideline.timeline.timeline_svg`), or ``{"ok": false, "error": {"field":
        ..., "message": ...}}`` when the input is invalid.

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
    try:
        try:
            data = json.loads(course_text)
        except json.JSONDecodeError as error:
            raise CourseError("course", course_text[:60], f"is not JSON: {error.msg}") from None
        course = course_from_json(data)
        on = check_evaluation_date(course, parse_date(CourseError, "on", on_text))
    except GuidelineError as error:
        failure: dict[str, Any] = {"field": error.field, "message": str(error)}
        return json.dumps({"ok": False, "error": failure})
    return json.dumps(
        {
            "ok": True,
            "recommendation": to_json(recommend(course, on)),
            "plan": to_json(plan(course, on)),
            "audit": audit_to_json(audit(course.as_of(on))),
            "timeline": timeline_svg(course, on),
        }
    )
