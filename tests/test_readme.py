"""The README's Python example runs and prints what its trailing comments say.

Every ``print(...)  # text`` in a ```python block of README.md states the line it prints.
The blocks run in order in one namespace, with stdout captured; each such ``print`` must
run once and print exactly its comment's text. The expected text is read from the README.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import re
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```python[^\n]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One python block of the README: its code and the README line of its first line."""

    code: str
    first_line: int

    def source(self) -> str:
        """The code, shifted down so that its line numbers are README line numbers."""
        return "\n" * (self.first_line - 1) + self.code


@dataclass(frozen=True)
class Expectation:
    """A ``print`` call spanning README lines ``first``-``last``, and its trailing comment."""

    first: int
    last: int
    expected: str


def python_blocks(text: str) -> list[Block]:
    return [
        Block(match["code"], text.count("\n", 0, match.start("code")) + 1)
        for match in FENCE.finditer(text)
    ]


def expectations(block: Block) -> list[Expectation]:
    """The ``print`` statements of a block that end in a comment, with that comment."""
    source = block.source()
    comments = {
        token.start[0]: token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "print"
            and node.end_lineno in comments
        ):
            expected = comments[node.end_lineno].removeprefix("#").strip()
            found.append(Expectation(node.lineno, node.end_lineno or node.lineno, expected))
    return sorted(found, key=lambda item: item.first)


def test_readme_has_a_python_example_with_expected_output() -> None:
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert blocks, "README.md has no ```python block"
    assert any(expectations(block) for block in blocks), "no print(...)  # expected comment"


def test_readme_example_prints_what_its_comments_say() -> None:
    printed: list[tuple[int, str]] = []

    def recording_print(*args: Any, **kwargs: Any) -> None:
        """Print as usual, and note the README line of the call and the text it printed."""
        text = io.StringIO()
        builtins.print(*args, **{**kwargs, "file": text})
        caller = sys._getframe(1)
        assert caller.f_code.co_filename == str(README)
        printed.append((caller.f_lineno, text.getvalue()))
        builtins.print(*args, **kwargs)

    namespace: dict[str, Any] = {"__name__": "readme_example", "print": recording_print}
    stdout = io.StringIO()
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    with contextlib.redirect_stdout(stdout):
        for block in blocks:
            exec(compile(block.source(), str(README), "exec"), namespace)

    assert stdout.getvalue() == "".join(text for _, text in printed)
    for block in blocks:
        for expectation in expectations(block):
            outputs = [
                text for line, text in printed if expectation.first <= line <= expectation.last
            ]
            where = f"README.md line {expectation.first}"
            assert len(outputs) == 1, f"{where}: the print ran {len(outputs)} times"
            assert outputs[0] == expectation.expected + "\n", where


def test_the_readme_example_passes_mypy_strict(tmp_path: Path) -> None:
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    example = tmp_path / "readme_example.py"
    example.write_text("\n".join(block.code for block in blocks), encoding="utf-8")
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            str(example),
        ],
        capture_output=True,
        text=True,
        cwd=README.parent,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
