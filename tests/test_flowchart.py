"""The decision flowchart: every row of the decision table drawn, described and titled."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from guideline import DECISION_RULES, Phase
from guideline.flowchart import PHASE_NAMES, flowchart_description, flowchart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _root() -> ET.Element:
    return ET.fromstring(flowchart_svg())


def test_every_row_of_the_decision_table_is_drawn_once() -> None:
    drawn = [
        rule_id
        for group in _root().iter(f"{SVG}g")
        if "data-rows" in group.attrib
        for rule_id in group.attrib["data-rows"].split()
    ]
    assert sorted(drawn) == sorted(DECISION_RULES)


def test_each_line_shows_its_row_numbers_and_its_conditions_on_hover() -> None:
    numbers = {rule_id: n for n, rule_id in enumerate(DECISION_RULES, start=1)}
    for group in _root().iter(f"{SVG}g"):
        if "data-rows" not in group.attrib:
            continue
        rows = group.attrib["data-rows"].split()
        first, last = numbers[rows[0]], numbers[rows[-1]]
        assert last - first == len(rows) - 1, rows
        shown = group.find(f"{SVG}text")
        assert shown is not None
        assert shown.text == (str(first) if first == last else f"{first}\u2013{last}")
        hover = group.find(f"{SVG}title")
        assert hover is not None
        assert hover.text is not None
        for rule_id in rows:
            assert DECISION_RULES[rule_id].when in hover.text


def test_the_description_names_every_row_and_every_phase() -> None:
    words = flowchart_description()
    mentioned = set()
    for start, end in re.findall(r"row (\d+)(?:\u2013(\d+))?", words):
        mentioned.update(range(int(start), int(end or start) + 1))
    assert mentioned == set(range(1, len(DECISION_RULES) + 1))
    for phase in Phase:
        assert PHASE_NAMES[phase] in words


def test_it_is_an_accessible_self_contained_picture() -> None:
    svg = flowchart_svg()
    root = _root()
    assert root.attrib["role"] == "img"
    labelled = root.attrib["aria-labelledby"].split()
    found = {element.attrib.get("id") for element in root.iter()}
    assert set(labelled) <= found
    assert root.find(f"{SVG}desc") is not None
    for forbidden in ("<script", "<image", "href=", "@import", "url("):
        assert forbidden not in svg
    assert svg == flowchart_svg()


def test_no_text_is_smaller_than_12_user_units() -> None:
    root = _root()
    default = float(root.attrib["font-size"])
    sizes = [float(t.attrib.get("font-size", default)) for t in root.iter(f"{SVG}text")]
    assert sizes
    assert min(sizes) >= 12
