"""The site's generated content: examples run, pages cover the register, no gaps."""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

import pytest

from guideline import STATEMENTS, Role

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS))

import render  # noqa: E402

EXAMPLES = sorted((DOCS / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_docs_example_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_every_example_is_shown_on_a_page() -> None:
    pages = "".join(page.read_text() for page in DOCS.rglob("*.md"))
    for path in EXAMPLES:
        assert f'--8<-- "docs/examples/{path.name}"' in pages, path.name


def test_every_statement_is_on_exactly_one_guideline_page() -> None:
    shown = [id_ for _, ids in render.GUIDELINE_PAGES.values() for id_ in ids]
    assert sorted(shown) == sorted(STATEMENTS)
    for slug in render.GUIDELINE_PAGES:
        text = (DOCS / "guide" / f"{slug}.md").read_text()
        assert f'render.guideline_page("{slug}")' in text


def test_statement_blocks_show_code_for_rules_and_say_so_for_rationale() -> None:
    rule = render.statement_block(STATEMENTS["C1"], "guide/remission-and-taper.md")
    assert "**Implemented by:**" in rule
    assert "def next_taper_step" in rule
    assert "taper_step_interval" in rule
    rationale = render.statement_block(STATEMENTS["R3"], "guide/maintenance-and-stopping.md")
    assert "drives no decision" in rationale


def test_no_grade_is_invented() -> None:
    graded = [s for s in STATEMENTS.values() if s.grade]
    for statement in STATEMENTS.values():
        block = render.statement_block(statement, "guide/x.md")
        assert (statement.grade or "none stated by the source") in block
    # KDIGO 2021's 1B grades the choice of first treatment, not a statement (revision 2).
    assert graded == []
    assert "not a grade for this statement" in render.statement_block(STATEMENTS["B1"], "x.md")


def test_the_matrix_fails_on_a_rule_with_no_test(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "| [E4]" in render.traceability_matrix()
    untested = {**render.STATEMENT_TESTS, "E4": []}
    monkeypatch.setattr(render, "STATEMENT_TESTS", untested)
    with pytest.raises(RuntimeError, match="E4"):
        render.traceability_matrix()


def test_the_matrix_fails_on_a_rule_with_no_code(monkeypatch: pytest.MonkeyPatch) -> None:
    code = {id_: paths for id_, paths in render.implementations().items() if id_ != "F2"}
    monkeypatch.setattr(render, "implementations", lambda: code)
    with pytest.raises(RuntimeError, match="F2"):
        render.traceability_matrix()
    with pytest.raises(RuntimeError, match="F2"):
        render.statement_block(STATEMENTS["F2"], "guide/relapse-and-dependence.md")


def test_links_are_relative_to_the_page() -> None:
    assert render.link("references.md#kdigo-2012", "guide/x.md") == "../references.md#kdigo-2012"
    assert render.ref_link("C1", "cases/a.md") == "[C1](../guide/remission-and-taper.md#c1)"
    assert render.ref_link("D5", "index.md") == "[D5](interpretations.md#d5)"


def test_the_decision_table_lists_every_row_and_alert() -> None:
    table = render.decision_table()
    for rule in render.DECISION_RULES:
        assert f"| `{rule}` |" in table
    for alert in render.ALERT_RULES:
        assert f"| `{alert.value}` |" in table


def test_hazard_controls_are_verified_by_tests_that_exist(request: pytest.FixtureRequest) -> None:
    collected = {item.nodeid for item in request.session.items}
    selected = request.config.option.markexpr or request.config.option.keyword
    if selected or len({item.path.name for item in request.session.items}) < 10:
        pytest.skip("needs the whole suite collected, with no -m or -k selection")
    for hazard, *_, tests in render.HAZARDS:
        assert tests, hazard
        for test in tests:
            assert test in collected or any(c.startswith(f"{test}[") for c in collected), test


def test_rule_and_monitoring_statements_have_direct_or_invariant_tests() -> None:
    for id_, statement in STATEMENTS.items():
        if statement.role in (Role.RULE, Role.MONITORING):
            assert render.tests_for(id_)[1], id_


def _clinical_numbers() -> set[float]:
    import dataclasses

    from guideline import DEFAULTS
    from guideline import _parameters as parameters

    values = [v for k, v in vars(parameters).items() if k.isupper() and isinstance(v, int | float)]
    values += [v for v in dataclasses.asdict(DEFAULTS).values() if isinstance(v, int | float)]
    return {float(v) for v in values} | {round(100 * v, 6) for v in values if v < 1}


def _prose(path: Path) -> str:
    """The hand-written text of a page: everything outside code fences."""
    return "".join(re.split(r"```.*?```", path.read_text(), flags=re.S)[::2])


HAND_WRITTEN = [
    "index.md",
    "intended-use.md",
    *(f"guide/{s}.md" for s in render.GUIDELINE_PAGES),
    "guide/antibodies-and-albumin.md",
]


@pytest.mark.parametrize("page", HAND_WRITTEN)
def test_numbers_written_in_prose_are_the_package_constants(page: str) -> None:
    text = re.sub(r"\[[A-Z]\d+\]|\b[A-Z]\d+\b", "", _prose(DOCS / page))
    numbers = {float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]*\d)", text)}
    assert numbers <= _clinical_numbers() | {1.0}, sorted(numbers - _clinical_numbers())
