"""Shared fixtures: the bundled corpus, its graph, and builders of small bad inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.query import ResultRow

from kg import build_graph, read_bibliography, read_report, resolve
from kg.records import Report

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "chiang-2013-iscm.md"
BIB = ROOT / "references.bib"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def report() -> Report:
    return read_report(REPORT)


@pytest.fixture(scope="session")
def graph(report: Report) -> Graph:
    return build_graph(report, resolve(report, read_bibliography(BIB)))


def select(graph: Graph, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    """Run a SELECT query (with bound values) and return its rows as plain tuples."""
    found = []
    for row in graph.query(query, initBindings=bindings):
        assert isinstance(row, ResultRow)
        found.append(tuple(row))
    return found
