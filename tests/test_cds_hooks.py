"""CDS Hooks cards: short honest summaries, the indicator from the alerts, full details."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    INTERPRETATIONS,
    REFERENCES,
    STATEMENTS,
    Action,
    Alert,
    Recommendation,
    __version__,
    recommend,
)
from guideline.cds_hooks import SOURCE_LABEL, SUMMARY_LIMIT, card, cards, indicator
from guideline.examples import WORKED_CASES
from guideline.fhir import ACTION_SYSTEM, ACTION_TITLES, ALERT_TEXTS
from guideline.strategies import courses, evaluation_dates

CASES = [(name, on) for name, case in WORKED_CASES.items() for on in case.dates]
CASE_IDS = [f"{name}-{on}" for name, on in CASES]

EXPECTED_INDICATOR = {
    Alert.NEPHROTOXICITY_CHECK: "critical",
    Alert.LIKELY_INEFFECTIVE: "warning",
    Alert.TROUGH_OUT_OF_RANGE: "warning",
    Alert.PAST_STOP_WINDOW: "warning",
    Alert.ADVERSE_EFFECT_REVIEW: "warning",
    Alert.RELAPSE_SUSPECTED: "warning",
    Alert.PROTEINURIA_RISING: "warning",
    Alert.VALUES_OUT_OF_DATE: "warning",
    Alert.TARGET_UNUSUAL: "warning",
    Alert.ANTIBODY_POSITIVE_AT_STOP: "warning",
    Alert.ANTIBODY_REAPPEARED: "warning",
    Alert.LOW_ALBUMIN_IN_REMISSION: "warning",
}
SEVERITY = {"info": 0, "warning": 1, "critical": 2}


def expected_indicator(alerts: tuple[Alert, ...]) -> str:
    return max((EXPECTED_INDICATOR[a] for a in alerts), key=SEVERITY.__getitem__, default="info")


def check_card(rec: Recommendation) -> None:
    shown = card(rec)
    assert json.loads(json.dumps(shown)) == shown
    assert set(shown) == {"summary", "detail", "indicator", "source"}
    assert 0 < len(shown["summary"]) <= SUMMARY_LIMIT <= 140
    assert shown["summary"].startswith(ACTION_TITLES[rec.action])
    assert shown["indicator"] == expected_indicator(rec.alerts)
    assert shown["source"] == {
        "label": SOURCE_LABEL,
        "topic": {
            "system": ACTION_SYSTEM,
            "code": rec.action.value,
            "display": ACTION_TITLES[rec.action],
        },
    }
    detail = shown["detail"]
    assert rec.rationale in detail
    for id_ in rec.statements:
        assert f"**{id_}**: {STATEMENTS[id_].text}" in detail
        for citation in STATEMENTS[id_].citations:
            assert REFERENCES[citation.reference].label in detail
    for id_ in rec.interpretations:
        assert f"**{id_}**" in detail
    for alert in rec.alerts:
        assert f"`{alert.value}`: {ALERT_TEXTS[alert]}" in detail
    assert ("- none" in detail) is not bool(rec.alerts)
    for line in rec.explanation:
        assert f"- {line}" in detail
    assert f"**Next review:** {rec.next_review}" in detail
    assert cards(rec) == {"cards": [shown]}


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_card_of_every_worked_case(name: str, on: date) -> None:
    check_card(recommend(WORKED_CASES[name].course, on))


@pytest.mark.properties
@given(st.data())
def test_card_of_any_course(data: st.DataObject) -> None:
    course = data.draw(courses())
    check_card(recommend(course, data.draw(evaluation_dates(course))))


def a_recommendation() -> Recommendation:
    case = WORKED_CASES["complete_responder"]
    return recommend(case.course, case.dates[0])


ALERT_SETS = [
    combo for size in range(len(Alert) + 1) for combo in itertools.combinations(list(Alert), size)
]


@pytest.mark.parametrize("action", list(Action))
def test_summary_fits_for_every_action_and_alert_set(action: Action) -> None:
    """Beyond what the rules produce: every action with every subset of alerts."""
    base = a_recommendation()
    for alerts in ALERT_SETS:
        rec = dataclasses.replace(base, action=action, alerts=alerts)
        summary = card(rec)["summary"]
        assert len(summary) <= SUMMARY_LIMIT
        if not alerts:
            assert summary == ACTION_TITLES[action]
            continue
        named = [a for a in alerts if a.value.replace("_", " ") in summary]
        hidden = len(alerts) - len(named)
        assert (f"+{hidden} more" in summary) is (hidden > 0)
        assert (Alert.NEPHROTOXICITY_CHECK in named) is (Alert.NEPHROTOXICITY_CHECK in alerts)


def test_summary_counts_the_alerts_that_do_not_fit() -> None:
    rec = dataclasses.replace(
        a_recommendation(), action=Action.CONSIDER_RITUXIMAB, alerts=tuple(Alert)
    )
    summary = card(rec)["summary"]
    assert summary.startswith("Consider an alternative such as rituximab [alerts: ")
    assert summary.startswith(
        "Consider an alternative such as rituximab [alerts: nephrotoxicity check, "
    )
    # Twelve alerts: the title leaves room for four of them, the other eight are counted.
    assert summary.endswith(", past stop window, +8 more]")


@pytest.mark.parametrize("alert", list(Alert))
def test_indicator_of_each_alert(alert: Alert) -> None:
    assert indicator((alert,)) == EXPECTED_INDICATOR[alert]
    rec = dataclasses.replace(a_recommendation(), alerts=(alert,))
    assert card(rec)["indicator"] == EXPECTED_INDICATOR[alert]


def test_indicator_without_alerts_is_info() -> None:
    assert indicator(()) == "info"
    assert card(dataclasses.replace(a_recommendation(), alerts=()))["indicator"] == "info"


def test_nephrotoxicity_outranks_other_alerts() -> None:
    assert indicator((Alert.LIKELY_INEFFECTIVE, Alert.NEPHROTOXICITY_CHECK)) == "critical"
    assert indicator((Alert.LIKELY_INEFFECTIVE, Alert.PAST_STOP_WINDOW)) == "warning"


def test_source_label_names_the_guideline_and_version() -> None:
    assert __version__ in SOURCE_LABEL
    assert "membranous nephropathy" in SOURCE_LABEL


def test_worked_cases_show_several_indicators() -> None:
    seen = {card(recommend(WORKED_CASES[n].course, on))["indicator"] for n, on in CASES}
    assert {"info", "warning"} <= seen


# --- the detail, block by block, and the alerts the summary names ---


def check_detail_sections(rec: Recommendation) -> None:
    """Blocks apart by blank lines: the action and phase, the rationale, each heading
    followed by its bullets, and the next review line only when there is one."""
    head, rationale, alerts_heading, alerts, *rest = card(rec)["detail"].split("\n\n")
    assert head.startswith(f"**{ACTION_TITLES[rec.action]}** (`{rec.action.value}`)")
    assert head.endswith(f"phase: {rec.phase.value.replace('_', ' ')}.")
    assert rationale == rec.rationale
    assert alerts_heading == "**Alerts**"
    expected_alerts = [f"- `{a.value}`: {ALERT_TEXTS[a]}" for a in rec.alerts] or ["- none"]
    assert sorted(alerts.split("\n")) == sorted(expected_alerts)
    review, *rest = rest
    assert review == f"**Next review:** {rec.next_review.isoformat()}"
    inputs_heading, inputs, statements_heading, statements, readings_heading, readings = rest
    assert inputs_heading == "**Inputs used**"
    assert inputs.split("\n") == [f"- {line}" for line in rec.explanation]
    assert statements_heading == "**Statements this advice rests on**"
    for line, id_ in zip(statements.split("\n"), rec.statements, strict=True):
        works = dict.fromkeys(REFERENCES[c.reference].label for c in STATEMENTS[id_].citations)
        assert line.startswith(f"- **{id_}**: {STATEMENTS[id_].text}")
        assert "; ".join(works) in line
    assert readings_heading == "**Interpretations applied**"
    for line, id_ in zip(readings.split("\n"), rec.interpretations, strict=True):
        assert line.startswith(f"- **{id_}**: {INTERPRETATIONS[id_].title}")


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_detail_sections_of_every_worked_case(name: str, on: date) -> None:
    check_detail_sections(recommend(WORKED_CASES[name].course, on))


def test_detail_lists_every_alert_on_its_own_line() -> None:
    check_detail_sections(dataclasses.replace(a_recommendation(), alerts=tuple(Alert)))


def test_worked_cases_exercise_every_part_of_the_detail() -> None:
    recs = [recommend(WORKED_CASES[name].course, on) for name, on in CASES]
    assert all(rec.next_review is not None for rec in recs)  # every advice names one (D18)
    assert {bool(rec.alerts) for rec in recs} == {True, False}
    assert any("_" in rec.phase.value for rec in recs)
    assert all(len(rec.explanation) > 1 and rec.interpretations for rec in recs)
    assert any(
        len({REFERENCES[c.reference].label for c in STATEMENTS[id_].citations}) > 1
        for rec in recs
        for id_ in rec.statements
    )


@pytest.mark.parametrize("action", list(Action))
def test_summary_names_every_alert_that_fits(action: Action) -> None:
    base = a_recommendation()
    for alerts in ALERT_SETS[1:]:
        summary = card(dataclasses.replace(base, action=action, alerts=alerts))["summary"]
        labels = [a.value.replace("_", " ") for a in alerts]
        named = [label for label in labels if label in summary]
        hidden = len(labels) - len(named)
        assert len(summary) <= SUMMARY_LIMIT
        assert named == labels[: len(named)]
        if hidden:
            one_more = next(label for label in labels if label not in named)
            count = f", +{hidden - 1} more" if hidden > 1 else ""
            longer = summary.replace(f"+{hidden} more", f"{one_more}{count}")
            assert len(longer) > SUMMARY_LIMIT


def test_a_titre_that_came_back_is_a_warning_card_naming_the_alert_and_its_sources() -> None:
    case = WORKED_CASES["titre_back_before_relapse"]
    shown = card(recommend(case.course, date(2027, 1, 15)))
    title = "Off the CNI: keep watching for relapse"
    assert shown["summary"] == f"{title} [alerts: antibody reappeared]"
    assert shown["indicator"] == "warning"
    assert "**Next review:** 2027-02-12" in shown["detail"]
    assert "- **D22**: Anti-PLA2R antibodies (Sources: De Vriese AS, et al." in shown["detail"]
    assert "positive again since 2027-01-15, after a negative titre" in shown["detail"]
