"""What every store offers: queries with bound values, answers as plain terms, named graphs.

A store is a graph file loaded in memory, an on-disk Oxigraph store, or any SPARQL 1.1
endpoint (:func:`kg.stores.open_store` picks one). All answer the same queries the same way:
the default graph is the union of the named graphs, values are bound with a ``VALUES`` block
first in the WHERE clause (:func:`kg.queries.tokens.with_values`), and terms are pyoxigraph's
(``NamedNode``, ``Literal``, ``BlankNode``), whatever the backend.

Oxigraph keeps literals in canonical form (``"50.0"^^xsd:decimal`` reads back as ``"50"``,
``xsd:nonNegativeInteger`` as ``xsd:integer``): queries must compare values, never lexical
forms, and graph files are written from kg's own terms, never dumped from a store.
"""

from __future__ import annotations

from kg.errors import KGError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator, Mapping, Sequence
    from typing import Any

    from pyoxigraph import BlankNode, Literal, NamedNode, Triple

    Term = NamedNode | Literal | BlankNode

__all__ = ["Answer", "Store", "StoreError", "python_value"]


class StoreError(KGError):
    """A store that cannot be opened, read or written (the message names it)."""


class Answer:
    """The answer of a query: rows of terms (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).

    Attributes:
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
        variables: The projected variables, in the query's order (SELECT).
        rows: One tuple per solution, aligned with ``variables``; None where a variable is unbound.
        boolean: The answer of an ASK query.
        triples: The triples of a CONSTRUCT or DESCRIBE query.
    """

    __slots__ = ("boolean", "form", "rows", "triples", "variables")

    def __init__(
        self,
        form: str,
        variables: Sequence[str] = (),
        rows: Sequence[tuple[Term | None, ...]] = (),
        boolean: bool | None = None,
        triples: Sequence[Triple] = (),
    ) -> None:
        self.form = form
        self.variables = tuple(variables)
        self.rows = list(rows)
        self.boolean = boolean
        self.triples = list(triples)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.form == "SELECT" else len(self.triples)

    def records(self) -> list[dict[str, str]]:
        """The rows as mappings of variable name to the term's value (unbound variables left out)."""
        names = self.variables
        return [{n: t.value for n, t in zip(names, row, strict=True) if t is not None} for row in self.rows]

    def python(self) -> list[dict[str, Any]]:
        """The rows as mappings of every variable to a Python value (None where unbound).

        Integers (of any XSD integer type) become ``int``, decimals ``Decimal``, doubles and
        floats ``float``, booleans ``bool``; IRIs and every other literal their text.
        """
        names = self.variables
        return [{n: python_value(t) for n, t in zip(names, row, strict=True)} for row in self.rows]

    def column(self, name: str) -> list[str]:
        """The values of one variable, in row order (unbound ones left out)."""
        at = self.variables.index(name)
        return [row[at].value for row in self.rows if row[at] is not None]  # type: ignore[union-attr]


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))  # fmt: skip


def python_value(term: Term | None) -> Any:
    """A term as a Python value (see :meth:`Answer.python`); a value that does not parse stays text."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is None or getattr(term, "language", None):
        return term.value
    kind = datatype.value
    try:
        if kind in _INTEGERS:
            return int(term.value)
        if kind == _XSD + "decimal":
            from decimal import Decimal

            return Decimal(term.value)
        if kind in (_XSD + "double", _XSD + "float"):
            return float(term.value)
    except (ValueError, ArithmeticError):  # e.g. decimal.InvalidOperation
        return term.value
    if kind == _XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


class Store:
    """A SPARQL store. Subclasses provide :meth:`run` and, where writable, :meth:`replace_graph`."""

    #: Where the store is: a folder, a file or a URL (for messages).
    location: str = ""
    #: Whether the store takes writes.
    writable: bool = False

    def run(self, text: str, form: str, timeout: float | None = None) -> Answer:
        """Evaluate a query of a known form and collect its whole answer.

        Raises:
            QueryError: The query is not valid SPARQL or fails to evaluate.
            TimeLimitError: It ran past ``timeout`` seconds.
            StoreError: The store cannot be read.
        """
        raise NotImplementedError

    def query(self, text: str, values: Mapping[str, Term | None] | None = None, timeout: float | None = None) -> Answer:
        """Run any query (SELECT, ASK, CONSTRUCT, DESCRIBE) with ``values`` bound first in its WHERE clause.

        Raises:
            QueryError: An update, an unknown form, a value that cannot be bound, or a failed query.
            TimeLimitError: It ran past ``timeout`` seconds.
        """
        from kg.queries import tokens
        from kg.queries.sparql import QueryError

        form = tokens.form(text)
        if form is None:
            if tokens.is_update(text):
                raise QueryError("an update (INSERT, DELETE, LOAD, ...): kg only queries")
            raise QueryError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
        try:
            text = tokens.with_values(text, values or {})
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        return self.run(text, form, timeout)

    def select(self, text: str, values: Mapping[str, Term | None] | None = None) -> Answer:
        """The rows of a SELECT query."""
        return self.query(text, values)

    def construct(self, text: str, values: Mapping[str, Term | None] | None = None) -> list[Triple]:
        """The triples of a CONSTRUCT query."""
        return self.query(text, values).triples

    def __len__(self) -> int:
        """How many triples the default graph (the union of the named graphs) holds."""
        answer = self.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT")
        return int(answer.column("n")[0])

    def graphs(self) -> list[str]:
        """The names (IRIs) of the store's named graphs, sorted."""
        answer = self.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT")
        return sorted(answer.column("g"))

    def replace_graph(self, name: str | None, data: bytes) -> None:
        """Replace the named graph ``name`` (None: the default graph) with the N-Triples ``data`` (idempotent).

        Raises:
            StoreError: The store is read-only, or the write fails.
        """
        raise StoreError(f"{self.location}: the store is read-only")

    def close(self) -> None:
        """Release the store (files, connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
