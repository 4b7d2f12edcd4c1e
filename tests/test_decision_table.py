"""The decision table: one row per verdict, read in order, each condition a named criterion."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    DECISION_RULES,
    STATEMENTS,
    Action,
    Alert,
    Course,
    Parameters,
    Phase,
    Role,
    _traceability,
    implementations,
    recommend,
)
from guideline._decision_rules import ON_THE_CNI, RULES_BY_PHASE, VERDICTS, verdict
from guideline._decision_table import AlertRule, Condition, Criterion, DecisionRule, decide
from guideline._status import course_status
from guideline.strategies import courses, evaluation_dates, parameters

from .builders import course, months
from .wording import reads_as_phrase, reads_as_prose


@st.composite
def evaluated(draw: st.DrawFn) -> tuple[Course, date, Parameters]:
    course = draw(courses())
    return course, draw(evaluation_dates(course)), draw(parameters())


def test_every_verdict_has_a_row_and_every_row_a_verdict() -> None:
    members = [member for enum in VERDICTS for member in enum]
    assert sorted(members) == sorted(DECISION_RULES)
    assert all(
        any(isinstance(rule.id, enum) for enum in VERDICTS) for rule in DECISION_RULES.values()
    )


def test_the_table_lists_each_phase_in_the_order_its_rows_are_read() -> None:
    assert list(RULES_BY_PHASE) == list(Phase)
    first = [rule.id for rule in DECISION_RULES.values()][: len(ON_THE_CNI)]
    assert first == [rule.id for rule in ON_THE_CNI]
    assert all(rule.phase is None and rule.conditions for rule in ON_THE_CNI)
    for phase, rules in RULES_BY_PHASE.items():
        listed = [rule.id for rule in DECISION_RULES.values() if rule.phase is phase]
        assert listed == [rule.id for rule in rules]
        assert all(rule.phase is phase for rule in rules)


@pytest.mark.parametrize("phase", list(Phase))
def test_each_phase_ends_with_its_one_row_without_conditions(phase: Phase) -> None:
    *guarded, last = RULES_BY_PHASE[phase]
    assert last.conditions == ()
    assert all(rule.conditions for rule in guarded)


def test_every_condition_is_a_named_criterion_with_its_words() -> None:
    for rule in DECISION_RULES.values():
        for condition in rule.conditions:
            assert isinstance(condition, Criterion | Condition)
            assert isinstance(condition.criterion, Criterion)
            assert reads_as_phrase(condition.criterion.holds)
            assert reads_as_phrase(condition.criterion.fails)
            assert condition.text[1:] in rule.when
        assert reads_as_prose(rule.when)


def test_a_negated_criterion_reads_as_its_failing_words() -> None:
    criterion = next(c for rule in DECISION_RULES.values() for c in rule.conditions)
    assert (~criterion.criterion).text == criterion.criterion.fails
    assert (~criterion.criterion).expected is False


@pytest.mark.properties
@given(case=evaluated())
def test_the_verdict_is_the_first_row_of_the_phase_whose_conditions_all_hold(
    case: tuple[Course, date, Parameters],
) -> None:
    course, on, params = case
    status = course_status(course, on, params)
    found = verdict(status)
    answers = dict(found.checked)
    rules = RULES_BY_PHASE[status.phase]
    if status.dose is not None:
        rules = (*ON_THE_CNI, *rules)
    chosen = rules.index(found.rule)
    for condition in found.rule.conditions:
        assert answers[condition.criterion.name] is condition.expected
        assert condition.criterion(status) is condition.expected
    for earlier in rules[:chosen]:
        assert any(answers.get(c.criterion.name) is (not c.expected) for c in earlier.conditions), (
            f"{earlier.id} applies but comes before {found.id}"
        )
    assert recommend(course, on, params).rule == found.id


def test_criteria_are_told_apart_by_name() -> None:
    asked = [c.criterion for rule in DECISION_RULES.values() for c in rule.conditions]
    assert len(set(asked)) == len({criterion.name for criterion in asked}) < len(asked)
    assert all(hash(criterion) == hash(criterion.name) for criterion in asked)


def _responding(status: object) -> bool:
    return True


def _rising(status: object) -> bool:
    return False


def test_a_criterion_takes_its_function_name_and_is_recorded_as_its_statements_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_traceability, "_REGISTRY", {})
    named = Criterion("the patient responds", "no response", ("B3", "D4"), test=_responding)
    unrecorded = Criterion("proteinuria rises", "no rise", (), test=_rising)
    assert (named.name, unrecorded.name) == ("_responding", "_rising")
    assert implementations() == {
        "B3": (f"{__name__}._responding",),
        "D4": (f"{__name__}._responding",),
    }


def test_a_row_and_an_alert_write_their_conditions_out_in_words() -> None:
    responds = Criterion("the patient responds", "no response", (), test=_responding)
    rises = Criterion("proteinuria rises", "no rise", (), test=_rising)
    row = DecisionRule("trial_early", None, (responds, ~rises), Action.CONTINUE, ("B3",))
    last = DecisionRule("trial_early", None, (), Action.CONTINUE, ("B3",))
    alert = AlertRule(Alert.PROTEINURIA_RISING, ("D14",), (rises,))
    bare = AlertRule(Alert.PROTEINURIA_RISING, ("D14",), when="raised by its rows")
    assert row.when == "The patient responds; no rise."
    assert last.when == "Any other case in this phase."
    assert alert.when == "Proteinuria rises."
    assert bare.when == "raised by its rows"


def test_a_table_in_which_no_row_applies_is_refused() -> None:
    from_month_4 = course_status(course(), months(5), Parameters())
    with pytest.raises(LookupError, match="no decision row applies"):
        decide([DECISION_RULES["trial_early"]], from_month_4)


def test_every_row_rests_on_a_rule_or_monitoring_statement() -> None:
    rules = {s.id for s in STATEMENTS.values() if s.role in (Role.RULE, Role.MONITORING)}
    for rule in DECISION_RULES.values():
        assert rules & set(rule.statements), rule.id
