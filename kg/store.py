"""Load a built graph for querying: a file, or the bundled build (built first if missing)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.defaults import DEFAULT_GRAPH as _DEFAULT_GRAPH
from kg.graph_file import read_graph

__all__ = ["DEFAULT_GRAPH", "load"]

DEFAULT_GRAPH = Path(_DEFAULT_GRAPH)


def load(path: str | Path | None = None) -> Graph:
    """Load a graph from a file.

    Args:
        path: A graph file (Turtle, N-Triples, JSON-LD, ...). Defaults to ``build/kg.ttl``,
            which is built from the bundled corpus first if it does not exist yet.

    Returns:
        The graph.

    Raises:
        KGError: The file cannot be read or parsed, or the default build fails.
    """
    if path is None:
        path = DEFAULT_GRAPH
        if not path.exists():
            from kg.pipeline import build

            build(out_dir=path.parent)
    return read_graph(path)
