"""Body: the article's sections and blocks in reading order (abstracts, body, back matter).

Each section is a :class:`SectionDraft`; each block of text (paragraph, list item, caption,
table row, footnote) is a :class:`~kg.readers.jats.blocks.Block` tagged with its section.
Figures, tables and boxes sit where the XML has them; one nested inside a paragraph follows
that paragraph. Supplementary material is read for its caption. Formulas, media and other
elements without running text are left out and noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from kg.readers.jats.blocks import Block, assemble
from kg.readers.jats.fields import line_of, text_of
from kg.readers.jats.notes import Notes
from kg.readers.jats.tables import TABLES, outer_tables, table_blocks
from kg.readers.jats.tags import CAPTIONED, FLATTENED, FORMULAS, MATHML, NESTED_BLOCKS, SILENT
from kg.readers.roles import section_role

__all__ = ["CaptionDraft", "Layout", "SectionDraft", "read_layout"]


@dataclass
class SectionDraft:
    """A section before its paragraphs are numbered."""

    index: int
    title: str
    parent: int | None
    role: str | None
    line: int | None


@dataclass
class CaptionDraft:
    """A figure's or table's caption: its label, number and caption blocks (its title and paragraphs)."""

    kind: str
    label: str
    number: str
    blocks: list[Block]
    body: list[Block] = field(default_factory=list)  # the float's other blocks: table rows, footnotes, attribution


@dataclass
class Layout:
    """Sections, blocks and captions in reading order."""

    sections: list[SectionDraft]
    blocks: list[Block]
    captions: list[CaptionDraft]


def read_layout(article: etree._Element, notes: Notes) -> Layout:
    """Read an article's abstracts, body and back matter into sections and blocks.

    Args:
        article: The ``<article>`` element.
        notes: Where elements left out are counted.

    Returns:
        Sections (abstracts and translated abstracts first, then the body's, back matter,
        floats, and each sub-article's), blocks and captions. A section with no text and no
        subsection (one holding only a reference list) is left out.
    """
    reader = _Reader(notes)
    reader.document(article, None)
    number = {old: new for new, old in enumerate(sorted(reader.kept))}
    sections = [
        SectionDraft(number[s.index], s.title, None if s.parent is None else number[s.parent], s.role, s.line)
        for s in reader.sections
        if s.index in number
    ]
    for block in reader.blocks:
        block.section = number[block.section]
    return Layout(sections, reader.blocks, reader.captions)


class _Reader:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.sections: list[SectionDraft] = []
        self.blocks: list[Block] = []
        self.captions: list[CaptionDraft] = []
        self.kept: set[int] = set()  # sections holding a block or a kept subsection

    def document(self, article: etree._Element, parent: int | None) -> None:
        """An article or sub-article: abstracts, body, back matter, floats, sub-articles."""
        meta = article.find("front/article-meta")
        if meta is None:
            meta = article.find("front-stub")
        for abstract in meta.iterfind("*") if meta is not None else ():
            if abstract.tag in ("abstract", "trans-abstract"):
                language = abstract.get("{http://www.w3.org/XML/1998/namespace}lang")
                fallback = f"Abstract ({language})" if abstract.tag == "trans-abstract" and language else "Abstract"
                title = text_of(abstract.find("title")) or fallback
                self.container(abstract, self.section(title, parent, "abstract", abstract), abstract=True)
        body = article.find("body")
        if body is not None:
            self.top_level(body, parent, parent)
        back = article.find("back")
        for child in back if back is not None else ():
            if child.tag == "ack":
                title = text_of(child.find("title")) or "Acknowledgements"
                self.container(child, self.section(title, parent, "acknowledgements", child))
            elif child.tag in ("sec", "app", "notes", "glossary", "bio"):
                self.sec(child, parent)
            elif child.tag == "app-group":
                for app in child:
                    if app.tag == "app":
                        self.sec(app, parent)
            elif child.tag == "fn-group":
                title = text_of(child.find("title")) or "Notes"
                self.container(child, self.section(title, parent, None, child))
        floats = article.find("floats-group")
        if floats is not None:
            self.top_level(floats, parent)
        for sub in article:
            if sub.tag in ("sub-article", "response"):
                stub = sub.find("front-stub") if sub.find("front-stub") is not None else sub.find("front/article-meta")
                found = text_of(stub.find("title-group/article-title")) if stub is not None else None
                title = found or (sub.get("article-type") or sub.tag).replace("-", " ").capitalize()
                self.document(sub, self.section(title, parent, None, sub))

    def keep(self, section: int | None) -> None:
        """Keep a section that holds text, and every section around it."""
        while section is not None and section not in self.kept:
            self.kept.add(section)
            section = self.sections[section].parent

    def section(self, title: str, parent: int | None, role: str | None, element: etree._Element) -> int:
        index = len(self.sections)
        self.sections.append(SectionDraft(index, title, parent, role, line_of(element)))
        return index

    def sec(self, sec: etree._Element, parent: int | None, *, abstract: bool = False) -> None:
        heading = sec.find("title")
        title = text_of(heading) or ""
        role = None if abstract else section_role(sec.get("sec-type"), title)
        section = self.section(title, parent, role, sec)
        if heading is not None and heading.find(".//xref[@ref-type='bibr']") is not None:
            self.paragraph(heading, "title", section)  # a title that cites is also text, so its citations count
        self.container(sec, section, abstract=abstract)

    def top_level(self, container: etree._Element, parent: int | None, loose: int | None = None) -> None:
        """Read a body: ``<sec>`` children are sections, other content goes to ``loose`` or untitled ones."""
        untitled = loose
        for child in container:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "sec":
                self.sec(child, parent)
                untitled = loose
            elif child.tag not in SILENT:
                if untitled is None:
                    untitled = self.section("", parent, None, child)
                self.element(child, untitled)

    def container(self, container: etree._Element, section: int, *, abstract: bool = False) -> None:
        for child in container:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "sec":
                self.sec(child, section, abstract=abstract)
            else:
                self.element(child, section)

    def element(self, element: etree._Element, section: int) -> None:
        """Read one element of a section's content into blocks."""
        tag = element.tag
        if tag in ("p", "preformat", "code", "attrib"):
            self.paragraph(element, "paragraph", section)
        elif tag == "list":
            self.list(element, section)
        elif tag == "def-list":
            for item in element.iterfind("def-item"):
                for part in item:
                    if part.tag == "term":
                        self.paragraph(part, "list-item", section)
                    elif part.tag == "def":
                        self.content(part, "list-item", section)
        elif tag in ("fig", "table-wrap"):
            self.float(element, section)
        elif tag in CAPTIONED:
            self.caption(element, section)
        elif tag == "verse-group":
            for line in element.iter("verse-line"):
                self.paragraph(line, "paragraph", section)
        elif tag in TABLES:
            self.table(element, section)
        elif tag == "fn-group":
            for fn in element.iterfind("fn"):
                self.content(fn, "footnote", section)
        elif tag == "fn":
            self.content(element, "footnote", section)
        elif tag in FLATTENED:
            for child in element:
                if not isinstance(child.tag, str) or child.tag in ("label", "title", "object-id"):
                    continue
                if child.tag == "sec":
                    self.container(child, section)
                elif child.tag == "caption":
                    self.caption(element, section)
                else:
                    self.element(child, section)
        elif tag in FORMULAS:
            self.notes.skip(tag if isinstance(tag, str) and tag != MATHML else "math", element)
        elif tag not in SILENT and text_of(element):
            self.notes.skip(str(tag), element)

    def content(self, element: etree._Element, kind: str, section: int) -> None:
        """Read an element holding paragraphs (a footnote, a list item); bare text is one block."""
        if any(child.tag == "p" for child in element):
            for child in element:
                if child.tag == "p":
                    self.paragraph(child, kind, section)
                elif isinstance(child.tag, str) and child.tag not in ("label", "title"):
                    self.element(child, section)
        else:
            self.paragraph(element, kind, section)

    def list(self, element: etree._Element, section: int) -> None:
        for item in element:
            if item.tag == "list-item":
                self.content(item, "list-item", section)
            elif item.tag == "list":
                self.list(item, section)

    def float(self, element: etree._Element, section: int) -> None:
        """A figure or table: caption paragraphs, then (for a table) rows and footnotes."""
        kind = "figure" if element.tag == "fig" else "table"
        first = len(self.blocks)
        self.caption(element, section)
        draft = None
        if len(self.blocks) > first:
            label = text_of(element.find("label"))
            numbers = re.findall(r"[A-Za-z]*\d+[A-Za-z]*", label or "")
            fallback = element.get("id") or str(len(self.captions) + 1)
            draft = CaptionDraft(kind, label or fallback, numbers[-1] if numbers else fallback, self.blocks[first:])
            self.captions.append(draft)
        rest = len(self.blocks)
        for attrib in element.iterfind("attrib"):
            self.paragraph(attrib, "caption", section)
        if kind != "figure":
            for table in outer_tables(element):
                self.table(table, section)
            for foot in element.iterfind("table-wrap-foot"):
                for child in foot:
                    if child.tag == "fn-group":
                        for fn in child.iterfind("fn"):
                            self.content(fn, "footnote", section)
                    elif child.tag in ("fn", "p", "attrib"):
                        self.content(child, "footnote", section)
        if draft is not None:
            draft.body = self.blocks[rest:]

    def caption(self, element: etree._Element, section: int) -> None:
        """The title and paragraphs of an element's ``<caption>``, each one caption block."""
        for caption in element.iterfind("caption"):
            for part in caption:
                if part.tag in ("title", "p"):
                    self.paragraph(part, "caption", section)

    def table(self, table: etree._Element, section: int) -> None:
        """A table's (or array's) rows, each one block (see :mod:`kg.readers.jats.tables`)."""
        for part, kind in table_blocks(table):
            self.paragraph(part, kind, section)

    def paragraph(self, element: etree._Element, kind: str, section: int) -> None:
        """One block of text; blocks nested in it are read after it."""
        nested: list[etree._Element] = []

        def leave_out(child: etree._Element) -> bool:
            tag = child.tag
            if tag in NESTED_BLOCKS or tag in TABLES or (tag == "list-item" and kind != "list-item"):
                nested.append(child)
                return True
            if tag in FORMULAS:
                self.notes.skip(tag if tag != MATHML else "math", child)
                return True
            return tag in ("label",) and child.getparent() is element

        block = assemble(element, kind, leave_out)
        if block.text:
            block.section = section
            self.blocks.append(block)
            self.keep(section)
        for child in nested:
            self.element(child, section)
