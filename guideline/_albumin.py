"""Serum albumin at a remission (D23, P12, A14).

Albumin is optional input. It never changes the action or the review date:
a partial remission with albumin at or below 35 g/L raises
:attr:`~guideline.Alert.LOW_ALBUMIN_IN_REMISSION` for as long as that partial
remission lasts, and the explanation of a remission names the albumin measured
around it, since published definitions of complete remission ask for a normal
albumin.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._calendar import add_weeks
from ._course import Albumin, Course, latest
from ._decision_table import Criterion
from ._exact import exact
from ._interpretations import INTERPRETATIONS
from ._monitoring import MonitoringItem
from ._parameters import ALBUMIN_WINDOW_WEEKS, LOW_ALBUMIN_G_PER_DL, LOW_ALBUMIN_G_PER_L
from ._remission import Remission, RemissionLevel
from ._traceability import implements

if TYPE_CHECKING:
    from ._status import Status


EVIDENCE = INTERPRETATIONS["D23"].citations
"""What the albumin rules rest on, and how far each work was checked (D23)."""


def albumin_around(course: Course, confirmed: date) -> Albumin | None:
    """The latest albumin dated within 4 weeks either side of ``confirmed`` (P12).

    Only the values of ``course`` count: a course as known on a date has none
    after it.
    """
    found = latest(course.albumin, add_weeks(confirmed, ALBUMIN_WINDOW_WEEKS))
    if found is None or found.on < add_weeks(confirmed, -ALBUMIN_WINDOW_WEEKS):
        return None
    return found


def low(albumin: Albumin) -> bool:
    """Whether an albumin is at or below 35 g/L (3.5 g/dL), compared as written (D23)."""
    return exact(albumin.level) <= exact(LOW_ALBUMIN_G_PER_L)


def partial_since(remission: Remission) -> date | None:
    """The date the ongoing remission became the partial one it is; None if it is complete.

    Its confirmation, or the date a recorded partial remission lowered a
    complete one (P5).
    """
    if remission.level is not RemissionLevel.PARTIAL:
        return None
    return remission.lowered or remission.confirmed


def low_albumin_in_remission(status: Status) -> bool:
    """A partial remission is ongoing and the albumin that counts for it is low (D23, P12)."""
    remission = status.remission
    since = None if remission is None else partial_since(remission)
    if since is None:
        return False
    albumin = albumin_around(status.course, since)
    return albumin is not None and low(albumin)


LOW_ALBUMIN_IN_REMISSION = Criterion(
    f"a partial remission is ongoing with a serum albumin at or below {LOW_ALBUMIN_G_PER_L:g} g/L "
    f"within {ALBUMIN_WINDOW_WEEKS} weeks of its confirmation",
    f"no partial remission with a serum albumin at or below {LOW_ALBUMIN_G_PER_L:g} g/L",
    ("E3", "D23"),
    ("LOW_ALBUMIN_G_PER_L", "ALBUMIN_WINDOW_WEEKS"),
    test=low_albumin_in_remission,
)


def _shown(albumin: Albumin) -> str:
    return f"serum albumin {albumin.value:g} {albumin.unit} on {albumin.on}"


def explain(status: Status) -> tuple[str, ...]:
    """The albumin around the ongoing remission, against 35 g/L (D23)."""
    remission = status.remission
    if not status.course.albumin or remission is None:
        return ()
    mark = f"{LOW_ALBUMIN_G_PER_L:g} g/L ({LOW_ALBUMIN_G_PER_DL:g} g/dL)"
    since = partial_since(remission)
    if since is not None:
        albumin = albumin_around(status.course, since)
        if albumin is None:
            return (
                f"no serum albumin within {ALBUMIN_WINDOW_WEEKS} weeks of the partial remission "
                f"of {since}",
            )
        side = "at or below" if low(albumin) else "above"
        risk = ": a higher risk of relapse" if low(albumin) else ""
        return (f"{_shown(albumin)}, at the partial remission of {since}, is {side} {mark}{risk}",)
    complete = remission.complete_from
    assert complete is not None
    albumin = albumin_around(status.course, complete)
    definition = "published definitions of complete remission also ask for a normal albumin"
    if albumin is None:
        return (
            f"no serum albumin within {ALBUMIN_WINDOW_WEEKS} weeks of the complete remission of "
            f"{complete}; {definition}",
        )
    side = "at or below" if low(albumin) else "above"
    return (
        f"{_shown(albumin)}, at the complete remission of {complete}, is {side} {mark}; "
        f"{definition} (compare with the laboratory's range)",
    )


def checklist(status: Status) -> tuple[MonitoringItem, ...]:
    """The checklist item for serum albumin, once the course holds a value (D23)."""
    if not status.course.albumin:
        return ()
    detail = (
        f"Measure it with proteinuria around a remission. At a partial remission, "
        f"{LOW_ALBUMIN_G_PER_L:g} g/L ({LOW_ALBUMIN_G_PER_DL:g} g/dL) or "
        f"less goes with a higher risk of relapse and raises an alert. Published definitions of "
        f"complete remission also ask for a normal albumin."
    )
    return (MonitoringItem("Serum albumin", detail, ("E3", "D23")),)


implements("D23", "A14")(albumin_around)
implements("D23")(low)
implements("D23", "A14")(partial_since)
implements("D23", "D4")(explain)
implements("D23")(checklist)
