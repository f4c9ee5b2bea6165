"""Notes: what the JATS reader could not use or had to guess, collected while it reads.

Each note names the element it is about by its line and by XPath (PMC files are often one
long line, so the XPath is what finds it); a note summing up elements left out names the
first of them.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from kg.readers.jats.fields import line_of
from kg.records import Note

__all__ = ["Notes"]


class Notes:
    """Notes in the order they were made; elements left out are counted and noted once each."""

    def __init__(self, tree: etree._ElementTree) -> None:
        """Collect notes about elements of ``tree`` (their XPaths are taken in it)."""
        self._tree = tree
        self._notes: list[Note] = []
        self._skipped: Counter[str] = Counter()
        self._first: dict[str, etree._Element] = {}

    def add(self, kind: str, message: str, element: etree._Element) -> None:
        """Note something about the article, at the element it is about."""
        self._notes.append(Note(kind, message, line_of(element), self._tree.getpath(element)))

    def skip(self, name: str, element: etree._Element, why: str = "") -> None:
        """Count an element left out of the text (noted once per element name, with its count).

        Args:
            name: The element's name as the note prints it.
            element: The element; the note names the first one of each name.
            why: Why such elements are left out, if not plain.
        """
        key = f"<{name}>" + (f" ({why})" if why else "")
        self._skipped[key] += 1
        self._first.setdefault(key, element)

    def collect(self) -> tuple[Note, ...]:
        """All notes: those made, then one per kind of element left out."""
        skipped = [
            Note(
                "skipped",
                f"left out {count} {key} element{'s' if count > 1 else ''}",
                line_of(self._first[key]),
                self._tree.getpath(self._first[key]),
            )
            for key, count in self._skipped.items()
        ]
        return (*self._notes, *skipped)
