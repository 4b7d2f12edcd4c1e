"""The statement and interpretation registers: complete, cited, traced to code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import guideline
from guideline import (
    INTERPRETATIONS,
    PARAMETER_RANGES,
    REFERENCES,
    STATEMENTS,
    Parameters,
    Role,
    Verification,
    _traceability,
    implementations,
)
from guideline import _parameters as constants

SPEC_CLAIMS = [
    "H1",
    "B1",
    "B2",
    "B3",
    "B4",
    "C1",
    "C2",
    "C3",
    "D1",
    "D2",
    "D3",
    "E1",
    "E2",
    "E3",
    "E4",
    "F1",
    "F2",
    "F3",
    "G1",
    "G2",
    "G3",
    "L1",
    "L2",
    "L3",
]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_every_claim_of_the_specification_is_in_the_register_once() -> None:
    claims = [statement.claim for statement in STATEMENTS.values()]
    assert sorted(claims) == sorted(SPEC_CLAIMS)


@pytest.mark.skipif(not (SHARED / "clinical/decisions.md").exists(), reason="no shared/ beside")
def test_the_claims_table_of_decisions_md_matches_the_register() -> None:
    text = (SHARED / "clinical/decisions.md").read_text()
    table_ids = re.findall(r"^\| ([A-Z]\d) \|", text, flags=re.MULTILINE)
    assert sorted(table_ids) == sorted(SPEC_CLAIMS)


@pytest.mark.parametrize("statement", STATEMENTS.values(), ids=list(STATEMENTS))
def test_statement_is_complete_and_cites_the_source(statement: guideline.Statement) -> None:
    assert statement.text.endswith(".")
    assert statement.citations[0].reference == "SOURCE"
    assert statement.source_refs
    assert all(citation.reference in REFERENCES for citation in statement.citations)


def test_no_statement_carries_a_grade_none_of_them_has() -> None:
    """KDIGO 2021's 1B grades the choice of initial therapy, not B1 (revision 2)."""
    assert [statement.id for statement in STATEMENTS.values() if statement.grade] == []
    related = [c for c in STATEMENTS["B1"].citations if c.reference == "KDIGO-2021"]
    assert related
    assert "not a grade for this statement" in related[0].note


def test_the_unidentified_relapse_figures_are_labelled_unverified() -> None:
    assert STATEMENTS["F1"].role is Role.EVIDENCE
    assert {c.verification for c in STATEMENTS["F1"].citations} == {Verification.UNVERIFIED}


def test_citing_an_unknown_reference_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reference"):
        guideline.Citation("NOWHERE-2020", Verification.READ)


@pytest.mark.parametrize(
    "statement",
    [s for s in STATEMENTS.values() if s.role in (Role.RULE, Role.MONITORING)],
    ids=lambda s: s.id,
)
def test_every_rule_and_monitoring_statement_is_implemented(
    statement: guideline.Statement,
) -> None:
    assert implementations().get(statement.id), f"{statement.id} has no implementing code"


@pytest.mark.parametrize("interpretation", list(INTERPRETATIONS.values()), ids=lambda i: i.id)
def test_every_reading_that_drives_code_is_implemented_and_no_other(
    interpretation: guideline.Interpretation,
) -> None:
    assert bool(implementations().get(interpretation.id)) is interpretation.drives_code


def test_implementations_name_real_functions() -> None:
    for paths in implementations().values():
        for path in paths:
            module, _, name = path.rpartition(".")
            assert hasattr(sys.modules[module], name), path


def test_implements_refuses_unknown_ids() -> None:
    from guideline._traceability import implements

    with pytest.raises(ValueError, match="known ids"):
        implements("Z9")
    with pytest.raises(ValueError, match="known ids"):
        implements()


def test_implements_records_each_function_under_each_of_its_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry = {id_: list(paths) for id_, paths in _traceability._REGISTRY.items()}
    monkeypatch.setattr(_traceability, "_REGISTRY", registry)
    unimplemented = "D12"
    assert unimplemented not in implementations()

    def rule() -> None: ...

    assert _traceability.implements("C1", unimplemented)(rule) is rule
    path = f"{__name__}.{rule.__qualname__}"
    found = implementations()
    assert found[unimplemented] == (path,)
    assert found["C1"][-1] == path
    assert path not in found["C2"]


def test_interpretations_are_the_specifications_then_our_additions() -> None:
    ids = list(INTERPRETATIONS)
    assert ids[:23] == [f"D{n}" for n in range(1, 24)]
    assert ids[23:26] == ["P1", "P2", "P8"]
    assert all(id_.startswith("A") for id_ in ids[26:])


@pytest.mark.parametrize("interpretation", INTERPRETATIONS.values(), ids=list(INTERPRETATIONS))
def test_interpretation_refers_to_known_statements_and_parameters(
    interpretation: guideline.Interpretation,
) -> None:
    assert interpretation.reading
    assert interpretation.reason
    assert set(interpretation.statements) <= set(STATEMENTS) | set(INTERPRETATIONS)
    for name in interpretation.parameters:
        assert name in PARAMETER_RANGES or hasattr(constants, name) or hasattr(guideline, name)


# Each constant's number must be the one its statement states.
CONSTANTS_IN_STATEMENTS = [
    ("MINIMUM_TRIAL_MONTHS", "B1", "6 months"),
    ("RESPONSE_CHECK_MONTHS", "B2", "4 to 6"),
    ("PARTIAL_REMISSION_TAPER_MONTHS", "B3", "12 months"),
    ("TAPER_STEP_MIN_WEEKS", "C1", "4 to 8 weeks"),
    ("TAPER_STEP_MAX_WEEKS", "C1", "4 to 8 weeks"),
    ("MAINTENANCE_MONTHS", "C2", "12 months"),
    ("STOP_WINDOW_OPENS_MONTHS", "H1", "12 to 24 months"),
    ("STOP_WINDOW_CLOSES_MONTHS", "H1", "12 to 24 months"),
    ("CREATININE_RISE_FRACTION", "E2", "20%"),
]


@pytest.mark.parametrize(("name", "statement", "phrase"), CONSTANTS_IN_STATEMENTS)
def test_constant_matches_its_statement(name: str, statement: str, phrase: str) -> None:
    value = getattr(constants, name)
    assert phrase in STATEMENTS[statement].text
    shown = f"{value:.0%}" if isinstance(value, float) else str(value)
    assert shown in phrase


def test_nonresponse_range_matches_b2() -> None:
    low, high = PARAMETER_RANGES["nonresponse_threshold"]
    assert f"{low:.0%}"[:-1] in STATEMENTS["B2"].text
    assert f"{high:.0%}" in STATEMENTS["B2"].text
    assert Parameters().nonresponse_threshold == low


OVERLAP = SHARED / "scripts/source_overlap.py"


@pytest.mark.skipif(not OVERLAP.exists(), reason="no shared/ beside the repo")
def test_no_sentence_is_copied_from_the_source_article() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, str(OVERLAP), str(root)], capture_output=True, text=True, check=True
    )
    assert result.stdout == ""
