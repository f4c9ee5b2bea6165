"""The lexical shape of a SPARQL text: its form, its WHERE clause, its SERVICE clauses, and bound values.

Parameters are bound by a ``VALUES`` block placed first in the query's ``WHERE`` clause: that
is correct and fast on every engine (rdflib, Oxigraph, any SPARQL 1.1 server), where engine
APIs for bindings differ in meaning and cost. The values are serialised as N-Triples terms,
with every character that could end a term escaped, so a value can never change the query.

The lookups run through this module on every call, so it scans text with :mod:`kg.queries.lexer`
alone: it imports nothing, not even ``re``.
"""

from __future__ import annotations

from kg.queries.lexer import LETTERS, LOWER, NOT_IN_IRI, blanked, iri_end, skip_space, word_char, words

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

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

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def form(text: str) -> str | None:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or None if it is none of them."""
    for _, _, word in words(text):
        if word in _FORMS:
            return word
        if word not in ("PREFIX", "BASE"):
            return None
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL 1.1 Update request (INSERT, DELETE, LOAD, CLEAR, ...)."""
    for _, _, word in words(text):
        if word not in ("PREFIX", "BASE"):
            return word in _UPDATES
    return False


def has_service(text: str) -> bool:
    """Whether the query holds a ``SERVICE`` clause (a request to another endpoint).

    The keyword is found wherever it may stand: after a dot, a brace or a bracket too. A local
    name holding ".SERVICE" (``ex:a.SERVICE``) is refused with it: refusing too much is the safe side.
    """
    code = blanked(text).translate(LOWER)
    at = code.find("service")
    while at >= 0:
        before = code[at - 1] if at else " "
        after = code[at + 7] if at + 7 < len(code) else " "
        if not (word_char(before) or before in ":?$@" or word_char(after) or after == ":"):
            return True
        at = code.find("service", at + 1)
    return False


def is_star(text: str) -> bool:
    """Whether the query is ``SELECT *`` (or ``SELECT DISTINCT *``, ``SELECT REDUCED *``)."""
    code = blanked(text)
    for index, (_, end, word) in enumerate(found := words(text)):
        if word != "SELECT":
            continue
        at = skip_space(code, end)
        following = found[index + 1] if index + 1 < len(found) else None
        if following and following[0] == at and following[2] in ("DISTINCT", "REDUCED"):
            at = skip_space(code, following[1])
        if code.startswith("*", at):
            return True
    return False


def dataset_clauses(text: str) -> list[tuple[str, bool]]:
    """The graphs named by ``FROM <iri>`` (False) and ``FROM NAMED <iri>`` (True) clauses."""
    kept = blanked(text, keep_iris=True)  # positions as in the scanned text; IRIs still there to read
    scanned = words(text)
    found = []
    for index, (_, end, word) in enumerate(scanned):
        if word != "FROM":
            continue
        at = skip_space(kept, end)
        named = index + 1 < len(scanned) and scanned[index + 1][0] == at and scanned[index + 1][2] == "NAMED"
        if named:
            at = skip_space(kept, scanned[index + 1][1])
        close = iri_end(kept, at) if kept.startswith("<", at) else None
        if close is not None:
            found.append((kept[at + 1 : close - 1], named))
    return found


#: The IRIs of ``xsd:integer`` an ORDER BY key may be cast with.
_INTEGER = ("xsd:integer", "<http://www.w3.org/2001/XMLSchema#integer>")


def order_keys(text: str) -> tuple[str, list[tuple[str, bool, bool]]] | None:
    """A query's final ``ORDER BY`` split off, when it orders by plain keys only.

    A key is a variable, ``xsd:integer(?v)``, or either inside ``ASC()`` or ``DESC()``. Anything
    else (another expression, a LIMIT or OFFSET after it, an ORDER BY inside a sub-select only)
    gives None: the query keeps its clause.

    Returns:
        The query without the clause, and each key as (variable, descending, cast to integer).
    """
    code = blanked(text)
    scanned = words(text)
    clause = None
    for index in range(len(scanned) - 1, 0, -1):
        (start, end, word), (by_start, by_end, by) = scanned[index - 1], scanned[index]
        if word == "ORDER" and by == "BY" and by_start > end and not code[end:by_start].strip():
            clause = (start, by_end)
            break
    if clause is None or code.count("{", 0, clause[0]) != code.count("}", 0, clause[0]):
        return None
    rest = blanked(text, keep_iris=True)[clause[1] :]
    keys, at = [], 0
    while at < len(rest.rstrip()):
        key = _order_key(rest, at)
        if key is None:
            return None
        keys.append(key[0])
        at = key[1]
    return (text[: clause[0]], keys) if keys else None


def _order_key(clause: str, at: int) -> tuple[tuple[str, bool, bool], int] | None:
    """One ORDER BY key at ``at`` of ``clause``, and the offset after it; None if it is not a plain key."""
    at = skip_space(clause, at)
    lowered = clause.translate(LOWER)
    direction = next((d for d in ("asc", "desc") if lowered.startswith(d, at)), None)
    if direction is not None:
        opening = skip_space(clause, at + len(direction))
        if not clause.startswith("(", opening):
            return None
        at = skip_space(clause, opening + 1)
    cast = next((c for c in _INTEGER if lowered.startswith(c.lower(), at)), None)
    if cast is not None:
        opening = skip_space(clause, at + len(cast))
        if not clause.startswith("(", opening):
            return None
        at = skip_space(clause, opening + 1)
    if not clause.startswith("?", at):
        return None
    end = at + 1
    while end < len(clause) and word_char(clause[end]):
        end += 1
    if end == at + 1:
        return None
    name = clause[at + 1 : end]
    for needed in (cast, direction):
        if needed is not None:
            end = skip_space(clause, end)
            if not clause.startswith(")", end):
                return None
            end += 1
    return (name, direction == "desc", cast is not None), end


def where_brace(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's WHERE clause, or None if there is none.

    That is the first ``{`` after the query form outside parentheses (a projection may hold
    ``EXISTS { ... }``); for ``CONSTRUCT { template } WHERE { ... }`` the one after the template.
    """
    code = blanked(text)
    start = next((w for w in words(text) if w[2] in _FORMS), None)
    if start is None:
        return None
    at = start[1]
    if start[2] == "CONSTRUCT" and code[at:].lstrip().startswith("{"):
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


#: How N-Triples escapes the characters that would end or break a string literal.
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\b", "\\b"), ("\f", "\\f"))
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_text(term: Term) -> str:
    """A term as N-Triples text, safe to place in a query.

    Raises:
        ValueError: An IRI holding a character no IRI may hold, a blank node, or a bad language tag.
    """
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        if any(char in NOT_IN_IRI or char <= " " for char in term.value):
            raise ValueError(f"not an IRI: {term.value!r}")
        return f"<{term.value}>"
    if not isinstance(term, Literal):
        raise ValueError(f"a {type(term).__name__} cannot be bound as a parameter")
    value = term.value
    for char, escaped in _ESCAPES:
        value = value.replace(char, escaped)
    if term.language:
        if not _language_tag(term.language):
            raise ValueError(f"not a language tag: {term.language!r}")
        return f'"{value}"@{term.language}'
    if term.datatype.value == _XSD_STRING:
        return f'"{value}"'
    return f'"{value}"^^{term_text(term.datatype)}'


def _language_tag(tag: str) -> bool:
    """Whether ``tag`` is a language tag as N-Triples spells one (``en``, ``en-GB``, ``zh-Hant-TW``)."""
    first, *rest = tag.split("-")
    return (
        0 < len(first) <= 8
        and all(c in LETTERS for c in first)
        and all(0 < len(part) <= 8 and part.isascii() and part.isalnum() for part in rest)
    )
