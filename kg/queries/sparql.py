"""Running a query on a store with bound parameters: named queries (:mod:`kg.queries.named`) or any other.

Values are bound as a ``VALUES`` block first in the WHERE clause, their terms escaped
(:mod:`kg.queries.tokens`): the same on every store, and never text spliced into the query.
"""

from __future__ import annotations

from kg.queries.named import (
    NamedQuery,
    Param,
    QueryError,
    load_query,
    lookup_query,
    named_queries,
    named_query,
    parse_params,
)
from kg.stores.store import Answer

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = [
    "NamedQuery",
    "Param",
    "QueryError",
    "bind",
    "load_query",
    "lookup_query",
    "named_queries",
    "named_query",
    "parse_params",
    "run_query",
]


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, Any]:
    """Turn ``NAME=VALUE`` strings into terms to bind (pyoxigraph's ``NamedNode`` and ``Literal``).

    A declared ``iri`` parameter becomes an IRI (``<...>`` brackets optional); a ``literal``
    becomes a plain literal. For a query that declares nothing, ``<...>`` is an IRI and anything
    else a literal.

    Raises:
        QueryError: An unknown parameter, a missing one, or a value that is not an IRI.
    """
    from pyoxigraph import Literal, NamedNode

    from kg.identifiers import is_absolute_iri

    declared = {p.name: p for p in query.params}
    if query.strict:
        unknown = sorted(set(values) - set(declared))
        if unknown:
            expects = ", ".join(declared) or "no parameters"
            raise QueryError(f"{query.source}: unknown parameter {unknown[0]!r} (expects: {expects})")
        missing = [name for name, p in declared.items() if name not in values and not p.optional]
        if missing:
            raise QueryError(f"{query.source}: missing parameter '{missing[0]}': {declared[missing[0]].description}")
    bound: dict[str, Any] = {}
    for name, value in values.items():
        if not _is_variable(name):
            raise QueryError(f"{query.source}: not a variable name: {name!r}")
        kind = declared[name].kind if name in declared else ("iri" if value.startswith("<") else "literal")
        if kind == "iri":
            iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
            if not is_absolute_iri(iri):
                raise QueryError(f"{query.source}: parameter '{name}' must be an absolute IRI, not {value!r}")
            try:
                bound[name] = NamedNode(iri)
            except ValueError:
                raise QueryError(f"{query.source}: parameter '{name}' must be an absolute IRI, not {value!r}") from None
        else:
            try:
                bound[name] = Literal(value)
            except ValueError:  # text a non-UTF-8 locale passed through undecoded
                raise QueryError(f"{query.source}: parameter '{name}' is not valid text (not UTF-8)") from None
    return bound


def _is_variable(name: str) -> bool:
    """Whether ``name`` can be a SPARQL variable's name: letters, digits and ``_``.

    A regular expression over SPARQL's Unicode ranges takes longer to compile than a lookup to run.
    """
    return bool(name) and name.replace("_", "a").replace("\u00b7", "a").isalnum()


def run_query(
    source: Any,
    query: NamedQuery,
    values: dict[str, str] | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
) -> Answer:
    """Run ``query`` on a store with its parameters bound, and collect its whole answer.

    The default graph is the union of the store's named graphs; ``GRAPH`` patterns match the
    named graphs of an N-Quads or TriG file or a store (a file of one graph has none), and
    ``FROM`` names one of them, never a document to fetch.

    Args:
        source: A store, an rdflib graph, or a path or URL to open (see :func:`kg.stores.as_store`).
        query: The query (any form: SELECT, ASK, CONSTRUCT, DESCRIBE).
        values: Parameter values as strings (see :func:`bind`), bound first in the WHERE clause.
        allow_service: Allow ``SERVICE`` clauses, which send requests to other endpoints.
        timeout: Seconds the query may run; None for no limit.

    Returns:
        The answer: rows, a boolean or triples.

    Raises:
        QueryError: A syntax error (with line and column), an update, a refused SERVICE, a
            dataset clause naming a graph the store does not hold, a bad parameter, or a failed
            evaluation.
        TimeLimitError: The query ran past ``timeout`` and was stopped.
    """
    from kg.queries import tokens
    from kg.signals import TimeLimitError
    from kg.stores import as_store

    bindings = bind(query, values or {})
    if tokens.form(query.text) is None:
        if tokens.is_update(query.text):
            raise QueryError(f"{query.source}: an update (INSERT, DELETE, LOAD, ...): kg only queries")
        found = _syntax_error(query)
        raise QueryError(found or f"{query.source}: not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if not allow_service and tokens.has_service(query.text):
        raise QueryError(f"{query.source}: SERVICE clauses are refused (give --allow-service to send requests)")
    store = as_store(source)
    clauses = tokens.dataset_clauses(query.text)
    held = set(store.graphs()) if clauses else set()
    for name, named in clauses:
        if name not in held:
            raise QueryError(
                f"{query.source}: FROM{' NAMED' if named else ''} <{name}>: the loaded data has "
                "no graph of that name (kg never fetches graphs; load an N-Quads or TriG file that holds it)"
            )
    ordered = tokens.order_keys(query.text) if tokens.form(query.text) == "SELECT" else None
    try:
        # A final ORDER BY of plain keys is applied here: an engine that compares terms by their
        # text looks each one up per comparison (Oxigraph: 20 ms for 960 rows of a 220k-triple store).
        answer = store.query(ordered[0] if ordered else query.text, bindings, timeout)
        if ordered and not {name for name, _, _ in ordered[1]} <= set(answer.variables):
            answer, ordered = store.query(query.text, bindings, timeout), None  # a key not projected
    except TimeLimitError as exc:
        raise TimeLimitError(f"{query.source}: {exc}") from None
    except QueryError as exc:
        found = _syntax_error(query) if "syntax" in str(exc) or "HTTP 400" in str(exc) else None
        raise QueryError(found or f"{query.source}{_located(str(exc), query.text)}") from None
    if ordered:
        from kg.queries.ordering import in_order

        answer = in_order(answer, ordered[1])
    if answer.form == "SELECT" and tokens.is_star(query.text):  # engines order SELECT * differently
        order = _in_order_of_appearance(list(answer.variables), query.text)
        at = [answer.variables.index(v) for v in order]
        answer = Answer("SELECT", order, [tuple(row[i] for i in at) for row in answer.rows])
    return answer


def _syntax_error(query: NamedQuery) -> str | None:
    """A syntax error with the line and column a SPARQL grammar finds it at, if the text has one.

    The engines locate errors loosely (Oxigraph often at the end of the text), so a query that
    an engine refuses as malformed is parsed again, here, to say where it goes wrong.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(query.text)
    except ParseException as exc:
        return f"{query.source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}"
    except Exception as exc:  # rdflib reports some errors (e.g. an unknown prefix) with other types
        return f"{query.source}: invalid SPARQL: {' '.join(str(exc).split())}"
    return None


def _located(message: str, text: str) -> str:
    """``: message``, or ``:line:col: SPARQL syntax error: ...`` where the engine gave a position."""
    import re  # here, on the error path: the lookups never load it

    found = re.match(r"SPARQL syntax error: error at (\d+):(\d+): (.*)", message, re.S)
    if found:
        return f":{found[1]}:{found[2]}: SPARQL syntax error: {found[3]}"
    return f": {message}"


def _in_order_of_appearance(variables: list[str], text: str) -> list[str]:
    import re  # here, for SELECT * alone: the lookups never load it

    first: dict[str, int] = {}
    for match in re.finditer(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)", text):
        first.setdefault(match.group(1), match.start())
    return sorted(variables, key=lambda v: (first.get(v, len(text)), v))
