"""The lexical shape of a SPARQL text: its form, its WHERE clause, its SERVICE clauses, and bound values.

Parameters are bound by a ``VALUES`` block placed first in the query's ``WHERE`` clause: that
is correct and fast on every engine (rdflib, Oxigraph, any SPARQL 1.1 server), where engine
APIs for bindings differ in meaning and cost. The values are serialised as N-Triples terms,
with every character that could end a term escaped, so a value can never change the query.

Nothing here imports more than the standard library's ``re``: the lookups run through it.
"""

from __future__ import annotations

import re
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator, Mapping

    from pyoxigraph import BlankNode, Literal, NamedNode

    Term = NamedNode | Literal | BlankNode

__all__ = [
    "dataset_clauses",
    "form",
    "has_service",
    "is_star",
    "is_update",
    "order_keys",
    "term_text",
    "where_brace",
    "with_values",
]

#: Pieces of SPARQL text that hide keywords and braces: comments, strings, IRIs.
_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>',
    re.S,
)
#: A bare word (a keyword, or the local part of a prefixed name when a colon touches it).
_WORD = re.compile(r"(?<![\w:?$@.-])[A-Za-z]+(?![\w:-])")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@lru_cache(maxsize=128)  # a query is looked at several times (its form, SERVICE, its WHERE clause, ...)
def _code(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length, so offsets hold)."""
    return _SKIP.sub(lambda m: " " * len(m.group()), text)


def _words(text: str) -> Iterator[re.Match[str]]:
    return _WORD.finditer(_code(text))


def form(text: str) -> str | None:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or None if it is none of them."""
    for match in _words(text):
        word = match.group().upper()
        if word in _FORMS:
            return word
        if word not in ("PREFIX", "BASE"):
            return None
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL 1.1 Update request (INSERT, DELETE, LOAD, CLEAR, ...)."""
    for match in _words(text):
        word = match.group().upper()
        if word not in ("PREFIX", "BASE"):
            return word in _UPDATES
    return False


#: The SERVICE keyword wherever it may stand: after a dot, a brace or a bracket too. A local name
#: holding ".SERVICE" (``ex:a.SERVICE``) is refused with it: refusing too much is the safe side.
_SERVICE = re.compile(r"(?<![\w:?$@])SERVICE(?![\w:])", re.I)


def has_service(text: str) -> bool:
    """Whether the query holds a ``SERVICE`` clause (a request to another endpoint)."""
    return _SERVICE.search(_code(text)) is not None


def is_star(text: str) -> bool:
    """Whether the query is ``SELECT *`` (or ``SELECT DISTINCT *``, ``SELECT REDUCED *``)."""
    return re.search(r"(?i)\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", _code(text)) is not None


def dataset_clauses(text: str) -> list[tuple[str, bool]]:
    """The graphs named by ``FROM <iri>`` (False) and ``FROM NAMED <iri>`` (True) clauses."""
    found = []
    for match in re.finditer(r"(?i)\bFROM\s+(NAMED\s+)?<([^<>\s]*)>", _blank_comments_and_strings(text)):
        found.append((match.group(2), bool(match.group(1))))
    return found


def _blank_comments_and_strings(text: str) -> str:
    """``text`` with comments and strings blanked out, IRIs kept."""
    return _SKIP.sub(lambda m: m.group() if m.group().startswith("<") else " " * len(m.group()), text)


_ORDER = re.compile(r"(?i)\bORDER\s+BY\b")
_KEY = re.compile(
    r"\s*(?:(?P<dir>ASC|DESC)\s*\(\s*)?(?:(?P<cast>xsd:integer|<http://www\.w3\.org/2001/XMLSchema#integer>)\s*\(\s*)?"
    r"\?(?P<var>\w+)\s*(?(cast)\))\s*(?(dir)\))",
    re.I,
)


def order_keys(text: str) -> tuple[str, list[tuple[str, bool, bool]]] | None:
    """A query's final ``ORDER BY`` split off, when it orders by plain keys only.

    A key is a variable, ``xsd:integer(?v)``, or either inside ``ASC()`` or ``DESC()``. Anything
    else (another expression, a LIMIT or OFFSET after it, an ORDER BY inside a sub-select only)
    gives None: the query keeps its clause.

    Returns:
        The query without the clause, and each key as (variable, descending, cast to integer).
    """
    code = _code(text)
    found = list(_ORDER.finditer(code))
    if not found or _depth(code, found[-1].start()) != 0:
        return None
    clause = code[found[-1].end() :]
    keys = []
    at = 0
    while at < len(clause.rstrip()):
        key = _KEY.match(clause, at)
        if key is None or key.end() == at:
            return None
        keys.append((key.group("var"), (key.group("dir") or "").upper() == "DESC", key.group("cast") is not None))
        at = key.end()
    return (text[: found[-1].start()], keys) if keys else None


def _depth(code: str, end: int) -> int:
    """How many braces are open at offset ``end`` of ``code`` (comments, strings and IRIs blanked)."""
    return code.count("{", 0, end) - code.count("}", 0, end)


def where_brace(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's WHERE clause, or None if there is none.

    That is the first ``{`` after the query form outside parentheses (a projection may hold
    ``EXISTS { ... }``); for ``CONSTRUCT { template } WHERE { ... }`` the one after the template.
    """
    code = _code(text)
    start = next((m for m in _WORD.finditer(code) if m.group().upper() in _FORMS), None)
    if start is None:
        return None
    at = start.end()
    if start.group().upper() == "CONSTRUCT" and code[at:].lstrip().startswith("{"):
        at = _closing(code, code.index("{", at)) + 1
    parens = 0
    for offset in range(at, len(code)):
        char = code[offset]
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{" and parens == 0:
            return offset
    return None


def _closing(code: str, brace: int) -> int:
    """The offset of the ``}`` that closes the ``{`` at ``brace`` (the end of the text if none)."""
    depth = 0
    for offset in range(brace, len(code)):
        if code[offset] == "{":
            depth += 1
        elif code[offset] == "}":
            depth -= 1
            if depth == 0:
                return offset
    return len(code) - 1


def with_values(text: str, values: Mapping[str, Term | None]) -> str:
    """``text`` with a ``VALUES`` block first in its WHERE clause binding each variable to its term.

    A variable bound to None is left out (it stays unbound). A query with no WHERE clause
    takes no values.

    Raises:
        ValueError: Values are given for a query without a WHERE clause.
    """
    bound = {name: term for name, term in values.items() if term is not None}
    if not bound:
        return text
    brace = where_brace(text)
    if brace is None:
        raise ValueError("the query has no WHERE clause to bind values in")
    names = " ".join(f"?{name}" for name in bound)
    terms = " ".join(term_text(term) for term in bound.values())
    return f"{text[: brace + 1]} VALUES ({names}) {{ ({terms}) }}{text[brace + 1 :]}"


_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_LITERAL_BAD = re.compile(r'[\\"\n\r\t\b\f]')
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_text(term: Term) -> str:
    """A term as N-Triples text, safe to place in a query.

    Raises:
        ValueError: An IRI holding a character no IRI may hold, a blank node, or a bad language tag.
    """
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        if _IRI_BAD.search(term.value):
            raise ValueError(f"not an IRI: {term.value!r}")
        return f"<{term.value}>"
    if not isinstance(term, Literal):
        raise ValueError(f"a {type(term).__name__} cannot be bound as a parameter")
    quoted = '"' + _LITERAL_BAD.sub(lambda m: _ESCAPES[m.group()], term.value) + '"'
    if term.language:
        if not _LANGUAGE.fullmatch(term.language):
            raise ValueError(f"not a language tag: {term.language!r}")
        return f"{quoted}@{term.language}"
    if term.datatype.value == _XSD_STRING:
        return quoted
    return f"{quoted}^^{term_text(term.datatype)}"
