"""Named queries: ``.rq`` files with a description and declared parameters, and how to find one.

A named query is a ``.rq`` file with its own PREFIX lines, comment lines at the top that say
what it answers, and one ``# param: NAME iri|literal  description`` line per variable to bind
(``iri?`` or ``literal?`` for one that may be left unbound, such as ``article``).
"""

from __future__ import annotations

import re
from functools import cache

from kg.errors import KGError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = ["NamedQuery", "Param", "QueryError", "load_query", "lookup_query", "named_queries", "parse_params"]

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
