"""Blocks: the text of one source element, white space collapsed, mapped back to the element.

A block is what becomes one paragraph (a ``<p>``, a table row, a caption's ``<p>`` ...).
Its text is the element's string value with runs of white space collapsed to one space and
the ends stripped; elements the caller leaves out (formulas, nested figures) drop out of the
text but keep their place in the element's string value, so every character of the block
maps back to an offset of ``"".join(element.itertext())``. Bibliographic ``<xref>`` elements
are marked on the way.

Where the source runs two texts together that a reader sees apart, the block holds one space
the source does not: around block-level elements (a ``<break/>``, a ``<p>`` in a table cell, a
display formula left out) and, when asked, between adjacent elements with no text between
them (a ``<surname>`` and its ``<given-names>``, the fields of an unpunctuated citation). Such a
space lies between two pieces, so it maps to no character of the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from kg.readers.jats.fields import line_of, string_value

__all__ = ["Block", "XrefMark", "assemble"]

#: Elements whose content is set apart from the text around it.
_BLOCK_LEVEL = frozenset(
    {
        "break", "p", "title", "caption", "list", "list-item", "def-list", "def-item", "term", "def",
        "disp-formula", "disp-formula-group", "disp-quote", "fig", "fig-group", "table-wrap",
        "table-wrap-group", "table", "tr", "td", "th", "boxed-text", "statement", "speech",
        "preformat", "code", "verse-group", "verse-line", "fn", "attrib", "array",
    }
)  # fmt: skip
#: Inline formatting: never set apart from an adjacent element.
_FORMATTING = frozenset(
    {
        "italic", "bold", "sup", "sub", "sc", "underline", "overline", "monospace", "roman",
        "sans-serif", "strike", "styled-content", "ruby", "fixed-case", "inline-graphic",
    }
)  # fmt: skip


@dataclass
class XrefMark:
    """An ``<xref ref-type="bibr">``: its span of the block text and the ids it names."""

    element: etree._Element
    start: int
    end: int
    rids: tuple[str, ...]


@dataclass
class Block:
    """The text of one element, with ``(text offset, element offset)`` pieces and its xrefs."""

    element: etree._Element
    kind: str
    text: str
    pieces: list[tuple[int, int]]
    xrefs: list[XrefMark] = field(default_factory=list)
    section: int = 0

    @property
    def line(self) -> int | None:
        """The element's line in the source."""
        return line_of(self.element)


class _Writer:
    """Collects block text one character at a time, tracking the element offset of each."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.pieces: list[tuple[int, int]] = []
        self.offset = 0
        self._last = -2
        self._apart = False

    def write(self, text: str | None) -> None:
        if not text:
            return
        for char in text:
            if not char.isspace():
                self._emit(char)
            elif self.chars and self.chars[-1] != " ":
                self._emit(" ")
            self.offset += 1

    def separate(self) -> None:
        """Set what is written next apart from what was written before (one space, if needed)."""
        self._apart = True

    def _emit(self, char: str) -> None:
        if self._apart:
            self._apart = False
            if char != " " and self.chars and self.chars[-1] != " ":
                self.chars.append(" ")  # a separator the source does not hold
                self._last = -2
        if self.offset != self._last + 1:
            self.pieces.append((len(self.chars), self.offset))
        self.chars.append(char)
        self._last = self.offset

    def skip(self, length: int) -> None:
        self.offset += length


def assemble(
    element: etree._Element,
    kind: str,
    leave_out: Callable[[etree._Element], bool],
    *,
    spaced: bool = False,
) -> Block:
    """Read one element's text into a block.

    Args:
        element: The block's element.
        kind: The paragraph kind it becomes.
        leave_out: Called on each descendant element before it is read; true leaves the
            element (and its content) out of the text. Its tail is still read.
        spaced: Set apart adjacent elements with no text between them (the fields of a
            citation); block-level elements are always set apart.

    Returns:
        The block, its text stripped, its xrefs' spans trimmed of white space.
    """
    writer = _Writer()
    marks: list[XrefMark] = []
    _walk(element, writer, leave_out, marks, spaced)
    chars = writer.chars
    if chars and chars[-1] == " ":
        chars.pop()
    pieces = [p for p in writer.pieces if p[0] < len(chars)]
    text = "".join(chars)
    for mark in marks:
        mark.end = min(mark.end, len(text))
        mark.start = min(mark.start, mark.end)
        while mark.start < mark.end and text[mark.start] == " ":
            mark.start += 1
        while mark.end > mark.start and text[mark.end - 1] == " ":
            mark.end -= 1
    return Block(element, kind, text, pieces, marks)


def _walk(
    element: etree._Element,
    writer: _Writer,
    leave_out: Callable[[etree._Element], bool],
    marks: list[XrefMark],
    spaced: bool,
) -> None:
    writer.write(element.text)
    previous: str | None = None  # the tag of the element just before, when no text came between
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            apart = tag in _BLOCK_LEVEL
            if apart or (spaced and previous is not None and _fields(previous, tag)):
                writer.separate()
            if leave_out(child):
                writer.skip(len(string_value(child)))
            elif tag == "xref" and child.get("ref-type") == "bibr":
                start = len(writer.chars)
                _walk(child, writer, leave_out, marks, spaced)
                marks.append(XrefMark(child, start, len(writer.chars), tuple((child.get("rid") or "").split())))
            else:
                _walk(child, writer, leave_out, marks, spaced)
            if apart:
                writer.separate()
            previous = tag
        if child.tail and not child.tail.isspace():
            previous = None
        writer.write(child.tail)


def _fields(before: str, after: str) -> bool:
    """Whether two adjacent elements are fields a reader sees apart (not inline formatting)."""
    return before not in _FORMATTING and after not in _FORMATTING
