"""Claim records: curated claims and citation statements, their quantities, quotes and concepts."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CitationIntent", "Claim", "Concept", "Quantity", "Quote"]


@dataclass(frozen=True)
class Quantity:
    """A number a claim states: a point ``value`` or a ``minimum``–``maximum`` range.

    ``unit`` is a key of :data:`kg.readers.claims.UNITS`; ``text`` keeps a wording the numbers
    only encode (e.g. "most", "T12–L1").
    """

    name: str
    unit: str
    line: int
    value: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    qualifier: str = "exact"
    text: str | None = None


@dataclass(frozen=True)
class CitationIntent:
    """Reference ``ref`` (its id or printed label) cited for a claim, with its CiTO property name."""

    ref: str
    intent: str
    line: int | None = None


@dataclass(frozen=True)
class Claim:
    """A claim: its first quote is the main one, others are restatements.

    ``kind`` is a key of :data:`kg.readers.claims.KINDS`; a citation statement (one citing
    sentence, made a claim because nobody curated one) has kind ``citation-statement``.
    """

    id: str
    kind: str
    statement: str
    quotes: tuple[str, ...]
    line: int | None = None
    citations: tuple[CitationIntent, ...] = ()
    concepts: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of the concept scheme."""

    id: str
    category: str
    pref: str
    line: int
    alt: tuple[str, ...] = ()
    exact_match: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # ids of associated concepts of the same scheme (skos:related)


@dataclass(frozen=True)
class Quote:
    """Where a claim's quote lies: its span of the article text and the sentence's index."""

    text: str
    start: int
    end: int
    sentence: int
