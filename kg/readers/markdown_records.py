"""What the Markdown and BibTeX readers parse, before it becomes an :class:`kg.records.Article`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.records import Person, split_pages

__all__ = [
    "BibEntry",
    "Figure",
    "Marker",
    "Paragraph",
    "Person",
    "PrintedReference",
    "Report",
    "ReportMeta",
    "Section",
    "Sentence",
    "Span",
    "split_pages",
]


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry, LaTeX decoded to Unicode.

    ``et_al`` is true when the author list ends in ``and others``.
    """

    key: str
    entry_type: str
    line: int
    title: str
    year: int
    authors: tuple[Person, ...]
    et_al: bool = False
    journal: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    eid: str | None = None
    doi: str | None = None
    pmid: str | None = None
    note: str | None = None

    @property
    def page_range(self) -> tuple[str | None, str | None]:
        """The starting and ending page (see :func:`split_pages`)."""
        return split_pages(self.pages)


@dataclass(frozen=True)
class Span:
    """A stretch of the report file: ``text == file_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Marker:
    """An in-text citation marker such as ``[6,7]`` with the reference numbers it cites."""

    start: int
    end: int
    text: str
    numbers: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of the report with its character offsets and citation markers."""

    index: int
    start: int
    end: int
    text: str
    line: int
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: its offsets and sentences."""

    index: int
    start: int
    end: int
    line: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Section:
    """A headed section; ``parent`` is the index of the enclosing section, if any."""

    index: int
    title: str
    level: int
    line: int
    paragraphs: tuple[Paragraph, ...]
    parent: int | None = None


@dataclass(frozen=True)
class Figure:
    """A figure caption such as ``Figure 1: ...``; its sentences are in ``paragraph``."""

    label: str
    number: str
    section: int
    paragraph: Paragraph


@dataclass(frozen=True)
class PrintedReference:
    """One numbered entry of the reference list, as printed."""

    number: int
    start: int
    end: int
    text: str
    line: int


@dataclass(frozen=True)
class ReportMeta:
    """Bibliographic metadata of the report itself (from its front matter)."""

    id: str
    title: str
    authors: tuple[Person, ...] = ()
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    article_number: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    received: str | None = None
    published: str | None = None
    genre: str | None = None
    license: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Report:
    """A report read from its Markdown file: metadata, structure and reference list."""

    path: Path
    text: str
    meta: ReportMeta
    sections: tuple[Section, ...]
    references: tuple[PrintedReference, ...] = ()
    reference_section: int | None = None
    figures: tuple[Figure, ...] = field(default=())

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence in reading order (body sections and figure captions), collected once."""
        return tuple(s for sec in self.sections for p in sec.paragraphs for s in p.sentences)

    @cached_property
    def markers(self) -> tuple[Marker, ...]:
        """Every citation marker in reading order, collected once."""
        return tuple(m for s in self.sentences for m in s.markers)
