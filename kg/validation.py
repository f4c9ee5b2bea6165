"""Check a built graph against ``ontology/shapes.ttl``: with the compiled shapes, or with pySHACL as the reference.

Builds and ``kg validate`` run the compiled shapes (:mod:`kg.constraints`, evaluated by
:mod:`kg.violations`), which report the same violations as pySHACL at a fraction of its time;
``validate_graph(graph, reference=True)`` runs pySHACL itself, and a test holds the two to the
same answers on graphs with injected faults.

The compiled shapes see a term as the N-Triples text kg writes for it (:mod:`kg.term_texts`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.builder.collector import collector_paused
from kg.errors import InputError, ProblemsError, where

__all__ = ["SHAPES_NAMESPACE", "check_file", "check_graph", "shapes", "validate_graph"]

#: Namespace of the shapes in ``shapes.ttl``.
SHAPES_NAMESPACE = "http://example.org/kg/shapes/"


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The SHACL shapes graph (``ontology/shapes.ttl``), parsed once."""
    from kg.bundle import ontology_file

    path = ontology_file("shapes.ttl")
    if not path.exists():
        raise InputError(f"{where(path)}: shapes file not found")
    return Graph().parse(path)


def validate_graph(
    graph: Graph, reference: bool = False, ntriples: bytes | None = None, shapes_graph: Graph | None = None
) -> list[str]:
    """Validate ``graph`` against the shapes.

    Args:
        graph: A graph built by kg (or elsewhere).
        reference: Run pySHACL rather than the compiled shapes (slower; the same answers).
        ntriples: The graph as the N-Triples lines kg writes (:func:`kg.write.rdf.ntriples_lines`),
            if already written: the compiled shapes read them rather than the graph.
        shapes_graph: The shapes to validate against (default: the bundled ``shapes.ttl``).

    Returns:
        One line per violation, sorted: the focus node, the path, the shape broken and its
        message. Empty when the graph conforms; a graph with no triples does not conform
        (there is nothing to check).
    """
    if len(graph) == 0:
        return ["the graph holds no triples; nothing to validate"]
    if not reference:
        from kg.constraints import compile_shapes
        from kg.violations import violations

        rules = compile_shapes(shapes_graph) if shapes_graph is not None else None
        with collector_paused():
            found = violations(graph, rules, ntriples=ntriples)
        return sorted({_line(graph, *v) for v in found})
    from pyshacl import validate

    # inplace: the shapes infer nothing and hold no rules, so pySHACL need not copy the data graph first
    with collector_paused():
        _, results, _ = validate(
            graph,
            shacl_graph=shapes_graph if shapes_graph is not None else shapes(),
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
    assert isinstance(results, Graph)
    problems = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        constraint = results.value(result, SH.sourceConstraint)  # set for SPARQL-based constraints
        shape = constraint if isinstance(constraint, URIRef) else results.value(result, SH.sourceShape)
        if not isinstance(shape, URIRef):  # an anonymous shape inside a named one, which reports the fault itself
            continue
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        problems.append(_line(graph, focus, path if isinstance(path, URIRef) else None, str(message), value, shape))
    return sorted(set(problems))


def _line(graph: Graph, focus: object, path: URIRef | None, message: str, value: object, shape: object) -> str:
    """One violation as kg reports it: focus, path, message, value, shape."""
    on = f" {_short(graph, path)}" if path is not None else ""
    got = f" (value {_short(graph, value)})" if value is not None else ""
    return f"{_short(graph, focus)}{on}: {message}{got} [shape {_short(graph, shape)}]"


def check_graph(graph: Graph, source: str | Path | None = None, ntriples: bytes | None = None) -> None:
    """Raise :class:`~kg.errors.ProblemsError` listing every violation, if there is any.

    Args:
        graph: The graph.
        source: The file the graph was read or built from, named at the start of each problem.
        ntriples: The graph as N-Triples, if already written.
    """
    problems = validate_graph(graph, ntriples=ntriples)
    if problems:
        raise ProblemsError([f"{where(source)}: {p}" if source is not None else p for p in problems])


def check_file(path: str | Path, allow_remote_context: bool = False) -> int:
    """Validate a graph file (every named graph of N-Quads and TriG together) against the shapes.

    Args:
        path: The graph file.
        allow_remote_context: Let a JSON-LD file load the contexts it names.

    Returns:
        The number of triples checked.

    Raises:
        InputError: The file cannot be read, holds no triples (nothing to check is not conformance),
            or holds a literal that is not a value of its datatype.
        ProblemsError: Every violation.
    """
    from kg.stores.graph_file import ill_typed, read_graph, union_graph

    graph = union_graph(read_graph(path, allow_remote_context))
    if len(graph) == 0:
        raise InputError(f"{where(path)}: holds no triples; nothing to validate")
    wrong = ill_typed(graph)
    if wrong:
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        raise InputError(f"{where(path)}: literal {wrong[0].n3()} is not a value of its datatype{more}")
    check_graph(graph, path)
    return len(graph)


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        from kg.vocabulary import KG_NAMESPACE

        if str(node).startswith(SHAPES_NAMESPACE):
            return "kgsh:" + str(node)[len(SHAPES_NAMESPACE) :]
        if str(node).startswith(KG_NAMESPACE):
            return "kg:" + str(node)[len(KG_NAMESPACE) :]
        return f"<{node}>"
    return str(node) if node is not None else "(blank)"
