"""The networkx projection of a built graph: IRI nodes with their types and labels, IRI edges.

The projection keeps IRI-to-IRI edges only (edge attribute ``predicate``); ``rdf:type`` and
literal values become node attributes (``type``, ``types``, ``label``, ``labels``, and
``article`` for a node that belongs to one article), so the graph stays small and exports to
GraphML or GEXF for Gephi and Cytoscape. Traversals are in :mod:`kg.queries.network`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from kg.namespaces import BIRO, C4O, CITO, DOCO, FABIO, MP, bind_prefixes
from kg.vocabulary import KG

__all__ = ["in_nodes", "out_nodes", "to_networkx"]

#: Literal properties that give a node its label, in order of preference.
_LABELS = (DCTERMS.identifier, SKOS.prefLabel, DCTERMS.title, RDFS.label, SDO.name, FOAF.name, C4O.hasContent)
#: Types that name what a node is, most specific first.
_KINDS = (MP.Claim, CITO.Citation, C4O.SingleLocationPointerList, C4O.InTextReferencePointer,
          BIRO.BibliographicReference, DOCO.Sentence, SKOS.Concept, FABIO.Journal,
          FABIO.JournalArticle, FABIO.Expression)  # fmt: skip


def to_networkx(source: Any) -> nx.MultiDiGraph[str]:
    """Project a graph to a MultiDiGraph of IRI nodes.

    Args:
        source: A store (whose part the projection keeps is fetched with one CONSTRUCT,
            ``kg/queries/lookups/projection.rq``), an rdflib graph, or a path or URL to open.

    Returns:
        Nodes are IRIs (strings) with ``type`` (the most specific known type, as a CURIE),
        ``types`` (all, space separated), ``label`` and ``labels`` (all labels, ``|`` separated);
        edges carry ``predicate`` (a CURIE) and are keyed by it.
    """
    graph = source if isinstance(source, Graph) else _projected(source)
    curie = bind_prefixes(Graph()).namespace_manager.normalizeUri
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    types: dict[str, list[str]] = {}
    labels: dict[str, list[tuple[int, str]]] = {}
    facts: dict[str, dict[str, str]] = {}
    keys: dict[str, list[str]] = {}
    for s, p, o in sorted(graph):  # sorted: the same graph always gives the same projection
        if not isinstance(s, URIRef):
            continue
        node = str(s)
        network.add_node(node)
        if p == RDF.type and isinstance(o, URIRef):
            types.setdefault(node, []).append(str(o))
        elif isinstance(o, URIRef):
            network.add_edge(node, str(o), key=curie(URIRef(str(p))), predicate=curie(URIRef(str(p))))
        elif isinstance(o, Literal) and p in _LABELS:
            labels.setdefault(node, []).append((_LABELS.index(p), str(o)))
        elif isinstance(o, Literal) and p == SKOS.altLabel:
            labels.setdefault(node, []).append((len(_LABELS), str(o)))
        elif isinstance(o, Literal) and p in (FOAF.familyName, FABIO.hasPublicationYear):
            facts.setdefault(node, {})[str(p)] = str(o)
        elif isinstance(o, Literal) and p == KG.citationKey:  # an article's key for a work names the work too
            keys.setdefault(node, []).append(str(o))
    for entry, names in keys.items():
        for work in (w for _, w, key in network.out_edges(entry, keys=True) if key == "biro:references"):
            labels.setdefault(work, []).extend((len(_LABELS) + 1, name) for name in names)
    for node in network.nodes:
        found = sorted(types.get(node, []))
        kind = next((k for k in _KINDS if str(k) in found), URIRef(found[0]) if found else None)
        named = sorted(labels.get(node, []))
        if kind == BIRO.BibliographicReference:  # an entry reads best as printed, not by its id
            named = sorted(named, key=lambda n: (n[0] != _LABELS.index(C4O.hasContent), n))
        identified = any(rank == 0 for rank, _ in named)  # an article of the graph, by its id
        if kind in (FABIO.JournalArticle, FABIO.Expression) and not identified:  # a work reads best as "Kalita 2011"
            short = _author_year(network, node, facts)
            named = [(-1, short), *named] if short else named
        network.nodes[node]["type"] = curie(kind) if kind is not None else ""
        network.nodes[node]["types"] = " ".join(curie(URIRef(t)) for t in found)
        network.nodes[node]["label"] = named[0][1] if named else node.rsplit("/", 1)[-1]
        network.nodes[node]["labels"] = "|".join(dict.fromkeys(text for _, text in named))
    _scope(network)
    return network


def _projected(source: Any) -> list[tuple[Node, Node, Node]]:
    """The triples the projection keeps, fetched from a store as rdflib terms."""
    from pyoxigraph import NamedNode

    from kg.queries.sparql import lookup_query, run_query

    def term(value: Any) -> Node:
        if isinstance(value, NamedNode):
            return URIRef(value.value)
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype.value == "http://www.w3.org/2001/XMLSchema#string":  # as rdflib reads a plain literal
            return Literal(value.value)
        return Literal(value.value, datatype=URIRef(value.datatype.value))

    answer = run_query(source, lookup_query("projection"))
    return [(URIRef(str(t.subject.value)), URIRef(t.predicate.value), term(t.object)) for t in answer.triples]  # type: ignore[union-attr]


def _author_year(network: nx.MultiDiGraph[str], work: str, facts: dict[str, dict[str, str]]) -> str | None:
    """The "Family Year" of a work: its first author (the role no other role points to) and year."""
    roles = [r for _, r, key in network.out_edges(work, keys=True) if key == "pro:isDocumentContextFor"]
    following = {v for r in roles for _, v, key in network.out_edges(r, keys=True) if key == "oco:hasNext"}
    first = sorted(r for r in roles if r not in following)
    agents = [a for r in first[:1] for _, a, key in network.out_edges(r, keys=True) if key == "pro:isHeldBy"]
    family = next((facts[a][str(FOAF.familyName)] for a in agents if str(FOAF.familyName) in facts.get(a, {})), None)
    year = facts.get(work, {}).get(str(FABIO.hasPublicationYear))
    if family and year:
        return f"{family} {year}"
    return None


#: Kinds of node that belong to one article (the rest, such as works and concepts, are shared).
_SCOPED = ("mp:Claim", "cito:Citation", "c4o:SingleLocationPointerList", "c4o:InTextReferencePointer",
           "biro:BibliographicReference", "doco:Sentence")  # fmt: skip


def _scope(network: nx.MultiDiGraph[str]) -> None:
    """Give each article's own nodes an ``article`` attribute (the article's IRI).

    In a graph of several articles, their labels start with the article's id
    ("PMC3166277: statement-4"), so tables and plots tell apart the claims of two articles
    that share an id; ``labels`` keeps the bare label too, for lookups.
    """
    parts = {"biro:BibliographicReference", "doco:Section"}
    articles = {
        u
        for u, v, key in network.edges(keys=True)
        if key == "frbr:part" and network.nodes[v]["type"] in parts and network.nodes[u]["type"] != "doco:Section"
    }
    owner: dict[str, str] = {}
    for article in sorted(articles):
        for entry in out_nodes(network, article, "frbr:part"):
            if network.nodes[entry]["type"] == "biro:BibliographicReference":
                owner[entry] = article
    for node, data in network.nodes(data=True):
        if data["type"] == "mp:Claim":
            for quote in out_nodes(network, node, "kg:hasMainQuote"):
                for article in out_nodes(network, quote, "oa:hasSource"):
                    owner[node] = article
    for node, data in network.nodes(data=True):
        if data["type"] in {"c4o:InTextReferencePointer", "c4o:SingleLocationPointerList"}:
            for entry in out_nodes(network, node, "c4o:denotes") + out_nodes(network, node, "c4o:pertainsTo"):
                if entry in owner:
                    owner[node] = owner[entry]
                    for sentence in out_nodes(network, node, "c4o:hasContext"):
                        owner[sentence] = owner[entry]
        elif data["type"] == "cito:Citation":
            for claim in out_nodes(network, node, "cito:hasCitingEntity"):
                if claim in owner:
                    owner[node] = owner[claim]
    for node, article in owner.items():
        network.nodes[node]["article"] = article
        if len(articles) > 1 and network.nodes[node]["type"] in _SCOPED:
            network.nodes[node]["label"] = f"{network.nodes[article]['label']}: {network.nodes[node]['label']}"


def out_nodes(network: nx.MultiDiGraph[str], node: str, predicate: str) -> list[str]:
    """The nodes ``node`` links to with ``predicate`` (a CURIE), sorted."""
    return sorted(v for _, v, key in network.out_edges(node, keys=True) if key == predicate)


def in_nodes(network: nx.MultiDiGraph[str], node: str, predicate: str) -> list[str]:
    """The nodes that link to ``node`` with ``predicate`` (a CURIE), sorted."""
    return sorted(u for u, _, key in network.in_edges(node, keys=True) if key == predicate)
