r"""A term as the N-Triples text kg writes for it: read, written, and compared as pySHACL compares values.

The compiled shapes (:mod:`kg.violations`) see every term so: an IRI ``<...>``, a blank node
``_:...``, a literal quoted with ``\\``, ``\n``, ``"`` and ``\r`` escaped and then ``@lang`` or
``^^<datatype>``. These functions read such texts (:func:`literal_parts`, :func:`to_node`),
write them (:func:`term_key`) and check the constraints on literal values on them as pySHACL
checks them on an rdflib graph (:func:`has_datatype`, :func:`long_enough`, :func:`at_most`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["at_most", "folded", "has_datatype", "literal_key", "literal_parts", "long_enough", "term_key", "to_node"]


#: The escapes in a literal's text as kg writes it.
_ESCAPES = {"\\": "\\", "n": "\n", '"': '"', "r": "\r"}
_ESCAPE = re.compile(r'\\([\\n"r])')


def _unescaped(text: str) -> str:
    return _ESCAPE.sub(lambda found: _ESCAPES[found[1]], text) if "\\" in text else text


def _literal(lexical: str, language: str | None, datatype: str | None) -> str:
    text = lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if language:
        return f'"{text}"@{language}'
    return f'"{text}"^^<{datatype}>' if datatype is not None else f'"{text}"'


def literal_key(lexical: str, language: str | None, datatype: str | None) -> bytes:
    """A literal's text as kg writes it, from its lexical form and its language or datatype IRI."""
    return _literal(lexical, language, datatype).encode()


def literal_parts(key: bytes) -> tuple[str, str | None, str | None]:
    """A literal's lexical form, language (or None) and datatype IRI (or None) from its text."""
    close = key.rindex(b'"')
    lexical = _unescaped(key[1:close].decode())
    rest = key[close + 1 :].decode()
    if not rest:
        return lexical, None, None
    return (lexical, rest[1:], None) if rest[0] == "@" else (lexical, None, rest[3:-1])


def folded(key: bytes) -> bytes:
    """A term's text with its language tag in lower case (rdflib compares tags regardless of case)."""
    if key.startswith(b'"') and not key.endswith((b'"', b">")):
        at = key.rindex(b"@")
        return key[:at] + key[at:].lower()
    return key


def term_key(node: object) -> bytes:
    """An rdflib term's text as kg writes it."""
    if isinstance(node, URIRef):
        return f"<{node}>".encode()
    if isinstance(node, BNode):
        return f"_:{node}".encode()
    if isinstance(node, Literal):
        return literal_key(str(node), node.language, str(node.datatype) if node.datatype is not None else None)
    raise TypeError(f"{node!r} is not an RDF term")


def to_node(key: bytes) -> Node:
    """The rdflib term of a term's text."""
    if key.startswith(b"<"):
        return URIRef(key[1:-1].decode())
    if key.startswith(b"_"):
        return BNode(key[2:].decode())
    lexical, language, datatype = literal_parts(key)
    return Literal(lexical, lang=language, datatype=URIRef(datatype) if datatype is not None else None)


_STRING, _LANG_STRING, _LITERAL, _DATATYPE = str(XSD.string), str(RDF.langString), str(RDFS.Literal), str(RDFS.Datatype)
#: Lexical forms (as written, escapes and all) surely of their datatype, whose value is of the
#: Python type pySHACL asks of it.
_WELL_TYPED = {_STRING: re.compile(b".*", re.DOTALL), str(XSD.integer): re.compile(b"-?[0-9]+"),
               str(XSD.nonNegativeInteger): re.compile(b"[0-9]+"),
               str(XSD.decimal): re.compile(rb"-?[0-9]+(?:\.[0-9]+)?")}  # fmt: skip
#: Each datatype's ending of a literal's text.
_SUFFIXES = {datatype: f'"^^<{datatype}>'.encode() for datatype in _WELL_TYPED}
#: The Python types pySHACL asks of the values of these datatypes.
_VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    _STRING: (str, bytes), _LANG_STRING: (str, bytes), str(XSD.integer): int, str(XSD.float): float,
    str(XSD.decimal): Decimal, str(XSD.boolean): bool, str(XSD.date): date, str(XSD.time): time,
    str(XSD.dateTime): datetime,
}  # fmt: skip
_WHOLE = re.compile(rb'"([0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#(?:integer|nonNegativeInteger)>')


def has_datatype(value: bytes, datatype: str) -> bool:
    """Whether a term (its N-Triples text) is a literal of ``datatype``, as pySHACL's ``sh:datatype`` has it."""
    if not value.startswith(b'"'):
        return False
    if value.endswith(b'"'):  # a simple literal: an xsd:string
        return datatype in (_STRING, _LITERAL)
    suffix = _SUFFIXES.get(datatype)
    if (
        suffix is not None
        and value.endswith(suffix)
        and _WELL_TYPED[datatype].fullmatch(value, 1, len(value) - len(suffix))
    ):
        return True
    lexical, language, own = literal_parts(value)
    if own == datatype:
        literal = Literal(lexical, datatype=URIRef(own))
        return literal.ill_typed is not True and _of_type(literal.value, datatype)
    if datatype == _LITERAL:
        return True
    if datatype == _DATATYPE:
        return own is not None
    if own is None and language is None:
        return datatype == _STRING
    return datatype == _LANG_STRING and bool(language)


def _of_type(value: object, datatype: str) -> bool:
    """Whether a well-typed literal's value is of the Python type pySHACL asks for its datatype (if it asks)."""
    kind = _VALUE_TYPES.get(datatype)
    return kind is None or isinstance(value, kind)


def long_enough(value: bytes, least: int) -> bool:
    """Whether a term's text (as SPARQL's ``str``) has ``least`` characters, as pySHACL's ``sh:minLength`` has it."""
    if least == 0:
        return True
    if value.startswith(b"_"):
        return False
    if value.startswith(b"<") or (value.endswith(b'"') and b"\\" not in value):  # an IRI, or a simple literal
        return (len(value) if value.isascii() else len(value.decode())) - 2 >= least
    lexical, _, datatype = literal_parts(value)
    if datatype is None or datatype == _STRING:
        return len(lexical) >= least
    return len(str(Literal(lexical, datatype=URIRef(datatype)))) >= least


def at_most(value: bytes, other: bytes) -> bool:
    """Whether ``value`` <= ``other`` as pySHACL compares them (texts with texts, other values in value order)."""
    left, right = _WHOLE.fullmatch(value), _WHOLE.fullmatch(other)
    if left is not None and right is not None:
        return int(left[1]) <= int(right[1])
    a, a_text = _comparable(to_node(value))
    b, b_text = _comparable(to_node(other))
    if a is None or b is None or a_text != b_text:
        return False
    try:
        return bool(a <= b)
    except TypeError:
        return False


def _comparable(node: Node) -> tuple[Any, bool]:
    if isinstance(node, BNode):
        return None, False
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False
