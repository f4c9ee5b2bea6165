"""Shared fixtures: the bundled corpus, its graph, and builders of small bad inputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from kg import build_graph, read_bibliography, read_report, resolve
from kg.readers.markdown import to_article
from kg.readers.markdown_records import Report
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "chiang-2013-iscm.md"
BIB = ROOT / "references.bib"
DATA = Path(__file__).resolve().parent / "data"
#: The bundled report's node: the work its DOI names.
ARTICLE = "http://example.org/kg/work/doi/10.4172/2329-9126.1000119"
#: Where the bundled report's parts (sections, sentences, claims, ...) live.
SCOPE = "http://example.org/kg/report/chiang-2013-iscm"


def cited(graph: Graph, key: str) -> URIRef:
    """The node of the work that the reference list entry with id or BibTeX key ``key`` cites (exactly one)."""
    from rdflib import Literal
    from rdflib.namespace import DCTERMS

    from kg.namespaces import BIRO
    from kg.vocabulary import KG

    entries = {*graph.subjects(DCTERMS.identifier, Literal(key)), *graph.subjects(KG.citationKey, Literal(key))}
    works = {w for e in entries for w in graph.objects(e, BIRO.references)}
    assert len(works) == 1, f"{key} cites {works}"
    return URIRef(str(works.pop()))


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Any:
    """Compare text with a golden file; ``--update-golden`` rewrites the file instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        assert path.exists(), f"missing golden file {path}: run pytest --update-golden and review the diff"
        assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"

    return check


@pytest.fixture(scope="session")
def built_graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built once into a temporary directory."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build(out_dir=out)
    return out / "kg.ttl"


@pytest.fixture(scope="session")
def built_store(built_graph_file: Path) -> Path:
    """The Oxigraph store the bundled build left beside its files."""
    return built_graph_file.parent / "oxigraph"


@pytest.fixture(scope="session")
def live_endpoint(built_store: Path) -> Iterator[str]:
    """``kg serve``'s endpoint over the built store: Oxigraph's server behind kg's gate, on 127.0.0.1."""
    from kg.server import endpoint

    with endpoint(str(built_store)) as url:
        yield url


#: The three kinds of store every query and lookup must answer alike from.
BACKENDS = ("file", "store", "server")


@pytest.fixture(params=BACKENDS)
def source(request: pytest.FixtureRequest, built_graph_file: Path) -> list[str]:
    """The command-line arguments that read the bundled build from a graph file, its store, or a live server."""
    if request.param == "file":
        return ["--graph", str(built_graph_file)]
    if request.param == "store":
        return ["--store", str(request.getfixturevalue("built_store"))]
    return ["--store", str(request.getfixturevalue("live_endpoint"))]


@pytest.fixture(scope="session")
def report() -> Report:
    return read_report(REPORT)


@pytest.fixture(scope="session")
def article(report: Report) -> Article:
    return to_article(report, resolve(report, read_bibliography(BIB)))


@pytest.fixture(scope="session")
def graph(article: Article) -> Graph:
    return build_graph(article)


def select(graph: Graph, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    """Run a SELECT query (with bound values) and return its rows as plain tuples."""
    found = []
    for row in graph.query(query, initBindings=bindings):
        assert isinstance(row, ResultRow)
        found.append(tuple(row))
    return found


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of a built article hostile to a page (script tags, quotes, a huge sentence, 2,000 references)."""
    from kg.pipeline import build

    from .pages import write_hostile

    folder = tmp_path_factory.mktemp("hostile")
    report = write_hostile(folder / "in")
    build([report], out_dir=folder / "out")
    return folder / "out" / "oxigraph"
