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


def load_case(page: Any, name: str) -> None:
    """Load a worked case with the page's own picker."""
    page.select_option("#try-case", name)
    page.click("#try-load")


def open_series(page: Any, name: str) -> None:
    """Unfold a series of the form (they start folded)."""
    page.locator(f'details[data-block="{name}"]').evaluate("(block) => { block.open = true; }")


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
    load_case(page, name)
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
    load_case(page, name)
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
    load_case(page, "complete_responder")
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
    load_case(page, "non_responder")
    open_series(page, "proteinuria")
    field = '[data-path="proteinuria[1].value"]'
    page.fill(field, "-2")
    page.click("#try-run")
    error = page.locator("#f-proteinuria-1-value-error")
    error.wait_for(state="visible")
    assert error.inner_text() == (
        "Proteinuria (the baseline included), row 2, value: must be zero or more (entered: -2)."
    )
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
    load_case(page, "titre_positive_at_the_stop_window")
    open_series(page, field.split("[")[0])
    control = f'[data-path="{field}"]'
    page.fill(control, value)
    page.click("#try-run")
    error = page.locator("#f-" + field.replace("[", "-").replace("].", "-") + "-error")
    error.wait_for(state="visible")
    row = int(field.split("[")[1].split("]")[0]) + 1
    assert f", row {row}, " in error.inner_text()
    assert message in error.inner_text()
    assert page.get_attribute(control, "aria-invalid") == "true"


def test_a_failed_evaluation_clears_the_previous_advice(try_page: tuple[Any, Watch]) -> None:
    page, watch = try_page
    load_case(page, "complete_responder")
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
    load_case(page, "non_responder")
    page.fill('[data-path="starting_dose_mg_per_day"]', "")
    page.click("#try-run")
    error = page.locator("#f-starting-dose-mg-per-day-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "Starting dose (mg/day): must be a number (it was left empty)."


def test_copy_as_json_gives_the_documented_format(try_page: tuple[Any, Watch]) -> None:
    import json

    from guideline import course_from_json

    page, _ = try_page
    load_case(page, "dependence")
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


PYTHON_WORDS = ("datetime.", "got None", "None", "[0]", "[1]", "[2]", "Traceback", "Error:")
"""What an error shown to a clinician never holds: Python's reprs, 0-based JSON paths."""


@pytest.mark.parametrize(
    ("series", "row", "field", "value", "expected"),
    [
        ("proteinuria", 0, "on", "", "Proteinuria (the baseline included), row 1, date"),
        ("creatinine", 0, "value", "0", "Serum creatinine (the baseline included), row 1, value"),
        ("troughs", 2, "value", "-1", "Trough levels (ng/mL), row 3, value"),
    ],
)
def test_errors_are_in_clinical_words_with_rows_counted_from_one(
    try_page: tuple[Any, Watch], series: str, row: int, field: str, value: str, expected: str
) -> None:
    page, _ = try_page
    load_case(page, "complete_responder")
    page.fill('[data-path="on"]', "2026-12-01")
    open_series(page, series)
    page.fill(f'[data-path="{series}[{row}].{field}"]', value)
    page.click("#try-run")
    error = page.locator(f"#f-{series.replace('_', '-')}-{row}-{field.replace('_', '-')}-error")
    error.wait_for(state="visible")
    text = error.inner_text()
    assert text.startswith(expected + ": "), text
    for word in PYTHON_WORDS:
        assert word not in text, (word, text)


def test_a_row_after_the_evaluation_date_is_greyed_and_never_blocks(
    try_page: tuple[Any, Watch],
) -> None:
    page, _ = try_page
    load_case(page, "complete_responder")
    page.fill('[data-path="on"]', "2025-07-20")
    open_series(page, "proteinuria")
    rows = page.locator('table[data-series="proteinuria"] tbody tr')
    later = [
        i for i in range(rows.count()) if "try-later" in (rows.nth(i).get_attribute("class") or "")
    ]
    dates = [page.input_value(f'[data-path="proteinuria[{i}].on"]') for i in range(rows.count())]
    assert later == [i for i, on in enumerate(dates) if on > "2025-07-20"]
    assert later
    last = later[-1]
    assert rows.nth(last).locator(".try-later-note").inner_text() == (
        "after the evaluation date, not used"
    )
    page.fill(f'[data-path="proteinuria[{last}].value"]', "")
    page.click("#try-run")
    page.wait_for_selector('#try-result h2:text("Advice on 2025-07-20")')
    expected = recommend(WORKED_CASES["complete_responder"].course, date(2025, 7, 20))
    assert page.get_attribute("#try-action", "data-action") == expected.action.value


def test_units_offer_ratios_in_mg_per_mmol_and_creatinine_in_micromoles(
    try_page: tuple[Any, Watch],
) -> None:
    page, _ = try_page
    load_case(page, "complete_responder")
    proteinuria = page.locator('[data-path="proteinuria[0].unit"] option').all_inner_texts()
    creatinine = page.locator('[data-path="creatinine[0].unit"] option').all_inner_texts()
    assert any("mg/mmol" in text for text in proteinuria)
    assert "\u00b5mol/L" in creatinine
    assert not any("umol" in text for text in creatinine)


HEADER_BOTTOM = "document.querySelector('.md-header').getBoundingClientRect().bottom"
PLACE = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return {top: box.top, left: box.left, right: box.right, bottom: box.bottom};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_after_evaluating_the_advice_is_in_view_beside_or_above_the_inputs(
    browser: Any, base_url: str, width: int
) -> None:
    context, watch = open_context(browser, base_url, viewport={"width": width, "height": 800})
    context.set_default_timeout(120_000)
    try:
        page = watch.new_page(context)
        page.goto(base_url + "try.html")
        page.wait_for_selector(READY)
        page.click("#try-run-end")
        page.wait_for_selector("#try-action")
        page.wait_for_timeout(200)
        heading = page.evaluate(PLACE, "#try-result h2")
        header = page.evaluate(HEADER_BOTTOM)
        inputs = page.evaluate(PLACE, "#try-inputs")
        output = page.evaluate(PLACE, "#try-output")
    finally:
        context.close()
    assert header <= heading["top"] < 800, (header, heading)
    if width >= 1000:
        assert output["left"] >= inputs["right"] - 1, (inputs, output)
    else:
        assert output["bottom"] <= inputs["top"] + 1, (inputs, output)
    assert watch.errors == []


def test_a_repeat_visit_takes_the_runtime_from_the_browsers_cache(
    browser: Any, base_url: str
) -> None:
    context, watch = open_context(browser, base_url)
    context.set_default_timeout(120_000)
    fetched: list[tuple[str, bool]] = []
    try:
        first = watch.new_page(context)
        first.goto(base_url + "try.html")
        first.wait_for_selector(READY)
        first.close()
        context.on(
            "response",
            lambda response: fetched.append((response.url, response.from_service_worker)),
        )
        again = watch.new_page(context)
        again.goto(base_url + "try.html")
        again.wait_for_selector(READY)
    finally:
        context.close()
    runtime = [(url, cached) for url, cached in fetched if "/try/runtime/pyodide-" in url]
    assert len(runtime) >= 3, fetched
    assert all(cached for _, cached in runtime), runtime
    assert watch.errors == []
