"""The "Try it" page: the package itself, in Pyodide, gives what it gives in Python.

Each worked case is loaded with the page's own button and evaluated on the page;
the displayed action, alerts and milestones must equal what the package returns
for the same course and date in this test process.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from guideline import plan, recommend
from guideline.examples import WORKED_CASES
from tests.browser.conftest import Watch, open_context

pytestmark = pytest.mark.browser

READY = '#try-status[data-ready="true"]'


@pytest.fixture(scope="module")
def try_page(browser: Any, base_url: str) -> Iterator[tuple[Any, Watch]]:
    """The page, once Python and the package are loaded (shared by the tests here)."""
    context, watch = open_context(browser, base_url)
    context.set_default_timeout(120_000)
    page = watch.new_page(context)
    page.goto(base_url + "try.html")
    page.wait_for_selector(READY)
    try:
        yield page, watch
    finally:
        context.close()


def _shown(page: Any) -> tuple[str, list[str], list[tuple[str, str]]]:
    action = page.get_attribute("#try-action", "data-action")
    alerts = page.eval_on_selector_all("[data-alert]", "els => els.map(e => e.dataset.alert)")
    milestones = page.eval_on_selector_all(
        "#try-plan tr[data-milestone]",
        "rows => rows.map(r => [r.dataset.milestone, r.cells[0].textContent])",
    )
    return action, alerts, [tuple(m) for m in milestones]


@pytest.mark.parametrize("name", list(WORKED_CASES))
def test_each_worked_case_shows_what_the_package_returns(
    try_page: tuple[Any, Watch], name: str
) -> None:
    page, watch = try_page
    case = WORKED_CASES[name]
    on = case.dates[-1]
    page.click(f'button[data-case="{name}"]')
    assert page.input_value('[data-path="on"]') == on.isoformat()
    page.click("#try-run")
    page.wait_for_selector(f'#try-result h2:text("Advice on {on}")')
    advice = recommend(case.course, on)
    expected_milestones = [(m.name, m.on.isoformat()) for m in plan(case.course, on).milestones]
    assert _shown(page) == (
        advice.action.value,
        [alert.value for alert in advice.alerts],
        expected_milestones,
    )
    assert page.locator(".try-timeline svg[role=img]").count() == 1
    assert watch.errors == []
    assert watch.outside == []


TITRE_DATES = [
    (name, on)
    for name in ("titre_positive_at_the_stop_window", "titre_back_before_relapse")
    for on in WORKED_CASES[name].dates
]
"""Every date of the two cases with titres: on some the marker alerts stand, on others not."""


@pytest.mark.parametrize(("name", "on"), TITRE_DATES, ids=[f"{n}-{d}" for n, d in TITRE_DATES])
def test_the_titre_cases_show_what_the_package_returns_on_each_of_their_dates(
    try_page: tuple[Any, Watch], name: str, on: date
) -> None:
    """The form carries the titres and albumin to the package: the marker alerts and the
    review they bring forward are the same on the page as in Python."""
    page, watch = try_page
    case = WORKED_CASES[name]
    page.click(f'button[data-case="{name}"]')
    page.fill('[data-path="on"]', on.isoformat())
    page.click("#try-run")
    page.wait_for_selector(f'#try-result h2:text("Advice on {on}")')
    advice = recommend(case.course, on)
    expected_milestones = [(m.name, m.on.isoformat()) for m in plan(case.course, on).milestones]
    assert _shown(page) == (
        advice.action.value,
        [alert.value for alert in advice.alerts],
        expected_milestones,
    )
    assert watch.errors == []


def test_an_edited_date_is_evaluated_too(try_page: tuple[Any, Watch]) -> None:
    page, _ = try_page
    page.click('button[data-case="complete_responder"]')
    page.fill('[data-path="on"]', "2025-07-20")
    page.click("#try-run")
    page.wait_for_selector('#try-result h2:text("Advice on 2025-07-20")')
    expected = recommend(WORKED_CASES["complete_responder"].course, date(2025, 7, 20))
    shown = page.get_attribute("#try-action", "data-action")
    assert shown == expected.action.value == "reduce_dose"


def test_an_invalid_value_shows_the_package_error_beside_its_field(
    try_page: tuple[Any, Watch],
) -> None:
    page, _ = try_page
    page.click('button[data-case="non_responder"]')
    field = '[data-path="proteinuria[1].value"]'
    page.fill(field, "-2")
    page.click("#try-run")
    error = page.locator("#f-proteinuria-1-value-error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("proteinuria[1].value:")
    assert page.get_attribute(field, "aria-invalid") == "true"
    assert page.locator("#try-action").count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pla2r[1].value", "-5", "zero or more"),
        ("pla2r[0].cutoff", "", "must be a number"),
        ("albumin[1].value", "39", "no serum albumin reaches"),
    ],
)
def test_a_bad_titre_or_albumin_shows_the_package_error_beside_its_field(
    try_page: tuple[Any, Watch], field: str, value: str, message: str
) -> None:
    page, _ = try_page
    page.click('button[data-case="titre_positive_at_the_stop_window"]')
    control = f'[data-path="{field}"]'
    page.fill(control, value)
    page.click("#try-run")
    error = page.locator("#f-" + field.replace("[", "-").replace("].", "-") + "-error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith(f"{field}:")
    assert message in error.inner_text()
    assert page.get_attribute(control, "aria-invalid") == "true"


def test_a_failed_evaluation_clears_the_previous_advice(try_page: tuple[Any, Watch]) -> None:
    page, watch = try_page
    page.click('button[data-case="complete_responder"]')
    page.click("#try-run")
    page.wait_for_selector("#try-result h2")
    # The next reading of the package's answer fails, as a fault of the runtime would.
    page.evaluate(
        """() => {
            const parse = JSON.parse;
            JSON.parse = () => { JSON.parse = parse; throw new Error("the runtime failed"); };
        }"""
    )
    page.click("#try-run")
    error = page.locator("#try-general-error")
    error.wait_for(state="visible", timeout=10_000)
    assert "the runtime failed" in error.inner_text()
    assert page.locator("#try-result").inner_text() == ""
    assert watch.errors == []


def test_a_missing_value_is_refused_not_guessed(try_page: tuple[Any, Watch]) -> None:
    page, _ = try_page
    page.click('button[data-case="non_responder"]')
    page.fill('[data-path="starting_dose_mg_per_day"]', "")
    page.click("#try-run")
    error = page.locator("#f-starting-dose-mg-per-day-error")
    error.wait_for(state="visible")
    assert "starting_dose_mg_per_day" in error.inner_text()


def test_copy_as_json_gives_the_documented_format(try_page: tuple[Any, Watch]) -> None:
    import json

    from guideline import course_from_json

    page, _ = try_page
    page.click('button[data-case="dependence"]')
    page.click("#try-copy")
    text = page.inner_text("#try-json")
    assert course_from_json(json.loads(text)) == WORKED_CASES["dependence"].course


def test_opened_as_a_file_the_page_says_it_must_be_served(browser: Any, site_dir: Path) -> None:
    start = site_dir.as_uri() + "/"
    context, watch = open_context(browser, start)
    try:
        page = watch.new_page(context)
        page.goto(start + "try.html")
        page.wait_for_load_state("load")
        notice = page.locator("#try-file")
        assert notice.is_visible()
        assert "http" in notice.inner_text()
        assert page.locator("#try-status").is_hidden()
    finally:
        context.close()
    assert watch.errors == []
    assert watch.outside == []
