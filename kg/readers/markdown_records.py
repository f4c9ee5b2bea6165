"""What the Markdown and BibTeX readers parse, before it becomes an :class:`kg.records.Article`.

The report's text, sections, paragraphs, sentences and citations are already the neutral
records; what is Markdown's own is the front matter, the printed reference list (numbered
entries, resolved to BibTeX entries later) and the figure captions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.records import Citation, Paragraph, Person, Section, Sentence, split_pages

__all__ = [
    "BibEntry",
    "Figure",
    "PrintedReference",
    "Report",
    "ReportMeta",
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
    def citations(self) -> tuple[Citation, ...]:
        """Every citation marker in reading order, collected once."""
        return tuple(c for s in self.sentences for c in s.citations)
