"""The one call the site's "Try it" page makes, from JavaScript, in Pyodide.

A thin shell like the command line: JSON text in, JSON text out, every
clinical answer from :func:`~guideline.recommend`, :func:`~guideline.plan`
and :func:`~guideline.audit` (of the course as known on the date). Invalid
input comes back as the package's own validation error, with the field or
JSON path it names, for the page to show beside the field.

Entries dated after the evaluation date are not used by any answer (the
package ignores them), so they are set aside before the course is read: one
of them left half filled in never stops an evaluation. A path in an error
still counts the entries as the page listed them.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from ._audit import audit
from ._course import check_evaluation_date
from ._errors import CourseError, GuidelineError, fault, shown
from ._json import _Repeated, audit_to_json, course_from_json, decode, to_json
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
        ..., "message": ..., "reason": ..., "value": ..., "empty": ...}}``: for invalid
        input, the package's error with the field or JSON path it names, what is
        wrong, the value as JSON writes it and whether it was left empty (null or
        ""); for a fault of the package itself, an empty field and a message
        beginning ``internal failure``.

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
        failure = {
            "field": error.field,
            "message": str(error),
            "reason": error.reason,
            "value": shown(error.value),
            "empty": error.value is None or error.value == "",
        }
    except Exception as error:  # a fault of the package: shown on the page, never raised there
        failure = {"field": "", "message": f"internal failure: {fault(error)}"}
    return json.dumps({"ok": False, "error": failure})


def _answers(course_text: str, on_text: str) -> dict[str, Any]:
    if not isinstance(course_text, str):
        raise CourseError("course", course_text, "must be JSON text")
    data = decode(course_text, "course", CourseError)
    on = parse_date(CourseError, "on", on_text)
    listed = _set_aside_later_entries(data, on)
    try:
        course = course_from_json(data)
    except CourseError as error:
        raise _as_listed(error, listed) from None
    on = check_evaluation_date(course, on)
    return {
        "recommendation": to_json(recommend(course, on)),
        "plan": to_json(plan(course, on)),
        "audit": audit_to_json(audit(course.as_of(on))),
        "timeline": timeline_svg(course, on),
    }


def _dated_after(entry: object, on: date) -> bool:
    """Whether an entry carries a valid date after ``on``.

    One with a bad date is kept, and so is one with a key given twice: the
    loader reads none of its values, its date included, and refuses it.
    """
    if not isinstance(entry, dict) or isinstance(entry, _Repeated):
        return False
    if not isinstance(entry.get("on"), str):
        return False
    try:
        return parse_date(CourseError, "on", entry["on"]) > on
    except CourseError:
        return False


def _set_aside_later_entries(data: object, on: date) -> dict[str, list[int]]:
    """Take out of each list of ``data`` the entries dated after ``on``.

    Nothing is taken out when ``on`` is not after a valid start date: the course
    is then read whole, and the date refused as it would be.

    Returns, for each list shortened, the position each kept entry had.
    """
    listed: dict[str, list[int]] = {}
    if not isinstance(data, dict) or _dated_after({"on": data.get("start")}, on):
        return listed
    for name, entries in data.items():
        if not isinstance(entries, list):
            continue
        kept = [index for index, entry in enumerate(entries) if not _dated_after(entry, on)]
        if len(kept) < len(entries):
            data[name] = [entries[index] for index in kept]
            listed[name] = kept
    return listed


_POSITION = re.compile(r"\b([a-z_]+)\[(\d+)\]")


def _as_listed(error: CourseError, listed: dict[str, list[int]]) -> CourseError:
    """The error with every path counting the entries as they were given."""

    def renumber(match: re.Match[str]) -> str:
        name, index = match.group(1), int(match.group(2))
        positions = listed.get(name)
        if positions is None:
            return match.group(0)
        return f"{name}[{positions[index]}]"

    if not listed:
        return error
    field = _POSITION.sub(renumber, error.field)
    return CourseError(field, error.value, _POSITION.sub(renumber, error.reason))
