"""The public API: one ``__all__``, typed, standard library only, frozen results."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import guideline
from guideline import audit, examples, plan, recommend
from guideline.timeline import timeline_svg

ROOT = Path(__file__).resolve().parents[1]


def test_all_names_exist_and_are_unique() -> None:
    assert len(guideline.__all__) == len(set(guideline.__all__))
    for name in guideline.__all__:
        assert hasattr(guideline, name), name


def test_public_classes_and_functions_show_as_guideline() -> None:
    for name in guideline.__all__:
        obj = getattr(guideline, name)
        if isinstance(obj, type) or callable(obj):
            assert obj.__module__ == "guideline", name


def test_no_public_name_is_left_out_of_all() -> None:
    import types

    public = {
        name
        for name, value in vars(guideline).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(guideline.__all__) - {"__version__"}


def test_package_is_marked_typed() -> None:
    assert (ROOT / "guideline" / "py.typed").exists()


def test_version_and_dates_are_data() -> None:
    assert guideline.__version__.count(".") == 2
    assert guideline.SOURCE_UPDATED < guideline.CONTENT_REVIEWED


def test_import_does_not_load_hypothesis() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import guideline; "
        "print('hypothesis' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_import_needs_only_the_standard_library() -> None:
    """The package and every public submodule but the Hypothesis strategies."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import guideline, guideline.examples, "
        "guideline.fhir, guideline.cds_hooks, guideline.timeline, guideline._browser; "
        "top = {m.split('.')[0] for m in sys.modules}; "
        "print(sorted(top - set(sys.stdlib_module_names) - {'guideline', '__main__'}))"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", code, str(ROOT)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_results_are_frozen() -> None:
    advice = recommend(examples.complete_responder(), guideline.CONTENT_REVIEWED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        advice.action = guideline.Action.CONTINUE  # type: ignore[misc]


def test_inputs_are_not_mutated() -> None:
    course = examples.dependence()
    before = repr(course)
    recommend(course, guideline.CONTENT_REVIEWED)
    guideline.plan(course, guideline.CONTENT_REVIEWED)
    guideline.audit(course)
    assert repr(course) == before


def test_every_public_name_is_documented_on_the_api_page(tmp_path: Path) -> None:
    import os
    import zlib

    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=env,
    )
    inventory = (site / "objects.inv").read_bytes().partition(b"zlib.\n")[2]
    documented = {line.split()[0] for line in zlib.decompress(inventory).decode().splitlines()}
    missing = [name for name in guideline.__all__ if f"guideline.{name}" not in documented]
    assert missing == []


ON = date(2025, 7, 20)
COURSE = examples.complete_responder()


@pytest.mark.parametrize(
    ("call", "name", "expected", "given"),
    [
        pytest.param(lambda: recommend(dict, ON), "course", "Course", "the class dict", id="class"),
        pytest.param(
            lambda: recommend(guideline.to_json(COURSE), ON),
            "course",
            "Course",
            "a dict",
            id="data",
        ),
        pytest.param(lambda: plan(None, ON), "course", "Course", "None", id="plan-none"),
        pytest.param(lambda: audit(None), "course", "Course", "None", id="audit-none"),
        pytest.param(
            lambda: timeline_svg([], ON), "course", "Course", "a list", id="timeline-list"
        ),
        pytest.param(
            lambda: recommend(COURSE, ON, {}), "parameters", "Parameters", "a dict", id="dict"
        ),
        pytest.param(
            lambda: plan(COURSE, ON, None), "parameters", "Parameters", "None", id="plan-none-p"
        ),
        pytest.param(
            lambda: audit(COURSE, "strict"), "parameters", "Parameters", "a str", id="audit-str"
        ),
    ],
)
def test_a_wrong_argument_type_raises_type_error_naming_the_parameter(
    call: Callable[[], object], name: str, expected: str, given: str
) -> None:
    with pytest.raises(TypeError) as raised:
        call()
    assert str(raised.value) == f"{name} must be a guideline.{expected}, not {given}"
