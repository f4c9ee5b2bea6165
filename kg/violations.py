"""The compiled shapes (:mod:`kg.constraints`) run on a graph.

The SPARQL checks run on a private in-memory Oxigraph copy; the value checks read the graph's
own literals, as kg built them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import BNode, Node

from kg.constraints import Compiled, ValueCheck, compiled

__all__ = ["Violation", "violations"]


#: A violation: focus node, path (if one property), message, value (if the constraint reports one), shape.
Violation = tuple[Node, URIRef | None, str, Node | None, URIRef]


def violations(graph: Graph, rules: Compiled | None = None, ntriples: bytes | None = None) -> list[Violation]:
    """Every violation of the compiled shapes in ``graph``: focus node, path, message, value, shape.

    The graph is copied into an in-memory Oxigraph store for the SPARQL checks (``ntriples``,
    the graph already written as N-Triples, is loaded instead where given); the value checks
    read ``graph`` itself, where literals are as kg wrote them.
    """
    from kg.stores.graph_file import rdflib_store
    from kg.stores.oxigraph import OxigraphStore

    rules = rules or compiled()
    if ntriples is not None:
        store = OxigraphStore.memory()
        store.load("graph.nt", ntriples)
    else:
        store = rdflib_store(graph)
    # Each shape's focus nodes are found once and marked in this private copy; the checks then read the mark.
    patterns = sorted({c.target for c in rules.checks} | {v.target for v in rules.values})
    marks = {text: f"{{ ?this <{_FOCUS}> {i} }}" for i, text in enumerate(patterns)}
    for i, text in enumerate(patterns):
        store.update(f"{rules.prefixes}INSERT {{ ?this <{_FOCUS}> {i} }} WHERE {text}")
    found: list[Violation] = []
    for check in rules.checks:
        for row in store.query(check.query.replace(check.target, marks[check.target])).rows:
            focus = _term(row[0])
            value = _term(row[1]) if check.reports_value and len(row) > 1 else None
            found.append((focus, check.path, check.message, value, check.shape))
    found.extend(_value_violations(graph, rules, store, marks))
    store.close()
    return found


def _value_violations(graph: Graph, rules: Compiled, store: Any, marks: dict[str, str]) -> list[Violation]:
    """The violations of the value checks, read from ``graph``'s own literals."""
    found: list[Violation] = []
    targets: dict[str, set[str]] = {}
    for rule in rules.values:
        if rule.target not in targets:
            marked = store.query(f"SELECT ?this WHERE {marks[rule.target]}").rows
            targets[rule.target] = {r[0].value for r in marked if type(r[0]).__name__ == "NamedNode"}
        focused = targets[rule.target]
        held: dict[Node, list[Node]] = {}
        for subject, value in graph.subject_objects(rule.path):
            if isinstance(subject, URIRef) and str(subject) in focused:
                held.setdefault(subject, []).append(value)
        if rule.kind == SH.lessThanOrEquals:
            held = {URIRef(focus): held.get(URIRef(focus), []) for focus in focused}
        for focus in sorted(held, key=str):
            found.extend(
                (focus, rule.path, rule.message, v, rule.shape) for v in _broken(graph, focus, held[focus], rule)
            )
    return found


#: The predicate that marks a shape's focus nodes in the private copy a validation runs on.
_FOCUS = "urn:kg:validation:focus"


def _broken(graph: Graph, focus: Node, values: list[Node], rule: ValueCheck) -> list[Node | None]:
    """The ``values`` (of ``rule.path``) of ``focus`` that break ``rule`` (None for a constraint on all together)."""
    if rule.kind == SH.datatype:
        return [v for v in values if not (isinstance(v, Literal) and _datatype(v) == rule.argument and not v.ill_typed)]
    if rule.kind == SH.minLength:
        return [v for v in values if isinstance(v, BNode) or len(str(v)) < int(rule.argument)]
    if rule.kind == SH["in"]:
        return [v for v in values if not any(_same(v, allowed) for allowed in rule.argument)]
    if rule.kind == SH.lessThanOrEquals:
        others = list(graph.objects(focus, rule.argument))
        return [v for v in values for o in others if not _at_most(v, o)]
    if rule.kind == SH.uniqueLang and rule.argument.toPython() is True:
        languages = [v.language for v in values if isinstance(v, Literal) and v.language]
        return [None] if len(languages) != len(set(languages)) else []
    return []


def _datatype(value: Literal) -> URIRef:
    """A literal's datatype as RDF 1.1 has it: a simple literal is an ``xsd:string``."""
    if value.datatype is not None:
        return value.datatype
    return RDF.langString if value.language else XSD.string


def _same(value: Node, allowed: Node) -> bool:
    return type(value) is type(allowed) and value == allowed


def _at_most(value: Node, other: Node) -> bool:
    """Whether ``value`` <= ``other``; values that cannot be compared (a number and a string) are not."""
    if not (isinstance(value, Literal) and isinstance(other, Literal)) or value.ill_typed or other.ill_typed:
        return False
    left, right = value.toPython(), other.toPython()
    numbers = (int, float, Decimal)
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    if isinstance(left, numbers) and isinstance(right, numbers):
        return bool(left <= right)
    if type(left) is type(right) and _datatype(value) == _datatype(other):
        try:
            return bool(left <= right)
        except TypeError:
            return False
    return False


def _term(value: Any) -> Node:
    """A pyoxigraph term as rdflib's."""
    kind = type(value).__name__
    if kind == "NamedNode":
        return URIRef(value.value)
    if kind == "BlankNode":
        return BNode(value.value)
    if value.language:
        return Literal(value.value, lang=value.language)
    return Literal(value.value, datatype=URIRef(value.datatype.value))
