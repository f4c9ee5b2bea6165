"""Format-neutral records: what every reader returns and the builder consumes (no rdflib types).

A reader turns one source (a Markdown report and its BibTeX file, a JATS XML file) into an
:class:`Article`. Nothing downstream knows which format it came from: offsets index the
article's own :attr:`Article.text`, references are named by string ids, and cited works
and the article itself are both :class:`Work` records. Source lines ride along for error
messages only.
"""

from __future__ import annotations

from kg.records.article import (
    Article,
    Caption,
    Citation,
    Locator,
    Note,
    Paragraph,
    Pointer,
    Reference,
    Region,
    Section,
    Sentence,
    sequence_key,
)
from kg.records.claim import CitationIntent, Claim, Concept, Quantity, Quote
from kg.records.work import WORK_KINDS, Person, Work, bare_doi, split_pages

__all__ = [
    "WORK_KINDS",
    "Article",
    "Caption",
    "Citation",
    "CitationIntent",
    "Claim",
    "Concept",
    "Locator",
    "Note",
    "Paragraph",
    "Person",
    "Pointer",
    "Quantity",
    "Quote",
    "Reference",
    "Region",
    "Section",
    "Sentence",
    "Work",
    "bare_doi",
    "sequence_key",
    "split_pages",
]
