"""An article's sections and paragraphs in reading order, each sentence cut where its quotes and pointers are.

Sections come in the order of their first sentences; a section that is part of another is its
subsection, unless the parts run in a cycle (then it stands at the top). Paragraphs of a figure
or table (its caption, a table's rows and footnotes) are marked so a page shows them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.pages.anchors import Anchors
from kg.pages.text import Sentence, Span, place, sentence_order

if TYPE_CHECKING:
    from kg.pages.evidence import Claim

__all__ = ["Paragraph", "Section", "paragraphs", "sections_of"]


@dataclass
class Paragraph:
    """Sentences of one paragraph (or caption), and the claims first quoted in it."""

    sentences: list[Sentence]
    caption: bool = False  # a caption's paragraph
    claims: list[Claim] = field(default_factory=list)
    float: str = ""  # the figure or table it is part of (its caption, a table's row or footnote)
    label: str = ""  # that one's label as printed
    opens: bool = True  # the first paragraph of its figure or table (or none)
    closes: bool = True  # the last
    caption_opens: bool = False  # the first paragraph of a caption
    caption_closes: bool = False  # the last


@dataclass
class Section:
    """A section with its paragraphs and subsections, in reading order."""

    anchor: str
    title: str
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def sections_of(
    found: list[dict[str, str]],
    sentences: dict[str, dict[str, str]],
    spans: dict[str, list[Span]],
    claims: dict[str, Claim],
    anchors: Anchors,
) -> list[Section]:
    """The sections in reading order, each with its paragraphs of placed sentences."""
    found = sorted(found, key=lambda r: (r["section"], r.get("parent", ""), r.get("title", "")), reverse=True)
    titles = {r["section"]: r.get("title", "") for r in found}  # the least, where a graph holds several
    parents = {r["section"]: r.get("parent", "") for r in found}
    for row in sentences.values():  # a section known only by its sentences
        if row.get("section"):
            titles.setdefault(row["section"], "")
            parents.setdefault(row["section"], "")
    order = sentence_order(sentences)
    first: dict[str, tuple[Any, ...]] = {}
    for iri, row in sentences.items():
        for section in _chain(row.get("section", ""), parents):  # where its first sentence, or subsection's, begins
            if section not in first or order[iri] < first[section]:
                first[section] = order[iri]
    built = {s: Section(anchors.get(f"section {s}", "section-" + (titles[s] or "untitled").lower()), titles[s], 2)
             for s in titles if s in first}  # fmt: skip
    paragraphs: dict[tuple[str, str], Paragraph] = {}
    by_claim = {c.anchor: c for c in claims.values()}
    for iri in sorted(sentences, key=order.__getitem__):
        row = sentences[iri]
        holder = built.get(row.get("section", ""))
        if holder is None:
            holder = built.setdefault("", Section(anchors.get("section ", "section-text"), "", 2))
            first.setdefault("", order[iri])
        key = (row.get("section", ""), row.get("paragraph") or iri)
        paragraph = paragraphs.get(key)
        if paragraph is None:
            caption = row.get("caption") == "true"
            paragraph = paragraphs[key] = Paragraph([], caption, float=row.get("float", ""), label=row.get("label", ""))
            last = holder.paragraphs[-1] if holder.paragraphs else None
            if last is not None and paragraph.float and last.float == paragraph.float:  # one figure, in parts
                last.closes = paragraph.opens = False
            holder.paragraphs.append(paragraph)
        sentence = place(anchors.get(f"sentence {iri}", f"s-{len(paragraphs)}-{len(paragraph.sentences) + 1}"),
                         row, spans.get(iri, []))  # fmt: skip
        paragraph.sentences.append(sentence)
        for anchor in sentence.claims():
            claim = by_claim[anchor]
            if not claim.placed:
                claim.placed = True
                paragraph.claims.append(claim)
    for part in built.values():  # a caption's paragraphs, together at the head of their figure or table
        held = part.paragraphs
        for i, paragraph in enumerate(held):
            before = held[i - 1] if i and not paragraph.opens else None
            after = held[i + 1] if i + 1 < len(held) and not paragraph.closes else None
            paragraph.caption_opens = paragraph.caption and not (before is not None and before.caption)
            paragraph.caption_closes = paragraph.caption and not (after is not None and after.caption)
    top: list[Section] = []
    for iri in sorted(built, key=lambda s: (first[s], s)):
        parent = parents.get(iri, "")
        inside = parent in built and iri not in _chain(parent, parents)  # a cycle of parts is cut: top level
        (built[parent].sections if inside else top).append(built[iri])
    _level(top, 2)
    return top


def _chain(section: str, parents: dict[str, str]) -> list[str]:
    """``section`` and the sections it is part of, innermost first, up to the first that repeats."""
    found: list[str] = []
    while section and section not in found:
        found.append(section)
        section = parents.get(section, "")
    return found


def _level(sections: list[Section], level: int) -> None:
    for section in sections:
        section.level = min(level, 6)
        _level(section.sections, level + 1)


def paragraphs(sections: list[Section]) -> list[Paragraph]:
    """The paragraphs of ``sections`` and their subsections, in reading order."""
    found: list[Paragraph] = []
    for section in sections:
        found += section.paragraphs
        found += paragraphs(section.sections)
    return found
