"""Write a dataset of named graphs (one per article) as N-Quads and TriG: deterministic bytes.

Each graph is named by its article's IRI. A store that takes the union of the named graphs as
its default graph (Oxigraph, Fuseki, GraphDB, ... with that option; rdflib's
``Dataset(default_union=True)``) sees the same triples as the single-graph files.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Mapping
from typing import BinaryIO

from rdflib import Graph, URIRef

from kg.builder.collector import collector_paused
from kg.write.rdf import Terms, jsonld, ntriples_lines, prefix_header, turtle_blocks

__all__ = [
    "QUAD_FORMATS",
    "DatasetWriter",
    "article_files",
    "nquads",
    "trig",
]


class DatasetWriter:
    """Write named graphs to an N-Quads and a TriG stream as they come, one graph in memory at a time.

    Each graph is written when it is added: in N-Quads its lines sorted, in TriG its Turtle
    blocks inside ``<name> { }``. TriG's prefix declarations (those the graphs used) go first,
    so its graph blocks wait in an unnamed temporary file until :meth:`close`.
    """

    def __init__(self, nq: BinaryIO | None, trig: BinaryIO | None) -> None:
        """Write to ``nq`` and ``trig`` (either may be None)."""
        self._nq, self._trig = nq, trig
        self._body: BinaryIO | None = tempfile.TemporaryFile() if trig is not None else None  # noqa: SIM115
        self._terms: Terms | None = None
        self._first = True

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.close()
        elif self._body is not None:
            self._body.close()

    def add(self, name: URIRef, graph: Graph, lines: list[str] | None = None) -> None:
        """Write ``graph`` as the graph named ``name`` (``lines``: its N-Triples lines, if already written)."""
        with collector_paused():
            if self._terms is None:
                self._terms = Terms(graph)  # every article graph binds the same prefixes
            terms = self._terms
            if self._nq is not None:
                label = terms.nt(name)
                lines = lines if lines is not None else ntriples_lines(graph, terms)
                self._nq.write("".join(f"{line[:-3]} {label} .\n" for line in lines).encode("utf-8"))
            if self._body is not None:
                text = _trig_graph(name, turtle_blocks(graph, terms), terms)
                self._body.write((text if self._first else "\n" + text).encode("utf-8"))
                self._first = False
            terms.forget()

    def close(self) -> None:
        """Finish the TriG stream: the prefixes, then the graphs."""
        if self._body is None or self._trig is None:
            return
        if self._terms is not None:
            self._trig.write((prefix_header(self._terms) + "\n").encode("utf-8"))
            self._body.seek(0)
            shutil.copyfileobj(self._body, self._trig)
        self._body.close()
        self._body = None


def _trig_graph(name: URIRef, blocks: list[str], terms: Terms) -> str:
    """One named graph in TriG: its Turtle blocks, indented, inside ``<name> { }``."""
    body = "\n".join("".join(f"    {line}\n" if line else "\n" for line in b.splitlines()) for b in blocks)
    return f"{terms.turtle(terms.nt(name))} {{\n{body}}}\n"


def article_files(name: URIRef, graph: Graph, lines: list[str] | None = None) -> dict[str, str]:
    """The five files of a build of one article, by suffix, written with one pass of each kind.

    Turtle and TriG share their blocks and N-Quads are the N-Triples lines with the graph's
    name: the same text as :func:`kg.write.rdf.serialize`, :func:`nquads` and :func:`trig` give
    one by one, in about half the time. ``lines`` are the N-Triples lines, if already written.
    """
    with collector_paused():
        terms = Terms(graph)
        lines = lines if lines is not None else ntriples_lines(graph, terms)
        blocks = turtle_blocks(graph, terms)
        turtle = prefix_header(terms) + "\n" + "\n".join(blocks)
        label = terms.nt(name)
        graph_text = _trig_graph(name, blocks, terms)  # may use a prefix the Turtle file does not
        return {
            ".ttl": turtle,
            ".nt": "".join(lines),
            ".jsonld": jsonld(graph),
            ".nq": "".join(f"{line[:-3]} {label} .\n" for line in lines),
            ".trig": prefix_header(terms) + "\n" + graph_text,
        }


def nquads(graphs: Mapping[URIRef, Graph]) -> str:
    """Each graph's lines, sorted (each line as N-Triples writes it, then the graph's IRI), graphs in order."""
    out = io.BytesIO()
    with DatasetWriter(out, None) as writer:
        for name, graph in graphs.items():
            writer.add(name, graph)
    return out.getvalue().decode("utf-8")


def trig(graphs: Mapping[URIRef, Graph]) -> str:
    """The prefixes used, then each graph (in order) as a block of Turtle inside ``<name> { }``."""
    out = io.BytesIO()
    with DatasetWriter(None, out) as writer:
        for name, graph in graphs.items():
            writer.add(name, graph)
    return out.getvalue().decode("utf-8")


#: Dataset formats: name → (file suffix, serializer).
QUAD_FORMATS = {"nq": (".nq", nquads), "trig": (".trig", trig)}
