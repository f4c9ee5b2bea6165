"""Named queries: ``.rq`` files with a description and declared parameters, and how to find one.

A named query is a ``.rq`` file with its own PREFIX lines, comment lines at the top that say
what it answers, and one ``# param: NAME iri|literal  description`` line per variable to bind
(``iri?`` or ``literal?`` for one that may be left unbound, such as ``article``).
"""

from __future__ import annotations

from kg.errors import KGError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = [
    "NamedQuery",
    "Param",
    "QueryError",
    "load_query",
    "lookup_query",
    "named_queries",
    "named_query",
    "page_query",
    "parse_params",
]


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
    declared = [(c, _param(c)) for c in comments]
    params = tuple(param for _, param in declared if param is not None)
    description = " ".join(c.lstrip("# ").strip() for c, param in declared if param is None)
    return NamedQuery(name, description, params, text, source, strict=shipped or bool(params))


def _param(comment: str) -> Param | None:
    """The parameter a ``# param: NAME iri|literal[?]  description`` comment line declares, if it is one."""
    head, colon, rest = comment[1:].lstrip().partition(":")
    parts = rest.split(None, 2)
    if head != "param" or not colon or len(parts) < 2 or (len(parts) == 2 and not rest[-1:].isspace()):
        return None
    name, kind = parts[0], parts[1]
    if not all(c.isalnum() or c == "_" for c in name) or kind.removesuffix("?") not in ("iri", "literal"):
        return None
    return Param(name, kind.removesuffix("?"), parts[2].strip() if len(parts) > 2 else "", kind.endswith("?"))


#: The shipped queries read so far, by path under ``kg/queries`` without ``.rq``.
_SHIPPED: dict[str, NamedQuery] = {}


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kg/queries``, by name (the file name without ``.rq``)."""
    import os

    names = sorted(entry[: -len(".rq")] for entry in os.listdir(os.path.dirname(__file__)) if entry.endswith(".rq"))
    return {name: _shipped(name) for name in names}


def named_query(name: str) -> NamedQuery:
    """One query shipped in ``kg/queries``, its file read alone (see :func:`named_queries`).

    Raises:
        KeyError: No shipped query has that name.
    """
    return _shipped(name)


def lookup_query(name: str) -> NamedQuery:
    """A query the lookups run (``kg/queries/lookups/<name>.rq``), not listed among the named queries."""
    return _shipped(f"lookups/{name}")


def page_query(name: str) -> NamedQuery:
    """A query evidence pages run (``kg/queries/page/<name>.rq``), not listed among the named queries."""
    return _shipped(f"page/{name}")


def _shipped(relative: str) -> NamedQuery:
    """The shipped query at ``kg/queries/<relative>.rq``, read once per process."""
    import os

    found = _SHIPPED.get(relative)
    if found is None:
        path = os.path.join(os.path.dirname(__file__), *relative.split("/")) + ".rq"
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise KeyError(relative) from None
        name = relative.rpartition("/")[2]
        found = _SHIPPED[relative] = _parse(name, text, f"kg/queries/{relative}.rq", shipped=True)
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
