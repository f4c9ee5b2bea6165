"""HTML ids for the targets of an evidence page: sections, sentences, claims, reference list entries."""

from __future__ import annotations

__all__ = ["Anchors"]


class Anchors:
    """HTML ids for the page's targets: readable, unique, and the same for the same key."""

    def __init__(self) -> None:
        self._given: dict[str, str] = {}
        self._taken: set[str] = set()

    def get(self, key: str, wanted: str | None = None) -> str:
        """The id of ``key``, the same on every call: ``wanted`` (else ``key``), made safe and unique.

        Characters other than ASCII letters, digits, ``-``, ``_`` and ``.`` become ``-``, and a
        number is added to an id already taken.
        """
        if key not in self._given:
            base = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in (wanted or key))
            base = base.strip("-") or "x"
            anchor, n = base, 1
            while anchor in self._taken:
                n += 1
                anchor = f"{base}-{n}"
            self._given[key] = anchor
            self._taken.add(anchor)
        return self._given[key]
