"""Anchor a node in the article text with Web Annotation selectors."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.builder.iris import IRIs
from kg.namespaces import OA
from kg.records import Article

__all__ = ["CONTEXT", "add_anchor"]

#: Characters of prefix and suffix kept in a text quote selector.
CONTEXT = 32


def add_anchor(graph: Graph, iri: IRIs, node: URIRef, article: Article, start: int, end: int) -> None:
    """Make ``node`` an ``oa:SpecificResource`` of the article, with position and quote selectors.

    Where the stretch lies within one element of an XML source, an ``oa:XPathSelector`` to the
    element, refined by an ``oa:TextPositionSelector`` into the element's text, says where.

    Args:
        graph: The graph to add to.
        iri: The article's IRI minter.
        node: The segment: a sentence, a reference entry, a citation, a pointer or a claim's quote.
        article: The article whose text the offsets index.
        start: 0-based start offset.
        end: End offset, exclusive (``article.text[start:end]`` is the segment).
    """
    text = article.text
    position, quote = iri.selector(node, "position"), iri.selector(node, "quote")
    graph.add((node, RDF.type, OA.SpecificResource))
    graph.add((node, OA.hasSource, iri.report))
    graph.add((node, OA.hasSelector, position))
    graph.add((node, OA.hasSelector, quote))
    _position(graph, position, start, end)
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(text[start:end])))
    graph.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT) : start])))
    graph.add((quote, OA.suffix, Literal(text[end : end + CONTEXT])))
    located = article.locate(start, end) if article.regions else None
    if located is not None:
        xpath, within = iri.selector(node, "xpath"), iri.selector(node, "xpath/position")
        graph.add((node, OA.hasSelector, xpath))
        graph.add((xpath, RDF.type, OA.XPathSelector))
        graph.add((xpath, RDF.value, Literal(located.xpath)))
        graph.add((xpath, OA.refinedBy, within))
        _position(graph, within, located.start, located.end)


def _position(graph: Graph, node: URIRef, start: int, end: int) -> None:
    graph.add((node, RDF.type, OA.TextPositionSelector))
    graph.add((node, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
