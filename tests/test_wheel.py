"""The built wheel is self-contained: installed into a fresh virtual environment, kg builds, validates and answers from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding only the wheel of kg (its dependencies come from this one)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, ROOT],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("kg-*.whl")
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], check=True)
    # The dependencies (rdflib, pySHACL, ...) are this environment's; kg itself is only the wheel's,
    # since a path listed in a .pth file is not a site directory (its own .pth files, such as an
    # editable install's, are not read).
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "outer-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env


def kg(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([env / "bin" / "kg", *args], cwd=cwd, capture_output=True, text=True, env=environment)


def test_wheel_holds_the_ontology_and_the_bundled_corpus(installed: Path, tmp_path: Path) -> None:
    code = "import kg, kg.bundle; print(kg.__file__); print(kg.bundle.data_dir())"
    result = subprocess.run(
        [installed / "bin" / "python", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    package, data = result.stdout.split()
    assert Path(package).is_relative_to(installed)
    assert Path(data) == Path(package).parent / "data"
    for name in ("ontology/kg.ttl", "ontology/shapes.ttl", "corpus/concepts.yaml", "references.bib"):
        assert (Path(data) / name).read_bytes() == (ROOT / name).read_bytes()


def test_wheel_builds_validates_and_answers_from_any_directory(installed: Path, tmp_path: Path) -> None:
    built = kg(installed, "build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "built chiang-2013-iscm" in built.stdout
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        "kg.jsonld",
        "kg.nq",
        "kg.nt",
        "kg.quality.json",
        "kg.trig",
        "kg.ttl",
        "oxigraph",
    ]

    validated = kg(installed, "validate", "build/kg.ttl", cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("build/kg.ttl: conforms (")
    inputs = kg(installed, "validate", cwd=tmp_path)
    assert inputs.returncode == 0, inputs.stderr
    assert "claims fit the text; the graph conforms" in inputs.stdout

    cited = kg(installed, "cites", "9", "--format", "csv", cwd=tmp_path)
    assert cited.returncode == 0, cited.stderr
    assert cited.stdout.splitlines()[1].startswith(
        "chiang-2013-iscm,iscm-meningeal-carcinomatosis-co-occurrence,9,[9],"
    )

    page = kg(installed, "page", "--out", "page.html", cwd=tmp_path)  # its templates ship in the wheel
    assert page.returncode == 0, page.stderr
    assert (tmp_path / "page.html").read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')

    version = kg(installed, "--version", cwd=tmp_path)
    assert version.stdout.startswith("kg ")
