"""Bibliographic records: a person's name and a work (the article itself or one it cites)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.identifiers import bare_doi

__all__ = ["WORK_KINDS", "Person", "Work", "bare_doi", "split_pages"]


@dataclass(frozen=True)
class Person:
    """A person's name split into family and given parts (a collaboration is a family name alone)."""

    family: str
    given: str = ""

    @property
    def display(self) -> str:
        """The name as "Given Family" (or the family name alone)."""
        return f"{self.given} {self.family}".strip()


#: Kinds of work a reader may give; the builder maps each to a FaBiO class.
WORK_KINDS = frozenset({"journal-article", "book", "chapter", "conference-paper", "report", "thesis", "web", "other"})


@dataclass(frozen=True)
class Work:
    """A bibliographic work: the article itself or one it cites. Unknown fields are None.

    ``other_dois`` holds further DOIs the source gives the same entry (a conflict a reader notes).
    ``key`` is a stable key the work's IRI may be derived from (a BibTeX key); without one the
    builder scopes the cited work by the reference that cites it. ``pages`` is as printed
    (``"16-20"``, ``"E1148"``); ``et_al`` is true when the printed author list is cut short.
    """

    title: str | None = None
    authors: tuple[Person, ...] = ()
    et_al: bool = False
    year: int | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    doi: str | None = None
    other_dois: tuple[str, ...] = ()
    pmid: str | None = None
    pmcid: str | None = None
    kind: str = "journal-article"
    key: str | None = None
    note: str | None = None

    @property
    def page_range(self) -> tuple[str | None, str | None]:
        """The starting and ending page (see :func:`split_pages`)."""
        return split_pages(self.pages)


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """Split a page range such as ``910–914`` or ``E1148`` into its first and last page.

    Args:
        pages: The pages as given, with a hyphen or dash between first and last.

    Returns:
        ``(first, last)``; ``last`` is None for a single page, both None for no pages.
    """
    if not pages:
        return None, None
    parts = [p.strip() for p in pages.replace("—", "-").replace("–", "-").split("-") if p.strip()]
    if not parts:
        return None, None
    if len(parts) == 1:
        return parts[0], None
    return parts[0], parts[-1]
