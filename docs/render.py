"""Markdown for the site, rendered at build time from the package's own data.

The pages call these functions from markdown-exec blocks, so every table,
citation and example output on the site comes from the code the tests check.
Nothing here decides anything clinical: it only formats what ``guideline``
returns. ``docs/hooks.py`` puts this file on the import path.
"""

from __future__ import annotations

import importlib
import inspect
import json
import posixpath
import textwrap
from collections.abc import Iterable
from pathlib import Path

from guideline import (
    ALERT_RULES,
    CONTENT_REVIEWED,
    DECISION_RULES,
    DEFAULTS,
    INTERPRETATIONS,
    INVARIANTS,
    PARAMETER_RANGES,
    REFERENCES,
    SOURCE_UPDATED,
    STATEMENTS,
    Alert,
    Citation,
    CourseError,
    DecisionRule,
    Phase,
    Role,
    Statement,
    Verification,
    __version__,
    _albumin,
    _antibodies,
    audit,
    implementations,
    json_schema,
    plan,
    recommend,
    to_json,
)
from guideline._parameters import (
    CREATININE_CUT_ABOVE,
    NEPHROTIC_LEVEL,
    PROMPT_REVIEW_WEEKS,
    SOON_REVIEW_WEEKS,
    STEADY_REVIEW_MONTHS,
    TRIAL_BOUND_MONTHS,
)
from guideline._vocabulary import ACTION_TITLES, ALERT_TEXTS
from guideline.examples import REVISION_2, WORKED_CASES
from guideline.timeline import timeline_svg

ROOT = Path(__file__).resolve().parent.parent
INVARIANT_TESTS = json.loads((ROOT / "tests" / "invariant_tests.json").read_text())
STATEMENT_TESTS = json.loads((ROOT / "tests" / "statement_tests.json").read_text())

GUIDELINE_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "initial-trial": ("Initial trial and response", ("B1", "B2", "B4", "R1")),
    "remission-and-taper": ("Remission and taper", ("B3", "C1")),
    "maintenance-and-stopping": (
        "Maintenance and stopping",
        ("H1", "C2", "C3", "R2", "R3", "L1"),
    ),
    "monitoring-and-safety": ("Monitoring and safety", ("E1", "E2", "E3", "E4")),
    "relapse-and-dependence": ("Relapse and dependence", ("F1", "F2", "F3", "L2", "L3")),
    "special-situations": ("Special situations", ("G1", "G2", "G3")),
}
"""Each guideline page: its title and the statements it presents, in order."""

VERIFICATION_LABELS = {
    Verification.READ: "checked in the work itself",
    Verification.SECONDARY: "checked through a review that cites it",
    Verification.UNVERIFIED: "not verified",
}


def statement_page(statement_id: str) -> str:
    """The docs path of the guideline page that presents a statement."""
    for slug, (_, ids) in GUIDELINE_PAGES.items():
        if statement_id in ids:
            return f"guide/{slug}.md"
    raise KeyError(statement_id)


def link(target: str, page: str) -> str:
    """A relative link from docs page ``page`` to docs path ``target`` (with #anchor)."""
    path, _, anchor = target.partition("#")
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return relative + (f"#{anchor}" if anchor else "")


def ref_link(id_: str, page: str) -> str:
    """A link to a statement or an interpretation, wherever it is presented."""
    if id_ in STATEMENTS:
        return f"[{id_}]({link(f'{statement_page(id_)}#{id_.lower()}', page)})"
    return f"[{id_}]({link(f'interpretations.md#{id_.lower()}', page)})"


def ref_links(ids: Iterable[str], page: str) -> str:
    """Links to several statements or interpretations, comma-separated."""
    return ", ".join(ref_link(id_, page) for id_ in ids)


def citation_text(citation: Citation, page: str) -> str:
    """One citation: the work, where in it, and how far it was checked."""
    work = REFERENCES[citation.reference]
    where = f", {citation.locator}" if citation.locator else ""
    target = link(f"references.md#{citation.reference.lower()}", page)
    label = VERIFICATION_LABELS[citation.verification]
    note = f" {citation.note}" if citation.note else ""
    return f"[{work.label}]({target}){where} — *{label}*.{note}"


def tests_for(statement_id: str) -> tuple[list[str], list[str]]:
    """The invariants guarding a statement, and every test that checks it."""
    invariants = [id_ for id_, inv in INVARIANTS.items() if statement_id in inv.statements]
    tests = set(STATEMENT_TESTS[statement_id])
    for id_ in invariants:
        tests.update(INVARIANT_TESTS[id_]["tests"])
    return invariants, sorted(tests)


def source_of(path: str) -> str:
    """The source code of a function named by its dotted path."""
    module, _, name = path.rpartition(".")
    return textwrap.dedent(inspect.getsource(getattr(importlib.import_module(module), name)))


def indent(text: str, prefix: str = "    ") -> str:
    """Indent every non-empty line (for admonition bodies)."""
    return textwrap.indent(text, prefix)


def statement_block(statement: Statement, page: str) -> str:
    """One statement: the restatement, citations, readings, code, invariants and tests."""
    lines = [
        f"### {statement.id} · {statement.role.value} {{#{statement.id.lower()}}}",
        "",
        f"> {statement.text}",
        "",
        f"**From the source's section:** {statement.section.value}.",
        "",
        "**Cited:**",
        "",
        *(f"- {citation_text(c, page)}" for c in statement.citations),
        "",
        "**Evidence grade:** "
        + (
            statement.grade
            if statement.grade
            else "none stated by the source or checked in the guideline; none is given here."
        ),
        "",
    ]
    readings = [i for i in INTERPRETATIONS.values() if statement.id in i.statements]
    if readings:
        lines += ["**How the package reads it:**", ""]
        for reading in readings:
            params = ", ".join(f"`{p}`" for p in reading.parameters)
            exposed = f" Exposed as {params}." if params else ""
            lines.append(
                f"- {ref_link(reading.id, page)} *{reading.title}*: {reading.reading}{exposed}"
            )
        lines.append("")
    code = implementations().get(statement.id, ())
    if code:
        lines += ["**Implemented by:**", ""]
        for path in code:
            lines += [
                f'??? abstract "`{path}`"',
                "",
                indent("```python\n" + source_of(path) + "```"),
                "",
            ]
    elif statement.role in (Role.RULE, Role.MONITORING):
        raise RuntimeError(f"{statement.id} is a {statement.role} statement with no code")
    else:
        lines += [f"*A {statement.role.value} statement: shown here, it drives no decision.*", ""]
    invariants, tests = tests_for(statement.id)
    if invariants:
        lines += ["**Guarded by the invariants:**", ""]
        lines += [f"- `{id_}`: {INVARIANTS[id_].description}" for id_ in invariants]
        lines.append("")
    if tests:
        lines += [
            f'??? success "Checked by {len(tests)} test{"s" if len(tests) > 1 else ""}"',
            "",
            *(indent(f"- `{test}`") for test in tests),
            "",
        ]
    return "\n".join(lines)


MARKER_ALERTS = (
    Alert.ANTIBODY_POSITIVE_AT_STOP,
    Alert.ANTIBODY_REAPPEARED,
    Alert.LOW_ALBUMIN_IN_REMISSION,
)
"""The alerts of the optional markers (D22, D23), shown on the page "Antibodies and albumin"."""

MARKER_CASES = ("titre_positive_at_the_stop_window", "titre_back_before_relapse")
"""The worked cases that show the markers."""


def marker_rules(page: str = "guide/antibodies-and-albumin.md") -> str:
    """The alert rows of the markers: when each is raised, what it says, what it rests on."""
    lines = ["| Alert | When | Shown to the clinician as | Rests on |", "|---|---|---|---|"]
    for alert in MARKER_ALERTS:
        rule = ALERT_RULES[alert]
        lines.append(
            f"| `{alert.value}` | {rule.when} | {ALERT_TEXTS[alert]} | "
            f"{ref_links(rule.statements, page)} |"
        )
    return "\n".join(lines)


def marker_evidence(page: str = "guide/antibodies-and-albumin.md") -> str:
    """The works the marker rules rest on, each with how far it was checked, as a list."""
    return "\n".join(
        f"- \\[{citation.verification.value}\\] {citation_text(citation, page)}"
        for citation in (*_antibodies.EVIDENCE, *_albumin.EVIDENCE)
    )


def marker_cases(page: str = "guide/antibodies-and-albumin.md") -> str:
    """The worked cases that show the markers, with what each shows."""
    lines = []
    for name in MARKER_CASES:
        case = WORKED_CASES[name]
        target = link(f"cases/{name.replace('_', '-')}.md", page)
        lines.append(f"- [{case.title}]({target}): {case.summary}")
    return "\n".join(lines)


def guideline_page(slug: str) -> str:
    """Every statement of one guideline page."""
    page = f"guide/{slug}.md"
    _, ids = GUIDELINE_PAGES[slug]
    return "\n\n".join(statement_block(STATEMENTS[id_], page) for id_ in ids)


def decision_table(page: str = "decision-table.md") -> str:
    """Every row of ``recommend``'s decision table: first on the CNI, then by phase, then alerts."""
    lines = []
    groups: list[tuple[str, str, list[DecisionRule]]] = [
        (
            "On the CNI, before the phase's own rows",
            "on-the-cni",
            [rule for rule in DECISION_RULES.values() if rule.phase is None],
        ),
        *(
            (
                phase.value.replace("_", " ").capitalize(),
                phase.value,
                [rule for rule in DECISION_RULES.values() if rule.phase is phase],
            )
            for phase in Phase
        ),
    ]
    for title, anchor, rows in groups:
        lines += [
            f"## {title} {{#{anchor}}}",
            "",
            "| Row | When | Action | Alerts it raises | Rests on |",
            "|---|---|---|---|---|",
        ]
        for index, rule in enumerate(rows):
            alerts = ", ".join(f"`{a.value}`" for a in rule.alerts) or "—"
            when = (
                _read_in_order(index, len(rows), rule.when)
                if rule.phase is not None
                else ("If " if index == 0 else "Otherwise, if ")
                + rule.when[:1].lower()
                + rule.when[1:]
            )
            lines.append(
                f"| `{rule.id}` | {when} | "
                f"**{ACTION_TITLES[rule.action]}** "
                f"(`{rule.action.value}`) | {alerts} | {ref_links(rule.statements, page)} |"
            )
        lines.append("")
    lines += [
        "## Alerts {#alerts}",
        "",
        "Alerts come on top of the action whatever the row, when their condition holds.",
        "",
        "| Alert | When | Shown to the clinician as | Rests on |",
        "|---|---|---|---|",
    ]
    for alert, rule in ALERT_RULES.items():
        lines.append(
            f"| `{alert.value}` | {rule.when} | {ALERT_TEXTS[alert]} | "
            f"{ref_links(rule.statements, page)} |"
        )
    return "\n".join([*lines, "", *_situation_rows(page)])


def _situation_rows(page: str) -> list[str]:
    """Where each situation that revision 2 changed now lands in the table, worked out now."""
    target = posixpath.relpath("interpretations.md", posixpath.dirname(page) or ".")
    lines = [
        "## The situations revision 2 changed {#revision-2-situations}",
        "",
        "The row each one reaches today; the interpretation page gives the advice before "
        "and after.",
        "",
        "| Situation | Row | Action |",
        "|---|---|---|",
    ]
    for number, situation in enumerate(REVISION_2.values(), start=1):
        link = f"[{number}. {situation.title}]({target}#rev2-{situation.name.replace('_', '-')})"
        try:
            advice = recommend(situation.course(), situation.on)
        except CourseError:
            lines.append(f"| {link} | none: the course is refused | — |")
            continue
        lines.append(f"| {link} | `{advice.rule}` | **{ACTION_TITLES[advice.action]}** |")
    return lines


def _read_in_order(index: int, rows: int, when: str) -> str:
    """A row's conditions as the table reads them: the first row that applies decides."""
    if rows == 1:
        return "Always, in this phase."
    if index == rows - 1:
        return "Otherwise."
    return ("If " if index == 0 else "Otherwise, if ") + when[:1].lower() + when[1:]


def traceability_matrix(page: str = "traceability.md") -> str:
    """Statement → code → invariants → tests, failing the build on a gap."""
    code = implementations()
    gaps = []
    lines = [
        "| Statement | Role | Code | Invariants | Tests |",
        "|---|---|---|---|---|",
    ]
    for id_, statement in STATEMENTS.items():
        paths = code.get(id_, ())
        invariants, tests = tests_for(id_)
        if statement.role in (Role.RULE, Role.MONITORING) and not (paths and tests):
            gaps.append(id_)
        lines.append(
            f"| {ref_link(id_, page)} | {statement.role.value} | "
            + ("<br>".join(f"`{p.removeprefix('guideline.')}`" for p in paths) or "—")
            + " | "
            + ("<br>".join(f"`{i}`" for i in invariants) or "—")
            + f" | {len(tests) or '—'} |"
        )
    if gaps:
        raise RuntimeError(f"rule or monitoring statements without code or tests: {gaps}")
    return "\n".join(lines)


def revision_2(page: str = "interpretations.md") -> str:
    """Each situation revision 2 changed: the advice before, in words, and after, run now."""
    lines = []
    for number, situation in enumerate(REVISION_2.values(), start=1):
        try:
            advice = recommend(situation.course(), situation.on)
        except CourseError as error:
            after = f"The course is refused: `{error.field}` {error.reason}."
        else:
            alerts = ", ".join(f"`{alert.value}`" for alert in advice.alerts) or "no alert"
            dose = "" if advice.dose_mg_per_day is None else f" ({advice.dose_mg_per_day:g} mg/day)"
            after = (
                f"**{ACTION_TITLES[advice.action]}**{dose} (`{advice.action.value}`, row "
                f"`{advice.rule}`); {alerts}; next review {advice.next_review}. "
                f"{advice.rationale}"
            )
        lines += [
            f"### {number}. {situation.title} {{#rev2-{situation.name.replace('_', '-')}}}",
            "",
            f"*Evaluated on {situation.on}.* Rests on {ref_links(situation.decisions, page)}.",
            "",
            f"- **Before (revision 1):** {situation.before}",
            f"- **Now:** {after}",
            "",
        ]
    changed = [reading for reading in INTERPRETATIONS.values() if reading.revised]
    lines += ["### Readings that changed", ""]
    lines += [f"- {ref_link(r.id, page)} {r.title}: {r.revised}" for r in changed]
    return "\n".join(lines)


def interpretations_page(page: str = "interpretations.md") -> str:
    """Every interpretation, with the question, the reading, the reason and the rejected."""
    lines = []
    for reading in INTERPRETATIONS.values():
        lines += [f"## {reading.id} · {reading.title} {{#{reading.id.lower()}}}", ""]
        lines += [f"**The question.** {reading.question}", ""]
        lines += [f"**Our reading.** {reading.reading}", ""]
        lines += [f"**Why.** {reading.reason}", ""]
        if reading.alternatives:
            lines += ["**Readings we did not take:**", ""]
            lines += [f"- {alternative}" for alternative in reading.alternatives]
            lines.append("")
        if reading.statements:
            lines += [f"**Applies to:** {ref_links(reading.statements, page)}.", ""]
        if reading.parameters:
            lines += [
                "**Carried by:** " + ", ".join(f"`{p}`" for p in reading.parameters) + ".",
                "",
            ]
        if reading.revised:
            lines += [f"**Changed in revision 2.** {reading.revised}", ""]
        if reading.citations:
            lines += ["**Rests on:**", ""]
            lines += [f"- {citation_text(c, page)}" for c in reading.citations]
            lines.append("")
    return "\n".join(lines)


def references_page(page: str = "references.md") -> str:
    """Every cited work, with the statements that cite it."""
    lines = []
    for ref in REFERENCES.values():
        citing = [s.id for s in STATEMENTS.values() for c in s.citations if c.reference == ref.id]
        lines += [f"### {ref.label} {{#{ref.id.lower()}}}", "", ref.detail, ""]
        if ref.doi:
            lines += [f"DOI: `{ref.doi}`", ""]
        if citing:
            lines += [f"Cited for: {ref_links(dict.fromkeys(citing), page)}.", ""]
        else:
            lines += ["Consulted for the interpretations; no statement cites it directly.", ""]
    return "\n".join(lines)


def parameters_table() -> str:
    """The adjustable parameters, their defaults and allowed ranges."""
    lines = ["| Parameter | Default | Allowed range |", "|---|---|---|"]
    for name, (low, high) in PARAMETER_RANGES.items():
        lines.append(f"| `{name}` | {getattr(DEFAULTS, name):g} | {low:g} to {high:g} |")
    return "\n".join(lines)


def meta() -> str:
    """Version and dates, one line."""
    return (
        f"Package version {__version__} · source article updated {SOURCE_UPDATED:%d %B %Y} · "
        f"content reviewed {CONTENT_REVIEWED:%d %B %Y}"
    )


def picture(svg: str, caption: str) -> str:
    """An SVG from the package as a figure, kept out of Markdown's reach."""
    figure = f'<div class="timeline" markdown="0">\n{svg}\n'
    return f"\n{figure}<p><em>{caption}</em></p>\n</div>\n"


def recommendation_rows(name: str, page: str) -> str:
    """The recommendation of a worked case at each of its dates, as a table."""
    case = WORKED_CASES[name]
    lines = [
        "| Date | Phase | Action | Alerts | Next review | Rests on |",
        "|---|---|---|---|---|---|",
    ]
    for on in case.dates:
        advice = recommend(case.course, on)
        alerts = ", ".join(f"`{a.value}`" for a in advice.alerts) or "—"
        dose = f" to {advice.dose_mg_per_day:g} mg/day" if advice.dose_mg_per_day else ""
        lines.append(
            f"| {on} | {advice.phase.value.replace('_', ' ')} | "
            f"**{ACTION_TITLES[advice.action]}**{dose} | {alerts} | "
            f"{advice.next_review} | {ref_links(advice.statements, page)} |"
        )
    return "\n".join(lines)


def worked_case(name: str) -> str:
    """A worked case: the course, the advice at each date, the plan, the audit."""
    page = f"cases/{name.replace('_', '-')}.md"
    case = WORKED_CASES[name]
    course = case.course
    last = case.dates[-1]
    measured = [
        label
        for label, held in (("anti-PLA2R titres", course.pla2r), ("serum albumin", course.albumin))
        if held
    ]
    lines = [
        f"# {case.title}",
        "",
        f"*{case.summary}*",
        "",
        f"{course.agent.value.capitalize()} from {course.start}, "
        f"{course.starting_dose_mg_per_day:g} mg/day, target trough "
        f"{course.target_trough.low:g} to {course.target_trough.high:g} ng/mL "
        "(placeholders of a fictional clinician, not dose advice)."
        + (
            f" With {' and '.join(measured)}: see [Antibodies and albumin]"
            f"({link('guide/antibodies-and-albumin.md', page)})."
            if measured
            else ""
        ),
        picture(
            timeline_svg(course, last),
            f"The course as known on {last}: proteinuria, dose, and the windows of the plan.",
        ),
        "## The advice, date by date",
        "",
        recommendation_rows(name, page),
        "",
    ]
    for on in case.dates:
        advice = recommend(course, on)
        lines += [
            f'??? note "Why, on {on}"',
            "",
            indent(advice.rationale),
            "",
            *(indent(f"- {line}") for line in advice.explanation),
            "",
        ]
    the_plan = plan(course, last)
    lines += [
        f"## The plan, as known on {last}",
        "",
        "| Date | Milestone | Rests on |",
        "|---|---|---|",
    ]
    lines += [
        f"| {m.on} | {m.label} | {ref_links(m.statements, page)} |" for m in the_plan.milestones
    ]
    lines += ["", "## The audit of the recorded course", ""]
    deviations = audit(course)
    if deviations:
        lines += [f"- {d.on}: `{d.invariant}`: {d.message}" for d in deviations]
    else:
        lines.append("No departure from any invariant.")
    return "\n".join(lines)


def cases_index() -> str:
    """The worked cases, each with its summary and the actions it reaches."""
    lines = ["| Case | What it shows | Actions over its dates |", "|---|---|---|"]
    for name, case in WORKED_CASES.items():
        actions = dict.fromkeys(recommend(case.course, on).action.value for on in case.dates)
        lines.append(
            f"| [{case.title}]({name.replace('_', '-')}.md) | {case.summary} | "
            + " → ".join(f"`{a}`" for a in actions)
            + " |"
        )
    return "\n".join(lines)


def invariants_table(page: str = "traceability.md") -> str:
    """Every clinical invariant with what it protects and the tests that check it."""
    lines = ["| Invariant | In plain words | Protects | Tests |", "|---|---|---|---|"]
    for id_, invariant in INVARIANTS.items():
        ids = (*invariant.statements, *invariant.interpretations)
        lines.append(
            f"| `{id_}` | {invariant.description} | {ref_links(ids, page)} | "
            f"{len(INVARIANT_TESTS[id_]['tests'])} |"
        )
    return "\n".join(lines)


_BROKEN = "tests/test_audit_sensitivity.py::test_audit_reports_the_broken_invariant_and_no_other"
"""The audit-sensitivity test, whose parameter names the invariant it breaks."""

HAZARDS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        "Taper started before remission",
        "Time on treatment taken for success; one low value taken for remission.",
        "Relapse during the taper.",
        "A taper step needs a remission confirmed by a run of values or recorded by the "
        "clinician, and the minimum months (G3, D4, D5, A3).",
        (
            "tests/test_audit_sensitivity.py::test_audit_reports_the_broken_invariant_and_no_other"
            "[taper_only_in_remission]",
            "tests/test_taper.py::test_partial_remission_waits_for_month_12",
        ),
    ),
    (
        "An effective CNI stopped as ineffective",
        "Judged too early, or judged while troughs were below target.",
        "Loss of a treatment that would have worked.",
        "No stop before month 6, and only after troughs at target for the whole judged "
        "period (B1, B2, D3).",
        (
            "tests/test_trial.py::test_stop_ineffective_from_month_6_not_the_day_before",
            "tests/test_trial.py::test_troughs_must_be_at_target_for_4_months_before_a_stop",
        ),
    ),
    (
        "A slowly falling high-grade proteinuria stopped at month 6",
        "Reading the 6-month check as a deadline.",
        "Loss of a late response.",
        "A falling trend from a high-grade baseline defers the stop (G1, D2).",
        (
            "tests/test_trial.py::test_high_grade_baseline_with_a_falling_trend_defers_the_stop"
            "[at-8-continues]",
        ),
    ),
    (
        "CNI nephrotoxicity missed",
        "Creatinine not compared with its baseline; a rise ignored during the taper.",
        "Kidney damage from the CNI.",
        "A rise above the limit raises an alert on and off the CNI and pauses any taper "
        "step (E2, D11).",
        (
            "tests/test_nephrotoxicity.py::test_hold_dose_when_creatinine_rises_above_the_limit_"
            "during_taper",
            "tests/test_nephrotoxicity.py::test_nephrotoxicity_alert_shows_off_therapy_too",
        ),
    ),
    (
        "CNI continued long past the stop window without review",
        "Nobody prompted to reconsider it.",
        "Cumulative nephrotoxicity.",
        f"Past the window the advice stays to consider stopping, with a standing alert, a "
        f"proposed withdrawal and a review within {STEADY_REVIEW_MONTHS} months (L1, D8, D18, "
        f"D19).",
        (
            "tests/test_stop_window.py::test_past_stop_window_from_the_day_after_remission_plus_"
            "24_months",
        ),
    ),
    (
        "Relapse signal missed during the taper",
        "A single nephrotic value during the taper, not yet confirmed.",
        "The taper goes on into a relapse.",
        f"An unconfirmed nephrotic value keeps the current dose, with the suspected-relapse "
        f"alert, until a repeat within {PROMPT_REVIEW_WEEKS} weeks confirms or rules out a "
        f"relapse (A9, D14).",
        ("tests/test_relapse.py::test_an_unconfirmed_nephrotic_value_holds_the_taper",),
    ),
    (
        "A CNI stopped while the immune disease is still active",
        "An anti-PLA2R titre still positive, or positive again, not looked at when stopping is "
        "considered or in remission.",
        "A relapse after the stop that the titre foretold.",
        "With titres entered, a recent positive titre when stopping is considered, or a titre "
        "back after a negative one in remission, raises an alert and brings the review within "
        "4 weeks; the action is the clinician's (D22).",
        (
            "tests/test_antibodies.py::test_antibody_positive_at_stop_either_side_of_cutoff_and_age",
            "tests/test_antibodies.py::test_antibody_reappeared_in_remission",
        ),
    ),
    (
        "Serum albumin entered in the wrong unit",
        "A value in g/L entered as g/dL, or the reverse.",
        "A low albumin at partial remission read as normal, or a normal one as low.",
        "The unit is given with each value; a level no serum reaches (100 g/L or more) is refused "
        "naming the field (D23, A14).",
        (
            "tests/test_albumin.py::test_a_level_no_serum_reaches_is_refused_as_a_unit_written_"
            "wrongly",
        ),
    ),
    (
        "CNI dependence not recognised",
        "Relapses on withdrawal counted per period, or forgotten after a restart.",
        "Repeated relapses on repeated CNI courses.",
        "Relapses on withdrawal or reduction are counted over all periods; the second "
        "leads to considering an alternative (F3, D10).",
        (
            "tests/test_relapse.py::test_consider_rituximab_on_the_second_relapse_on_"
            "withdrawal_or_reduction",
            "tests/test_relapse.py::test_a_second_relapse_after_stopping_is_dependence_off_therapy",
        ),
    ),
    (
        "An ineffective CNI continued indefinitely",
        "A partial fall in proteinuria, never reaching remission, read as a response.",
        "Nephrotoxicity with no benefit; an effective treatment delayed.",
        f"Each trial of the CNI, the first or one opened by a relapse, ends at month "
        f"{TRIAL_BOUND_MONTHS}: without a remission by then, stopping is advised with the note "
        f"to consider another treatment (D13, P4, P6).",
        (
            "tests/test_trial.py::test_open_ended_cni_without_remission_stops_at_month_12",
            f"{_BROKEN}[trial_bounded]",
            "tests/test_closed_loop.py::TestClosedLoop::runTest",
        ),
    ),
    (
        "A taper continued into a relapse",
        "Proteinuria climbing during the taper, below the nephrotic level.",
        "Each further step lowers the dose into a relapse.",
        f"A confirmed rise of {DEFAULTS.rise_fraction:.0%} or more over the lowest value since "
        f"remission keeps the current dose, with the rising alert and a review within "
        f"{SOON_REVIEW_WEEKS} weeks (D14).",
        (
            "tests/test_relapse.py::test_tapering_into_a_relapse_keeps_the_current_dose",
            f"{_BROKEN}[held_by_relapse_signal]",
        ),
    ),
    (
        "A new nephrotic value answered with a stop",
        f"A single value above {NEPHROTIC_LEVEL:g} g/day in maintenance or in the stop window.",
        "The CNI stopped at the start of a relapse.",
        f"The value is a suspected relapse: no step and no stop, the value repeated within "
        f"{PROMPT_REVIEW_WEEKS} weeks (D14, P1).",
        (
            "tests/test_relapse.py::test_a_new_nephrotic_value_is_a_suspected_relapse",
            f"{_BROKEN}[held_by_relapse_signal]",
        ),
    ),
    (
        "The high-grade exception never ends",
        "A heavy baseline drifting down by a few per cent defers the month-6 stop again and again.",
        "An ineffective CNI continued for years.",
        f"The deferral needs a fall of at least {DEFAULTS.trend_fall:.0%} over "
        f"{DEFAULTS.trend_weeks} weeks, and ends at the trial's month {TRIAL_BOUND_MONTHS} in "
        f"any case (D2, D13).",
        ("tests/test_trial.py::test_the_high_grade_exception_ends_at_month_12",),
    ),
    (
        "One value stops an effective CNI",
        "A single high value after a sustained fall taken as non-response.",
        "Loss of a treatment that was working.",
        f"A non-response must be confirmed like a remission, by a second value at least "
        f"{DEFAULTS.confirmation_gap_days} days later; meanwhile the CNI goes on and the value "
        f"is repeated (D2, P2).",
        (
            "tests/test_trial.py::test_one_value_does_not_stop_therapy",
            f"{_BROKEN}[ineffective_stop_only_without_response]",
        ),
    ),
    (
        "Two measurement methods make a false remission",
        "A 24-hour baseline compared with later protein:creatinine ratios.",
        "A remission or a fall that is an artefact of the method.",
        "One course uses one method; a value of another method is refused, naming it (D16).",
        ("tests/test_remission.py::test_mixed_methods_cannot_make_a_remission",),
    ),
    (
        "A large creatinine rise answered with continue",
        f"A rise of more than {CREATININE_CUT_ABOVE:.0%} over the baseline only raising an alert.",
        "Kidney damage from the CNI at full dose.",
        f"A confirmed, unexplained rise above {1 + CREATININE_CUT_ABOVE:g} times the baseline "
        f"cuts the dose by about {DEFAULTS.creatinine_cut_fraction:.0%} (or asks first for a "
        f"trough when it is low); a rise that outlasts the cut stops the CNI (D17).",
        (
            "tests/test_nephrotoxicity.py::test_creatinine_up_by_half_cuts_the_dose",
            f"{_BROKEN}[creatinine_rise_acted_on]",
        ),
    ),
    (
        "A relapse during the taper kept at a reduced dose for ever",
        "The taper paused at a relapse with no end date.",
        "Neither remission nor a decision to stop.",
        f"The dose that brought the remission is restored, and the relapse opens a new trial "
        f"with its own month-{TRIAL_BOUND_MONTHS} bound (D15, P6).",
        (
            "tests/test_relapse.py::test_a_relapse_during_the_taper_restores_the_dose_for_a_"
            "bounded_trial",
        ),
    ),
    (
        "Advice resting on out-of-date values",
        "No proteinuria, creatinine or trough measured for months.",
        "A taper step or a stop advised on a remission that may have ended.",
        f"No step and no stop without a recent proteinuria value: the current dose is kept, "
        f"the values asked for, and the patient reviewed within {PROMPT_REVIEW_WEEKS} weeks; "
        f"every advice names its next review (D18, P9).",
        (
            "tests/test_monitoring.py::test_stale_values_keep_the_dose_and_ask_for_new_ones",
            f"{_BROKEN}[held_by_old_values]",
        ),
    ),
    (
        "A dose that cannot be given",
        "A taper step worked out as an exact fraction of the starting dose.",
        "A dose no capsule strength gives, rounded at the bedside in either direction.",
        "Every advised dose is a whole number of the agent's dose step (D20).",
        (
            "tests/test_taper.py::test_doses_that_cannot_be_given_are_rounded_to_the_dose_step",
            f"{_BROKEN}[dose_on_step]",
        ),
    ),
    (
        "A trough target meant for another drug",
        "A cyclosporine range entered for tacrolimus, or the reverse.",
        "Troughs judged at target when they are not, and a stop for non-response on that "
        "judgement.",
        f"A target outside the agent's range in the trials is flagged for review within "
        f"{PROMPT_REVIEW_WEEKS} weeks, and no stop for non-response is judged on it (D21).",
        ("tests/test_trial.py::test_a_target_for_another_drug_is_flagged",),
    ),
    (
        "Later data changes a past evaluation",
        "An audit or a re-run reads entries dated after the evaluation date.",
        "A past decision judged with knowledge it could not have had.",
        "Every evaluation ignores entries after its date; audit judges each event as known "
        "on its date.",
        ("tests/test_properties.py::test_causality_entries_after_on_never_change_the_advice",),
    ),
    (
        "Bad input silently accepted",
        "A wrong unit, a negative value, a stop before the start, a typo in a field.",
        "Advice computed from data that does not mean what it seems.",
        "Every input is validated; a typed error names the field and value; nothing is "
        "corrected silently.",
        (
            "tests/test_bad_input.py::test_course_with_arbitrary_field_values",
            "tests/test_course_validation.py::test_course_refuses_bad_field",
        ),
    ),
    (
        "Output claims more than the source",
        "Advice worded as an order where the source says consider.",
        "A clinician led to act as if a step were required.",
        "The wording keeps the source's strength; the site says clinical judgement prevails.",
        ("tests/test_trial.py::test_stop_ineffective_wording_does_not_order_a_stop",),
    ),
    (
        "The site drifts from the code",
        "Examples or tables written by hand and not updated.",
        "Clinicians read rules the package does not follow.",
        "Every table, example and case on the site is produced by the package at build "
        "time, and the same example files run in the tests.",
        ("tests/test_site.py::test_every_docs_example_runs",),
    ),
)
"""The hazard log: hazard, cause, effect, control, and the tests that verify the control."""


def hazard_log() -> str:
    """The hazard log as a table."""
    lines = [
        "| Hazard | Cause | Effect | Control | Verified by |",
        "|---|---|---|---|---|",
    ]
    for hazard, cause, effect, control, tests in HAZARDS:
        verified = "<br>".join(f"`{test.partition('::')[2]}`" for test in tests)
        lines.append(f"| **{hazard}** | {cause} | {effect} | {control} | {verified} |")
    return "\n".join(lines)


TRIAL_REGIMENS = ("CATTRAN-2001", "STARMEN", "MENTOR")
"""The trials whose regimens the home page shows beside the source's 12 to 24 months."""


def trial_regimens() -> str:
    """The regimens of the CNI trials, as the references register states them."""
    return "\n".join(
        f"- **{REFERENCES[key].label}.** {REFERENCES[key].detail}" for key in TRIAL_REGIMENS
    )


def home_timeline() -> str:
    """The typical course on the home page: the complete responder in the stop window."""
    case = WORKED_CASES["complete_responder"]
    on = case.dates[-2]
    caption = (
        f'The <a href="cases/complete-responder.html">complete responder</a>, one of the '
        f"worked cases, as known on {on}: {case.summary[0].lower()}{case.summary[1:]}"
    )
    return picture(timeline_svg(case.course, on), caption)


def two_readings() -> str:
    """The partial responder's picture, where the two readings of the window differ most."""
    case = WORKED_CASES["partial_responder"]
    on = case.dates[-1]
    caption = (
        f"The partial responder as known on {on}: the window counted from remission "
        f"(the package's reading) and the thin bar counted from the start of the CNI."
    )
    return picture(timeline_svg(case.course, on), caption)


def site_url(target: str, page_url: str) -> str:
    """A built-site URL for docs path ``target``, relative to the built page ``page_url``.

    The offline plugin turns directory URLs off, so ``guide/x.md`` is built as
    ``guide/x.html``.
    """
    path, _, anchor = target.partition("#")
    built = path.removesuffix(".md") + ".html"
    relative = posixpath.relpath(built, posixpath.dirname(page_url) or ".")
    return relative + (f"#{anchor}" if anchor else "")


def try_data(page_url: str = "try.html") -> str:
    """The data the Try-it page needs, embedded as JSON: schema, cases, links, titles."""
    links = {id_: site_url(f"{statement_page(id_)}#{id_.lower()}", page_url) for id_ in STATEMENTS}
    links.update(
        {id_: site_url(f"interpretations.md#{id_.lower()}", page_url) for id_ in INTERPRETATIONS}
    )
    data = {
        "schema": json_schema("course"),
        "cases": {
            name: {
                "title": case.title,
                "summary": case.summary,
                "course": to_json(case.course),
                "on": case.dates[-1].isoformat(),
            }
            for name, case in WORKED_CASES.items()
        },
        "links": links,
        "actions": {action.value: title for action, title in ACTION_TITLES.items()},
        "alerts": {alert.value: text for alert, text in ALERT_TEXTS.items()},
    }
    text = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="try-data">{text}</script>'
