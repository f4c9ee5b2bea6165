"""ORDER BY applied to an answer's rows, as SPARQL defines it for plain keys.

kg applies a query's final ``ORDER BY`` itself when its keys are variables or their integer
casts (:func:`kg.queries.tokens.order_keys`): an engine that compares terms by their text looks
each one up per comparison (Oxigraph: 20 ms for 960 rows of a 220k-triple store), and every
store then gives its rows in the same order.
"""

from __future__ import annotations

from kg.stores.store import Answer

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable
    from typing import Any

__all__ = ["in_order"]


def in_order(answer: Answer, keys: list[tuple[str, bool, bool]]) -> Answer:
    """The rows sorted by SPARQL's ORDER BY rules for plain keys.

    Unbound first, then blank nodes, IRIs and literals (numbers by value, before other literals
    by their text); ties keep the engine's order.
    """
    if not any(descending for _, descending, _ in keys):  # one sort on all keys at once
        positions = [(answer.variables.index(name), cast) for name, _, cast in keys]
        known: dict[tuple[Any, bool], tuple[Any, ...]] = {}  # a term's key, once: rows repeat their articles

        def key_of(term: Any, cast: bool) -> tuple[Any, ...]:
            found = known.get((term, cast))
            if found is None:
                found = known[(term, cast)] = _order_key(term, cast)
            return found

        rows = sorted(answer.rows, key=lambda row: tuple(key_of(row[at], cast) for at, cast in positions))
        return Answer(answer.form, answer.variables, rows)
    rows = answer.rows
    for name, descending, cast in reversed(keys):  # stable sorts, last key first
        rows = sorted(rows, key=_row_key(answer.variables.index(name), cast), reverse=descending)
    return Answer(answer.form, answer.variables, rows)


def _row_key(at: int, cast: bool) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    def key(row: tuple[Any, ...]) -> tuple[Any, ...]:
        return _order_key(row[at], cast)

    return key


_NUMBERS = frozenset(f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float",
    "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))  # fmt: skip


def _order_key(term: Any, cast: bool) -> tuple[Any, ...]:
    if term is None:
        return (0,)
    kind = type(term).__name__
    if kind == "BlankNode":
        return (1, term.value)
    if kind == "NamedNode":
        return (0,) if cast else (2, term.value)
    text = term.value
    if cast:  # xsd:integer(?v): an integer's text, or an error (unbound)
        digits = text.strip().lstrip("+-")
        return (3, 0, int(text)) if digits.isascii() and digits.isdigit() else (0,)
    if term.datatype.value in _NUMBERS:
        try:
            return (3, 0, float(text))
        except ValueError:
            return (3, 1, text)
    return (3, 1, text)
