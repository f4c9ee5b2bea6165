"""Add curated claims, their quantities and the concept scheme to a report's graph.

Claims follow the interoperability contract: ``mp:Claim`` (plus a kg kind),
``mp:statement``, ``prov:wasQuotedFrom`` the sentence, a CiTO property to each cited work,
and a qualified ``cito:Citation`` that records the intent and the pointer it goes through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS, XSD

from kg.builder.anchors import add_anchor
from kg.builder.iris import IRIs
from kg.namespaces import CITO, MP, OA
from kg.readers.claims import KINDS, UNITS
from kg.records import Article, Claim, Concept, Quantity, Quote
from kg.vocabulary import KG

__all__ = ["add_claims", "add_concepts"]

_QUALIFIERS = {"exact": KG.Exact, "approximate": KG.Approximate, "vague": KG.Vague}


def add_concepts(graph: Graph, iri: IRIs, concepts: Sequence[Concept]) -> None:
    """Add the concept scheme: one skos:Collection per category, labels in English.

    Args:
        graph: The graph to add to.
        iri: The IRI minter.
        concepts: The concepts.
    """
    scheme = iri.concept_scheme()
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("kg concepts", lang="en")))
    for concept in concepts:
        node = iri.concept(concept.id)
        collection = iri.concept_scheme(concept.category)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.prefLabel, Literal(concept.pref, lang="en")))
        graph.add((node, SKOS.notation, Literal(concept.id)))
        for label in concept.alt:
            graph.add((node, SKOS.altLabel, Literal(label, lang="en")))
        for match in concept.exact_match:
            graph.add((node, SKOS.exactMatch, URIRef(match)))
        for other in concept.related:  # skos:related is symmetric: both directions, so no inference is needed
            graph.add((node, SKOS.related, iri.concept(other)))
            graph.add((iri.concept(other), SKOS.related, node))
        graph.add((collection, RDF.type, SKOS.Collection))
        graph.add((collection, SKOS.prefLabel, Literal(concept.category, lang="en")))
        graph.add((collection, SKOS.member, node))


def add_claims(
    graph: Graph,
    iri: IRIs,
    article: Article,
    claims: Sequence[Claim],
    quotes: Mapping[str, tuple[Quote, ...]],
    works: Mapping[str, URIRef],
) -> None:
    """Add each claim with its quotes, citations, concepts and quantities.

    Args:
        graph: The graph to add to (it already holds the article's structure).
        iri: The IRI minter of the article.
        article: The article.
        claims: The checked claims, each cite naming its reference by id.
        quotes: The located quotes of each claim (from :func:`kg.readers.claims.anchor_claims`).
        works: The work each reference (by id) cites.
    """
    citations: dict[int, list[tuple[int, tuple[str, ...]]]] = {}  # sentence index -> (citation index, refs)
    for index, (sentence, citation) in enumerate(article.citations, start=1):
        citations.setdefault(sentence.index, []).append((index, citation.references))
    for claim in claims:
        node = iri.claim(claim.id)
        graph.add((node, RDF.type, MP.Claim))
        graph.add((node, RDF.type, KG[KINDS[claim.kind]]))
        graph.add((node, DCTERMS.identifier, Literal(claim.id)))
        graph.add((node, MP.statement, Literal(claim.statement)))
        located = quotes[claim.id]
        for position, quote in enumerate(located, start=1):
            _quote(graph, iri, article, node, position, quote)
        in_quoted = [c for q in sorted({q.sentence for q in located}) for c in citations.get(q, [])]
        for cite in claim.citations:
            work = works[cite.ref]
            graph.add((node, CITO[cite.intent], work))
            qualified = iri.claim_citation(node, cite.ref)
            graph.add((qualified, RDF.type, CITO.Citation))
            graph.add((qualified, CITO.hasCitingEntity, node))
            graph.add((qualified, CITO.hasCitedEntity, work))
            graph.add((qualified, CITO.hasCitationCharacterization, CITO[cite.intent]))
            for index, refs in in_quoted:
                if cite.ref in refs:
                    graph.add((qualified, KG.viaPointer, iri.pointer(index, refs, cite.ref)))
        for concept in claim.concepts:
            graph.add((node, DCTERMS.subject, iri.concept(concept)))
        for position, quantity in enumerate(claim.quantities, start=1):
            q = iri.quantity(node, position)
            graph.add((node, KG.hasQuantity, q))
            _quantity(graph, q, quantity)


def _decimal(number: float) -> str:
    """The canonical xsd:decimal form ("39.0", "0.1"), so every serialization writes the same literal."""
    text = format(Decimal(str(number)).normalize(), "f")
    return text if "." in text else f"{text}.0"


def _quote(graph: Graph, iri: IRIs, article: Article, claim: URIRef, position: int, quote: Quote) -> None:
    sentence = iri.sentence(quote.sentence)
    anchor = iri.quote(claim, position)
    graph.add((claim, PROV.wasQuotedFrom, sentence))
    graph.add((claim, KG.hasQuote, anchor))
    if position == 1:
        graph.add((claim, KG.hasMainQuote, anchor))
    add_anchor(graph, iri, anchor, article, quote.start, quote.end)
    graph.add((anchor, OA.hasScope, sentence))


def _quantity(graph: Graph, node: URIRef, quantity: Quantity) -> None:
    code, unit_text = UNITS[quantity.unit]
    graph.add((node, RDF.type, SDO.QuantitativeValue))
    graph.add((node, SDO.name, Literal(quantity.name)))
    for predicate, number in (
        (SDO.value, quantity.value),
        (SDO.minValue, quantity.minimum),
        (SDO.maxValue, quantity.maximum),
    ):
        if number is not None:
            graph.add((node, predicate, Literal(_decimal(number), datatype=XSD.decimal)))
    if code is not None:
        graph.add((node, SDO.unitCode, Literal(code)))
    graph.add((node, SDO.unitText, Literal(unit_text)))
    graph.add((node, KG.qualifier, _QUALIFIERS[quantity.qualifier]))
    if quantity.text:
        graph.add((node, SDO.description, Literal(quantity.text)))
