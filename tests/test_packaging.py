"""The package as a user meets it: a wheel, a fresh environment, the CLI, a typed consumer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from guideline import __version__, to_json
from guideline.examples import complete_responder

ROOT = Path(__file__).resolve().parents[1]
CONSUMER = Path(__file__).with_name("consumer") / "consumer.py"

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding only the wheel built from this repository."""
    work = tmp_path_factory.mktemp("packaging")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(ROOT)])
    (wheel,) = work.glob("cni_mn_guideline-*.whl")
    venv.create(work / "env", with_pip=True)
    python = work / "env" / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)])
    return python


def run(command: list[str], **kwargs: object) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        **kwargs,  # type: ignore[call-overload]
    )
    assert result.returncode == 0, result.stderr
    return result.stdout  # type: ignore[no-any-return]


def test_the_environment_holds_nothing_but_the_package(installed: Path) -> None:
    listed = json.loads(run([str(installed), "-m", "pip", "list", "--format", "json"]))
    assert {entry["name"] for entry in listed} - {"pip", "setuptools"} == {"cni-mn-guideline"}
    assert run([str(installed), "-c", "import guideline; print(guideline.__file__)"]).startswith(
        str(installed.parents[1])
    )


def test_the_installed_cli_answers(installed: Path, tmp_path: Path) -> None:
    course = tmp_path / "course.json"
    course.write_text(json.dumps(to_json(complete_responder())))
    advice = json.loads(
        run([str(installed), "-m", "guideline", "recommend", str(course), "--on", "2025-07-20"])
    )
    assert advice["action"] == "reduce_dose"
    script = installed.with_name("guideline")
    assert run([str(script), "--version"]).strip().endswith(__version__)


def test_a_consumer_type_checks_against_the_installed_package(installed: Path) -> None:
    mypy = Path(sys.executable).with_name("mypy")
    run(
        [
            str(mypy),
            "--strict",
            "--no-incremental",
            "--python-executable",
            str(installed),
            str(CONSUMER),
        ]
    )
    printed = run([str(installed), str(CONSUMER)])
    assert printed.startswith(f"{__version__} reduce_dose")
