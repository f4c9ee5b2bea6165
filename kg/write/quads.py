"""Write a dataset of named graphs (one per article) as N-Quads and TriG: deterministic bytes.

Each graph is named by its article's IRI. A store that takes the union of the named graphs as
its default graph (Oxigraph, Fuseki, GraphDB, ... with that option; rdflib's
``Dataset(default_union=True)``) sees the same triples as the single-graph files.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, URIRef

from kg.builder.collector import collector_paused
from kg.write.rdf import Terms, prefix_header, turtle_blocks

__all__ = ["QUAD_FORMATS", "nquads", "trig"]


def nquads(graphs: Mapping[URIRef, Graph]) -> str:
    """One line per triple and graph, sorted (each line as N-Triples writes it, then the graph's IRI)."""
    with collector_paused():
        lines: set[str] = set()
        for name, graph in graphs.items():
            terms = Terms(graph)
            label = terms.nt(name)
            lines.update(f"{terms.nt(s)} {terms.nt(p)} {terms.nt(o)} {label} .\n" for s, p, o in graph)
        return "".join(sorted(lines))


def trig(graphs: Mapping[URIRef, Graph]) -> str:
    """The prefixes used, then each graph (sorted by IRI) as a block of Turtle inside ``<name> { }``."""
    with collector_paused():
        if not graphs:
            return ""
        terms = Terms(next(iter(graphs.values())))  # every article graph binds the same prefixes
        parts = []
        for name in sorted(graphs, key=str):
            blocks = turtle_blocks(graphs[name], terms)
            body = "\n".join("".join(f"    {line}\n" if line else "\n" for line in b.splitlines()) for b in blocks)
            parts.append(f"{terms.turtle(terms.nt(name))} {{\n{body}}}\n")
        return prefix_header(terms) + "\n" + "\n".join(parts)


#: Dataset formats: name → (file suffix, serializer).
QUAD_FORMATS = {"nq": (".nq", nquads), "trig": (".trig", trig)}
