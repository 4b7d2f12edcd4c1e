"""``audit``: the departures of a recorded course from the guideline."""

from __future__ import annotations

from ._course import Course
from ._invariants import INVARIANTS, Deviation
from ._parameters import DEFAULTS, Parameters
from ._validation import require_arguments


def audit(course: Course, parameters: Parameters = DEFAULTS) -> tuple[Deviation, ...]:
    """Check a recorded course against every clinical invariant.

    Each check reads the course as it was known on the date of the event it
    judges, so later data never turns a sound decision into a deviation. The
    course is read up to its latest entry.

    Args:
        course: The recorded course.
        parameters: The readings of the adjustable points of the guideline.

    Returns:
        The deviations in date order, then invariant order; empty when the
        course follows the guideline.

    Raises:
        TypeError: If ``course`` or ``parameters`` is of another type.
    """
    require_arguments(course, parameters)
    order = {id_: index for index, id_ in enumerate(INVARIANTS)}
    found = [
        deviation
        for invariant in INVARIANTS.values()
        for deviation in invariant.deviations(course, parameters)
    ]
    return tuple(sorted(found, key=lambda d: (d.on, order[d.invariant])))
