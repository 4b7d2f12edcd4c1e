"""Markdown for the site, rendered at build time from the package's own data.

The pages call these functions from markdown-exec blocks, so every table,
citation and example output on the site comes from the code the tests check.
Nothing here decides anything clinical: it only formats what ``guideline``
returns. ``docs/hooks.py`` puts this file on the import path.
"""

from __future__ import annotations

import html
import importlib
import inspect
import json
import posixpath
import re
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
    Agent,
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
from guideline._monitoring import monitoring_checklist
from guideline._parameters import (
    CREATININE_CUT_ABOVE,
    CREATININE_RISE_FRACTION,
    DEPENDENCE_RELAPSES,
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    NEPHROTIC_LEVEL,
    OFF_THERAPY_CLOSE_MONTHS,
    OFF_THERAPY_REVIEW_MONTHS,
    PARTIAL_REMISSION_TAPER_MONTHS,
    PROMPT_REVIEW_WEEKS,
    REDUCED_DOSE_FRACTION,
    RESPONSE_CHECK_MONTHS,
    SOON_REVIEW_WEEKS,
    STEADY_REVIEW_MONTHS,
    STOP_WINDOW_CLOSES_MONTHS,
    STOP_WINDOW_OPENS_MONTHS,
    TAPER_STEP_MAX_WEEKS,
    TAPER_STEP_MIN_WEEKS,
    TRIAL_BOUND_MONTHS,
    TRIAL_REVIEW_MONTHS,
)
from guideline._vocabulary import ACTION_TITLES, ALERT_TEXTS
from guideline.examples import REVISION_2, WORKED_CASES
from guideline.flowchart import PHASE_NAMES, flowchart_svg
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


def id_title(id_: str) -> str:
    """What an id stands for, in words: the hover title of every link to it."""
    if id_ in STATEMENTS:
        statement = STATEMENTS[id_]
        first = statement.text.split(". ")[0].rstrip(".")
        words = first if len(first) <= 140 else first[:137].rsplit(" ", 1)[0] + "…"
        return f"Statement {id_} ({statement.role.value}): {words}."
    return f"Reading {id_}: {INTERPRETATIONS[id_].title}."


def titled(text: str, target: str, title: str) -> str:
    """A Markdown link with a hover title."""
    return f'[{text}]({target} "{title.replace(chr(34), chr(39))}")'


def ref_link(id_: str, page: str) -> str:
    """A link to a statement or an interpretation, wherever it is presented, with its title."""
    if id_ in STATEMENTS:
        target = link(f"{statement_page(id_)}#{id_.lower()}", page)
    else:
        target = link(f"interpretations.md#{id_.lower()}", page)
    return titled(id_, target, id_title(id_))


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


ROLE_WORDS = {
    Role.RULE: "drives the advice",
    Role.MONITORING: "drives an alert or a check",
    Role.RATIONALE: "explains; drives nothing",
    Role.EVIDENCE: "a reported finding; drives nothing",
}
"""What each role of a statement does, in a clinician's words (the glossary says more)."""


def reading_links(statement_id: str, page: str) -> str:
    """The readings of a statement as links named by their titles, never repeated in full."""
    readings = [i for i in INTERPRETATIONS.values() if statement_id in i.statements]
    return ", ".join(
        titled(
            f"{r.id} · {r.title}",
            link(f"interpretations.md#{r.id.lower()}", page),
            r.question,
        )
        for r in readings
    )


def statement_block(statement: Statement, page: str) -> str:
    """One statement for clinicians: the restatement, its citations and how it is read."""
    role = ROLE_WORDS[statement.role]
    lines = [
        f"### {statement.id} · {role} {{#{statement.id.lower()}}}",
        "",
        f"> {statement.text}",
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
    readings = reading_links(statement.id, page)
    if readings:
        lines += [f"**How the package reads it:** {readings}.", ""]
    if statement.role in (Role.RULE, Role.MONITORING) and not implementations().get(statement.id):
        raise RuntimeError(f"{statement.id} is a {statement.role} statement with no code")
    return "\n".join(lines)


def software_block(statement: Statement) -> str:
    """One statement for software: its code, the invariants guarding it and its tests."""
    lines = [
        f"**{statement.id}** ({statement.role.value}, from the source's section "
        f"*{statement.section.value}*)",
        "",
    ]
    code = implementations().get(statement.id, ())
    if code:
        for path in code:
            lines += [
                f'??? abstract "Implemented by `{path}`"',
                "",
                indent("```python\n" + source_of(path) + "```"),
                "",
            ]
    elif statement.role in (Role.RULE, Role.MONITORING):
        raise RuntimeError(f"{statement.id} is a {statement.role} statement with no code")
    else:
        lines += [f"*A {statement.role.value} statement: it drives no decision.*", ""]
    invariants, tests = tests_for(statement.id)
    if invariants:
        lines += ["Guarded by the invariants:", ""]
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
            f"| {alert.value.replace('_', ' ')} | {rule.when} | {ALERT_TEXTS[alert]} | "
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
    """Every statement of one guideline page, for clinicians."""
    page = f"guide/{slug}.md"
    _, ids = GUIDELINE_PAGES[slug]
    return "\n\n".join(statement_block(STATEMENTS[id_], page) for id_ in ids)


def guideline_software(slug: str) -> str:
    """The code, invariants and tests behind one guideline page's statements."""
    _, ids = GUIDELINE_PAGES[slug]
    return "\n\n".join(software_block(STATEMENTS[id_]) for id_ in ids)


def alert_words(alert: Alert) -> str:
    """An alert's name in words, with what it asks of the clinician on hover."""
    return f'<span title="{html.escape(ALERT_TEXTS[alert])}">{alert.value.replace("_", " ")}</span>'


def row_numbers() -> dict[str, int]:
    """Every row of the decision table numbered in the order the table reads them."""
    return {rule_id: number for number, rule_id in enumerate(DECISION_RULES, start=1)}


def decision_groups() -> list[tuple[str, str, list[DecisionRule]]]:
    """The table's groups: the rows read first on the CNI, then each phase's rows."""
    return [
        (
            "On the CNI, before the phase's own rows",
            "on-the-cni",
            [rule for rule in DECISION_RULES.values() if rule.phase is None],
        ),
        *(
            (
                PHASE_NAMES[phase],
                phase.value.replace("_", "-"),
                [rule for rule in DECISION_RULES.values() if rule.phase is phase],
            )
            for phase in Phase
        ),
    ]


def row_when(rule: DecisionRule, index: int, rows: int) -> str:
    """A row's conditions as the table reads them: the first row that applies decides."""
    if rule.phase is not None:
        return _read_in_order(index, rows, rule.when)
    return ("If " if index == 0 else "Otherwise, if ") + rule.when[:1].lower() + rule.when[1:]


def decision_table(page: str = "decision-table.md") -> str:
    """Every row of ``recommend``'s decision table: first on the CNI, then by phase, then alerts."""
    numbers = row_numbers()
    lines = []
    for title, anchor, rows in decision_groups():
        lines += [
            f"## {title} {{#{anchor}}}",
            "",
            "| Row | When | Advice | Alerts | Rests on |",
            "|---|---|---|---|---|",
        ]
        for index, rule in enumerate(rows):
            alerts = ", ".join(alert_words(a) for a in rule.alerts) or "—"
            number = numbers[rule.id]
            lines.append(
                f'| <span id="row-{number}" title="In the data: {rule.id}">{number}</span> | '
                f"{row_when(rule, index, len(rows))} | **{ACTION_TITLES[rule.action]}** | "
                f"{alerts} | {ref_links(rule.statements, page)} |"
            )
        lines.append("")
    lines += [
        "## Alerts {#alerts}",
        "",
        "Alerts come on top of the advice whatever the row, when their condition holds.",
        "",
        "| Alert | When | What it asks | Rests on |",
        "|---|---|---|---|",
    ]
    for alert, rule in ALERT_RULES.items():
        lines.append(
            f"| {alert_words(alert)} | {rule.when} | {ALERT_TEXTS[alert]} | "
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
        "| Situation | Row | Advice |",
        "|---|---|---|",
    ]
    numbers = row_numbers()
    for number, situation in enumerate(REVISION_2.values(), start=1):
        case = f"[{number}. {situation.title}]({target}#rev2-{situation.name.replace('_', '-')})"
        try:
            advice = recommend(situation.course(), situation.on)
        except CourseError:
            lines.append(f"| {case} | none: the course is refused | — |")
            continue
        row = numbers[advice.rule]
        reached = titled(
            f"Row {row}", link(f"decision-table.md#row-{row}", page), f"In the data: {advice.rule}"
        )
        lines.append(f"| {case} | {reached} | **{ACTION_TITLES[advice.action]}** |")
    return lines


def decision_table_software() -> str:
    """The decision table's rows as the data names them, for software."""
    lines = ["| Row | `Recommendation.rule` | `action` | `alerts` |", "|---|---|---|---|"]
    for number, rule in enumerate(DECISION_RULES.values(), start=1):
        alerts = ", ".join(f"`{a.value}`" for a in rule.alerts) or "—"
        lines.append(f"| {number} | `{rule.id}` | `{rule.action.value}` | {alerts} |")
    return "\n".join(lines)


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
            alerts = ", ".join(alert_words(alert) for alert in advice.alerts) or "no alert"
            dose = "" if advice.dose_mg_per_day is None else f" ({advice.dose_mg_per_day:g} mg/day)"
            row = row_numbers()[advice.rule]
            after = (
                f"**{ACTION_TITLES[advice.action]}**{dose} ([row {row}]"
                f"({link(f'decision-table.md#row-{row}', page)})); {alerts}; next review "
                f"{advice.next_review}. {advice.rationale}"
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


_REGISTRY = (
    (re.compile(r"\bNCT\d{8}\b"), "https://clinicaltrials.gov/study/{}"),
    (re.compile(r"(?<=PubMed )\d{6,9}\b"), "https://pubmed.ncbi.nlm.nih.gov/{}/"),
)
"""Trial registry and PubMed ids in a reference's detail, and where each can be read."""


def doi_link(doi: str) -> str:
    """A DOI as a link to its resolver (a link only: the site loads nothing from it)."""
    return f"[{doi}](https://doi.org/{doi})"


def linked_detail(detail: str) -> str:
    """A reference's detail with its registry and PubMed ids as links."""
    for pattern, address in _REGISTRY:
        detail = pattern.sub(lambda m, a=address: f"[{m.group()}]({a.format(m.group())})", detail)
    return detail


def references_page(page: str = "references.md") -> str:
    """Every cited work, with the statements that cite it."""
    lines = []
    for ref in REFERENCES.values():
        citing = [s.id for s in STATEMENTS.values() for c in s.citations if c.reference == ref.id]
        lines += [f"## {ref.label} {{#{ref.id.lower()}}}", "", linked_detail(ref.detail), ""]
        if ref.doi:
            lines += [f"DOI: {doi_link(ref.doi)}", ""]
        if citing:
            lines += [f"Cited for: {ref_links(dict.fromkeys(citing), page)}.", ""]
        else:
            lines += ["Consulted for the interpretations; no statement cites it directly.", ""]
    return "\n".join(lines)


PARAMETER_WORDS: dict[str, tuple[str, str]] = {
    "nonresponse_threshold": (
        "Fall in proteinuria from the baseline that counts as a response",
        "%",
    ),
    "high_grade_proteinuria": (
        "Baseline proteinuria from which a falling trend defers the stop",
        "g/day",
    ),
    "taper_step_fraction": ("Size of one taper step, as a share of the starting dose", "%"),
    "reduced_dose_tolerance": (
        "How far from half the starting dose still counts as about half",
        "%",
    ),
    "confirmation_gap_days": ("Least time between the values that confirm a change", "days"),
    "rise_fraction": (
        "Rise over the lowest proteinuria since remission that stops reductions",
        "%",
    ),
    "creatinine_cut_fraction": (
        "Dose cut after a confirmed creatinine rise, as a share of the dose",
        "%",
    ),
    "withdrawal_months": ("Length of the withdrawal, in monthly steps", "months"),
    "tacrolimus_dose_step_mg": ("Tacrolimus doses are rounded to multiples of", "mg"),
    "cyclosporine_dose_step_mg": ("Cyclosporine doses are rounded to multiples of", "mg"),
    "trend_weeks": ("Least time spanned by the three falling values of a trend", "weeks"),
    "trend_fall": ("Least fall below the baseline of the latest value of a trend", "%"),
    "dependence_window_months": (
        "Time after a stop in which a relapse counts as one on withdrawal",
        "months",
    ),
}
"""What each adjustable parameter sets, in a clinician's words, and its unit."""


def _amount(value: float, unit: str) -> str:
    if unit == "%":
        return f"{100 * value:g}%"
    return f"{value:g} {unit.removesuffix('s') if value == 1 else unit}"


def parameters_table() -> str:
    """The adjustable parameters: what each sets, its default and allowed range, with units."""
    lines = ["| What it sets | Default | Allowed range |", "|---|---|---|"]
    for name, (low, high) in PARAMETER_RANGES.items():
        words, unit = PARAMETER_WORDS[name]
        default = _amount(getattr(DEFAULTS, name), unit)
        span = f"{_amount(low, unit)} to {_amount(high, unit)}"
        lines.append(f'| <span title="In the data: {name}">{words}</span> | {default} | {span} |')
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
        alerts = ", ".join(alert_words(a) for a in advice.alerts) or "—"
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
        lines += [
            f'- {d.on}: <span title="Invariant: {d.invariant}">{d.message}</span>'
            for d in deviations
        ]
    else:
        lines.append("No departure from any invariant.")
    return "\n".join(lines)


def cases_index() -> str:
    """The worked cases, each with its summary and the actions it reaches."""
    lines = ["| Case | What it shows | Actions over its dates |", "|---|---|---|"]
    for name, case in WORKED_CASES.items():
        actions = dict.fromkeys(recommend(case.course, on).action for on in case.dates)
        lines.append(
            f"| [{case.title}]({name.replace('_', '-')}.md) | {case.summary} | "
            + " → ".join(ACTION_TITLES[a] for a in actions)
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


PROVENANCE_CHECKS: tuple[tuple[str, str, Verification], ...] = (
    ("KDIGO-2012", "the KDIGO 2012 guideline", Verification.SECONDARY),
    ("KDIGO-2021", "the KDIGO 2021 guideline", Verification.SECONDARY),
    ("NRDP-2020", "the remission definitions of Kopp 2020", Verification.READ),
    ("COUSER-2017", "the regimens reviewed by Couser 2017", Verification.READ),
    ("CATTRAN-2001", "the Cattran 2001 trial", Verification.READ),
    ("STARMEN", "the STARMEN trial", Verification.READ),
    ("MENTOR", "the MENTOR trial protocol", Verification.READ),
)
"""What the home page says the claims were checked against, and how far (the labels of
the project's fact sheet, ``shared/clinical/facts.md``: read, secondary)."""

RESPONSIBLE_CLINICIAN: str | None = None
"""The clinician answerable for the content; None until one is named (the site says so)."""

FEEDBACK_ROUTE: str | None = None
"""The public address of the project's issue tracker; None until it is set (the site says so)."""


def provenance(page: str = "index.md") -> str:
    """Where the answer comes from, what was checked and how far, who answers for it, feedback."""
    groups = []
    for verification in (Verification.READ, Verification.SECONDARY):
        works = [
            f"[{name}]({link(f'references.md#{key.lower()}', page)})"
            for key, name, label in PROVENANCE_CHECKS
            if label is verification
        ]
        listed = ", ".join(works[:-1]) + f" and {works[-1]}" if len(works) > 1 else works[0]
        groups.append(f"{listed} (*{VERIFICATION_LABELS[verification]}*)")
    responsible = RESPONSIBLE_CLINICIAN or "**not yet named** (placeholder)"
    feedback = (
        f"[the project's issue tracker]({FEEDBACK_ROUTE})"
        if FEEDBACK_ROUTE
        else "the project's issue tracker, whose public address is **not yet set** "
        "(placeholder); until then, tell whoever gave you this site"
    )
    body = [
        f"The answer below restates an article from Dr.Oracle, an online service whose answers "
        f"come from its medical AI. It names no author and its publisher marks it "
        f"**pending human review** ([source]({link('references.md#source', page)}), updated "
        f"{SOURCE_UPDATED:%d %B %Y}).",
        f"Its claims, and our readings where it is vague, were checked against {groups[0]}; "
        f"and against {groups[1]}.",
        f"Content reviewed **{CONTENT_REVIEWED:%d %B %Y}**. Responsible clinician: "
        f"{responsible}. Errors and questions: {feedback}.",
        "Decision support for specialists, not a decision: clinical judgement prevails. "
        "Adults with primary membranous nephropathy only; no doses and no trough targets "
        f"([intended use]({link('intended-use.md', page)})).",
    ]
    return "\n\n".join(
        ['!!! warning "Where this answer comes from"', *(indent(text) for text in body)]
    )


TRIAL_REGIMENS = ("CATTRAN-2001", "STARMEN", "MENTOR")
"""The trials whose regimens the home page shows beside the source's 12 to 24 months."""


def trial_regimens() -> str:
    """The regimens of the CNI trials, as the references register states them."""
    return "\n".join(
        f"- **{REFERENCES[key].label}.** {linked_detail(REFERENCES[key].detail)}"
        + (f" DOI: {doi_link(REFERENCES[key].doi)}" if REFERENCES[key].doi else "")
        for key in TRIAL_REGIMENS
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


def flowchart(
    caption: str = "How the advice is chosen, drawn from the decision table below.",
) -> str:
    """The decision flowchart as a figure that scrolls sideways on a narrow screen."""
    return (
        f'<figure class="chart flowchart-figure" markdown="0">\n{flowchart_svg()}\n'
        f"<figcaption>{caption}</figcaption>\n</figure>\n"
    )


def pocket_answer() -> str:
    """The answer in six lines, every number from the package's constants and defaults."""
    return "\n".join(
        [
            f"- **Judge the CNI** at month {MINIMUM_TRIAL_MONTHS} at the earliest; from month "
            f"{RESPONSE_CHECK_MONTHS} a fall in proteinuria under "
            f"{DEFAULTS.nonresponse_threshold:.0%} of the baseline suggests it is ineffective.",
            f"- **No confirmed remission by month {TRIAL_BOUND_MONTHS}**: consider stopping the "
            "CNI and another therapy.",
            f"- **Taper** only after a confirmed remission, from month {MINIMUM_TRIAL_MONTHS} "
            f"(complete) or month {PARTIAL_REMISSION_TAPER_MONTHS} (partial; our reading): steps "
            f"{TAPER_STEP_MIN_WEEKS} to {TAPER_STEP_MAX_WEEKS} weeks apart, to about "
            f"{REDUCED_DOSE_FRACTION:.0%} of the starting dose.",
            f"- **Keep the reduced dose** at least {MAINTENANCE_MONTHS} months; consider "
            f"stopping {STOP_WINDOW_OPENS_MONTHS} to {STOP_WINDOW_CLOSES_MONTHS} months after "
            f"remission, withdrawing over about {DEFAULTS.withdrawal_months} months.",
            "- **Keep the current dose** while a suspected relapse, a rising proteinuria or a "
            f"creatinine more than {CREATININE_RISE_FRACTION:.0%} above its baseline is checked.",
            "- **Relapse** on a reduced dose: restore the dose that worked; after a stop: "
            f"consider restarting; relapse number {DEPENDENCE_RELAPSES} on withdrawal or "
            "reduction: "
            "consider an alternative such as rituximab.",
        ]
    )


def pocket_checklist() -> str:
    """The monitoring checklist of both agents, each item once, the agents' own items named."""
    lists = {agent: monitoring_checklist(agent) for agent in Agent}
    lines = []
    for index, item in enumerate(lists[Agent.TACROLIMUS]):
        others = [lists[agent][index] for agent in Agent]
        if all(other == item for other in others):
            lines.append(f"- **{item.topic}.** {item.detail}")
        else:
            lines += [f"- **{other.topic}.** {other.detail}" for other in others]
    return "\n".join(lines)


def review_intervals() -> str:
    """How far ahead the next review may fall, by phase and by alert (D18, P9, P13)."""
    rows = [
        ("Initial trial, relapse on the CNI, withdrawal", f"{TRIAL_REVIEW_MONTHS} month"),
        ("Taper", f"the next step's date, at most {TAPER_STEP_MAX_WEEKS} weeks"),
        (
            "Maintenance, stop window and after it",
            f"{STEADY_REVIEW_MONTHS} months",
        ),
        (
            "Off the CNI",
            f"{OFF_THERAPY_REVIEW_MONTHS[0]} months for {OFF_THERAPY_CLOSE_MONTHS} months "
            f"after the stop, then {OFF_THERAPY_REVIEW_MONTHS[1]} months",
        ),
        (
            "A suspected relapse, values out of date, an unusual target",
            f"{PROMPT_REVIEW_WEEKS} weeks",
        ),
        ("A creatinine rise, a proteinuria rise, an adverse effect", f"{SOON_REVIEW_WEEKS} weeks"),
    ]
    lines = ["| When | Next review at the latest |", "|---|---|"]
    lines += [f"| {when} | {bound} |" for when, bound in rows]
    return "\n".join(lines)


def pocket_card() -> str:
    """The pocket card: question, answer, flowchart, checklist and review intervals."""
    return "\n".join(
        [
            '<div class="pocket-card" markdown>',
            "",
            "**The question.** For how long can a CNI (cyclosporine, tacrolimus) be used in "
            "primary membranous nephropathy in adults after remission?",
            "",
            '<div class="pocket-columns" markdown>',
            "",
            "<div markdown>",
            "",
            "**The answer** (the source's, with our readings where it is vague):",
            "",
            pocket_answer(),
            "",
            "</div>",
            "",
            "<div markdown>",
            "",
            "**Monitoring checklist:**",
            "",
            pocket_checklist(),
            "",
            "</div>",
            "",
            "</div>",
            "",
            flowchart(
                "How the advice is chosen: the row numbers are those of the site's decision table."
            ),
            "",
            '<div class="pocket-columns" markdown>',
            "",
            "<div markdown>",
            "",
            "**Next review, at the latest:**",
            "",
            review_intervals(),
            "",
            "</div>",
            "",
            "<div markdown>",
            "",
            "Decision support, not a decision: clinical judgement prevails. The source is an "
            "article answered by a medical AI service and pending human review; what was "
            "checked, and how far, is on the site's home page.",
            "",
            "</div>",
            "",
            "</div>",
            "",
            "</div>",
        ]
    )


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


TRY_LABELS = {
    "agent": "CNI",
    "start": "Start date (first dose, t0)",
    "starting_dose_mg_per_day": "Starting dose (mg/day)",
    "target_trough": "Target trough range (ng/mL)",
    "low": "Low",
    "high": "High",
    "on": "Date",
    "value": "Value",
    "unit": "Unit",
    "dose_mg_per_day": "Dose (mg/day)",
    "reason": "Reason",
    "kind": "Status",
    "effect": "Effect",
    "proteinuria": "Proteinuria (the baseline included)",
    "creatinine": "Serum creatinine (the baseline included)",
    "troughs": "Trough levels (ng/mL)",
    "dose_changes": "Dose changes",
    "discontinuations": "Stops",
    "restarts": "Restarts",
    "assessments": "Remission status you recorded",
    "adverse_effects": "Adverse effects noted",
    "pla2r": "Anti-PLA2R titres, RU/mL, each with its laboratory's cut-off (optional)",
    "albumin": "Serum albumin, g/L or g/dL (optional)",
    "cutoff": "Cut-off (RU/mL)",
}
"""The Try-it form's label for each field and each series of the course; a new series of
the JSON format needs one entry here (its fields come from the schema)."""

CHOICE_LABELS = {
    "g/day": "g/day (24-hour)",
    "g/g": "g/g (ratio)",
    "mg/mmol": "mg/mmol (ratio)",
    "umol/L": "\u00b5mol/L",
}
"""How the form names a choice where its value in the JSON format is not plain words."""

RUNTIME = ROOT / "docs" / "try" / "runtime"
"""Where ``scripts/try-runtime`` puts the Pyodide runtime (``pyodide-VERSION/``) and the wheel."""


def runtime_folder() -> str | None:
    """The Pyodide folder the page loads (versioned, so a cached copy never goes stale)."""
    found = sorted(path.name for path in RUNTIME.glob("pyodide-*") if path.is_dir())
    return found[-1] if found else None


def try_data(page_url: str = "try.html") -> str:
    """The data the Try-it page needs, embedded as JSON: schema, cases, labels, links, titles."""
    links = {id_: site_url(f"{statement_page(id_)}#{id_.lower()}", page_url) for id_ in STATEMENTS}
    links.update(
        {id_: site_url(f"interpretations.md#{id_.lower()}", page_url) for id_ in INTERPRETATIONS}
    )
    titles = {id_: id_title(id_) for id_ in (*STATEMENTS, *INTERPRETATIONS)}
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
        "labels": TRY_LABELS,
        "choices": CHOICE_LABELS,
        "links": links,
        "titles": titles,
        "actions": {action.value: title for action, title in ACTION_TITLES.items()},
        "alerts": {alert.value: text for alert, text in ALERT_TEXTS.items()},
        "runtime": runtime_folder(),
    }
    text = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="try-data">{text}</script>'


DATE_SIGNS = {
    "t0": "t0: the date of the first CNI dose of the course.",
    "tR": "tR: the date the remission is confirmed.",
}
"""The glossary's date signs, with their hover titles."""

_WHOLE = re.compile(r"<(pre|code|script|style|svg|textarea|title|abbr)\b.*?</\1>", re.S)
_TITLED_LINK = re.compile(r"<a\b[^>]*\btitle=[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"(<[^>]*>)")
_ID = re.compile(r"(?<![\w#/.-])([A-Z]\d{1,2}|t0|tR)(?![\w-])")


def _with_title(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in DATE_SIGNS:
        title = DATE_SIGNS[name]
    elif name in STATEMENTS or name in INTERPRETATIONS:
        title = id_title(name)
    else:
        return name
    return f'<abbr title="{html.escape(title)}">{name}</abbr>'


def title_ids(page_html: str) -> str:
    """Give every statement or reading id, t0 and tR in a page's text a hover title.

    Code, scripts, pictures and links that already carry a title are left as they are.
    """
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _TITLED_LINK.sub(keep, _WHOLE.sub(keep, page_html))
    parts = _TAG.split(text)
    parts = [part if part.startswith("<") else _ID.sub(_with_title, part) for part in parts]
    text = "".join(parts)
    while "\x00" in text:
        text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return text


REDIRECT_MARK = '<meta name="guideline-redirect" content="clean address">'
"""Marks the small pages that send ``NAME/`` on to ``NAME.html`` (not pages of their own)."""


def redirect_page(target: str, name: str) -> str:
    """A page that sends the reader from ``NAME/`` to ``target``, keeping any #anchor."""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{REDIRECT_MARK}\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n'
        f"<title>{name}</title>\n"
        f'<script>location.replace("{target}" + location.search + location.hash);</script>\n'
        "</head>\n<body>\n"
        f'<main><p>This page is at <a href="{target}">{target}</a>.</p></main>\n'
        "</body>\n</html>\n"
    )


_BLOCK_IN_PARAGRAPH = re.compile(r"<p>(?=\s*<(?:h[1-6]|table|div|ul|ol|details|blockquote)\b)")
_PARAGRAPH_TAG = re.compile(r"<p[\s>]|</p>")


def unwrap_blocks(html: str) -> str:
    """Take away each paragraph that wraps block elements (and its closing tag)."""
    while match := _BLOCK_IN_PARAGRAPH.search(html):
        depth, end = 1, None
        for tag in _PARAGRAPH_TAG.finditer(html, match.end()):
            depth += -1 if tag.group() == "</p>" else 1
            if depth == 0:
                end = tag
                break
        if end is None:
            break
        html = html[: match.start()] + html[match.end() : end.start()] + html[end.end() :]
    return html


_MD_LINK = re.compile(r'href="(?![a-z]+:|#|/)([^"#]*?)\.md(#[^"]*)?"')


def built_links(html: str) -> str:
    """Point links to docs pages (``x.md#a``) at the built pages (``x.html#a``)."""
    return _MD_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)
