"""Named SPARQL queries (``kg/queries/*.rq``) and running any query with bound parameters.

A named query is a ``.rq`` file with its own PREFIX lines, a first comment line that says
what it answers, and one ``# param: NAME iri|literal  description`` line per variable to
bind (``iri?`` or ``literal?`` for one that may be left unbound, such as ``article``). Values
are bound as a ``VALUES`` block first in the WHERE clause, their terms escaped
(:mod:`kg.queries.tokens`): the same on every store, and never text spliced into the query.
"""

from __future__ import annotations

import re
from functools import cache

from kg.errors import KGError
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
    "parse_params",
    "run_query",
]

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(iri|literal)(\??)\s+(.*)$")


class QueryError(KGError, ValueError):
    """A query that cannot run: unknown name, bad parameter, syntax error, refused SERVICE."""


class Param:
    """A variable a named query expects to be bound.

    Attributes:
        name: The variable's name.
        kind: ``iri`` or ``literal``.
        description: What to give.
        optional: Unbound when not given: the query answers for every value.
    """

    __slots__ = ("description", "kind", "name", "optional")

    def __init__(self, name: str, kind: str, description: str, optional: bool = False) -> None:
        self.name, self.kind, self.description, self.optional = name, kind, description, optional

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Param) and _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(_fields(self))

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {self.kind!r}, optional={self.optional})"


class NamedQuery:
    """A query with its name, description and parameters.

    Attributes:
        name: The file name without ``.rq`` (``-`` for standard input).
        description: The comment lines that say what it answers.
        params: The variables to bind.
        text: The query.
        source: Where it was read from, for messages.
        strict: Only the declared parameters may be bound.
    """

    __slots__ = ("description", "name", "params", "source", "strict", "text")

    def __init__(
        self, name: str, description: str, params: tuple[Param, ...], text: str, source: str, strict: bool = True
    ) -> None:
        self.name, self.description, self.params = name, description, params
        self.text, self.source, self.strict = text, source, strict

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NamedQuery) and _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(_fields(self))

    def __repr__(self) -> str:
        return f"NamedQuery({self.name!r}, source={self.source!r})"


def _fields(value: Param | NamedQuery) -> tuple[Any, ...]:
    return tuple(getattr(value, name) for name in type(value).__slots__)


def _parse(name: str, text: str, source: str, shipped: bool = False) -> NamedQuery:
    comments = [line for line in text.splitlines() if line.startswith("#")]
    params = tuple(Param(m[1], m[2], m[4].strip(), bool(m[3])) for m in (_PARAM.match(c) for c in comments) if m)
    description = " ".join(c.lstrip("# ").strip() for c in comments if not _PARAM.match(c))
    return NamedQuery(name, description, params, text, source, strict=shipped or bool(params))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kg/queries``, by name (the file name without ``.rq``)."""
    import os

    folder = os.path.dirname(__file__)
    found = {}
    for entry in sorted(os.listdir(folder)):
        if entry.endswith(".rq"):
            name = entry[: -len(".rq")]
            with open(os.path.join(folder, entry), encoding="utf-8") as handle:
                found[name] = _parse(name, handle.read(), f"kg/queries/{entry}", shipped=True)
    return found


@cache
def lookup_query(name: str) -> NamedQuery:
    """A query the lookups run (``kg/queries/lookups/<name>.rq``), not listed among the named queries."""
    import os

    path = os.path.join(os.path.dirname(__file__), "lookups", f"{name}.rq")
    with open(path, encoding="utf-8") as handle:
        return _parse(name, handle.read(), f"kg/queries/lookups/{name}.rq", shipped=True)


def load_query(spec: str, stdin: str | None = None) -> NamedQuery:
    """A named query, a ``.rq`` file, or (for ``-``) the text given as ``stdin`` (else read from standard input).

    Raises:
        QueryError: The name is unknown and no such file exists, or standard input is closed or not UTF-8.
    """
    if spec == "-":
        return _parse("-", stdin if stdin is not None else _read_stdin(), "<stdin>")
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    from pathlib import Path

    path = Path(spec)
    if path.exists():
        from kg.readers.text import read_text

        return _parse(path.stem, read_text(path), str(path))
    import difflib

    close = difflib.get_close_matches(spec, list(queries), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else f" (named queries: {', '.join(queries)})"
    raise QueryError(f"no named query or file {spec!r}{hint}")


def _read_stdin() -> str:
    """Standard input as UTF-8 text."""
    import sys

    if sys.stdin is None:
        raise QueryError("<stdin>: no standard input to read the query from")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"<stdin>: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def parse_params(items: list[str]) -> dict[str, str]:
    """Turn ``NAME=VALUE`` arguments into a mapping (a value may itself hold ``=``).

    Raises:
        QueryError: An item without ``=`` or without a name, or a name given twice.
    """
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes NAME=VALUE, not {item!r}")
        if name in values:
            raise QueryError(f"--param {name} given twice")
        values[name] = value
    return values


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
            bound[name] = Literal(value)
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
    for name, named in tokens.dataset_clauses(query.text):
        if name not in store.graphs():
            raise QueryError(
                f"{query.source}: FROM{' NAMED' if named else ''} <{name}>: the loaded data has "
                "no graph of that name (kg never fetches graphs; load an N-Quads or TriG file that holds it)"
            )
    try:
        answer = store.query(query.text, bindings, timeout)
    except TimeLimitError as exc:
        raise TimeLimitError(f"{query.source}: {exc}") from None
    except QueryError as exc:
        found = _syntax_error(query) if "syntax" in str(exc) or "HTTP 400" in str(exc) else None
        raise QueryError(found or f"{query.source}{_located(str(exc), query.text)}") from None
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
    found = re.match(r"SPARQL syntax error: error at (\d+):(\d+): (.*)", message, re.S)
    if found:
        return f":{found[1]}:{found[2]}: SPARQL syntax error: {found[3]}"
    return f": {message}"


def _in_order_of_appearance(variables: list[str], text: str) -> list[str]:
    first: dict[str, int] = {}
    for match in re.finditer(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)", text):
        first.setdefault(match.group(1), match.start())
    return sorted(variables, key=lambda v: (first.get(v, len(text)), v))
