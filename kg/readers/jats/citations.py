"""Citations: group a block's bibliographic xrefs into in-text citations and expand ranges.

Consecutive xrefs with only separators between them (white space, commas, semicolons,
dashes, brackets) are one citation, whose span takes in the brackets that open and close it;
xrefs in two cells of a table row are never one.
A dash between two xrefs, as text or as an xref holding only a dash, is a range over the
reference-list order; a single xref printing a list or range ("4-6", "6,9,11") is expanded
through the references' labels. Numbers that are years no label names ("2003", "2001, 2004")
are an author–year citation's and are neither expanded nor checked against labels. An xref
that prints no text makes no pointer (it is noted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from kg.readers.jats.blocks import Block, XrefMark
from kg.readers.jats.fields import line_of
from kg.readers.jats.notes import Notes
from kg.readers.jats.tables import cell_of

__all__ = ["CitationDraft", "PointerDraft", "RefIndex", "read_citations"]

DASHES = "-–—‒−"
_DASH = re.escape(DASHES)
_SEPARATORS = re.compile(rf"[\s,;\[\](){_DASH}]*")
_OPENING = "[("
_CLOSING = "])"
_NUMBER_LIST = re.compile(rf"\d+\s*(?:[{_DASH}]\s*\d+\s*)?(?:[,;]\s*\d+\s*(?:[{_DASH}]\s*\d+\s*)?)*")


@dataclass(frozen=True)
class PointerDraft:
    """A pointer in block offsets."""

    reference: str
    start: int
    end: int
    expanded: bool = False


@dataclass(frozen=True)
class CitationDraft:
    """A citation in block offsets."""

    start: int
    end: int
    pointers: tuple[PointerDraft, ...]
    line: int | None


class RefIndex:
    """The reference list as citations need it: order, printed sequence, label → id."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        """Index ``(id, sequence)`` pairs in list order."""
        self.ids = [ref_id for ref_id, _ in entries]
        self.position = {ref_id: at for at, ref_id in reversed(list(enumerate(self.ids)))}
        self.sequence = dict(entries)
        self.by_label: dict[str, str] = {}
        for ref_id, sequence in entries:
            self.by_label.setdefault(sequence, ref_id)
        self.cited: set[str] = set()


def read_citations(block: Block, refs: RefIndex, notes: Notes) -> list[CitationDraft]:
    """The citations of one block, in order (a group whose rids all dangle gives none).

    Args:
        block: The block with its xrefs marked.
        refs: The article's references.
        notes: Where dangling rids, ranges and expansions are noted.

    Returns:
        Citations in block offsets.
    """
    citations: list[CitationDraft] = []
    for mark in block.xrefs:
        if mark.start == mark.end:
            named = ", ".join(repr(rid) for rid in mark.rids) or "no reference"
            notes.add("empty-xref", f"xref to {named} prints no text; no pointer made", mark.element)
    for group in _groups(block):
        start, end = _bracketed(block.text, group[0].start, group[-1].end)
        pointers = _pointers(block, group, refs, notes)
        if pointers:
            refs.cited.update(p.reference for p in pointers)
            citations.append(CitationDraft(start, end, tuple(pointers), line_of(group[0].element)))
    return citations


def protected_spans(citations: list[CitationDraft]) -> list[tuple[int, int]]:
    """The spans a sentence boundary must not cut."""
    return [(c.start, c.end) for c in citations if c.end > c.start]


def _groups(block: Block) -> list[list[XrefMark]]:
    groups: list[list[XrefMark]] = []
    cells: list[etree._Element | None] = []
    for mark in sorted((m for m in block.xrefs if m.end > m.start), key=lambda m: (m.start, m.end)):
        cell = cell_of(mark.element)
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and cells[-1] is cell
            and _SEPARATORS.fullmatch(block.text, last.end, max(mark.start, last.end))
        ):
            groups[-1].append(mark)
        else:
            groups.append([mark])
            cells.append(cell)
    return groups


def _bracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a citation's span over the brackets immediately around it, keeping them balanced."""
    while start > 0 and text[start - 1] in _OPENING:
        start -= 1
    depth = sum(text[start:end].count(c) for c in _OPENING) - sum(text[start:end].count(c) for c in _CLOSING)
    while depth > 0 and end < len(text) and text[end] in _CLOSING:
        end += 1
        depth -= 1
    while depth > 0 and text[start] in _OPENING:
        start += 1
        depth -= 1
    return start, end


def _bare(text: str) -> str:
    return text.strip(" []()")


def _is_dash(block: Block, mark: XrefMark) -> bool:
    bare = _bare(block.text[mark.start : mark.end])
    return bool(bare) and all(c in DASHES for c in bare)


def _pointers(block: Block, group: list[XrefMark], refs: RefIndex, notes: Notes) -> list[PointerDraft]:
    items = [m for m in group if not _is_dash(block, m)]
    dashes = [m for m in group if _is_dash(block, m)]
    named = {rid for m in group for rid in m.rids}
    pointers: list[PointerDraft] = []
    for at, item in enumerate(items):
        pointers.extend(_item_pointers(block, item, refs, notes))
        if at + 1 == len(items):
            break
        following = items[at + 1]
        between = block.text[item.end : following.start]
        if any(c in DASHES for c in between) and not any(c in ",;" for c in between):
            inner = [m for m in dashes if item.end <= m.start < following.start]
            pointers.extend(_range(block, item, following, inner, named, refs, notes))
    for dash in dashes:
        for rid in dash.rids:
            if rid not in refs.position:
                notes.add("dangling-rid", f"xref rid {rid!r} names no reference", dash.element)
    return pointers


def _valid(mark: XrefMark, refs: RefIndex) -> list[str]:
    return [rid for rid in mark.rids if rid in refs.position]


def _item_pointers(block: Block, mark: XrefMark, refs: RefIndex, notes: Notes) -> list[PointerDraft]:
    if not mark.rids:
        notes.add("dangling-rid", "bibliographic xref without a rid", mark.element)
    for rid in mark.rids:
        if rid not in refs.position:
            notes.add("dangling-rid", f"xref rid {rid!r} names no reference", mark.element)
    valid = _valid(mark, refs)
    printed = _bare(block.text[mark.start : mark.end])
    if _years(printed, refs):
        return [PointerDraft(rid, mark.start, mark.end) for rid in valid]
    if len(valid) == 1 and _NUMBER_LIST.fullmatch(printed) and re.search(rf"[,;{_DASH}]", printed):
        return _by_label(mark, printed, valid[0], refs, notes)
    if len(valid) == 1 and printed.isdigit() and refs.sequence[valid[0]].isdigit():
        label = refs.sequence[valid[0]]
        if int(label) != int(printed):
            notes.add(
                "rid-label-disagreement",
                f"xref printed {printed!r} points to reference {valid[0]!r} labelled {label!r}",
                mark.element,
            )
    return [PointerDraft(rid, mark.start, mark.end) for rid in valid]


def _years(printed: str, refs: RefIndex) -> bool:
    """Whether an xref's numbers are years of an author–year citation ("2003", "2001, 2004"), not labels."""
    numbers = re.findall(r"\d+", printed)
    return bool(numbers) and all(len(n) == 4 and 1500 <= int(n) <= 2199 and n not in refs.by_label for n in numbers)


def _by_label(mark: XrefMark, printed: str, rid: str, refs: RefIndex, notes: Notes) -> list[PointerDraft]:
    labels: list[str] = []
    for part in re.split(r"[,;]", printed):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        if len(ends) == 2 and ends[1] < ends[0]:
            notes.add(
                "backward-range", f"xref printed {printed!r}: range {part.strip()!r} runs backwards", mark.element
            )
            ends = ends[:1]
        labels.extend(str(n) for n in range(ends[0], ends[-1] + 1))
    found = [(label, refs.by_label.get(label)) for label in labels]
    missing = [label for label, ref_id in found if ref_id is None]
    message = f"xref printed {printed!r} with one rid {rid!r}: expanded by label"
    notes.add(
        "expanded-by-label",
        message + (f"; no reference labelled {', '.join(missing)}" if missing else ""),
        mark.element,
    )
    pointers = [PointerDraft(rid, mark.start, mark.end)] if rid not in {r for _, r in found} else []
    if pointers:
        notes.add(
            "rid-label-disagreement", f"xref printed {printed!r} points to {rid!r}, not among its labels", mark.element
        )
    seen: set[str] = {rid} if pointers else set()
    for _, ref_id in found:
        if ref_id is not None and ref_id not in seen:
            seen.add(ref_id)
            pointers.append(PointerDraft(ref_id, mark.start, mark.end, expanded=ref_id != rid))
    return pointers


def _range(
    block: Block,
    first: XrefMark,
    last: XrefMark,
    inner: list[XrefMark],
    named: set[str],
    refs: RefIndex,
    notes: Notes,
) -> list[PointerDraft]:
    """The references strictly between two xrefs joined by a dash, in list order."""
    low, high = _valid(first, refs), _valid(last, refs)
    if not low or not high:
        return []
    start, end = refs.position[low[-1]], refs.position[high[0]]
    text = block.text[first.start : last.end]
    if end < start:
        notes.add("backward-range", f"range {text!r} runs backwards in the reference list; not expanded", first.element)
        return []
    between = refs.ids[start + 1 : end]
    sequences = [refs.sequence[low[-1]], *(refs.sequence[r] for r in between), refs.sequence[high[0]]]
    if all(s.isdecimal() for s in sequences) and [int(s) for s in sequences] != list(
        range(int(sequences[0]), int(sequences[0]) + len(sequences))
    ):
        notes.add(
            "cross-label-range", f"range {text!r}: labels {', '.join(sequences)} are not consecutive", first.element
        )
    explicit = {rid: m for m in inner for rid in m.rids}
    pointers: list[PointerDraft] = []
    for ref_id in between:
        if ref_id in explicit:
            mark = explicit[ref_id]
            pointers.append(PointerDraft(ref_id, mark.start, mark.end))
        elif ref_id not in named:
            pointers.append(PointerDraft(ref_id, first.start, last.end, expanded=True))
    return pointers
