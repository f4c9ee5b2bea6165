"""A sentence cut into pieces where claims' quotes and reference pointers begin and end.

A quote or pointer is placed by its position (``oa:TextPositionSelector``) when the text at that
position is the quoted text, verbatim; else where that text stands in the sentence; a quote
that runs on into the next sentence is cut at the sentence's end. One that cannot be placed
is not marked (its claim is still listed).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

__all__ = ["Piece", "Sentence", "Span", "place", "sentence_order"]


@dataclass(frozen=True)
class Span:
    """A quote of a claim (``claim``: its anchor) or a reference pointer (``reference``: its entry's anchor)."""

    start: int | None
    end: int | None
    text: str
    claim: str = ""
    reference: str = ""


@dataclass(frozen=True)
class Piece:
    """A run of a sentence's text, the claims whose quotes cover it and the entry a pointer there denotes."""

    text: str
    claims: tuple[str, ...] = ()
    reference: str = ""


@dataclass
class Sentence:
    """A sentence as the page shows it."""

    anchor: str
    pieces: list[Piece]

    @property
    def text(self) -> str:
        """The sentence's text, as the graph holds it."""
        return "".join(p.text for p in self.pieces)

    def claims(self) -> list[str]:
        """The anchors of the claims quoted in the sentence, in order of appearance."""
        found: list[str] = []
        for piece in self.pieces:
            found += [c for c in piece.claims if c not in found]
        return found


def sentence_order(sentences: dict[str, dict[str, str]]) -> dict[str, tuple[Any, ...]]:
    """Each sentence's sort key in reading order: by position, then by the number its IRI ends with."""

    def key(iri: str, row: dict[str, str]) -> tuple[Any, ...]:
        start = row.get("start", "")
        tail = iri.rstrip("/").rsplit("/", 1)[-1]
        return (int(start) if start.isdigit() else 1 << 62, int(tail) if tail.isdigit() else 1 << 62, iri)

    return {iri: key(iri, row) for iri, row in sentences.items()}


def place(anchor: str, row: dict[str, str], spans: list[Span]) -> Sentence:
    """The sentence ``row`` (its ``content`` and ``start``) cut at the places of ``spans``."""
    content = row.get("content", "")
    start = row.get("start", "")
    base = int(start) if start.isdigit() else None
    ranges = [(at[0], at[1], span) for span in spans if (at := _locate(content, base, span)) is not None]
    cuts = sorted({0, len(content)} | {a for a, _, _ in ranges} | {b for _, b, _ in ranges})
    pieces: list[Piece] = []
    for left, right in pairwise(cuts):
        covering = sorted((a, s.claim) for a, b, s in ranges if a <= left and right <= b and s.claim)
        claims = tuple(dict.fromkeys(claim for _, claim in covering))
        reference = next((s.reference for a, b, s in ranges if a <= left and right <= b and s.reference), "")
        if pieces and pieces[-1].claims == claims and pieces[-1].reference == reference:
            pieces[-1] = Piece(pieces[-1].text + content[left:right], claims, reference)
        else:
            pieces.append(Piece(content[left:right], claims, reference))
    return Sentence(anchor, pieces or [Piece("")])


def _locate(content: str, base: int | None, span: Span) -> tuple[int, int] | None:
    """Where ``span`` stands in ``content`` (offsets), or None where it cannot be placed."""
    if base is not None and span.start is not None and span.end is not None:
        left, right = span.start - base, span.end - base
        if 0 <= left < right <= len(content) and (not span.text or content[left:right] == span.text):
            return left, right
    if span.text:
        found = content.find(span.text)
        if found >= 0:
            return found, found + len(span.text)
    if base is not None and span.start is not None and span.end is not None:  # a quote over several sentences
        left, right = max(span.start - base, 0), min(span.end - base, len(content))
        if left < right and (not span.text or _overlaps(content[left:right], span.text)):
            return left, right
    return None


def _overlaps(piece: str, quote: str) -> bool:
    """Whether ``piece`` of a sentence is the start or the end of ``quote`` (a quote cut at a sentence's edge)."""
    return quote.startswith(piece) or quote.endswith(piece) or piece in quote
