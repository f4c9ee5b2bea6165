"""Named SPARQL queries (``kg/queries/*.rq``) and running any query with bound parameters.

A named query is a ``.rq`` file with its own PREFIX lines, a first comment line that says
what it answers, and one ``# param: NAME iri|literal  description`` line per variable to
bind (``iri?`` or ``literal?`` for one that may be left unbound, such as ``article``). Values
are always bound (``initBindings``), never formatted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KGError

__all__ = ["NamedQuery", "Param", "QueryError", "bind", "load_query", "named_queries", "parse_params", "run_query"]

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(iri|literal)(\??)\s+(.*)$")


class QueryError(KGError, ValueError):
    """A query that cannot run: unknown name, bad parameter, syntax error, refused SERVICE."""


@dataclass(frozen=True)
class Param:
    """A variable a named query expects to be bound."""

    name: str
    kind: str  # "iri" or "literal"
    description: str
    optional: bool = False  # unbound when not given: the query answers for every value


@dataclass(frozen=True)
class NamedQuery:
    """A query with its name, description and parameters."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    source: str
    strict: bool = True  # only the declared parameters may be bound


def _parse(name: str, text: str, source: str, shipped: bool = False) -> NamedQuery:
    comments = [line for line in text.splitlines() if line.startswith("#")]
    params = tuple(Param(m[1], m[2], m[4].strip(), bool(m[3])) for m in (_PARAM.match(c) for c in comments) if m)
    description = " ".join(c.lstrip("# ").strip() for c in comments if not _PARAM.match(c))
    return NamedQuery(name, description, params, text, source, strict=shipped or bool(params))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kg/queries``, by name (the file name without ``.rq``)."""
    folder = resources.files("kg.queries")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = _parse(name, entry.read_text(encoding="utf-8"), f"kg/queries/{entry.name}", shipped=True)
    return found


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
    """Turn ``NAME=VALUE`` strings into rdflib terms for ``initBindings``.

    A declared ``iri`` parameter becomes a URIRef (``<...>`` brackets optional); a ``literal``
    becomes a plain literal. For a query that declares nothing, ``<...>`` is an IRI and anything
    else a literal.

    Raises:
        QueryError: An unknown parameter, a missing one, or a value that is not an IRI.
    """
    from rdflib import Literal, URIRef

    from kg.builder.iris import is_absolute_iri

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
        kind = declared[name].kind if name in declared else ("iri" if value.startswith("<") else "literal")
        if kind == "iri":
            iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
            if not is_absolute_iri(iri):
                raise QueryError(f"{query.source}: parameter '{name}' must be an absolute IRI, not {value!r}")
            bound[name] = URIRef(iri)
        else:
            bound[name] = Literal(value)
    return bound


def run_query(
    graph: Any,
    query: NamedQuery,
    values: dict[str, str] | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
) -> Any:
    """Run ``query`` on ``graph`` with its parameters bound, and collect its whole answer.

    Dataset clauses (``FROM``, ``FROM NAMED``) name graphs of the loaded dataset, never
    documents to fetch; ``GRAPH`` patterns match the named graphs of an N-Quads or TriG file
    (a file of one graph has none).

    Args:
        graph: An rdflib graph, or a dataset with named graphs.
        query: The query (any form: SELECT, ASK, CONSTRUCT, DESCRIBE).
        values: Parameter values as strings (see :func:`bind`).
        allow_service: Allow ``SERVICE`` clauses, which send requests to other endpoints.
        timeout: Seconds the query may run; None for no limit (see :func:`kg.signals.time_limit`).

    Returns:
        The rdflib query result, fully evaluated.

    Raises:
        QueryError: A syntax error (with line and column), a refused SERVICE, a dataset clause
            naming a graph the dataset does not hold, a bad parameter, or a failed evaluation
            (an unreachable SERVICE endpoint, ...).
        TimeLimitError: The query ran past ``timeout`` and was stopped.
    """
    import rdflib.plugins.sparql as engine
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.signals import TimeLimitError, time_limit
    from kg.stores.graph_file import quiet_rdflib

    bindings = bind(query, values or {})
    try:
        parsed = parseQuery(query.text)
        star = parsed[1].name == "SelectQuery" and "projection" not in parsed[1]
        prepared = translateQuery(parsed)
    except ParseException as exc:
        if _is_update(query.text):
            raise QueryError(f"{query.source}: an update (INSERT, DELETE, LOAD, ...): kg only queries") from None
        raise QueryError(f"{query.source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}") from None
    except Exception as exc:  # rdflib reports some errors (e.g. unknown prefix) with other types
        raise QueryError(f"{query.source}: invalid SPARQL: {exc}") from None
    if not allow_service and _has(prepared.algebra, "ServiceGraphPattern"):
        raise QueryError(f"{query.source}: SERVICE clauses are refused (give --allow-service to send requests)")
    loading, engine.SPARQL_LOAD_GRAPHS = engine.SPARQL_LOAD_GRAPHS, False  # FROM never fetches
    try:
        with time_limit(timeout), quiet_rdflib():
            graph = _dataset_for(graph, prepared, query.source)
            result = graph.query(prepared, initBindings=bindings)
            if result.type == "SELECT":
                len(result.bindings)  # evaluate now, inside the time limit
                if star:  # rdflib orders SELECT * by a hash; SPARQL tools list variables as they appear
                    result.vars = _in_order_of_appearance(result.vars, query.text)
    except TimeLimitError as exc:
        raise TimeLimitError(f"{query.source}: {exc}") from None
    except KGError:
        raise
    except Exception as exc:  # evaluation errors, e.g. a SERVICE endpoint that cannot be reached
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"{query.source}: query failed: {message}") from None
    finally:
        engine.SPARQL_LOAD_GRAPHS = loading
    return result


def _in_order_of_appearance(variables: list[Any], text: str) -> list[Any]:
    first: dict[str, int] = {}
    for match in re.finditer(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)", text):
        first.setdefault(match.group(1), match.start())
    return sorted(variables, key=lambda v: (first.get(str(v), len(text)), str(v)))


def _is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL 1.1 Update request (which kg refuses to run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:  # not an update either: the query's own syntax error stands
        return False
    return "request" in update  # an empty text parses as an update of no request


def _dataset_for(graph: Any, prepared: Any, source: str) -> Any:
    """The graph to run on: a dataset whenever the query speaks of named graphs."""
    from rdflib import Dataset

    clauses = getattr(prepared.algebra, "datasetClause", None) or []
    if not clauses and not _has(prepared.algebra, "Graph"):
        return graph
    if not isinstance(graph, Dataset):
        dataset = Dataset(default_union=True)
        dataset.default_graph += graph
        graph = dataset
    held = {str(g.identifier) for g in graph.graphs()}
    for clause in clauses:
        name = clause.default if clause.default is not None else clause.named
        if str(name) not in held:
            raise QueryError(
                f"{source}: FROM{'' if clause.default is not None else ' NAMED'} <{name}>: the loaded data has "
                "no graph of that name (kg never fetches graphs; load an N-Quads or TriG file that holds it)"
            )
    return graph


def _has(node: Any, name: str) -> bool:
    """Whether the algebra ``node`` holds a part named ``name`` (e.g. ``ServiceGraphPattern``)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_has(v, name) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has(v, name) for v in node)
    return False
