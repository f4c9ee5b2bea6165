"""Read a report written as Markdown into a plain :class:`~kg.records.Report`.

The format: optional YAML front matter (``id``, ``title``, ``authors``, ``journal``, ...),
an optional ``#`` title, ``##`` (and deeper) section headings, paragraphs separated by
blank lines, a reference list under a heading such as "References" with one numbered
entry (``1. ...``, ``[1] ...`` or ``1) ...``) per item, and figure captions as paragraphs
that start "Figure N:" or "Fig. N.". Every offset indexes the file's text exactly, so a
file that starts with a byte-order mark is refused (the offsets would be ambiguous).

The reference list is read before the paragraphs, so every citation marker is checked
against the printed numbers before its ranges are expanded (see :mod:`kg.readers.markers`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, where
from kg.readers.front_matter import read_front_matter, to_meta
from kg.readers.markdown_records import Figure, PrintedReference, Report
from kg.readers.markers import MAX_DIGITS, Bracket, expand, first_unprinted, scan_brackets
from kg.readers.resolution import unprinted_citation
from kg.readers.roles import title_role
from kg.readers.sentences import split_sentences
from kg.readers.text import read_text
from kg.records import Citation, Paragraph, Pointer, Section, Sentence

__all__ = ["REFERENCE_HEADINGS", "parse_report", "read_report"]

#: Section titles (lower case) that introduce the numbered reference list.
REFERENCE_HEADINGS = frozenset(
    {"references", "reference list", "bibliography", "literature cited", "works cited", "cited literature"}
)

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_ITEM = re.compile(rf"^[ \t]*(?:\[([0-9]{{1,{MAX_DIGITS}}})\]|([0-9]{{1,{MAX_DIGITS}}})[.)])[ \t]+(\S.*)$")
_CAPTION = re.compile(r"^(Figure|Fig\.)\s*(\d+[A-Za-z]?)\s*[:.]")
_DIGITS = re.compile(r"[0-9]+")
_DASHED = re.compile(r"\s*\]?\s*[-–—]\s*\[?\s*")


def read_report(path: str | Path) -> Report:
    """Read a Markdown report.

    Args:
        path: The report file, UTF-8.

    Returns:
        The report with its sections, sentences, markers, reference list and captions.

    Raises:
        InputError: The file is missing, not UTF-8, starts with a byte-order mark, or is
            malformed (including a malformed citation marker); the message names the line.
        ResolutionError: A citation marker cites a number the reference list does not print.
    """
    path = Path(path)
    return parse_report(read_text(path, strip_bom=False), path)


def parse_report(text: str, path: str | Path = "<string>") -> Report:
    """Parse report text; ``path`` is recorded and used in error messages.

    Args:
        text: The Markdown source.
        path: Where the text came from.

    Returns:
        The parsed report.

    Raises:
        InputError: As for :func:`read_report`.
        ResolutionError: As for :func:`read_report`.
    """
    path = Path(path)
    if text.startswith("\ufeff"):
        raise InputError(
            f"{where(path, 1)}: starts with a UTF-8 byte-order mark; save the report as UTF-8 without one "
            "(the graph's character offsets index the file's text exactly)"
        )
    meta, body = read_front_matter(text, path)
    parser = _Parser(text, path)
    title = parser.run(body)
    if title is not None and meta.get("title") not in (None, title):
        raise InputError(f"{where(path, parser.title_line)}: title '{title}' differs from the front matter title")
    meta.setdefault("title", title)
    if not meta.get("title"):
        raise InputError(f"{where(path)}: no title (give one in the front matter or as a '#' heading)")
    meta.setdefault("id", re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "report")
    return Report(
        path=path,
        text=text,
        meta=to_meta(meta),
        sections=tuple(parser.sections),
        references=tuple(parser.references),
        reference_section=parser.reference_section,
        figures=tuple(parser.figures),
    )


@dataclass
class _Block:
    """A run of non-blank lines: (start offset, end offset, first line number)."""

    start: int
    end: int
    line: int


@dataclass
class _Open:
    title: str
    level: int
    line: int
    parent: int | None
    blocks: list[_Block] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.sections: list[Section] = []
        self.references: list[PrintedReference] = []
        self.reference_section: int | None = None
        self.figures: list[Figure] = []
        self.title_line: int | None = None
        self.printed: list[int] = []
        self.list_line: int | None = None
        self._sentence_count = 0
        self._paragraph_count = 0

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def run(self, body_start: int) -> str | None:
        """Read the body; return the '#' title, if any."""
        title: str | None = None
        opened: list[_Open] = []
        stack: list[int] = []
        block: _Block | None = None
        for number in range(self.line_of(body_start), len(self.line_starts) + 1):
            start = self.line_starts[number - 1]
            end = self.line_starts[number] - 1 if number < len(self.line_starts) else len(self.text)
            line = self.text[start:end].rstrip("\r")
            heading = _HEADING.match(line)
            if heading or not line.strip():
                if block is not None:
                    opened[-1].blocks.append(block)
                block = None
            if heading:
                level, name = len(heading.group(1)), heading.group(2)
                if level == 1:
                    if title is not None or opened:
                        raise InputError(f"{where(self.path, number)}: a '#' title must come once, before any section")
                    title, self.title_line = name, number
                    continue
                while stack and opened[stack[-1]].level >= level:
                    stack.pop()
                opened.append(_Open(name, level, number, stack[-1] if stack else None))
                stack.append(len(opened) - 1)
            elif line.strip():
                if not opened:
                    raise InputError(f"{where(self.path, number)}: text before the first section heading ('## ...')")
                if block is None:
                    block = _Block(start, start + len(line), number)
                else:
                    block.end = start + len(line)
        if block is not None:
            opened[-1].blocks.append(block)
        for index, section in enumerate(opened):  # the list first: markers are checked against it
            if section.title.strip().lower() in REFERENCE_HEADINGS:
                if self.reference_section is not None:
                    raise InputError(f"{where(self.path, section.line)}: a second reference list")
                self.reference_section, self.list_line = index, section.line
                self._read_references(section)
        self.printed = sorted(ref.number for ref in self.references)
        for index, section in enumerate(opened):
            self._close(index, section)
        return title

    def _close(self, index: int, section: _Open) -> None:
        paragraphs: tuple[Paragraph, ...] = ()
        if index != self.reference_section:
            paragraphs = tuple(self._paragraph(b, index) for b in section.blocks)
        role = title_role(section.title)
        self.sections.append(Section(index, section.title, paragraphs, section.parent, role, section.line))

    def _paragraph(self, block: _Block, section: int) -> Paragraph:
        self._paragraph_count += 1
        sentences = []
        for start, end in split_sentences(self.text[block.start : block.end], block.start):
            self._sentence_count += 1
            citations = tuple(self._marker(start, bracket) for bracket in scan_brackets(self.text[start:end]))
            sentences.append(
                Sentence(self._sentence_count, start, end, self.text[start:end], citations, self.line_of(start))
            )
        paragraph = Paragraph(self._paragraph_count, block.start, block.end, tuple(sentences), "paragraph", block.line)
        caption = _CAPTION.match(self.text[block.start : block.end])
        if caption:
            label = f"{caption.group(1)} {caption.group(2)}"
            self.figures.append(Figure(label, caption.group(2), section, paragraph))
        return paragraph

    def _marker(self, offset: int, bracket: Bracket) -> Citation:
        """Check a bracket found at ``offset`` + its start against the reference list and expand it."""
        start, line = offset + bracket.start, self.line_of(offset + bracket.start)
        if bracket.problem:
            raise InputError(f"{where(self.path, line)}: {bracket.problem}")
        missing = first_unprinted(bracket.ranges, self.printed)
        if missing is not None:
            raise unprinted_citation(self.path, line, bracket.text, missing, self.printed, self.list_line)
        numbers = expand(bracket.ranges, self.printed)
        digits = [(int(m.group()), start + m.start(), start + m.end()) for m in _DIGITS.finditer(bracket.text)]
        pointers = tuple(_pointer(self.text, digits, number, start, offset + bracket.end) for number in numbers)
        return Citation(start, offset + bracket.end, bracket.text, pointers, line)

    def _read_references(self, section: _Open) -> None:
        seen: dict[int, int] = {}
        for block in section.blocks:
            entry: list[int] | None = None  # [number, start, end, line]
            offset = block.start
            for raw in self.text[block.start : block.end].split("\n"):
                line_no = self.line_of(offset)
                item = _ITEM.match(raw.rstrip("\r"))
                if item:
                    if entry is not None:
                        self._add_reference(entry, seen)
                    number = int(item.group(1) or item.group(2))
                    entry = [number, offset + item.start(3), offset + len(raw.rstrip()), line_no]
                elif entry is None:
                    raise InputError(
                        f"{where(self.path, line_no)}: reference list line is not a numbered entry ('1. ...')"
                    )
                else:
                    entry[2] = offset + len(raw.rstrip())
                offset += len(raw) + 1
            if entry is not None:
                self._add_reference(entry, seen)

    def _add_reference(self, entry: list[int], seen: dict[int, int]) -> None:
        number, start, end, line = entry
        if number in seen:
            raise InputError(
                f"{where(self.path, line)}: reference number {number} is printed twice (first on line {seen[number]})"
            )
        seen[number] = line
        self.references.append(PrintedReference(number, start, end, self.text[start:end], line))


def _pointer(text: str, digits: list[tuple[int, int, int]], number: int, start: int, end: int) -> Pointer:
    """The pointer of a marker to printed number ``number``: its digits, or the printed range it lies in.

    Args:
        text: The report text.
        digits: The marker's digit runs: (value, start, end) in the report text.
        number: A cited number (the marker's ranges expanded).
        start: The marker's start.
        end: The marker's end.
    """
    for value, first, last in digits:
        if value == number:
            return Pointer(str(number), first, last, text[first:last])
    for (low, first, low_end), (high, high_start, last) in itertools.pairwise(digits):
        if low < number < high and _DASHED.fullmatch(text[low_end:high_start]):
            return Pointer(str(number), first, last, text[first:last], expanded=True)
    return Pointer(str(number), start, end, text[start:end], expanded=True)
