"""The README's examples run and print what the README says they print."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

import kg
from kg.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory that looks like the checkout, with a fresh build in it."""
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    (tmp_path / "references.bib").symlink_to(ROOT / "references.bib")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_quickstart_commands_are_the_two_documented_ones() -> None:
    bash = _blocks("bash")
    assert bash[0].strip() == "python -m pip install -e . && kg build"
    assert bash[1].strip() == 'python -m pip install -e ".[dev]" && python -m pytest'


def test_build_summary_in_readme_is_real(checkout: Path) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["build"]) == 0
    assert printed.getvalue() == _blocks("text")[0]


EXAMPLES = re.findall(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```)?", README, flags=re.S)


def test_example_count() -> None:
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize(("code", "shown"), EXAMPLES, ids=["cites-9", "share-above-40", "api"])
def test_python_examples_run_and_print_what_is_shown(checkout: Path, code: str, shown: str) -> None:
    kg.build(out_dir="build")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    if shown:
        assert printed.getvalue() == shown
    else:
        assert "'claims': 63, 'uncited': 49, 'statements': 0, 'triples': 4440}" in printed.getvalue()
        assert "iscm-meningeal-carcinomatosis-co-occurrence" in printed.getvalue()


def test_selector_offsets_in_readme_are_real(checkout: Path) -> None:
    start, end = map(int, re.search(r"oa:start (\d+) ; oa:end (\d+)", README).groups())  # type: ignore[union-attr]
    text = (ROOT / "corpus" / "chiang-2013-iscm.md").read_bytes().decode("utf-8")
    assert text[start:end].startswith("According to the literature, ISCMs co-occur")
    assert text[start:end].endswith("of cases [9].")


SHELL = re.findall(r"```text\n\$ (kg [^\n]*)\n(.*?)```", README, flags=re.S)


def test_shell_example_count() -> None:
    assert len(SHELL) == 12


@pytest.mark.parametrize(("command", "shown"), SHELL, ids=[c for c, _ in SHELL])
def test_shell_examples_print_what_is_shown(checkout: Path, command: str, shown: str) -> None:
    kg.build(out_dir="build")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(shlex.split(command)[1:])
    assert out.getvalue() + err.getvalue() == shown
    assert code == (1 if shown.startswith("kg: error:") else 0)
