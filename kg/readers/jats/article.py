"""Article: one ``<article>`` element read into an :class:`~kg.records.Article`.

The text is every block (paragraphs, list items, captions, table rows, footnotes, and at
the end each reference's printed text) joined by blank lines; every offset indexes it, and
each block's :class:`~kg.records.Region` maps it back to its element.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from lxml import etree

from kg.errors import InputError, where
from kg.readers.jats.blocks import Block
from kg.readers.jats.body import read_layout
from kg.readers.jats.citations import CitationDraft, RefIndex, protected_spans, read_citations
from kg.readers.jats.fields import line_of
from kg.readers.jats.front import article_id, read_front
from kg.readers.jats.notes import Notes
from kg.readers.jats.references import read_references
from kg.readers.sentences import split_sentences
from kg.records import Article, Caption, Citation, Paragraph, Pointer, Reference, Region, Section, Sentence

__all__ = ["read_article"]

_SEPARATOR = "\n\n"


class _Text:
    """The article text as it grows, with the region of each block."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.parts: list[str] = []
        self.length = 0
        self.regions: list[Region] = []

    def append(self, block: Block) -> int:
        if self.parts:
            self.parts.append(_SEPARATOR)
            self.length += len(_SEPARATOR)
        base = self.length
        self.parts.append(block.text)
        self.length += len(block.text)
        pieces = tuple((base + t, e) for t, e in block.pieces)
        self.regions.append(Region(base, self.length, self.tree.getpath(block.element), pieces))
        return base


def read_article(element: etree._Element, tree: etree._ElementTree, path: Path) -> Article:
    """Read one article.

    Args:
        element: The ``<article>`` element.
        tree: The document it belongs to (region paths are taken in it).
        path: The source file, recorded and used in messages.

    Returns:
        The article; its id is not yet made unique among a file's articles.

    Raises:
        InputError: The article has no title, no ``<body>``, or no reference list (or an empty one).
    """
    if element.find("body") is None:
        raise InputError(f"{where(path, line_of(element))}: the article has no <body>")
    notes = Notes(tree)
    front = read_front(element)
    if not front.meta.title:
        raise InputError(f"{where(path, line_of(element))}: the article has no title (<article-title>)")
    for xref in element.iterfind("front/article-meta/title-group/article-title//xref[@ref-type='bibr']"):
        notes.skip("xref", xref, "a citation in the article title, which is metadata, not text")
    list_title, entries = read_references(element, notes)
    first: dict[str, int | None] = {}
    for entry in entries:
        if entry.id in first:
            raise InputError(
                f"{where(path, entry.line)}: two <ref> elements have the id '{entry.id}' (the first on line "
                f"{first[entry.id]}): a citation of it would be ambiguous"
            )
        first[entry.id] = entry.line
    if not entries:
        what = "no reference list (<ref-list>)" if element.find(".//ref-list") is None else "an empty reference list"
        raise InputError(f"{where(path, line_of(element))}: the article has {what}")
    refs = RefIndex([(e.id, e.sequence) for e in entries])
    layout = read_layout(element, notes)
    text = _Text(tree)
    paragraphs: dict[int, list[Paragraph]] = {s.index: [] for s in layout.sections}
    paragraph_of: dict[int, int] = {}
    sentence_count = 0
    for block in layout.blocks:
        base = text.append(block)
        drafts = read_citations(block, refs, notes)
        sentences = _sentences(block, base, drafts, sentence_count)
        sentence_count += len(sentences)
        paragraph = Paragraph(
            len(paragraph_of) + 1, base, base + len(block.text), sentences, block.kind, line_of(block.element)
        )
        paragraph_of[id(block)] = paragraph.index
        paragraphs[block.section].append(paragraph)
    references: list[Reference] = []
    for entry in entries:
        start = end = None
        if entry.block.text:
            start = text.append(entry.block)
            end = start + len(entry.block.text)
        references.append(
            Reference(
                entry.id,
                entry.sequence,
                entry.block.text,
                entry.work,
                start,
                end,
                entry.label,
                entry.line,
                entry.free_text,
            )
        )
        if entry.id not in refs.cited:
            notes.add("uncited-reference", f"reference {entry.id!r} is never cited", entry.element)
    return Article(
        id=article_id(front.meta, path, front.publisher_id),
        path=path,
        text="".join(text.parts),
        meta=front.meta,
        sections=tuple(
            Section(s.index, s.title, tuple(paragraphs[s.index]), s.parent, s.role, s.line) for s in layout.sections
        ),
        references=tuple(references),
        reference_list_title=list_title or "References",
        captions=tuple(
            Caption(
                c.kind,
                c.label,
                c.number,
                placed[0],
                tuple(placed[1:]),
                tuple(paragraph_of[id(b)] for b in c.body if id(b) in paragraph_of),
            )
            for c in layout.captions
            if (placed := [paragraph_of[id(b)] for b in c.blocks if id(b) in paragraph_of])
        ),
        regions=tuple(text.regions),
        license=front.license,
        genre=front.genre,
        received=front.received,
        published=front.published,
        notes=notes.collect(),
    )


def _sentences(block: Block, base: int, drafts: list[CitationDraft], before: int) -> tuple[Sentence, ...]:
    """Split a block into sentences and give each the citations that start in it."""
    spans = split_sentences(block.text, base, protected=protected_spans(drafts), enumerated=True)
    owned: list[list[Citation]] = [[] for _ in spans]
    starts = [s for s, _ in spans]
    for draft in drafts:
        citation = Citation(
            base + draft.start,
            base + draft.end,
            block.text[draft.start : draft.end],
            tuple(
                Pointer(p.reference, base + p.start, base + p.end, block.text[p.start : p.end], p.expanded)
                for p in draft.pointers
            ),
            draft.line,
        )
        at = max(bisect.bisect_right(starts, citation.start) - 1, 0)
        if owned:
            owned[at].append(citation)
    line = line_of(block.element)
    return tuple(
        Sentence(before + n + 1, s, e, block.text[s - base : e - base], tuple(owned[n]), line)
        for n, (s, e) in enumerate(spans)
    )
