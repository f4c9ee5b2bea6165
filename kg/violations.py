"""The compiled shapes (:mod:`kg.constraints`) evaluated on a graph.

The graph's triples are indexed from its N-Triples lines (:class:`kg.triples_index.TriplesIndex`)
and every constraint is checked in Python, literal values compared as pySHACL compares them on
an rdflib graph (:func:`kg.term_texts.has_datatype` and its neighbours). SPARQL targets and
constraints run on an in-memory Oxigraph store that holds only the triples their patterns can
match.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.constraints import Compiled, Shape, Target, compiled
from kg.term_texts import at_most, folded, has_datatype, literal_key, literal_parts, long_enough, to_node
from kg.triples_index import TriplesIndex

__all__ = ["Violation", "violations"]

#: A violation: focus node, path (if one property), message, value (if the constraint reports one), shape.
Violation = tuple[Node, URIRef | None, str, Node | None, URIRef]

_TYPE, _SUBCLASS = f"<{RDF.type}>".encode(), f"<{RDFS.subClassOf}>".encode()
_NONE: list[bytes] = []


def violations(graph: Graph, rules: Compiled | None = None, ntriples: bytes | None = None) -> list[Violation]:
    """Every violation of the compiled shapes in ``graph``: focus node, path, message, value, shape.

    Args:
        graph: The graph.
        rules: The compiled shapes (default: the bundled shapes).
        ntriples: ``graph`` as the N-Triples lines kg writes (:func:`kg.write.rdf.ntriples_lines`),
            if already written: they are read instead of the graph.
    """
    rules = rules or compiled()
    kept = rules.kept if rules.reads is not None else ()
    if ntriples is not None:
        index = TriplesIndex.parse(ntriples, rules.forward, rules.backward, kept)
    else:
        index = TriplesIndex.of_graph(graph, rules.forward, rules.backward, kept)
    return _Run(index, rules).violations()


class _Run:
    """One evaluation of the compiled shapes on an index."""

    def __init__(self, index: TriplesIndex, rules: Compiled) -> None:
        self.index, self.rules = index, rules
        self.types = index.objects(_TYPE)
        self.closures: dict[bytes, set[bytes]] = {}
        self.fits: dict[Shape, dict[bytes, bool]] = {}
        self.found: list[tuple[bytes, URIRef | None, str, bytes | None, URIRef]] = []
        self.store: Any = None

    def violations(self) -> list[Violation]:
        for target, shape in self.rules.shapes:
            focus = self.focus(target)
            if focus:
                self.report(shape, focus)
        return [
            (to_node(focus), path, message, to_node(value) if value is not None else None, name)
            for focus, path, message, value, name in self.found
        ]

    def subclasses(self, kind: bytes) -> set[bytes]:
        """``kind`` and its subclasses (``rdfs:subClassOf*``)."""
        found = self.closures.get(kind)
        if found is None:
            found = self.closures[kind] = self.index.reaching(_SUBCLASS, kind)
        return found

    def focus(self, target: Target) -> list[bytes]:
        found: dict[bytes, None] = {}
        typed = self.index.subjects(_TYPE)
        for kind in target.classes:
            for subclass in self.subclasses(kind):
                found.update(dict.fromkeys(typed.get(subclass, ())))
        found.update(dict.fromkeys(target.nodes))
        for predicate in target.objects_of:
            found.update(dict.fromkeys(self.index.subjects(predicate)))
        for predicate in target.subjects_of:
            found.update(dict.fromkeys(self.index.objects(predicate)))
        for query in target.queries:
            found.update(dict.fromkeys(this for this, _ in self.select(query)))
        return list(found)

    def values(self, shape: Shape, focus: list[bytes]) -> list[list[bytes]]:
        """The value nodes of each focus node: itself for a node shape, else its path's values."""
        if shape.path is None:
            return [[f] for f in focus]
        table = self.index.subjects if shape.path.inverse else self.index.objects
        get = table(shape.path.predicate).get
        return [get(f, _NONE) for f in focus]

    def report(self, shape: Shape, focus: list[bytes]) -> None:
        """Record the violations of ``shape`` (named) and of its property shapes by these focus nodes."""
        values = self.values(shape, focus)
        if shape.name is not None:
            self.found += ((f, shape.shown, shape.message, v, shape.name) for f, v in self.broken(shape, focus, values))
        for node in shape.nodes:  # pySHACL reports why a value does not conform (its results' sh:detail)
            every = list(dict.fromkeys(v for vs in values for v in vs))
            good = self.conforming(node, every)
            failing = [v for v in every if v not in good]
            if failing:
                self.report(node, failing)
        if shape.properties:
            nodes = focus if shape.path is None else list(dict.fromkeys(v for vs in values for v in vs))
            for prop in shape.properties:
                self.report(prop, nodes)
        if shape.sparql:
            wanted = set(focus)
            for sparql in shape.sparql:
                name, message = sparql.name, sparql.message
                if name is not None:
                    answers = self.select(sparql.query)
                    self.found += ((this, None, message, value, name) for this, value in answers if this in wanted)

    def conforming(self, shape: Shape, nodes: list[bytes]) -> set[bytes]:
        """Those of ``nodes`` that conform to ``shape`` (a shape another uses: ``sh:node``, qualified, ``sh:or``)."""
        known = self.fits.setdefault(shape, {})
        todo = [n for n in dict.fromkeys(nodes) if n not in known]
        if todo:
            values = self.values(shape, todo)
            bad = {f for f, _ in self.broken(shape, todo, values)}
            for prop in shape.properties:
                good = self.conforming(prop, [v for vs in values for v in vs])
                bad.update(f for f, vs in zip(todo, values, strict=True) if not good.issuperset(vs))
            known.update((n, n not in bad) for n in todo)
        return {n for n in nodes if known[n]}

    def broken(self, shape: Shape, focus: list[bytes], values: list[list[bytes]]) -> list[tuple[bytes, bytes | None]]:
        """(focus node, value or None) for each constraint of ``shape`` a focus node breaks (property shapes aside)."""
        found: list[tuple[bytes, bytes | None]] = []
        pairs = list(zip(focus, values, strict=True))
        if shape.least is not None or shape.most is not None:
            least, most = shape.least, shape.most
            found += ((f, None) for f, vs in pairs if _outside(len(vs) if len(vs) < 2 else len(set(vs)), least, most))
        types = self.types
        for kind in shape.classes:
            subclasses = self.subclasses(kind)
            found += ((f, v) for f, vs in pairs for v in vs if subclasses.isdisjoint(types.get(v, _NONE)))
        if shape.nodes or shape.qualified or shape.alternatives:
            every = [v for vs in values for v in vs]
            for node in shape.nodes:
                good = self.conforming(node, every)
                found += ((f, v) for f, vs in pairs for v in vs if v not in good)
            for qualified in shape.qualified:
                good = self.conforming(qualified.shape, every)
                found += ((f, None) for f, vs in pairs
                          if _outside(len(good.intersection(vs)), qualified.least, qualified.most))  # fmt: skip
            for alternatives in shape.alternatives:
                good = set().union(*(self.conforming(a, every) for a in alternatives))
                found += ((f, v) for f, vs in pairs for v in vs if v not in good)
        if shape.datatype is not None or shape.min_length is not None or shape.allowed is not None:
            found += ((f, v) for f, vs in pairs for v in vs if not _fits(shape, v))
        for predicate in shape.at_most:
            others = self.index.objects(predicate)
            for f, vs in pairs:
                bounds = set(others.get(f, _NONE))
                found += ((f, v) for v in set(vs) for o in bounds if not at_most(v, o))
        if shape.unique_lang:
            for f, vs in pairs:
                languages = [lang.lower() for v in set(vs) if v.startswith(b'"') and (lang := literal_parts(v)[1])]
                if len(languages) != len(set(languages)):
                    found.append((f, None))
        return found

    def select(self, query: str) -> list[tuple[bytes, bytes | None]]:
        """The ``?this`` and ``?value`` (or None) of each answer to a SELECT, on the triples it can match."""
        if self.store is None:
            self.store = _store(self.index.matching(self.rules.reads))
        answers = self.store.query(query)
        names = [v.value for v in answers.variables]
        at = names.index("this") if "this" in names else None
        then = names.index("value") if "value" in names else None
        found = []
        for answer in answers:
            this = answer[at] if at is not None else None
            if this is not None:
                value = answer[then] if then is not None else None
                found.append((_key(this), _key(value) if value is not None else None))
        return found


def _outside(count: int, least: int | None, most: int | None) -> bool:
    return (least is not None and count < least) or (most is not None and count > most)


def _store(chunks: list[bytes]) -> Any:
    """An in-memory Oxigraph store holding these triples (blank nodes keep their labels)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    if not chunks:
        return store
    text = b" .\n".join(chunks) + b" .\n"
    if b"_:" not in text:
        store.load(text, format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)  # the terms are as kg writes them
        return store
    store.extend(pyoxigraph.Quad(*(_oxigraph(t) for t in chunk.split(b" ", 2))) for chunk in chunks)
    return store


def _oxigraph(key: bytes) -> Any:
    import pyoxigraph

    if key.startswith(b"<"):
        return pyoxigraph.NamedNode(key[1:-1].decode())
    if key.startswith(b"_"):
        return pyoxigraph.BlankNode(key[2:].decode())
    lexical, language, datatype = literal_parts(key)
    kind = pyoxigraph.NamedNode(datatype) if datatype is not None else None
    return pyoxigraph.Literal(lexical, language=language, datatype=kind)


def _key(term: Any) -> bytes:
    """A pyoxigraph term's text as kg writes it."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return f"<{term.value}>".encode()
    if kind == "BlankNode":
        return f"_:{term.value}".encode()
    datatype = term.datatype.value
    return literal_key(term.value, term.language, None if term.language or datatype == str(XSD.string) else datatype)


def _fits(shape: Shape, value: bytes) -> bool:
    """Whether ``value`` meets the shape's ``sh:datatype``, ``sh:minLength`` and ``sh:in``, as pySHACL tests them."""
    if shape.datatype is not None and not has_datatype(value, shape.datatype):
        return False
    if shape.min_length is not None and not long_enough(value, shape.min_length):
        return False
    return shape.allowed is None or folded(value) in shape.allowed
