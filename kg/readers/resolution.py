"""Match the printed reference list to BibTeX entries and check every marker against it.

A printed entry matches a BibTeX entry when the first author's family name, the year and
the title agree (title agreement: at least :data:`TITLE_THRESHOLD` of the BibTeX title's
words appear in the printed entry). File order plays no part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ResolutionError, where
from kg.readers.markdown_records import BibEntry, PrintedReference, Report

__all__ = ["TITLE_THRESHOLD", "Resolution", "resolve", "title_score", "unprinted_citation"]

#: Share of the BibTeX title's words that must appear in the printed entry.
TITLE_THRESHOLD = 0.8
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d{2}|20\d{2})(?!\d)")
_INITIALS = re.compile(r"\s+(?:[A-Z][A-Za-z]?\.?-?)+$")


@dataclass(frozen=True)
class Resolution:
    """Which BibTeX entry each printed reference number stands for."""

    entries: dict[int, BibEntry]

    def entry(self, number: int) -> BibEntry:
        """The BibTeX entry behind printed reference ``number``."""
        return self.entries[number]


def resolve(report: Report, bibliography: Sequence[BibEntry], bib_path: str = "references.bib") -> Resolution:
    """Resolve every printed reference and check every citation marker.

    Args:
        report: The report, with its printed reference list.
        bibliography: The BibTeX entries.
        bib_path: How to name the bibliography in error messages.

    Returns:
        The mapping from printed reference number to BibTeX entry.

    Raises:
        ResolutionError: A marker cites a number that is not printed; a printed entry
            matches no BibTeX entry, or more than one; two printed entries match the same
            BibTeX entry; or a BibTeX entry matches no printed entry. The message names
            both sides.
    """
    printed = {ref.number: ref for ref in report.references}
    list_line = report.sections[report.reference_section].line if report.reference_section is not None else None
    for citation in report.citations:
        for cited in map(int, citation.references):
            if cited not in printed:
                line = citation.line or 0
                raise unprinted_citation(report.path, line, citation.text, cited, sorted(printed), list_line)
    entries: dict[int, BibEntry] = {}
    taken: dict[str, int] = {}
    years = [str(e.year) for e in bibliography]  # a match needs its year printed: a cheap test first
    for ref in report.references:
        printed_years = set(_YEAR.findall(ref.text))
        matches = [e for e, year in zip(bibliography, years, strict=True) if year in printed_years and _matches(ref, e)]
        if not matches:
            raise ResolutionError(
                f"{where(report.path, ref.line)}: printed reference {ref.number} matches no entry of {bib_path}"
                f"{_closest(ref, bibliography, bib_path)}"
            )
        if len(matches) > 1:
            keys = ", ".join(f"'{e.key}' ({where(bib_path, e.line)})" for e in matches)
            raise ResolutionError(
                f"{where(report.path, ref.line)}: printed reference {ref.number} matches more than one entry: {keys}"
            )
        entry = matches[0]
        if entry.key in taken:
            raise ResolutionError(
                f"{where(bib_path, entry.line)}: entry '{entry.key}' matches printed references "
                f"{taken[entry.key]} and {ref.number} ({where(report.path, ref.line)})"
            )
        taken[entry.key] = ref.number
        entries[ref.number] = entry
    for entry in bibliography:
        if entry.key not in taken:
            raise ResolutionError(
                f"{where(bib_path, entry.line)}: entry '{entry.key}' matches no printed reference in "
                f"{where(report.path, list_line)}"
            )
    return Resolution(entries)


def unprinted_citation(
    path: str | Path, line: int, marker: str, number: int, printed: Sequence[int], list_line: int | None
) -> ResolutionError:
    """The error for a marker that cites a number the reference list does not print.

    Args:
        path: The report.
        line: The marker's line.
        marker: The marker as printed.
        number: The first cited number that is not printed.
        printed: The printed numbers, sorted.
        list_line: The line of the reference list heading, if there is a list.

    Returns:
        An error naming the marker's place and the reference list's place and entries.
    """
    have = (
        f"entries {_ranges(list(printed))}" if len(printed) > 1 else f"entry {printed[0]}" if printed else "no entries"
    )
    return ResolutionError(
        f"{where(path, line)}: citation marker {marker} cites reference {number}, "
        f"but the reference list ({where(path, list_line)}) has {have}"
    )


def title_score(title: str, printed: str) -> float:
    """Share of the words of ``title`` that occur in ``printed`` (accents and case ignored)."""
    words = _words(title)
    if not words:
        return 0.0
    have = set(_words(printed))
    return sum(w in have for w in words) / len(words)


def first_author(printed: str) -> str:
    """The first author's family name of a printed entry such as "Hsu KC, Li TY, ... (2012) ..."."""
    head = re.split(r"[,(]|\bet al\b", printed, maxsplit=1)[0].strip()
    return _INITIALS.sub("", head).strip() or head


def _matches(ref: PrintedReference, entry: BibEntry) -> bool:
    author = _fold(first_author(ref.text))
    family = _fold(entry.authors[0].family) if entry.authors else ""
    return (
        bool(family)
        and (author == family or family in author.split() or author.endswith(family))
        and str(entry.year) in _YEAR.findall(ref.text)
        and title_score(entry.title, ref.text) >= TITLE_THRESHOLD
    )


def _closest(ref: PrintedReference, bibliography: Sequence[BibEntry], bib_path: str) -> str:
    if not bibliography:
        return ""
    best = max(bibliography, key=lambda e: title_score(e.title, ref.text))
    reasons = []
    if _fold(best.authors[0].family) not in _fold(first_author(ref.text)):
        reasons.append(f"first author '{best.authors[0].family}' vs '{first_author(ref.text)}'")
    if str(best.year) not in _YEAR.findall(ref.text):
        reasons.append(f"year {best.year}")
    score = title_score(best.title, ref.text)
    if score < TITLE_THRESHOLD:
        reasons.append(f"title similarity {score:.2f}")
    why = "; ".join(reasons) or "no single match"
    return f" (closest: '{best.key}' at {where(bib_path, best.line)}, differs in {why})"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if c.isalnum() or c.isspace()).split())


def _words(text: str) -> list[str]:
    return _fold(re.sub(r"[-–—/]", " ", text)).split()


def _ranges(numbers: list[int]) -> str:
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers))
