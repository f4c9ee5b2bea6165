"""Blocks: the text of one source element, white space collapsed, mapped back to the element.

A block is what becomes one paragraph (a ``<p>``, a table cell, a caption's ``<p>`` ...).
Its text is the element's string value with runs of white space collapsed to one space and
the ends stripped; elements the caller leaves out (formulas, nested figures) drop out of the
text but keep their place in the element's string value, so every character of the block
maps back to an offset of ``"".join(element.itertext())``. Bibliographic ``<xref>`` elements
are marked on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from kg.readers.jats.fields import line_of, string_value

__all__ = ["Block", "XrefMark", "assemble"]


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

    def __init__(self, spaced: bool) -> None:
        self.spaced = spaced
        self.chars: list[str] = []
        self.pieces: list[tuple[int, int]] = []
        self.offset = 0
        self._last = -2

    def write(self, text: str | None) -> None:
        if not text:
            return
        if self.spaced and self.chars and self.chars[-1] != " " and not text[0].isspace():
            self.chars.append(" ")  # a separator the source does not hold
            self._last = -2
        for char in text:
            if not char.isspace():
                self._emit(char)
            elif self.chars and self.chars[-1] != " ":
                self._emit(" ")
            self.offset += 1

    def _emit(self, char: str) -> None:
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
        spaced: Put a space between texts of adjacent elements that the source runs together
            (an ``element-citation`` holds no separators).

    Returns:
        The block, its text stripped, its xrefs' spans trimmed of white space.
    """
    writer = _Writer(spaced)
    marks: list[XrefMark] = []
    _walk(element, writer, leave_out, marks)
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
) -> None:
    writer.write(element.text)
    for child in element:
        if isinstance(child.tag, str):
            if leave_out(child):
                writer.skip(len(string_value(child)))
            elif child.tag == "xref" and child.get("ref-type") == "bibr":
                start = len(writer.chars)
                _walk(child, writer, leave_out, marks)
                marks.append(XrefMark(child, start, len(writer.chars), tuple((child.get("rid") or "").split())))
            else:
                _walk(child, writer, leave_out, marks)
        writer.write(child.tail)
