"""The SVG timeline: well-formed, accessible, causal, deterministic, drawn from the plan."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    CourseError,
    Phase,
    Proteinuria,
    ProteinuriaUnit,
    StopReason,
    plan,
)
from guideline.examples import (
    WORKED_CASES,
    complete_responder,
    dependence,
    partial_responder,
)
from guideline.strategies import courses, evaluation_dates, parameters, with_markers
from guideline.timeline import _time_ticks, _TimeAxis, timeline_description, timeline_svg

from .builders import G, complete_remission_at, course, days, months

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
CASES = [(name, on) for name, case in WORKED_CASES.items() for on in case.dates]
CASE_IDS = [f"{name}-{on}" for name, on in CASES]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in e.get("class", "").split()]


def lane(root: ET.Element, key: str) -> ET.Element:
    (found,) = [e for e in root.iter(f"{SVG}g") if e.get("class") == f"lane {key}"]
    return found


def texts(element: ET.Element) -> str:
    return " ".join(t.text or "" for t in element.iter() if t.tag in (f"{SVG}text", f"{SVG}title"))


def point_dates(root: ET.Element) -> list[str]:
    """The date each drawn proteinuria point names in its own title."""
    return [
        point.findtext(f"{SVG}title", "").split(":")[0]
        for point in by_class(root, "proteinuria-point")
    ]


def check_picture(svg: str) -> ET.Element:
    """Well-formed, with the parts an accessible image needs."""
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert len(root.get("viewBox", "").split()) == 4
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert title.text
    assert desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return root


# --- the worked cases ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_every_worked_case_draws_at_each_of_its_dates(name: str, on: date) -> None:
    case = WORKED_CASES[name].course
    root = check_picture(timeline_svg(case, on))
    expected = [p.on.isoformat() for p in case.proteinuria if p.on <= on]
    assert point_dates(root) == expected


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_every_worked_case_shows_its_stop_window_when_the_plan_knows_it(
    name: str, on: date
) -> None:
    case = WORKED_CASES[name].course
    laid_out = plan(case, on)
    root = parse(timeline_svg(case, on))
    shown = lane(root, "stop-window")
    bars = by_class(shown, "window")
    if (
        laid_out.stop_window is not None
        and laid_out.stop_window.opens <= laid_out.stop_window.closes
    ):
        assert len(bars) == 1
        assert laid_out.stop_window.opens.isoformat() in texts(shown)
        assert laid_out.stop_window.closes.isoformat() in texts(shown)
    elif laid_out.phase is not Phase.OFF_THERAPY:
        assert bars == []
    other = laid_out.stop_window_from_start
    assert f"{other.opens} to {other.closes}" in texts(lane(root, "stop-window-from-start"))


def test_the_stop_window_bar_starts_and_ends_on_its_dates() -> None:
    case, on = complete_responder(), date(2025, 12, 1)
    window = plan(case, on).stop_window
    assert window is not None
    root = parse(timeline_svg(case, on))
    (bar,) = by_class(lane(root, "stop-window"), "window")
    (maintenance,) = by_class(lane(root, "maintenance"), "window")
    # The maintenance ends where the stop window opens (2026-09-01 for this case).
    assert window.opens == plan(case, on).maintenance_end
    end_of_maintenance = float(maintenance.get("x", "")) + float(maintenance.get("width", ""))
    assert float(bar.get("x", "")) == pytest.approx(end_of_maintenance, abs=0.11)
    # One year of maintenance is wider than the 9.6 months of the window.
    assert float(bar.get("width", "")) < float(maintenance.get("width", ""))


def test_windows_of_a_stopped_course_are_those_planned_the_day_before_the_stop() -> None:
    case, on = complete_responder(), date(2026, 12, 1)
    assert plan(case, on).stop_window is None
    (stop,) = case.discontinuations
    before = plan(case, stop.on - timedelta(days=1))
    assert before.stop_window is not None
    root = parse(timeline_svg(case, on))
    shown = texts(lane(root, "stop-window"))
    assert f"{before.stop_window.opens} to {before.stop_window.closes}" in shown
    assert f"as planned on {stop.on - timedelta(days=1)}" in timeline_description(case, on)


def test_markers_name_remission_relapse_stop_restart_and_the_evaluation_date() -> None:
    case, on = dependence(), date(2027, 12, 15)
    root = parse(timeline_svg(case, on))
    labels = [texts(marker) for marker in by_class(root, "marker")]
    assert [label.split()[-1] for label in labels] == [
        "Start",
        "Remission",
        "Stop",
        "Relapse",
        "Restart",
        "Remission",
        "Relapse",
        "Evaluated",
    ]
    (restart,) = case.restarts
    assert any(restart.on.isoformat() in label for label in labels)
    assert any(on.isoformat() in label for label in labels)


def test_the_remission_marker_is_the_plans_remission() -> None:
    case, on = complete_responder(), date(2025, 12, 1)
    remission = plan(case, on).remission
    assert remission is not None
    root = parse(timeline_svg(case, on))
    names = [marker.findtext(f"{SVG}title", "") for marker in by_class(root, "marker")]
    assert f"Remission confirmed {remission.confirmed} (complete)" in names


# --- causality ------------------------------------------------------------------------


def test_observations_after_the_evaluation_date_are_not_drawn() -> None:
    case, on = complete_responder(), date(2025, 5, 1)
    later = [p.on.isoformat() for p in case.proteinuria if p.on > on]
    assert later
    root = parse(timeline_svg(case, on))
    assert point_dates(root) == ["2025-01-10", "2025-03-15"]
    assert not set(later) & set(point_dates(root))


def test_entries_after_the_evaluation_date_change_nothing() -> None:
    case, on = dependence(), date(2027, 4, 1)
    assert timeline_svg(case, on) == timeline_svg(case.as_of(on), on)


def test_an_observation_on_the_evaluation_date_is_drawn() -> None:
    case = complete_responder()
    on = case.proteinuria[2].on
    assert point_dates(parse(timeline_svg(case, on)))[-1] == on.isoformat()


def test_an_evaluation_date_before_the_start_is_refused() -> None:
    case = complete_responder()
    with pytest.raises(CourseError):
        timeline_svg(case, case.start - timedelta(days=1))


# --- determinism, escaping, self-containment -------------------------------------------


def test_same_input_same_string() -> None:
    case, on = dependence(), date(2027, 9, 25)
    assert timeline_svg(case, on) == timeline_svg(dependence(), on)


def test_same_string_in_fresh_interpreters_with_different_hash_seeds() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from datetime import date; "
        "from guideline.examples import dependence; from guideline.timeline import timeline_svg; "
        "sys.stdout.write(timeline_svg(dependence(), date(2027, 12, 15)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert outputs == {timeline_svg(dependence(), date(2027, 12, 15))}


def test_two_pictures_on_one_page_do_not_share_ids() -> None:
    case = complete_responder()
    first = parse(timeline_svg(case, date(2025, 12, 1)))
    second = parse(timeline_svg(case, date(2026, 9, 10)))
    ids = [{e.get("id") for e in root.iter() if e.get("id")} for root in (first, second)]
    assert ids[0]
    assert not ids[0] & ids[1]


def test_every_internal_reference_points_at_an_element_of_the_picture() -> None:
    root = parse(timeline_svg(complete_responder(), date(2025, 12, 1)))
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    refs = [
        m for e in root.iter() for v in e.attrib.values() for m in re.findall(r"url\((.*?)\)", v)
    ]
    assert refs
    assert {ref.removeprefix("#") for ref in refs} <= ids
    assert all(ref.startswith("#") for ref in refs)


@pytest.mark.parametrize(("name", "on"), CASES[:3], ids=CASE_IDS[:3])
def test_nothing_is_fetched_or_run(name: str, on: date) -> None:
    svg = timeline_svg(WORKED_CASES[name].course, on)
    root = parse(svg)
    tags = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert not tags & {"script", "image", "use", "a", "foreignObject", "style", "iframe"}
    attributes = {name for e in root.iter() for name in e.attrib}
    assert not [a for a in attributes if "href" in a or a.startswith("on")]
    assert svg.count("http") == 1  # the SVG namespace, which is a name, never fetched
    assert "@import" not in svg
    assert "@font-face" not in svg
    assert "sans-serif" in root.get("font-family", "")


def test_title_is_escaped_and_any_text_gives_well_formed_xml() -> None:
    title = 'Dose <4> & "trough" \x00\x1f\ud800 end'
    root = check_picture(timeline_svg(complete_responder(), date(2025, 12, 1), title=title))
    assert root.findtext(f"{SVG}title") == 'Dose <4> & "trough" \ufffd\ufffd\ufffd end'


@pytest.mark.parametrize("title", [None, "", " \n"])
def test_default_title_names_the_agent_and_the_date(title: str | None) -> None:
    root = parse(timeline_svg(partial_responder(), date(2025, 10, 1), title=title))
    assert root.findtext(f"{SVG}title") == "Cyclosporine course as known on 2025-10-01"


# --- accessibility --------------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_luminance_matches_known_contrasts() -> None:
    assert contrast_on_white("#000000") == pytest.approx(21)
    assert contrast_on_white("#ffffff") == pytest.approx(1)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_text_is_dark_enough_on_white_for_wcag_aa(name: str, on: date) -> None:
    root = parse(timeline_svg(WORKED_CASES[name].course, on))
    default = root.get("fill", "")
    colours = {t.get("fill", default) for t in root.iter(f"{SVG}text")}
    assert colours
    assert all(contrast_on_white(c) >= 4.5 for c in colours), colours


def test_lines_that_carry_data_have_3_to_1_contrast_and_differ_in_dash() -> None:
    root = parse(timeline_svg(dependence(), date(2027, 12, 15)))
    drawn = [*by_class(root, "proteinuria"), *by_class(root, "dose"), *by_class(root, "marker")]
    strokes = {e.get("stroke") for g in drawn for e in g.iter() if e.tag == f"{SVG}path"}
    strokes |= {e.get("stroke") for g in drawn for e in g.iter(f"{SVG}line")}
    assert all(contrast_on_white(s) >= 3 for s in strokes if s), strokes
    dose_dash = {e.get("stroke-dasharray") for e in by_class(root, "dose")[0].iter(f"{SVG}path")}
    protein_dash = {
        e.get("stroke-dasharray") for e in by_class(root, "proteinuria")[0].iter(f"{SVG}path")
    }
    assert dose_dash != protein_dash


def test_description_says_what_the_picture_shows_with_dates() -> None:
    case, on = complete_responder(), date(2025, 12, 1)
    laid_out = plan(case, on)
    words = timeline_description(case, on)
    assert parse(timeline_svg(case, on)).findtext(f"{SVG}desc") == words
    assert laid_out.remission is not None
    assert laid_out.stop_window is not None
    for day in (
        laid_out.response_check.opens,
        laid_out.response_check.closes,
        laid_out.remission.confirmed,
        laid_out.reduced_dose_reached,
        laid_out.maintenance_end,
        laid_out.stop_window.opens,
        laid_out.stop_window.closes,
        laid_out.stop_window_from_start.opens,
    ):
        assert day is not None
        assert day.isoformat() in words
    for name in ("Response check", "Taper", "Maintenance", "Stop window from remission"):
        assert f"{name}: " in words
    assert "phase: maintenance" in words
    assert "7 proteinuria values" in words


# --- the other branches of the plan ----------------------------------------------------


def test_a_course_in_g_per_g_draws_squares_and_says_so() -> None:
    case = complete_responder()
    upcr = replace(
        case,
        proteinuria=tuple(
            Proteinuria(p.on, p.value, ProteinuriaUnit.UPCR_G_PER_G) for p in case.proteinuria
        ),
    )
    root = parse(timeline_svg(upcr, date(2025, 12, 1)))
    points = by_class(root, "proteinuria-point")
    assert {p.tag for p in points} == {f"{SVG}rect"}
    assert "Proteinuria (g/g)" in texts(root)


def test_ratios_in_mg_per_mmol_are_drawn_in_g_per_g() -> None:
    case = complete_responder()
    in_mmol = replace(
        case,
        proteinuria=tuple(
            Proteinuria(p.on, p.value * 113.12, ProteinuriaUnit.UPCR_MG_PER_MMOL)
            for p in case.proteinuria
        ),
    )
    on = date(2025, 12, 1)
    upcr = replace(
        case,
        proteinuria=tuple(
            Proteinuria(p.on, p.value, ProteinuriaUnit.UPCR_G_PER_G) for p in case.proteinuria
        ),
    )
    drawn = [p.attrib for p in by_class(parse(timeline_svg(in_mmol, on)), "proteinuria-point")]
    same = [p.attrib for p in by_class(parse(timeline_svg(upcr, on)), "proteinuria-point")]
    assert [(a["x"], a["y"]) for a in drawn] == [(a["x"], a["y"]) for a in same]
    assert "Proteinuria (g/g)" in texts(parse(timeline_svg(in_mmol, on)))


def test_an_awaited_taper_is_a_point_and_a_taper_in_progress_a_bar() -> None:
    case = partial_responder()
    waiting = parse(timeline_svg(case, date(2025, 10, 1)))
    assert by_class(lane(waiting, "taper"), "window") == []
    assert len(by_class(lane(waiting, "taper"), "point")) == 1
    assert "may start from 2026-03-01" in texts(lane(waiting, "taper"))
    stepping = parse(timeline_svg(case, date(2026, 3, 20)))
    assert len(by_class(lane(stepping, "taper"), "window")) == 1
    assert "reduced dose not reached on 2026-03-20" in texts(lane(stepping, "taper"))
    assert "next step to 100 mg/day" in texts(lane(stepping, "taper"))


def test_a_dose_already_reduced_before_the_taper_could_start() -> None:
    early = course(
        proteinuria=complete_remission_at(3),
        adjustments=[(months(1), 2.0)],
        troughs=[(months(1), 6.0)],
    )
    on = months(8)
    laid_out = plan(early, on)
    assert laid_out.reduced_dose_reached is not None
    assert laid_out.earliest_taper_start is not None
    assert laid_out.reduced_dose_reached < laid_out.earliest_taper_start
    root = parse(timeline_svg(early, on))
    assert by_class(lane(root, "taper"), "window") == []
    assert "before the earliest taper date" in texts(lane(root, "taper"))


def test_an_empty_stop_window_is_named_not_drawn() -> None:
    late = course(
        proteinuria=[*complete_remission_at(6), (months(19), 0.2)],
        doses=[(months(20), 2.0)],
    )
    on = months(21)
    window = plan(late, on).stop_window
    assert window is not None
    assert window.opens > window.closes
    root = parse(timeline_svg(late, on))
    assert by_class(lane(root, "stop-window"), "window") == []
    assert "empty: maintenance ends" in texts(lane(root, "stop-window"))


def test_remission_without_the_reduced_dose_says_what_is_missing() -> None:
    root = parse(timeline_svg(complete_responder(), date(2025, 7, 20)))
    assert "the reduced dose is not reached" in texts(lane(root, "maintenance"))
    assert "known once the reduced dose is reached" in texts(lane(root, "stop-window"))


def test_a_window_past_the_end_of_the_axis_is_cut_with_an_arrow() -> None:
    root = parse(timeline_svg(partial_responder(), date(2025, 10, 1)))
    other = lane(root, "stop-window-from-start")
    assert len(by_class(other, "window")) == 1
    arrows = [p for p in other.iter(f"{SVG}path") if "continues" in p.findtext(f"{SVG}title", "")]
    assert len(arrows) == 1


def test_a_window_wholly_after_the_axis_has_no_bar() -> None:
    root = parse(timeline_svg(complete_responder(), date(2025, 2, 1)))
    assert by_class(lane(root, "stop-window-from-start"), "window") == []
    assert "2026-01-15 to 2027-01-15" in texts(lane(root, "stop-window-from-start"))


def test_a_long_course_has_sparser_ticks_and_the_dose_breaks_while_stopped() -> None:
    long = course(
        proteinuria=[(months(n), 2.0 if n < 40 else 0.2) for n in range(1, 80, 3)],
        stops=[(months(20), StopReason.OTHER)],
        restarts=[(months(30), 4.0)],
    )
    root = parse(timeline_svg(long, months(80)))
    ticks = [t.text for t in by_class(root, "time-axis")[0].iter(f"{SVG}text")]
    assert 7 <= len(ticks) <= 10
    assert ticks[0] == "Jan 2025"
    assert len(list(by_class(root, "dose")[0].iter(f"{SVG}path"))) == 2


@pytest.mark.parametrize(
    "baseline", [date(1925, 1, 10), date(1900, 1, 1)], ids=["mistyped-1925", "earliest-1900"]
)
def test_timeline_with_an_axis_over_80_years_draws(baseline: date) -> None:
    case, on = complete_responder(), date(2025, 12, 1)
    early = replace(case, proteinuria=(Proteinuria(baseline, 6.0, G), *case.proteinuria))
    root = check_picture(timeline_svg(early, on))
    ticks = [t.text or "" for t in by_class(root, "time-axis")[0].iter(f"{SVG}text")]
    assert 2 <= len(ticks) <= 10
    assert ticks[0] == f"Jan {baseline.year}"
    assert point_dates(root)[0] == baseline.isoformat()


@pytest.mark.parametrize(
    ("span", "every"),
    [
        pytest.param(9, 1, id="9-months-monthly"),
        pytest.param(10, 2, id="10-months-every-2"),
        pytest.param(108, 12, id="9-years-yearly"),
        pytest.param(109, 24, id="just-over-9-years-every-2-years"),
        pytest.param(540, 60, id="45-years-every-5-years"),
        pytest.param(541, 120, id="just-over-45-years-every-10-years"),
        pytest.param(1080, 120, id="90-years-every-10-years"),
        pytest.param(1081, 240, id="just-over-90-years-every-20-years"),
        pytest.param(2160, 240, id="180-years-every-20-years"),
        pytest.param(2161, 600, id="just-over-180-years-every-50-years"),
    ],
)
def test_time_ticks_come_at_a_round_step_with_at_most_10_ticks(span: int, every: int) -> None:
    first = date(1900, 1, 1)
    drawn = parse(
        f'<svg xmlns="http://www.w3.org/2000/svg">'
        f"{_time_ticks(_TimeAxis(first, months(span, first)), 40.0, 200.0)}</svg>"
    )
    labels = [t.text or "" for t in drawn.iter(f"{SVG}text")]
    assert len(labels) == span // every + 1 <= 10
    expected = [months(n, first) for n in range(0, span + 1, every)]
    assert [label.split(" ")[0] for label in labels] == [MONTHS[d.month - 1] for d in expected]


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_the_first_tick_of_each_year_names_the_year(name: str, on: date) -> None:
    root = parse(timeline_svg(WORKED_CASES[name].course, on))
    labels = [t.text or "" for t in by_class(root, "time-axis")[0].iter(f"{SVG}text")]
    previous = None
    for label in labels:
        month, _, year = label.partition(" ")
        new_year = previous is None or MONTHS.index(month) <= MONTHS.index(previous)
        assert bool(year) == new_year, labels
        previous = month


def test_a_stop_on_the_evaluation_date_ends_the_dose_line_there() -> None:
    stopped = course(proteinuria=complete_remission_at(6), stops=[(days(200), StopReason.OTHER)])
    root = parse(timeline_svg(stopped, days(200)))
    assert len(list(by_class(root, "dose")[0].iter(f"{SVG}path"))) == 1


# --- anti-PLA2R titres and serum albumin (D22, D23) ----------------------------------------


def marker_points(root: ET.Element, key: str) -> list[tuple[str, bool]]:
    """Each point of a marker lane: what its title says, and whether it is drawn filled."""
    (found,) = [e for e in root.iter(f"{SVG}g") if e.get("class") == f"lane marker-lane {key}"]
    return [
        (point.findtext(f"{SVG}title", ""), "flagged" in point.get("class", "").split())
        for point in by_class(found, "marker-point")
    ]


def test_titres_are_drawn_against_their_own_cutoff_and_albumin_against_35() -> None:
    on = date(2026, 11, 5)
    case = WORKED_CASES["titre_positive_at_the_stop_window"].course
    root = check_picture(timeline_svg(case, on))
    titres = sorted(marker_points(root, "pla2r"))
    assert titres[0] == ("2025-01-20: 240 RU/mL, at or above the cut-off 20", True)
    assert ("2026-11-01: 12 RU/mL, below the cut-off 20", False) in titres
    assert len(titres) == len(case.pla2r)
    assert sorted(marker_points(root, "albumin")) == [
        ("2025-01-20: 2.4 g/dL (low)", True),
        ("2025-07-10: 3.9 g/dL", False),
    ]
    words = timeline_description(case, on)
    assert "Anti-PLA2R titre, RU/mL: filled at or above the laboratory's cut-off" in words
    assert "Serum albumin: filled at or below 35 g/L (3.5 g/dL), open above" in words
    assert "12" in texts(by_class(root, "pla2r")[0])  # the latest value is always written


def test_a_titre_after_the_evaluation_date_is_not_drawn() -> None:
    case = WORKED_CASES["titre_back_before_relapse"].course
    before = parse(timeline_svg(case, date(2027, 1, 14)))
    assert ("2027-01-15: 45 RU/mL, at or above the cut-off 20", True) not in marker_points(
        before, "pla2r"
    )
    assert not by_class(before, "albumin")


def test_a_negative_baseline_titre_is_drawn_and_said_to_be_set_aside() -> None:
    negative = course(pla2r=[(days(-5), 1.0, 20.0), (months(2), 30.0, 20.0)])
    words = timeline_description(negative, months(2))
    assert "Anti-PLA2R titre, RU/mL: negative at baseline, so not used by the rules" in words


def test_without_titres_or_albumin_there_is_no_marker_lane_and_an_early_titre_widens_the_axis() -> (
    None
):
    bare = course(proteinuria=complete_remission_at(6))
    assert not by_class(parse(timeline_svg(bare, months(7))), "marker-lanes")
    early = replace(bare, pla2r=course(pla2r=[(days(-400), 50.0, 20.0)]).pla2r)
    labels = texts(by_class(parse(timeline_svg(early, months(7))), "time-axis")[0])
    assert str(days(-400).year) in labels


# --- generated courses ------------------------------------------------------------------


@st.composite
def evaluated(draw: st.DrawFn) -> tuple:
    case = draw(courses())
    return case, draw(evaluation_dates(case)), draw(parameters())


@pytest.mark.properties
@given(evaluated(), st.none() | st.text(max_size=40))
def test_any_course_gives_a_well_formed_accessible_picture(case: tuple, title: str | None) -> None:
    generated, on, params = case
    svg = timeline_svg(generated, on, params, title=title)
    root = check_picture(svg)
    assert point_dates(root) == [p.on.isoformat() for p in generated.proteinuria if p.on <= on]
    assert svg == timeline_svg(generated.as_of(on), on, params, title=title)


@pytest.mark.properties
@given(st.data())
def test_any_course_with_titres_and_albumin_gives_a_well_formed_causal_picture(
    data: st.DataObject,
) -> None:
    marked = data.draw(courses().flatmap(with_markers))
    on = data.draw(evaluation_dates(marked))
    svg = timeline_svg(marked, on)
    root = check_picture(svg)
    assert svg == timeline_svg(marked.as_of(on), on)
    for key, series in (("pla2r", marked.pla2r), ("albumin", marked.albumin)):
        known = [entry for entry in series if entry.on <= on]
        assert len(marker_points(root, key) if known else []) == len(known)
