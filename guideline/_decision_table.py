"""The shape of the decision table: named criteria, rows of conditions, and how a row is chosen.

Each clinical criterion is defined once, as a function of a course's status on
a date, and named (:class:`Criterion`), as a CQL library ``define`` names an
expression. A row of the decision table (:class:`DecisionRule`) lists the
criteria that must hold, or fail, for it to apply; the rows of a phase are read
top to bottom and the first that applies decides (:func:`decide`, the "first
hit" policy of decision tables). ``recommend``, ``plan``, ``audit`` and every
rendering read the same criteria and rows, so no decision is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ._traceability import implements
from ._vocabulary import Action, Alert, Phase

if TYPE_CHECKING:
    from ._status import Status


@dataclass(frozen=True)
class Criterion:
    """A yes-or-no question the rules ask of a course on a date, defined once by name.

    Creating one records its function as the code of the statements and
    interpretations it implements (see :func:`~guideline.implementations`);
    a criterion that only says where a course stands implements none.

    Attributes:
        name: Stable name: the function's name, e.g. ``responded``.
        holds: What it means when it holds, in plain clinical words.
        fails: What it means when it does not.
        ids: Statement and interpretation ids it implements.
        parameters: Names of the parameters and constants whose numbers it reads.
        test: The function of a status that answers it.
    """

    name: str = field(init=False)
    holds: str
    fails: str
    ids: tuple[str, ...]
    parameters: tuple[str, ...] = ()
    test: Callable[[Status], bool] = field(default=bool, repr=False, compare=False, kw_only=True)

    def __post_init__(self) -> None:
        """Take the function's name and record it as the code of ``ids``."""
        object.__setattr__(self, "name", self.test.__name__)
        if self.ids:
            implements(*self.ids)(self.test)

    def __call__(self, status: Status) -> bool:
        """Answer the question for ``status``."""
        return self.test(status)

    def __invert__(self) -> Condition:
        """The condition that this criterion does not hold."""
        return Condition(self, expected=False)

    @property
    def criterion(self) -> Criterion:
        """As a condition of a row, a criterion is the one asked."""
        return self

    @property
    def expected(self) -> bool:
        """As a condition of a row, a criterion needs to hold."""
        return True

    @property
    def text(self) -> str:
        """The condition in plain words."""
        return self.holds

    def __hash__(self) -> int:
        """Criteria are told apart by name."""
        return hash(self.name)


@dataclass(frozen=True)
class Condition:
    """A criterion and the answer a row needs from it.

    Attributes:
        criterion: The criterion asked.
        expected: True when the row needs it to hold, False when it must fail.
    """

    criterion: Criterion
    expected: bool = True

    @property
    def text(self) -> str:
        """The condition in plain words."""
        return self.criterion.holds if self.expected else self.criterion.fails


Clause = Criterion | Condition
"""A condition of a row: a criterion that must hold, or a :class:`Condition` on one."""


def _words(conditions: tuple[Clause, ...], otherwise: str) -> str:
    words = "; ".join(condition.text for condition in conditions) or otherwise
    return words[:1].upper() + words[1:] + "."


_OTHERWISE = "any other case in this phase"

Words = Callable[["Status"], str]
Dated = Callable[["Status"], "date | None"]
Dose = Callable[["Status"], "float | None"]


def _nothing(status: Status) -> None:
    return None


@dataclass(frozen=True)
class DecisionRule:
    """One row of the decision table.

    Attributes:
        id: Stable key, given as ``Recommendation.rule``; a member of the
            verdict enum of the rule module the row belongs to.
        phase: The phase in which the row applies; None for a row that comes
            before the phase's own rows in every phase on the CNI (P1).
        conditions: What must hold (or fail) for the row to apply, beyond the
            rows above it in its phase not applying.
        action: The advised action.
        statements: Ids of the statements and interpretations it rests on.
        alerts: Alerts the row itself raises (standing alerts come on top).
        when: The conditions in plain words.
        says: Writes the rationale for a status the row applies to.
        review: The next review date it names for that status, if any.
        dose: The dose it advises (``reduce_dose`` only).
    """

    id: str
    phase: Phase | None
    conditions: tuple[Clause, ...] = field(compare=False)
    action: Action
    statements: tuple[str, ...]
    alerts: tuple[Alert, ...] = ()
    when: str = field(init=False)
    says: Words = field(default=str, repr=False, compare=False, kw_only=True)
    review: Dated = field(default=_nothing, repr=False, compare=False, kw_only=True)
    dose: Dose = field(default=_nothing, repr=False, compare=False, kw_only=True)

    def __post_init__(self) -> None:
        """Write the conditions out in words."""
        object.__setattr__(self, "when", _words(self.conditions, _OTHERWISE))


@dataclass(frozen=True)
class AlertRule:
    """When an alert is raised.

    Attributes:
        alert: The alert.
        statements: Ids of the statements and interpretations it rests on.
        conditions: What must hold for the alert to stand whatever the row;
            empty when only the decision rows that list it raise it.
        when: The conditions in plain words, or how the rows raise it.
        review: The latest next review the alert allows, if it sets one (P13).
    """

    alert: Alert
    statements: tuple[str, ...]
    conditions: tuple[Clause, ...] = field(default=(), compare=False)
    when: str = ""
    review: Dated = field(default=_nothing, repr=False, compare=False, kw_only=True)

    def __post_init__(self) -> None:
        """Write the conditions out in words."""
        if self.conditions:
            object.__setattr__(self, "when", _words(self.conditions, ""))

    def stands(self, status: Status) -> bool:
        """Whether the alert stands for ``status`` whatever the row."""
        return bool(self.conditions) and all(
            c.criterion(status) is c.expected for c in self.conditions
        )


@dataclass(frozen=True)
class Verdict:
    """The row chosen for a status, and the answers that chose it.

    Attributes:
        rule: The row; its ``id`` is a member of a verdict enum.
        checked: Each criterion asked on the way, in order, with its answer.
    """

    rule: DecisionRule
    checked: tuple[tuple[str, bool], ...]

    @property
    def id(self) -> str:
        """The row id: the verdict."""
        return self.rule.id


def decide(rules: Iterable[DecisionRule], status: Status) -> Verdict:
    """The first of ``rules`` that applies to ``status``: the rows are read in order.

    Each criterion is asked at most once; the verdict keeps every answer.

    Raises:
        LookupError: If none applies: the last row of a phase has no condition,
            so this means a table was built wrong.
    """
    answers: dict[str, bool] = {}
    for rule in rules:
        for condition in rule.conditions:
            name = condition.criterion.name
            if name not in answers:
                answers[name] = condition.criterion(status)
            if answers[name] is not condition.expected:
                break
        else:
            return Verdict(rule, tuple(answers.items()))
    raise LookupError("no decision row applies")
