"""Load a built graph for querying: a file, or the bundled build (built first if missing)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.defaults import DEFAULT_GRAPH as _DEFAULT_GRAPH
from kg.stores.graph_file import read_graph, union_graph

__all__ = ["DEFAULT_GRAPH", "load"]

DEFAULT_GRAPH = Path(_DEFAULT_GRAPH)


def load(path: str | Path | None = None, named_graphs: bool = False, allow_remote_context: bool = False) -> Graph:
    """Load a graph from a file.

    Args:
        path: A graph file (Turtle, N-Triples, JSON-LD, N-Quads, TriG). Defaults to
            ``build/kg.ttl``, or ``build/kg.nq`` where a build of several articles wrote only
            that; if neither exists, the bundled corpus is built first (in memory only, where
            ``build/`` cannot be written).
        named_graphs: Keep the named graphs of an N-Quads or TriG file (a dataset, for SPARQL
            ``GRAPH`` patterns); otherwise they are merged into one graph.
        allow_remote_context: Let a JSON-LD file load the contexts it names (refused by default).

    Returns:
        The graph.

    Raises:
        KGError: The file cannot be read or parsed, holds no triples, or the default build fails.
    """
    if path is None:
        path = DEFAULT_GRAPH
        corpus = path.with_suffix(".nq")
        if not path.exists() and corpus.exists():
            path = corpus
        elif not path.exists():
            return _bundled(path)
    graph = read_graph(path, allow_remote_context)
    if not len(graph):  # e.g. a JSON file that is not JSON-LD: nothing to answer from
        from kg.errors import InputError, where

        raise InputError(f"{where(path)}: holds no RDF triples (give a graph file that kg build wrote)")
    return graph if named_graphs else union_graph(graph)


def _bundled(path: Path) -> Graph:
    """The bundled corpus's graph: built into ``path``'s folder, or in memory where that cannot be written."""
    from kg.errors import InputError
    from kg.pipeline import build, load_inputs
    from kg.write.outputs import check_target

    try:
        check_target(path, create_parent=True)
    except InputError:  # e.g. a read-only working directory: answer all the same
        return load_inputs().graph
    return build(out_dir=path.parent).graph
