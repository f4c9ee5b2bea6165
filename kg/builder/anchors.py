"""Anchor a node in the report text with Web Annotation selectors."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.builder.iris import IRIs
from kg.namespaces import OA

__all__ = ["CONTEXT", "add_anchor"]

#: Characters of prefix and suffix kept in a text quote selector.
CONTEXT = 32


def add_anchor(graph: Graph, iri: IRIs, node: URIRef, text: str, start: int, end: int) -> None:
    """Make ``node`` an ``oa:SpecificResource`` of the report, with position and quote selectors.

    Args:
        graph: The graph to add to.
        iri: The report's IRI minter.
        node: The segment: a sentence, a reference entry, a marker or a claim's quote.
        text: The whole report text the offsets index.
        start: 0-based start offset.
        end: End offset, exclusive (``text[start:end]`` is the segment).
    """
    position, quote = iri.selector(node, "position"), iri.selector(node, "quote")
    graph.add((node, RDF.type, OA.SpecificResource))
    graph.add((node, OA.hasSource, iri.report))
    graph.add((node, OA.hasSelector, position))
    graph.add((node, OA.hasSelector, quote))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(text[start:end])))
    graph.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT) : start])))
    graph.add((quote, OA.suffix, Literal(text[end : end + CONTEXT])))
