"""The kg ontology file and the KG vocabulary class declare the same terms, each documented."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.bundle import ontology_file
from kg.namespaces import MP
from kg.readers.claims import KINDS
from kg.vocabulary import KG, KG_NAMESPACE


def ontology() -> Graph:
    return Graph().parse(ontology_file("kg.ttl"))


def test_vocabulary_class_equals_ontology_terms() -> None:
    declared = {
        str(s)[len(KG_NAMESPACE) :]
        for s in ontology().subjects()
        if str(s).startswith(KG_NAMESPACE) and str(s) != KG_NAMESPACE
    }
    in_class = {name for name in KG.__annotations__}
    assert declared == in_class


def test_every_term_has_a_label_and_a_comment() -> None:
    graph = ontology()
    for name in KG.__annotations__:
        term = URIRef(KG_NAMESPACE + name)
        assert graph.value(term, RDFS.label), name
        assert graph.value(term, RDFS.comment), name


def test_claim_kinds_are_subclasses_of_mp_claim() -> None:
    graph = ontology()
    for name in KINDS.values():
        assert (URIRef(KG_NAMESPACE + name), RDFS.subClassOf, MP.Claim) in graph
        assert (URIRef(KG_NAMESPACE + name), RDF.type, OWL.Class) in graph


def test_misspelt_term_raises() -> None:
    try:
        KG.hasQuantitty  # noqa: B018
    except AttributeError:
        return
    raise AssertionError("a misspelt term must not mint an IRI")
