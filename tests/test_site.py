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

statement_page = render.statement_page

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


def test_code_is_in_the_software_block_and_never_in_the_clinical_one() -> None:
    clinical = render.statement_block(STATEMENTS["C1"], "guide/remission-and-taper.md")
    software = render.software_block(STATEMENTS["C1"])
    assert "Implemented by" in software
    assert "def next_taper_step" in software
    assert "taper_step_interval" in software
    assert "def " not in clinical
    assert "```" not in clinical
    assert "drives no decision" in render.software_block(STATEMENTS["R3"])


def test_shared_readings_are_linked_by_title_not_repeated() -> None:
    d1 = render.INTERPRETATIONS["D1"]
    pages = [render.guideline_page(slug) for slug in render.GUIDELINE_PAGES]
    assert sum(page.count("D1 · Dates and intervals") for page in pages) >= 2
    assert not any(d1.reading in page for page in pages)


def test_no_grade_is_invented() -> None:
    graded = [s for s in STATEMENTS.values() if s.grade]
    for statement in STATEMENTS.values():
        block = render.statement_block(statement, statement_page(statement.id))
        assert (statement.grade or "none stated by the source") in block
    # KDIGO 2021's 1B grades the choice of first treatment, not a statement (revision 2).
    assert graded == []
    b1 = render.statement_block(STATEMENTS["B1"], "guide/initial-trial.md")
    assert "not a grade for this statement" in b1


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
    c1 = render.ref_link("C1", "cases/a.md")
    assert c1.startswith('[C1](../guide/remission-and-taper.md#c1 "Statement C1 (rule): ')
    d5 = render.ref_link("D5", "index.md")
    assert d5 == '[D5](interpretations.md#d5 "Reading D5: When the taper may start.")'


def test_the_decision_table_lists_every_row_and_alert() -> None:
    table = render.decision_table()
    for number, rule in enumerate(render.DECISION_RULES, start=1):
        assert f'<span id="row-{number}" title="In the data: {rule}">{number}</span>' in table
    for alert in render.ALERT_RULES:
        assert f"| {render.alert_words(alert)} |" in table
    software = render.decision_table_software()
    for rule in render.DECISION_RULES.values():
        assert f"| `{rule.id}` | `{rule.action.value}` |" in software


def test_the_clinical_decision_table_shows_no_code() -> None:
    table = render.decision_table()
    assert "`" not in table
    assert "hold_dose" not in table
    assert "Keep the current CNI dose" in table


def test_every_parameter_has_words_and_a_unit() -> None:
    assert set(render.PARAMETER_WORDS) == set(render.PARAMETER_RANGES)
    table = render.parameters_table()
    assert "| 30% | 30% to 50% |" in table
    assert "| 7 days | 7 days to 28 days |" in table


def test_registry_ids_and_dois_are_links() -> None:
    page = render.references_page()
    assert "[NCT01180036](https://clinicaltrials.gov/study/NCT01180036)" in page
    assert "[20220333](https://pubmed.ncbi.nlm.nih.gov/20220333/)" in page
    for reference in render.REFERENCES.values():
        if reference.doi:
            assert render.doi_link(reference.doi) in page


def test_the_home_page_names_what_is_not_yet_named() -> None:
    text = render.provenance()
    assert "pending human review" in text
    assert "not yet named" in text
    assert "not yet set" in text
    for key, _, _ in render.PROVENANCE_CHECKS:
        assert f"references.md#{key.lower()}" in text


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
    "glossary.md",
    *(f"guide/{s}.md" for s in render.GUIDELINE_PAGES),
    "guide/antibodies-and-albumin.md",
]


@pytest.mark.parametrize("page", HAND_WRITTEN)
def test_numbers_written_in_prose_are_the_package_constants(page: str) -> None:
    text = re.sub(r"\[[A-Z]\d+\]|\b[A-Z]\d+\b", "", _prose(DOCS / page))
    numbers = {float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]*\d)", text)}
    assert numbers <= _clinical_numbers() | {1.0}, sorted(numbers - _clinical_numbers())
