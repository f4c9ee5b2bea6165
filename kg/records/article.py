"""Article records: the text, structure, citations and reference list a reader returns."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.identifiers import sequence_key
from kg.records.work import Work

__all__ = [
    "Article",
    "Caption",
    "Citation",
    "Locator",
    "Note",
    "Paragraph",
    "Pointer",
    "Reference",
    "Region",
    "Section",
    "Sentence",
    "sequence_key",
]


@dataclass(frozen=True)
class Locator:
    """Where a stretch of the article text lies in its source document (an XML element).

    ``xpath`` selects the element; ``start``/``end`` index the element's string value (all its
    descendant text, in document order), end exclusive.
    """

    xpath: str
    start: int
    end: int


@dataclass(frozen=True)
class Region:
    """A stretch ``[start, end)`` of the article text that was read from one source element.

    ``pieces`` are ``(text offset, element offset)`` pairs, ascending: from each pair on, the
    article text and the element's string value advance together, one character each, up to
    the next pair (white space the reader collapsed or text it left out sits between pieces).
    """

    start: int
    end: int
    xpath: str
    pieces: tuple[tuple[int, int], ...]

    def element_offset(self, offset: int) -> int:
        """The element string offset of article text ``offset`` (which lies in this region)."""
        at = bisect.bisect_right(self.pieces, (offset, 1 << 62)) - 1
        text_at, element_at = self.pieces[max(at, 0)]
        return element_at + (offset - text_at)


@dataclass(frozen=True)
class Pointer:
    """One reference an in-text citation denotes, with the stretch of text that names it.

    An entry reached only by expanding a range (``5`` in ``[4–7]``) carries the span of the range
    and ``expanded=True``.
    """

    reference: str
    start: int
    end: int
    text: str
    expanded: bool = False


@dataclass(frozen=True)
class Citation:
    """An in-text citation such as ``[6,7]``: its span and the references it points to, in order."""

    start: int
    end: int
    text: str
    pointers: tuple[Pointer, ...]
    line: int | None = None

    @property
    def references(self) -> tuple[str, ...]:
        """The ids of the cited references, in order, without repeats."""
        return tuple(dict.fromkeys(p.reference for p in self.pointers))


@dataclass(frozen=True)
class Sentence:
    """A sentence: 1-based ``index`` in reading order, its span of the article text, its citations."""

    index: int
    start: int
    end: int
    text: str
    citations: tuple[Citation, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Paragraph:
    """A block of text (``kind``): a paragraph, list item, caption, table row, footnote, or a title that cites."""

    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    kind: str = "paragraph"
    line: int | None = None


@dataclass(frozen=True)
class Section:
    """A section; ``index`` is the reader's stable number, ``parent`` the enclosing section's index.

    ``role`` is a section role such as ``introduction`` or ``methods`` (see
    :data:`kg.builder.article.SECTION_ROLES`), from the source's markup or its title.
    """

    index: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    parent: int | None = None
    role: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Caption:
    """A figure or table (``kind``) with its label as printed and the paragraphs of its caption.

    ``paragraph`` is the caption's first paragraph (its title, where it has one); ``more`` holds the
    caption's other paragraphs, in order, and ``body`` the figure's or table's other paragraphs (a
    table's rows and footnotes, an attribution).
    """

    kind: str
    label: str
    number: str
    paragraph: int
    more: tuple[int, ...] = ()
    body: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list: its id, label as printed (or position), text and work."""

    id: str
    sequence: str
    text: str
    work: Work
    start: int | None = None
    end: int | None = None
    label: str | None = None
    line: int | None = None
    free_text: bool = False


@dataclass(frozen=True)
class Note:
    """Something a reader could not use, or had to guess, reported to the user (not in the graph)."""

    kind: str
    message: str
    line: int | None = None
    xpath: str | None = None


@dataclass(frozen=True)
class Article:
    """One article read from its source: metadata, text, structure, references and a quality report."""

    id: str
    path: Path
    text: str
    meta: Work
    sections: tuple[Section, ...]
    references: tuple[Reference, ...] = ()
    reference_list_title: str | None = None
    captions: tuple[Caption, ...] = ()
    regions: tuple[Region, ...] = ()
    license: str | None = None
    genre: str | None = None
    received: str | None = None
    published: str | None = None
    notes: tuple[Note, ...] = field(default=())

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence in reading order, collected once."""
        return tuple(s for sec in self.sections for p in sec.paragraphs for s in p.sentences)

    @cached_property
    def citations(self) -> tuple[tuple[Sentence, Citation], ...]:
        """Every citation with its sentence, in reading order."""
        return tuple((s, c) for s in self.sentences for c in s.citations)

    @cached_property
    def _region_starts(self) -> list[int]:
        return [r.start for r in self.regions]

    def locate(self, start: int, end: int) -> Locator | None:
        """Where ``text[start:end]`` lies in the source document, if it lies within one element."""
        at = bisect.bisect_right(self._region_starts, start) - 1
        if at < 0 or end <= start:
            return None
        region = self.regions[at]
        if not (region.start <= start and end <= region.end):
            return None
        return Locator(region.xpath, region.element_offset(start), region.element_offset(end - 1) + 1)
