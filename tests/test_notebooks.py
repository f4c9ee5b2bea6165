"""Every notebook runs top to bottom in a fresh kernel, draws its figures, and shows the right values.

The committed notebooks carry their outputs; a test checks that re-running gives the same text
outputs, so what a reader sees on the code host is current. ``--update-golden`` rewrites them.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: The figure the README shows: the claim network as the notebook draws it.
FIGURE = ROOT / "notebooks" / "claim-network.png"


def _image_after(notebook: Any, source: str) -> str:
    (cell,) = [c for c in notebook.cells if c.cell_type == "code" and c.source == source]
    (image,) = [o.data["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
    return str(image)


def test_there_are_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == ["corpus.ipynb", "explore.ipynb"]


def run(path: Path, cwd: Path) -> Any:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook


def texts(notebook: Any) -> list[list[str]]:
    """What each code cell shows as text (images left out: their bytes vary by platform)."""
    shown = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                outputs.append(output.text)
            elif "data" in output:
                outputs.append(output.data.get("text/plain", ""))
        shown.append(outputs)
    return shown


def tagged(notebook: Any, tag: str) -> str:
    (cell,) = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    return "\n".join(o.data.get("text/plain", "") + o.data.get("text/html", "") for o in cell.outputs if "data" in o)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> dict[str, Any]:
    results = {}
    for path in NOTEBOOKS:
        notebook = run(path, tmp_path_factory.mktemp(path.stem))
        if request.config.getoption("--update-golden"):
            nbformat.write(notebook, path)
            if path.name == "explore.ipynb":
                FIGURE.write_bytes(base64.b64decode(_image_after(notebook, "plot.claim_network(graph)")))
        results[path.name] = notebook
    return results


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_draws_its_figures(executed: dict[str, Any], path: Path) -> None:
    notebook = executed[path.name]
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_outputs_are_current(executed: dict[str, Any], path: Path) -> None:
    committed = nbformat.read(path, as_version=4)
    assert texts(committed) == texts(executed[path.name]), f"re-run {path.name}: pytest --update-golden"


def test_key_cells_show_the_right_values(executed: dict[str, Any]) -> None:
    notebook = executed["explore.ipynb"]
    assert "'claims': 63" in tagged(notebook, "check-build")
    assert "iscm-meningeal-carcinomatosis-co-occurrence" in tagged(notebook, "check-cites")
    assert "10.1155/2011/989506" in tagged(notebook, "check-sources")
    trail = tagged(notebook, "check-trail")
    for step in (
        "mp:Claim",
        "doco:Sentence",
        "c4o:InTextReferencePointer",
        "biro:BibliographicReference",
        "Kalita 2011",
    ):
        assert step in trail
    assert tagged(notebook, "check-ranking").split("\n")[1].split()[1:2] == [
        "http://example.org/kg/work/meta/schiff-1996-intramedullary-spinal-cord-d80bc970d9"
    ]
    assert "case-metastases-from-2009" in tagged(notebook, "check-timeline")
    path = tagged(notebook, "check-path")
    assert "CSF cytology" in path
    assert "breast cancer" in path


def test_corpus_cells_answer_across_articles(executed: dict[str, Any]) -> None:
    notebook = executed["corpus.ipynb"]
    built = tagged(notebook, "check-build")
    assert "synthetic-00001" in built
    assert "synthetic-00012" in built
    works = tagged(notebook, "check-works")
    assert "'cited by several articles': 35" in works
    assert "'references by basis': {'metadata': 144}" in works
    most = tagged(notebook, "check-most-cited").split("\n")
    assert most[2].split()[1] == "7"  # the most-cited work: seven of the twelve articles cite it
    statements = [line.split() for line in tagged(notebook, "check-cites").split("\n")[1:]]
    citing = [row[1] for row in statements if len(row) > 1 and row[1].startswith("synthetic-")]
    assert len(set(citing)) >= 5  # one work's citation statements from several articles
    number = {row[1] for row in (line.split() for line in tagged(notebook, "check-number").split("\n")[1:])
              if len(row) > 1 and row[1].startswith("synthetic-")}  # fmt: skip
    assert number == {citing[0]}  # a printed number is one article's own
    shared = tagged(notebook, "check-shared")
    assert "synthetic-00001               12" in shared
    assert "synthetic-00001: claim-" in tagged(notebook, "check-single-source")


def test_notebooks_call_the_library_only() -> None:
    """No function or class definitions and no loops: the logic lives in kg, where it is tested."""
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                for forbidden in ("def ", "class ", "lambda", "\nfor ", "while "):
                    assert forbidden not in "\n" + source, (path.name, source)


def test_readme_shows_the_notebook_figure(executed: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(notebooks/explore.ipynb)" in readme
    assert "](notebooks/claim-network.png)" in readme
    committed = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    assert FIGURE.read_bytes() == base64.b64decode(_image_after(committed, "plot.claim_network(graph)"))
