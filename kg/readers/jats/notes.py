"""Notes: what the JATS reader could not use or had to guess, collected while it reads."""

from __future__ import annotations

from collections import Counter

from kg.records import Note

__all__ = ["Notes"]


class Notes:
    """Notes in the order they were made; elements left out are counted and noted once each."""

    def __init__(self) -> None:
        self._notes: list[Note] = []
        self._skipped: Counter[str] = Counter()
        self._first_line: dict[str, int | None] = {}

    def add(self, kind: str, message: str, line: int | None = None) -> None:
        """Note something about the article."""
        self._notes.append(Note(kind, message, line))

    def skip(self, element: str, line: int | None, why: str = "") -> None:
        """Count an element left out of the text (noted once per element name, with its count)."""
        key = f"<{element}>" + (f" ({why})" if why else "")
        self._skipped[key] += 1
        self._first_line.setdefault(key, line)

    def collect(self) -> tuple[Note, ...]:
        """All notes: those made, then one per kind of element left out."""
        skipped = [
            Note("skipped", f"left out {count} {key} element{'s' if count > 1 else ''}", self._first_line[key])
            for key, count in self._skipped.items()
        ]
        return (*self._notes, *skipped)
