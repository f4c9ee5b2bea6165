"""The SHACL shapes compiled to SPARQL checks, run on an Oxigraph store: the fast validation of every build.

Structural constraints (counts, classes, node and qualified shapes, ``sh:or``, SPARQL
constraints) become one SELECT each, over the shape's targets, that returns the focus nodes
(and values) that break them. Constraints on literal values (``sh:datatype``, ``sh:minLength``,
``sh:in``, ``sh:lessThanOrEquals``, ``sh:uniqueLang``) are checked in Python on the graph as kg
built it, since a store keeps literals in canonical form (``xsd:nonNegativeInteger`` becomes
``xsd:integer``). Each violation is reported as :func:`kg.validation.validate_graph` reports
pySHACL's, which stays the reference: a test holds both to the same violations on graphs
with injected faults. A shape using a constraint this compiler does not know is refused, never
skipped. :mod:`kg.violations` runs the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import KGError

__all__ = ["Check", "Compiled", "ShapesError", "ValueCheck", "compile_shapes", "compiled"]

_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
#: Constraint parameters the compiler turns into checks, and the shape parameters that are no constraint.
_KNOWN = {SH.minCount, SH.maxCount, SH["class"], SH.node, SH.qualifiedValueShape, SH.qualifiedMinCount,
          SH.qualifiedMaxCount, SH["or"], SH.sparql, SH.datatype, SH.minLength, SH["in"], SH.lessThanOrEquals,
          SH.uniqueLang, SH.path, SH.message, SH.property, SH.targetClass, SH.targetObjectsOf, SH.target,
          RDF.type}  # fmt: skip


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a query for its breakers (``?this``, and ``?value`` when it reports one)."""

    shape: URIRef
    path: URIRef | None
    message: str
    query: str
    reports_value: bool
    target: str = ""  # the group pattern in ``query`` that binds the shape's focus nodes


@dataclass(frozen=True)
class ValueCheck:
    """A constraint on literal values, checked in Python on each value of ``path`` of the target's nodes."""

    shape: URIRef
    path: URIRef
    message: str
    target: str
    kind: Node
    argument: Any


@dataclass(frozen=True)
class Compiled:
    """The compiled shapes: SPARQL checks and value checks."""

    checks: tuple[Check, ...]
    values: tuple[ValueCheck, ...] = field(default=())
    prefixes: str = _PREFIXES


class ShapesError(KGError):
    """A shape the compiler cannot turn into checks (a constraint it does not know)."""


def compile_shapes(shapes: Graph) -> Compiled:
    """Compile every node shape with a target (and its property shapes) into checks.

    Raises:
        ShapesError: A shape uses a constraint the compiler does not know.
    """
    prefixes = _declared(shapes)
    checks: list[Check] = []
    values: list[ValueCheck] = []
    for shape in sorted({s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}):
        target = _target(shapes, shape, prefixes)
        if target is None:
            continue
        _unknown(shapes, shape)
        message = str(shapes.value(shape, SH.message) or "")
        alternatives = shapes.value(shape, SH["or"])
        if alternatives is not None:
            missing = " ".join(
                f"FILTER NOT EXISTS {{ ?this {_path(shapes, shapes.value(a, SH.path))} ?any{i} }}"
                for i, a in enumerate(Collection(shapes, alternatives))
            )
            checks.append(
                Check(
                    shape,
                    None,
                    message,
                    f"SELECT ?this ?value WHERE {{ {target} {missing} BIND(?this AS ?value) }}",
                    True,
                    target,
                )
            )
        for constraint in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
            query = f"SELECT ?this ?value WHERE {{ {target} {{ {_body(select)} }} }}"
            checks.append(
                Check(
                    URIRef(str(constraint)), None, str(shapes.value(constraint, SH.message) or ""), query, True, target
                )
            )
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            _unknown(shapes, prop)
            _property(shapes, prop, target, checks, values)
    checks = [Check(c.shape, c.path, c.message, prefixes + c.query, c.reports_value, c.target) for c in checks]
    return Compiled(tuple(checks), tuple(values), prefixes)


def _property(shapes: Graph, prop: Node, target: str, checks: list[Check], values: list[ValueCheck]) -> None:
    """The checks of one property shape."""
    path_node = shapes.value(prop, SH.path)
    path = _path(shapes, path_node)
    shown = path_node if isinstance(path_node, URIRef) else None
    name = prop if isinstance(prop, URIRef) else URIRef("")
    message = str(shapes.value(prop, SH.message) or "")

    def add(query: str, value: bool) -> None:
        checks.append(Check(name, shown, message, query, value, target))

    least, most = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    bounds = [f"COUNT(DISTINCT ?v) < {_number(least)}"] if least is not None else []
    bounds += [f"COUNT(DISTINCT ?v) > {_number(most)}"] if most is not None else []
    if bounds:  # one query for both bounds: no node breaks both, and both report the same line
        add(f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this "
            f"HAVING ({' || '.join(bounds)})", False)  # fmt: skip
    kind = shapes.value(prop, SH["class"])
    if kind is not None:
        add(f"SELECT ?this ?value WHERE {{ {target} ?this {path} ?value . {_not_instance('?value', kind)} }}", True)
    node = shapes.value(prop, SH.node)
    if node is not None:
        add(
            f"SELECT ?this ?value WHERE {{ {target} ?this {path} ?value . FILTER({_breaks(shapes, node, '?value')}) }}",
            True,
        )
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        fits = _conforms(shapes, qualified, "?v")
        for bound, test in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
            count = shapes.value(prop, bound)
            if count is not None:
                add(f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?v . FILTER({fits}) }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {test} {_number(count)})", False)  # fmt: skip
    for parameter in (SH.datatype, SH.minLength, SH["in"], SH.lessThanOrEquals, SH.uniqueLang):
        argument = shapes.value(prop, parameter)
        if argument is None:
            continue
        if not isinstance(path_node, URIRef):
            raise ShapesError(f"{prop}: value constraints on a path that is not one property are not compiled")
        allowed: Any = frozenset(Collection(shapes, argument)) if parameter == SH["in"] else argument
        values.append(ValueCheck(name, path_node, message, target, parameter, allowed))


def _breaks(shapes: Graph, shape: Node, var: str) -> str:
    """A SPARQL condition true when ``var`` breaks node shape ``shape``."""
    return f"!({_conforms(shapes, shape, var)})"


def _conforms(shapes: Graph, shape: Node, var: str) -> str:
    """A SPARQL condition true when ``var`` conforms to ``shape``: its class and its properties' counts and classes."""
    _unknown(shapes, shape)
    if set(shapes.predicates(shape)) - {SH["class"], SH.property, RDF.type, SH.message, SH.targetClass,
                                        SH.targetObjectsOf, SH.target}:  # fmt: skip
        raise ShapesError(f"{shape}: a shape used by another is compiled only with sh:class and sh:property")
    parts = []
    kind = shapes.value(shape, SH["class"])
    if kind is not None:
        parts.append(f"EXISTS {{ {var} rdf:type/rdfs:subClassOf* {kind.n3()} }}")
    for prop in shapes.objects(shape, SH.property):
        _unknown(shapes, prop)
        if set(shapes.predicates(prop)) & {SH.datatype, SH.minLength, SH["in"], SH.lessThanOrEquals, SH.uniqueLang,
                                           SH.node, SH.sparql}:  # fmt: skip
            raise ShapesError(f"{prop}: value constraints inside a shape used by another are not compiled")
        path = _path(shapes, shapes.value(prop, SH.path))
        kind = shapes.value(prop, SH["class"])
        qualified = shapes.value(prop, SH.qualifiedValueShape)
        least, most = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
        if least is not None:
            parts.append(_at_least(var, path, _number(least), None))
        if most is not None:
            parts.append(f"!{_at_least(var, path, _number(most) + 1, None)}")
        if kind is not None:
            other = _fresh()
            parts.append(f"NOT EXISTS {{ {var} {path} {other} . {_not_instance(other, kind)} }}")
        if qualified is not None:
            fits = qualified
            low, high = shapes.value(prop, SH.qualifiedMinCount), shapes.value(prop, SH.qualifiedMaxCount)
            if low is not None:
                parts.append(_at_least(var, path, _number(low), (shapes, fits)))
            if high is not None:
                parts.append(f"!{_at_least(var, path, _number(high) + 1, (shapes, fits))}")
    return " && ".join(parts) or "true"


_COUNTER = [0]


def _fresh() -> str:
    _COUNTER[0] += 1
    return f"?k{_COUNTER[0]}"


def _at_least(var: str, path: str, count: int, fitting: tuple[Graph, Node] | None) -> str:
    """A condition true when ``var`` has ``count`` distinct values of ``path`` (each fitting a shape, if given)."""
    if count <= 0:
        return "true"
    names = [_fresh() for _ in range(count)]
    patterns = " ".join(f"{var} {path} {n} ." for n in names)
    distinct = " ".join(f"FILTER({a} != {b})" for i, a in enumerate(names) for b in names[i + 1 :])
    fits = " ".join(f"FILTER({_conforms(fitting[0], fitting[1], n)})" for n in names) if fitting else ""
    return f"EXISTS {{ {patterns} {distinct} {fits} }}"


def _not_instance(var: str, kind: Node) -> str:
    return f"FILTER NOT EXISTS {{ {var} rdf:type/rdfs:subClassOf* {kind.n3()} }}"


def _target(shapes: Graph, shape: URIRef, prefixes: str) -> str | None:
    """A group pattern binding each focus node of ``shape`` once to ``?this``, or None without a target."""
    parts = [
        f"{{ ?this rdf:type/rdfs:subClassOf* {c.n3()} }}"
        for c in sorted(shapes.objects(shape, SH.targetClass), key=str)
    ]
    parts += [f"{{ ?subject {p.n3()} ?this }}" for p in sorted(shapes.objects(shape, SH.targetObjectsOf), key=str)]
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or select is None:
            raise ShapesError(f"{shape}: only SPARQL targets (sh:SPARQLTarget with sh:select) are compiled")
        parts.append(f"{{ {_body(str(select).replace('$this', '?this'))} }}")
    if not parts:
        return None
    del prefixes
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} }} }}"


def _body(select: str) -> str:
    """A SELECT query as a sub-select (its text as it is, braces and all)."""
    return select.strip()


def _path(shapes: Graph, path: Node | None) -> str:
    if isinstance(path, URIRef):
        return path.n3()
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, URIRef):
        return f"^{inverse.n3()}"
    raise ShapesError(f"a path other than a property or its inverse is not compiled: {path}")


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


def _number(node: Node) -> int:
    """A shape's count parameter (an ``xsd:integer`` literal) as an int."""
    return int(str(node))
