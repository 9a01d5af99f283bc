"""The README's examples are real: each `$ kg …` command prints exactly the output shown, and the
Python example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest

from tests.conftest import ROOT, run_kg

README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[list[str], str]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((shlex.split(command), output))
    return examples


def python_example() -> tuple[str, str]:
    (code,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    (output,) = re.findall(r"prints:\n\n```text\n(.*?)```", README, flags=re.S)
    return code, output


def test_the_readme_has_examples():
    commands = [args[1] for args, _ in console_examples()]
    assert {"query", "sparql", "evidence", "validate", "reason"} <= set(commands)


@pytest.mark.parametrize(
    ("args", "expected"),
    console_examples(),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_console_example_prints_what_the_readme_shows(args, expected):
    assert args[0] == "kg"
    result = run_kg(*args[1:])
    assert result.returncode == 0, result.stderr
    assert _rstripped(result.stdout) == _rstripped(expected)


def _rstripped(text: str) -> list[str]:
    """Lines without trailing blanks: rich pads centred titles, editors strip the padding."""
    return [line.rstrip() for line in text.splitlines()]


def test_python_example_prints_what_the_readme_shows():
    code, expected = python_example()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == expected
