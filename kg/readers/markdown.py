"""Read a Markdown report and its BibTeX file into a format-neutral :class:`~kg.records.Article`.

The report is parsed by :mod:`kg.readers.report`, its printed reference list is resolved
against the BibTeX entries by :mod:`kg.readers.resolution`, and the result is turned into
the records every reader returns: reference ids are the printed numbers as strings, and each
cited work is the :class:`~kg.records.Work` of its BibTeX entry (keyed by the BibTeX key).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, where
from kg.readers import markdown_records as md
from kg.readers.bibtex import read_bibliography
from kg.readers.report import read_report
from kg.readers.resolution import Resolution, resolve
from kg.records import Article, Caption, Reference, Work, bare_doi

__all__ = ["ENTRY_KINDS", "GENRES", "bibliography_for", "read_markdown", "to_article"]

#: Front matter ``genre`` values a report may declare.
GENRES = frozenset({"case-report", "clinical-case-report"})

#: BibTeX entry types and the kind of work they describe (others are "other").
ENTRY_KINDS = {
    "article": "journal-article",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "conference-paper",
    "conference": "conference-paper",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "web",
}


def bibliography_for(report: Path, bibliography: str | Path | None = None) -> Path:
    """The BibTeX file of a Markdown report: the one given, ``<stem>.bib`` beside it, or ``references.bib``.

    Raises:
        InputError: None of them exists.
    """
    if bibliography is not None:
        return Path(bibliography)
    for candidate in (report.with_suffix(".bib"), report.with_name("references.bib")):
        if candidate.is_file():
            return candidate
    raise InputError(
        f"{where(report)}: no bibliography: pass --bib, or put {report.stem}.bib or references.bib beside the report"
    )


def read_markdown(report: str | Path, bibliography: str | Path | None = None) -> Article:
    """Read a Markdown report and resolve its reference list against a BibTeX file.

    Args:
        report: The Markdown report.
        bibliography: The BibTeX file holding every printed reference (default: see
            :func:`bibliography_for`; looked for once the report has been read).

    Returns:
        The article.

    Raises:
        KGError: A problem in either file or in matching them (see :mod:`kg.errors`).
    """
    parsed = read_report(report)
    bib = bibliography_for(Path(report), bibliography)
    resolution = resolve(parsed, read_bibliography(bib), str(bib))
    return to_article(parsed, resolution)


def to_article(report: md.Report, resolution: Resolution) -> Article:
    """Turn a parsed report and its resolved bibliography into an :class:`Article`.

    Raises:
        InputError: The front matter names a genre kg does not know.
    """
    meta = report.meta
    if meta.genre is not None and meta.genre not in GENRES:
        known = ", ".join(sorted(GENRES))
        raise InputError(f"{where(report.path)}: unknown genre '{meta.genre}' (known: {known})")
    work = Work(
        title=meta.title, authors=meta.authors, year=meta.year, journal=meta.journal, volume=meta.volume,
        issue=meta.issue, pages=meta.pages, article_number=meta.article_number, doi=bare_doi(meta.doi), pmid=meta.pmid,
    )  # fmt: skip
    sections = tuple(s for s in report.sections if s.index != report.reference_section)
    listed = report.sections[report.reference_section] if report.reference_section is not None else None
    return Article(
        id=meta.id,
        path=report.path,
        text=report.text,
        meta=work,
        sections=sections,
        references=tuple(_reference(r, resolution.entry(r.number)) for r in report.references),
        reference_list_title=listed.title if listed else None,
        captions=tuple(Caption("figure", f.label, f.number, f.paragraph.index) for f in report.figures),
        license=meta.license,
        genre=meta.genre,
        received=meta.received,
        published=meta.published,
    )


def _reference(printed: md.PrintedReference, entry: md.BibEntry) -> Reference:
    work = Work(
        title=entry.title, authors=entry.authors, et_al=entry.et_al, year=entry.year, journal=entry.journal,
        volume=entry.volume, issue=entry.number, pages=entry.pages, article_number=entry.eid, doi=bare_doi(entry.doi),
        pmid=entry.pmid, kind=ENTRY_KINDS.get(entry.entry_type, "other"), key=entry.key, note=entry.note,
    )  # fmt: skip
    number = str(printed.number)
    return Reference(
        id=number, sequence=number, text=printed.text, work=work, start=printed.start, end=printed.end,
        label=number, line=printed.line,
    )  # fmt: skip
