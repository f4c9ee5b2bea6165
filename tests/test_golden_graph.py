"""The bundled graph itself, held against a golden N-Triples file: a safety net for refactors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from .conftest import GOLDEN

GOLDEN_GRAPH = GOLDEN / "graph" / "chiang-2013-iscm.nt"


def test_bundled_graph_matches_golden(built_graph_file: Path, request: pytest.FixtureRequest) -> None:
    built = built_graph_file.with_suffix(".nt")
    if request.config.getoption("--update-golden"):
        GOLDEN_GRAPH.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN_GRAPH.write_bytes(built.read_bytes())
    expected = to_isomorphic(Graph().parse(GOLDEN_GRAPH, format="nt"))
    got = to_isomorphic(Graph().parse(built, format="nt"))
    if expected != got:
        _, missing, extra = graph_diff(expected, got)
        lines = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(missing)][:40]
        lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(extra)][:40]
        pytest.fail(
            f"the built graph differs from {GOLDEN_GRAPH.name} ({len(missing)} missing, {len(extra)} extra):\n"
            + "\n".join(lines)
        )
