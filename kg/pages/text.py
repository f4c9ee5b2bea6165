"""A sentence cut into pieces where claims' quotes and reference pointers begin and end.

A quote or pointer is placed by its position (``oa:TextPositionSelector``) when the text at that
position is the quoted text, verbatim; else where that text stands in the sentence; a quote
that runs on into the next sentence is cut at the sentence's end. One that cannot be placed
is not marked (its claim is still listed). Where pointers overlap (a range such as ``[4]–[7]``,
whose ends have their own places and whose middle references share the range's), a piece
links to the one entry whose pointer covers it most narrowly, never to a pointer that holds
others (the middle of a range); a piece that only such pointers cover, or several alike (the
dash, or ``[1-9]`` printed as one), links to none of them itself and names them all
(:attr:`Piece.references`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from kg.identifiers import sequence_key

__all__ = ["Piece", "Sentence", "Span", "place", "sentence_order"]


@dataclass(frozen=True)
class Span:
    """A quote of a claim (``claim``: its anchor) or a reference pointer (``reference``: its entry's anchor)."""

    start: int | None
    end: int | None
    text: str
    claim: str = ""
    reference: str = ""
    label: str = ""  # the entry's label as printed, for a pointer


@dataclass(frozen=True)
class Piece:
    """A run of a sentence's text, the claims whose quotes cover it and the entry a pointer there denotes.

    ``references`` holds (anchor, label) of each entry that pointers covering the run alike denote,
    where no one of them is the run's own (the middle of a range).
    """

    text: str
    claims: tuple[str, ...] = ()
    reference: str = ""
    references: tuple[tuple[str, str], ...] = ()


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
    places = {(a, b) for a, b, s in ranges if s.reference}
    holders = {(a, b) for a, b in places if any(a <= c and d <= b and (c, d) != (a, b) for c, d in places)}
    pieces: list[Piece] = []
    for left, right in pairwise(cuts):
        covering = sorted((a, s.claim) for a, b, s in ranges if a <= left and right <= b and s.claim)
        claims = tuple(dict.fromkeys(claim for _, claim in covering))
        reference, references = _pointed(left, right, ranges, holders)
        last = pieces[-1] if pieces else None
        if last is not None and (last.claims, last.reference, last.references) == (claims, reference, references):
            pieces[-1] = Piece(last.text + content[left:right], claims, reference, references)
        else:
            pieces.append(Piece(content[left:right], claims, reference, references))
    return Sentence(anchor, pieces or [Piece("")])


def _pointed(
    left: int, right: int, ranges: list[tuple[int, int, Span]], holders: set[tuple[int, int]]
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The entry a run links to, or (for the middle of a range) the entries its pointers denote."""
    covering = [(b - a, (a, b) in holders, s.reference, s.label)
                for a, b, s in ranges if a <= left and right <= b and s.reference]  # fmt: skip
    own = sorted(c for c in covering if not c[1])
    if own and len({anchor for width, _, anchor, _ in own if width == own[0][0]}) == 1:
        return own[0][2], ()
    named = {(anchor, label) for width, _, anchor, label in (own if own else covering) if not own or width == own[0][0]}
    return "", tuple(sorted(named, key=lambda item: (sequence_key(item[1]), item[0])))


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
