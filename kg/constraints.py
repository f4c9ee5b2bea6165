"""The SHACL shapes compiled for the fast validation of every build (:mod:`kg.violations` runs them).

Each shape with a target becomes a :class:`Shape`: its path and the constraints kg's shapes
use (counts, classes, node and qualified shapes, ``sh:or``, datatypes, lengths, ``sh:in``,
``sh:lessThanOrEquals``, ``sh:uniqueLang``), with the shapes those refer to compiled the same
way. They are evaluated in Python over a :class:`kg.triples_index.TriplesIndex` of the graph,
terms compared as their N-Triples text. Only SPARQL targets and SPARQL constraints need a query
engine; :attr:`Compiled.reads` names the triples their patterns can match, so only those are
loaded into one. Each violation is reported as :func:`kg.validation.validate_graph` reports
pySHACL's, which stays the reference: a test holds both to the same violations on graphs with
injected faults. A shape using a constraint this compiler does not know is refused, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import KGError
from kg.query_reads import Reads, query_reads
from kg.term_texts import folded, term_key

__all__ = ["Compiled", "Path", "Shape", "ShapesError", "Sparql", "Target", "compile_shapes", "compiled"]

_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)
#: Constraint parameters the compiler turns into checks, and the shape parameters that are no constraint.
_KNOWN = {SH.minCount, SH.maxCount, SH["class"], SH.node, SH.qualifiedValueShape, SH.qualifiedMinCount,
          SH.qualifiedMaxCount, SH["or"], SH.sparql, SH.datatype, SH.minLength, SH["in"], SH.lessThanOrEquals,
          SH.uniqueLang, SH.path, SH.message, SH.property, *_TARGETS, RDF.type}  # fmt: skip
#: The constraints a shape reports violations of under its own name (and so with its sh:message).
_OWN = {SH.minCount, SH.maxCount, SH["class"], SH.node, SH.qualifiedValueShape, SH["or"], SH.datatype, SH.minLength,
        SH["in"], SH.lessThanOrEquals, SH.uniqueLang}  # fmt: skip
_TYPE, _SUBCLASS = f"<{RDF.type}>".encode(), f"<{RDFS.subClassOf}>".encode()


@dataclass(frozen=True)
class Path:
    """A property (its N-Triples text), or its inverse."""

    predicate: bytes
    inverse: bool = False


@dataclass(frozen=True)
class Qualified:
    """``sh:qualifiedValueShape`` with its bounds: how many values may conform to ``shape``."""

    shape: Shape
    least: int | None
    most: int | None


@dataclass(frozen=True)
class Sparql:
    """A SPARQL constraint: a SELECT of ``?this`` (and ``?value``) that names the nodes breaking it."""

    name: URIRef | None  # None (within a blank node shape): pySHACL's reference reports no violation of it
    message: str
    query: str


@dataclass(frozen=True, eq=False)
class Shape:
    """A node shape (no ``path``) or property shape; terms (classes, ``sh:in`` members) as N-Triples text."""

    name: URIRef | None  # None for a blank node: pySHACL's reference reports no violation of it
    message: str
    path: Path | None = None
    shown: URIRef | None = None  # the path as a violation names it (a single property)
    least: int | None = None
    most: int | None = None
    classes: tuple[bytes, ...] = ()
    nodes: tuple[Shape, ...] = ()
    properties: tuple[Shape, ...] = ()
    qualified: tuple[Qualified, ...] = ()
    alternatives: tuple[tuple[Shape, ...], ...] = ()
    datatype: str | None = None
    min_length: int | None = None
    allowed: frozenset[bytes] | None = None
    at_most: tuple[bytes, ...] = ()
    unique_lang: bool = False
    sparql: tuple[Sparql, ...] = ()


@dataclass(frozen=True)
class Target:
    """A shape's focus nodes: instances of classes, given nodes, objects or subjects of properties, SELECTs."""

    classes: tuple[bytes, ...] = ()
    nodes: tuple[bytes, ...] = ()
    objects_of: tuple[bytes, ...] = ()
    subjects_of: tuple[bytes, ...] = ()
    queries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Compiled:
    """The compiled shapes, and the predicates their evaluation reads.

    Attributes:
        shapes: Each shape with a target, with it.
        forward: Predicates whose objects are looked up by subject.
        backward: Predicates whose subjects are looked up by object.
        reads: The triples the SPARQL queries can match: predicate → None (all its triples) or the
            objects it may have, each ``(None, term)`` for that term or ``(link, term)`` for every
            term that reaches it by ``link*``; None when a pattern has a variable predicate (the
            queries then read the whole graph).
    """

    shapes: tuple[tuple[Target, Shape], ...]
    forward: frozenset[bytes] = frozenset()
    backward: frozenset[bytes] = frozenset()
    reads: Reads | None = field(default_factory=dict)

    @property
    def kept(self) -> frozenset[bytes]:
        """The predicates whose triples the SPARQL queries read in full."""
        return frozenset(p for p, objects in (self.reads or {}).items() if objects is None)


class ShapesError(KGError):
    """A shape the compiler cannot turn into checks (a constraint it does not know)."""


def compile_shapes(shapes: Graph) -> Compiled:
    """Compile every shape with a target (and the shapes it refers to).

    Raises:
        ShapesError: A shape uses a constraint the compiler does not know.
    """
    compiler = _Compiler(shapes)
    found = []
    for node in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)} | compiler.implicit, key=str):
        found.append((compiler.target(node), compiler.shape(node, top=True)))
    reads: Reads | None = {}
    for query in compiler.queries:
        try:
            reads = query_reads(query, reads)
        except Exception as exc:  # pyparsing's and rdflib's errors alike
            raise ShapesError(f"a SPARQL query of the shapes does not parse: {exc}") from None
    forward, backward = compiler.forward, compiler.backward | {_TYPE, _SUBCLASS}
    if reads is not None:
        backward |= {p for p, objects in reads.items() if objects is not None}
        backward |= {link for objects in reads.values() for link, _ in objects or () if link is not None}
    return Compiled(tuple(found), frozenset(forward), frozenset(backward), reads)


def _implicit(shapes: Graph) -> set[Node]:
    """Shapes that are classes, and so target their instances."""
    classes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    return {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)
            if classes & set(shapes.objects(s, RDF.type))}  # fmt: skip


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.graph = shapes
        self.key = term_key
        self.prefixes = _declared(shapes)
        self.done: dict[Node, Shape] = {}
        self.open: set[Node] = set()
        self.forward: set[bytes] = {_TYPE}
        self.backward: set[bytes] = set()
        self.queries: list[str] = []
        self.implicit = _implicit(shapes)

    def target(self, node: Node) -> Target:
        g, key = self.graph, self.key
        queries = []
        for target in g.objects(node, SH.target):
            select = g.value(target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                raise ShapesError(f"{node}: only SPARQL targets (sh:SPARQLTarget with sh:select) are compiled")
            queries.append(self._query(select))
        classes = [*g.objects(node, SH.targetClass), *([node] if node in self.implicit else [])]
        objects_of = tuple(sorted(key(p) for p in g.objects(node, SH.targetObjectsOf)))
        subjects_of = tuple(sorted(key(p) for p in g.objects(node, SH.targetSubjectsOf)))
        self.backward.update(objects_of)
        self.forward.update(subjects_of)
        nodes = tuple(sorted(key(n) for n in g.objects(node, SH.targetNode)))
        return Target(tuple(sorted(key(c) for c in classes)), nodes, objects_of, subjects_of, tuple(queries))

    def _query(self, select: Node) -> str:
        query = self.prefixes + str(select).replace("$this", "?this")
        self.queries.append(query)
        return query

    def shape(self, node: Node, top: bool = False) -> Shape:
        """The compiled shape ``node`` (each compiled once; a shape may not refer to itself)."""
        if node in self.done:
            if self.done[node].sparql and not top:
                raise ShapesError(f"{node}: SPARQL constraints are compiled only on node shapes with a target")
            return self.done[node]
        if node in self.open:
            raise ShapesError(f"{node}: a shape that refers to itself is not compiled")
        _unknown(self.graph, node)
        self.open.add(node)
        shape = self._shape(node, top)
        self.open.discard(node)
        self.done[node] = shape
        return shape

    def _shape(self, node: Node, top: bool) -> Shape:
        g, key = self.graph, self.key
        path_node = g.value(node, SH.path)
        path = self._path(path_node) if path_node is not None else None
        counts = {p: self._number(node, p) for p in (SH.minCount, SH.maxCount, SH.minLength)}
        if path is None and {
            SH.minCount,
            SH.maxCount,
            SH.lessThanOrEquals,
            SH.uniqueLang,
            SH.qualifiedValueShape,
        } & set(g.predicates(node)):
            raise ShapesError(f"{node}: a count, pair or qualified constraint on a shape without sh:path")
        sparql = tuple(self._sparql(c, node) for c in g.objects(node, SH.sparql))
        if sparql and (path is not None or not top):
            raise ShapesError(f"{node}: SPARQL constraints are compiled only on node shapes with a target")
        qualified = tuple(
            Qualified(self.shape(q), self._number(node, SH.qualifiedMinCount), self._number(node, SH.qualifiedMaxCount))
            for q in g.objects(node, SH.qualifiedValueShape)
        )
        datatype = self._single(node, SH.datatype)
        members = self._single(node, SH["in"])
        unique = self._single(node, SH.uniqueLang)
        at_most = tuple(sorted(key(p) for p in g.objects(node, SH.lessThanOrEquals)))
        self.forward.update(at_most)
        if isinstance(node, URIRef) and _OWN & set(g.predicates(node)) and g.value(node, SH.message) is None:
            raise ShapesError(f"{node}: a shape without sh:message is not compiled (pySHACL writes one of its own)")
        return Shape(
            node if isinstance(node, URIRef) else None,
            str(g.value(node, SH.message) or ""),
            path,
            path_node if isinstance(path_node, URIRef) else None,
            counts[SH.minCount],
            counts[SH.maxCount],
            tuple(sorted(key(c) for c in g.objects(node, SH["class"]))),
            tuple(self.shape(n) for n in sorted(g.objects(node, SH.node), key=str)),
            tuple(self.shape(p) for p in sorted(g.objects(node, SH.property), key=str)),
            qualified,
            tuple(
                tuple(self.shape(a) for a in Collection(g, alternatives)) for alternatives in g.objects(node, SH["or"])
            ),
            str(datatype) if datatype is not None else None,
            counts[SH.minLength],
            frozenset(folded(key(m)) for m in Collection(g, members)) if members is not None else None,
            at_most,
            isinstance(unique, Literal) and unique.toPython() is True,
            sparql,
        )

    def _sparql(self, constraint: Node, shape: Node) -> Sparql:
        g = self.graph
        select, message = g.value(constraint, SH.select), str(g.value(constraint, SH.message) or "")
        if select is None or set(g.predicates(constraint)) - {SH.select, SH.message, SH.prefixes, RDF.type}:
            raise ShapesError(f"{constraint}: only SPARQL constraints with sh:select and sh:message are compiled")
        if "{?" in message or "{$" in message or not message:
            raise ShapesError(f"{constraint}: a SPARQL constraint without sh:message, or naming variables in it")
        name = constraint if isinstance(constraint, URIRef) else shape  # pySHACL's source constraint, else shape
        return Sparql(name if isinstance(name, URIRef) else None, message, self._query(select))

    def _path(self, path: Node) -> Path:
        if isinstance(path, URIRef):
            self.forward.add(self.key(path))
            return Path(self.key(path))
        inverse = self.graph.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(set(self.graph.predicate_objects(path))) == 1:
            self.backward.add(self.key(inverse))
            return Path(self.key(inverse), inverse=True)
        raise ShapesError(f"a path other than a property or its inverse is not compiled: {path}")

    def _single(self, node: Node, parameter: URIRef) -> Node | None:
        values = list(self.graph.objects(node, parameter))
        if len(values) > 1:
            raise ShapesError(f"{node}: more than one {parameter} is not compiled")
        return values[0] if values else None

    def _number(self, node: Node, parameter: URIRef) -> int | None:
        value = self._single(node, parameter)
        return int(str(value)) if value is not None else None


def _declared(shapes: Graph) -> str:
    """PREFIX lines for the prefixes the shapes declare (``sh:declare``), with rdf and rdfs."""
    lines = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            lines[str(prefix)] = f"PREFIX {prefix}: <{namespace}>"
    return _PREFIXES + "".join(f"{lines[p]}\n" for p in sorted(lines) if p not in ("rdf", "rdfs"))


def _unknown(shapes: Graph, shape: Node) -> None:
    unknown = sorted(str(p) for p in set(shapes.predicates(shape)) - _KNOWN if str(p).startswith(str(SH)))
    if unknown:
        raise ShapesError(f"{shape}: {unknown[0]} is not compiled to a check (validate with pySHACL instead)")


@lru_cache(maxsize=1)
def compiled() -> Compiled:
    """The bundled shapes (``ontology/shapes.ttl``), compiled once."""
    from kg.validation import shapes

    return compile_shapes(shapes())
