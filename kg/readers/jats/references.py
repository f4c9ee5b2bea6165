"""References: every ``<ref>`` of the reference lists, read into a cited :class:`~kg.records.Work`.

The printed text of a ``mixed-citation`` (or ``citation``) is its text as a reader sees it: the
XML's own text and punctuation verbatim, white space collapsed, and one space between adjacent
fields the XML runs together (``<surname>Rich</surname><given-names>KM</given-names>`` reads
"Rich KM"; an ``element-citation`` holds no punctuation at all). A ``<ref>`` holding several
printed citations is one entry whose text is all of them.

Identifiers come from what the XML marks (``pub-id`` and ``object-id``, a DOI inside an
``ext-link``, ``uri`` or ``comment``, a PubMed link's digits) in any of the ref's citations,
structured fields first; failing that, from a DOI or an explicit "PMID: n" in the printed text.
No bare number is ever guessed to be a PMID. A resolver prefix (``https://doi.org/``) is
dropped; the DOI is kept as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

from kg.readers.jats.blocks import Block, assemble
from kg.readers.jats.fields import XLINK_HREF, collapse, doi_in, doi_of, line_of, person, pmcid, pmid, text_of, year_of
from kg.readers.jats.notes import Notes
from kg.records import Person, Work

__all__ = ["CITATION_TAGS", "RefEntry", "read_references"]

#: Elements that hold one reference's citation.
CITATION_TAGS = ("element-citation", "mixed-citation", "citation", "nlm-citation")
#: Children that make a citation structured (anything else is free text).
_FIELDS = frozenset(
    {
        "person-group", "name", "string-name", "collab", "article-title", "chapter-title", "source",
        "year", "volume", "issue", "fpage", "lpage", "page-range", "elocation-id", "pub-id",
        "publisher-name", "edition", "etal", "date", "part-title", "trans-title", "data-title",
    }
)  # fmt: skip
_KINDS = {
    "journal": "journal-article",
    "book": "book",
    "confproc": "conference-paper",
    "conference": "conference-paper",
    "conf-proc": "conference-paper",
    "report": "report",
    "thesis": "thesis",
    "web": "web",
    "webpage": "web",
    "website": "web",
}
_LEFT_OUT = frozenset({"inline-formula", "tex-math", "{http://www.w3.org/1998/Math/MathML}math", "label"})
_PUBMED = re.compile(r"(?:pubmed|ncbi\.nlm\.nih\.gov/pubmed)/?(?:\?term=)?(\d+)\b", re.IGNORECASE)
_PAREN_YEAR = re.compile(r"\((\d{4})[a-z]?\)")
_SEMI_YEAR = re.compile(r"(?<!\d)(\d{4})[a-z]?\s*;")
_PMID_TEXT = re.compile(r"\bPMID:?\s*(\d+)\b")


@dataclass
class RefEntry:
    """One ``<ref>``: its id, printed label, list position, work and printed text as a block."""

    id: str
    sequence: str
    label: str | None
    work: Work
    block: Block
    line: int | None
    free_text: bool
    element: etree._Element


def read_references(article: etree._Element, notes: Notes) -> tuple[str | None, list[RefEntry]]:
    """Read every reference of an article's reference lists, nested lists and sub-articles' included.

    Args:
        article: The ``<article>`` element.
        notes: Where free-text references are noted.

    Returns:
        The first list's title (None when it has none) and the references in document order.
    """
    lists = list(article.iter("ref-list"))
    title = next((t for t in (text_of(r.find("title")) for r in lists) if t), None)
    refs = [r for r in article.iter("ref") if _in_ref_list(r)]
    entries = [_entry(ref, position, notes) for position, ref in enumerate(refs, start=1)]
    return title, entries


def _in_ref_list(ref: etree._Element) -> bool:
    parent = ref.getparent()
    return parent is not None and parent.tag == "ref-list"


def _entry(ref: etree._Element, position: int, notes: Notes) -> RefEntry:
    label = text_of(ref.find("label"))
    sequence = label.strip("[]().: ") if label else ""
    citations = _citations(ref)
    fields = next((c for c in citations if _structured(c)), None)
    direct = [c for c in ref if c.tag in ("mixed-citation", "citation")]
    printed = next((c for c in citations if c.tag in ("mixed-citation", "citation")), None)
    printed = printed if printed is not None else (fields if fields is not None else (citations or [ref])[0])
    if len(direct) > 1:
        printed = ref  # one entry printed as several citations: all of them are its text
    block = assemble(printed, "reference", _left_out, spaced=True)
    source = fields if fields is not None else printed
    free_text = fields is None
    ref_id = ref.get("id") or f"ref-{position}"
    ordered = [c for c in (source, *citations) if c is not None]
    ids = _identifiers(list(dict.fromkeys(ordered)) or [ref], block.text)
    if len(ids.dois) > 1:
        others = ", ".join(ids.dois[1:])
        message = f"reference {ref_id} holds several DOIs: {ids.dois[0]} and {others} (all kept on its work)"
        notes.add("extra-identifier", message, ref)
    work = _work(source, block.text, free_text, ids)
    if not block.text:
        notes.add("empty-reference", f"reference {ref_id} prints no text", ref)
    elif free_text:
        notes.add("free-text-reference", f"reference {ref_id} has no structured fields; read from its text", ref)
    return RefEntry(ref_id, sequence or str(position), label, work, block, line_of(ref), free_text, ref)


def _left_out(element: etree._Element) -> bool:
    return element.tag in _LEFT_OUT


def _citations(ref: etree._Element) -> list[etree._Element]:
    found: list[etree._Element] = []
    for child in ref:
        if child.tag in CITATION_TAGS:
            found.append(child)
        elif child.tag == "citation-alternatives":
            found.extend(c for c in child if c.tag in CITATION_TAGS)
    return found


def _structured(citation: etree._Element) -> bool:
    return any(child.tag in _FIELDS for child in citation)


def _kind(citation: etree._Element) -> str:
    given = (citation.get("publication-type") or citation.get("citation-type") or "").strip().lower()
    kind = _KINDS.get(given, "other")
    if kind == "book" and citation.find(".//chapter-title") is not None:
        return "chapter"
    return kind


def _work(citation: etree._Element, printed: str, free_text: bool, ids: _Ids) -> Work:
    doi = ids.dois[0] if ids.dois else None
    other_dois = tuple(ids.dois[1:])
    if free_text:
        year_match = _PAREN_YEAR.search(printed) or _SEMI_YEAR.search(printed)
        return Work(
            year=int(year_match.group(1)) if year_match else None,
            doi=doi,
            other_dois=other_dois,
            pmid=ids.pmid,
            pmcid=ids.pmcid,
            kind=_kind(citation),
        )
    kind = _kind(citation)
    authors, et_al = _authors(citation)
    source = text_of(citation.find("source"))
    title = text_of(citation.find("article-title")) or text_of(citation.find("chapter-title"))
    if title is None and kind == "book":
        title = source
    return Work(
        title=title,
        authors=authors,
        et_al=et_al,
        year=year_of(citation.findtext("year")),
        journal=source if kind == "journal-article" else None,
        volume=text_of(citation.find("volume")),
        issue=text_of(citation.find("issue")),
        pages=_pages(citation),
        article_number=text_of(citation.find("elocation-id")),
        doi=doi,
        other_dois=other_dois,
        pmid=ids.pmid,
        pmcid=ids.pmcid,
        kind=kind,
    )


def _authors(citation: etree._Element) -> tuple[tuple[Person, ...], bool]:
    groups = [g for g in citation.findall("person-group") if g.get("person-group-type") in (None, "author")]
    holders = groups if groups else ([] if citation.find("person-group") is not None else [citation])
    people: list[Person] = []
    et_al = False
    for holder in holders:
        for child in holder:
            if child.tag in ("name", "string-name", "collab", "name-alternatives"):
                found = person(child)
                if found is not None:
                    people.append(found)
            elif child.tag == "etal":
                et_al = True
    if citation.find("etal") is not None:
        et_al = True
    return tuple(people), et_al


def _pages(citation: etree._Element) -> str | None:
    first = text_of(citation.find("fpage"))
    last = text_of(citation.find("lpage"))
    if first and last and last != first:
        return f"{first}-{last}"
    if first:
        return first
    return text_of(citation.find("page-range"))


@dataclass
class _Ids:
    """The identifiers a reference's markup holds: its DOIs in order, its first PMID and PMCID."""

    dois: list[str] = field(default_factory=list)
    pmid: str | None = None
    pmcid: str | None = None

    def add_doi(self, doi: str | None) -> None:
        if doi and doi.lower() not in {d.lower() for d in self.dois}:
            self.dois.append(doi)


def _identifiers(citations: list[etree._Element], printed: str) -> _Ids:
    """The identifiers of a ref's citations (the first given first), else of its printed text."""
    ids = _Ids()
    for citation in citations:
        for element in citation.iter("pub-id", "object-id"):
            kind = (element.get("pub-id-type") or "").lower()
            value = text_of(element)
            if kind == "doi":
                ids.add_doi(doi_of(value))
            elif kind in ("pmid", "pubmed") and ids.pmid is None:
                ids.pmid = pmid(value)
            elif kind in ("pmcid", "pmc") and ids.pmcid is None:
                ids.pmcid = pmcid(value)
        for element in citation.iter("ext-link", "comment", "uri"):
            href = element.get(XLINK_HREF) or ""
            texts = [href, *(collapse(t) for t in cast("Iterator[str]", element.itertext()))]
            for found in dict.fromkeys(d for d in map(doi_in, texts) if d):
                ids.add_doi(found)
            if ids.pmid is None:
                link = _PUBMED.search(href)
                if link is not None:
                    ids.pmid = link.group(1)
                elif (element.get("ext-link-type") or "").lower() == "pubmed":
                    ids.pmid = pmid(text_of(element))
    if not ids.dois:
        ids.add_doi(doi_in(printed))
    if ids.pmid is None:
        stated = _PMID_TEXT.search(printed)
        ids.pmid = stated.group(1) if stated else None
    return ids
