"""Remission and relapse: recorded by the clinician, or derived from proteinuria (D4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from ._course import Assessment, AssessmentKind, Course, Proteinuria, entry_date
from ._parameters import (
    COMPLETE_REMISSION_BELOW,
    NEPHROTIC_LEVEL,
    PARTIAL_REMISSION_FALL,
    Parameters,
)
from ._therapy import TherapyPeriod
from ._traceability import implements

REMISSION_KINDS = frozenset(
    {
        AssessmentKind.COMPLETE_REMISSION,
        AssessmentKind.PARTIAL_REMISSION,
        AssessmentKind.NO_REMISSION,
        AssessmentKind.RELAPSE,
    }
)
"""The recorded assessments that state a remission status (D4, A2)."""


class RemissionLevel(StrEnum):
    """Depth of a remission (D4)."""

    PARTIAL = "partial"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Remission:
    """One remission episode within a period of therapy.

    Attributes:
        confirmed: tR, the date the remission was confirmed or recorded.
        level: Its depth as last confirmed or recorded.
        complete_from: Date complete remission was confirmed or recorded, while
            the level is complete; None otherwise.
        ended: Date the episode ended (relapse, or "no remission" recorded).
        relapsed: Whether it ended in a relapse.
        recorded: Whether tR comes from a clinician's assessment.
        since: Date of the first value of the run that confirmed it (of the
            assessment, when recorded): the lowest value since remission is
            counted from here (D14, P5).
        first_complete: Date it first became complete, kept if a recorded
            partial remission lowers the level later (P5).
        lowered: Date a recorded partial remission lowered a complete one.
    """

    confirmed: date
    level: RemissionLevel
    complete_from: date | None = None
    ended: date | None = None
    relapsed: bool = False
    recorded: bool = False
    since: date | None = None
    first_complete: date | None = None
    lowered: date | None = None


@dataclass(frozen=True)
class RemissionHistory:
    """Remission episodes of one period, as known on a date.

    Attributes:
        episodes: Episodes in date order; only the last may be ongoing.
        relapsed: Whether the latest status is a relapse.
        awaiting: With no remission ongoing, the date from which the run of
            qualifying values that ends at the latest value would confirm one;
            None when the latest value does not qualify (P4).
    """

    episodes: tuple[Remission, ...]
    relapsed: bool
    awaiting: date | None = None

    @property
    def relapse_date(self) -> date | None:
        """Date of the relapse that is the latest status, if it is one."""
        if self.relapsed and self.episodes and self.episodes[-1].relapsed:
            return self.episodes[-1].ended
        return None

    @property
    def current(self) -> Remission | None:
        """The ongoing remission, if the patient is in remission."""
        if self.episodes and self.episodes[-1].ended is None:
            return self.episodes[-1]
        return None


class Run:
    """A run of consecutive values that meet a condition: the one confirmation rule (A3, P2).

    The run is confirmed by its first value dated at least the confirmation
    gap after the run's first value; a value that does not meet the condition
    breaks it.
    """

    __slots__ = ("confirmed_from", "first")

    def __init__(self) -> None:
        self.first: date | None = None
        """Date of the run's first value; None with no run."""
        self.confirmed_from: date | None = None
        """The first value of the run plus the confirmation gap; None with no run."""

    def update(self, on: date, qualifies: bool, gap: timedelta) -> bool:
        """Extend or break the run; return whether it is confirmed on ``on``."""
        if not qualifies:
            self.first = self.confirmed_from = None
            return False
        if self.confirmed_from is None:
            self.first, self.confirmed_from = on, on + gap
        return on >= self.confirmed_from


def remission_history(
    course: Course, period: TherapyPeriod, on: date, parameters: Parameters
) -> RemissionHistory:
    """Derive the remission episodes of one period from its data up to ``on``.

    Values and assessments dated after the period start (and up to its next
    restart) are read in date order; on a shared date the recorded assessment
    comes last, so it wins, and it resets every run of values (A2).

    Args:
        course: The course.
        period: The period of therapy to read.
        on: Last date of data to use.
        parameters: The confirmation gap is read from here.

    Returns:
        The episodes and whether the latest status is a relapse.
    """
    return remission_histories(course, period, (on,), parameters)[0]


def remission_histories(
    course: Course, period: TherapyPeriod, dates: Sequence[date], parameters: Parameters
) -> tuple[RemissionHistory, ...]:
    """The :func:`remission_history` of one period on each of ``dates``, from one reading.

    The history on a date is the one its data up to that date give, so a
    single pass over the period's data, noting the history as each date goes
    by, serves every date: checking many dated events stays linear.

    Args:
        course: The course.
        period: The period of therapy to read.
        dates: The dates, in order; at least one.
        parameters: The confirmation gap is read from here.

    Returns:
        One history per date, in the same order.
    """
    gap = timedelta(days=parameters.confirmation_gap_days)
    last = dates[-1]
    # A stable sort by date keeps each value before an assessment of the same date.
    statuses = [
        assessment
        for assessment in period.observed(course.assessments, last)
        if assessment.kind in REMISSION_KINDS
    ]
    events: list[Proteinuria | Assessment] = sorted(
        [*period.observed(course.proteinuria, last), *statuses], key=entry_date
    )
    histories: list[RemissionHistory] = []
    upcoming = dates[0]
    episodes: list[Remission] = []
    open_ = False
    relapsed = False
    awaiting: date | None = None
    peak = period.baseline.level
    remission, complete_run, relapse_run = Run(), Run(), Run()
    for event in events:
        when = event.on
        while when > upcoming:  # never past the last date: no event comes after it
            histories.append(RemissionHistory(tuple(episodes), relapsed, awaiting))
            upcoming = dates[len(histories)]
        if isinstance(event, Proteinuria):
            value = event.level
            peak = max(peak, value)
            complete = value < COMPLETE_REMISSION_BELOW
            partial = value < NEPHROTIC_LEVEL and value <= PARTIAL_REMISSION_FALL * peak
            in_remission = remission.update(when, complete or partial, gap)
            in_complete = complete_run.update(when, complete, gap)
            in_relapse = relapse_run.update(when, value > NEPHROTIC_LEVEL, gap)
            if open_ and in_relapse:
                episodes[-1] = replace(episodes[-1], ended=when, relapsed=True)
                open_, relapsed = False, True
            elif open_ and in_complete and episodes[-1].complete_from is None:
                episodes[-1] = replace(
                    episodes[-1],
                    level=RemissionLevel.COMPLETE,
                    complete_from=when,
                    first_complete=episodes[-1].first_complete or when,
                )
            elif not open_ and in_remission:
                complete_on = when if in_complete else None
                level = RemissionLevel.COMPLETE if in_complete else RemissionLevel.PARTIAL
                episodes.append(
                    Remission(
                        when, level, complete_on, since=remission.first, first_complete=complete_on
                    )
                )
                open_, relapsed = True, False
            awaiting = None if open_ else remission.confirmed_from
            continue
        awaiting = None
        remission, complete_run, relapse_run = Run(), Run(), Run()
        kind = event.kind
        if kind in (AssessmentKind.RELAPSE, AssessmentKind.NO_REMISSION):
            is_relapse = open_ and kind is AssessmentKind.RELAPSE
            if open_:
                episodes[-1] = replace(episodes[-1], ended=when, relapsed=is_relapse)
            open_, relapsed = False, is_relapse or (relapsed and kind is AssessmentKind.RELAPSE)
        else:
            complete = kind is AssessmentKind.COMPLETE_REMISSION
            level = RemissionLevel.COMPLETE if complete else RemissionLevel.PARTIAL
            complete_on = when if complete else None
            if not open_:
                episodes.append(
                    Remission(
                        when,
                        level,
                        complete_on,
                        recorded=True,
                        since=when,
                        first_complete=complete_on,
                    )
                )
            elif complete and episodes[-1].complete_from is None:
                episodes[-1] = replace(
                    episodes[-1],
                    level=level,
                    complete_from=when,
                    first_complete=episodes[-1].first_complete or when,
                )
            elif not complete and episodes[-1].complete_from is not None:
                episodes[-1] = replace(episodes[-1], level=level, complete_from=None, lowered=when)
            open_, relapsed = True, False
    final = RemissionHistory(tuple(episodes), relapsed, awaiting)
    return (*histories, *[final] * (len(dates) - len(histories)))


implements("D4", "A2", "A3", "G3")(remission_history)
implements("D4", "A2", "A3", "G3")(remission_histories)
implements("A3", "P2")(Run)
