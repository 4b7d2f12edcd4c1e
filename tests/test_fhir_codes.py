"""The site's FHIR page lists every code of the default mapping, with its units and source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guideline.fhir import DEFAULT_MAPPING, LOINC, RXNORM

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "fhir.md").read_text()


def section(title: str) -> str:
    """The text of a ``###`` section of the page, up to the next heading."""
    start = PAGE.index(f"### {title}")
    following = re.search(r"^#{2,3} ", PAGE[start + 4 :], re.MULTILINE)
    return PAGE[start : start + 4 + following.start()] if following else PAGE[start:]


def rows(title: str) -> dict[str, list[str]]:
    """The rows of the table in a section, by their first cell."""
    table: dict[str, list[str]] = {}
    for line in section(title).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] not in ("code", "---"):
            assert cells[0] not in table, cells[0]
            table[cells[0]] = cells[1:]
    return table


SOURCES = dict(re.findall(r"^- \*\*(.+?)\*\*: (.+)$", section("Sources"), re.MULTILINE))
LOINC_ROWS = rows("LOINC")
RXNORM_ROWS = rows("RxNorm")
UCUM_ROWS = rows("UCUM")


@pytest.mark.parametrize("code", DEFAULT_MAPPING.observations, ids=lambda c: c.code)
def test_every_laboratory_code_is_in_the_table_with_its_units_and_source(code: object) -> None:
    from guideline.fhir import ObservationCode

    assert isinstance(code, ObservationCode)
    assert code.system == LOINC
    display, series, units, source = LOINC_ROWS[code.code]
    assert display == code.display
    assert series.split(" ")[0] == code.series
    assert (f"({code.agent})" in series) is (code.agent is not None)
    assert units.split(", ") == list(code.units)
    assert SOURCES[source] == code.source


@pytest.mark.parametrize("code", DEFAULT_MAPPING.medications, ids=lambda c: c.code)
def test_every_medication_code_is_in_the_table_with_its_source(code: object) -> None:
    from guideline.fhir import MedicationCode

    assert isinstance(code, MedicationCode)
    assert code.system == RXNORM
    display, agent, source = RXNORM_ROWS[code.code]
    assert (display, agent) == (code.display, code.agent)
    assert SOURCES[source] == code.source


def test_the_tables_list_no_code_the_mapping_does_not_hold() -> None:
    assert set(LOINC_ROWS) == {code.code for code in DEFAULT_MAPPING.observations}
    assert set(RXNORM_ROWS) == {code.code for code in DEFAULT_MAPPING.medications}


def test_every_unit_read_is_in_the_unit_table() -> None:
    read = {unit for code in DEFAULT_MAPPING.observations for unit in code.units} | {"mg", "mg/d"}
    assert set(UCUM_ROWS) == read
    assert all(cells[-1].isdigit() for cells in UCUM_ROWS.values())


def test_every_source_named_is_listed() -> None:
    named = {cells[-1] for cells in [*LOINC_ROWS.values(), *RXNORM_ROWS.values()]}
    assert named == set(SOURCES)
