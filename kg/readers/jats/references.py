"""References: every ``<ref>`` of the reference lists, read into a cited :class:`~kg.records.Work`.

The printed text of a ``mixed-citation`` (or ``citation``) is its string value, collapsed; an
``element-citation`` holds no punctuation, so its fields' texts are joined with single spaces.
Identifiers come only from what the XML marks: ``pub-id`` and ``object-id``, a DOI inside an
``ext-link`` or ``comment``, a PubMed link's digits. No number is ever guessed to be a PMID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from lxml import etree

from kg.readers.jats.blocks import Block, assemble
from kg.readers.jats.fields import XLINK_HREF, collapse, doi_in, line_of, person, pmcid, pmid, text_of, year_of
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


def read_references(article: etree._Element, notes: Notes) -> tuple[str | None, list[RefEntry]]:
    """Read every reference of an article's reference lists, nested lists included.

    Args:
        article: The ``<article>`` element.
        notes: Where free-text references are noted.

    Returns:
        The first list's title (None when it has none) and the references in document order.
    """
    lists = [e for e in article.iter("ref-list") if not _in_sub_article(e, article)]
    title = next((t for t in (text_of(r.find("title")) for r in lists) if t), None)
    refs = [r for r in article.iter("ref") if _in_ref_list(r) and not _in_sub_article(r, article)]
    entries = [_entry(ref, position, notes) for position, ref in enumerate(refs, start=1)]
    return title, entries


def _in_ref_list(ref: etree._Element) -> bool:
    parent = ref.getparent()
    return parent is not None and parent.tag == "ref-list"


def _in_sub_article(element: etree._Element, article: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not article:
        if parent.tag in ("sub-article", "response"):
            return True
        parent = parent.getparent()
    return False


def _entry(ref: etree._Element, position: int, notes: Notes) -> RefEntry:
    label = text_of(ref.find("label"))
    sequence = label.strip("[]().: ") if label else ""
    citations = _citations(ref)
    fields = next((c for c in citations if _structured(c)), None)
    printed = next((c for c in citations if c.tag in ("mixed-citation", "citation")), None)
    printed = printed if printed is not None else (fields if fields is not None else (citations or [ref])[0])
    block = assemble(printed, "reference", _left_out, spaced=printed.tag == "element-citation")
    source = fields if fields is not None else printed
    free_text = fields is None
    work = _work(source, block.text, free_text)
    ref_id = ref.get("id") or f"ref-{position}"
    if free_text:
        notes.add(
            "free-text-reference", f"reference {ref_id} has no structured fields; read from its text", line_of(ref)
        )
    return RefEntry(ref_id, sequence or str(position), label, work, block, line_of(ref), free_text)


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


def _work(citation: etree._Element, printed: str, free_text: bool) -> Work:
    doi, pmid_value, pmcid_value = _identifiers(citation)
    if free_text:
        year_match = _PAREN_YEAR.search(printed) or _SEMI_YEAR.search(printed)
        return Work(
            year=int(year_match.group(1)) if year_match else None,
            doi=doi or doi_in(printed),
            pmid=pmid_value,
            pmcid=pmcid_value,
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
        pmid=pmid_value,
        pmcid=pmcid_value,
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


def _identifiers(citation: etree._Element) -> tuple[str | None, str | None, str | None]:
    doi: str | None = None
    pmid_value: str | None = None
    pmcid_value: str | None = None
    for element in citation.iter("pub-id", "object-id"):
        kind = (element.get("pub-id-type") or "").lower()
        value = text_of(element)
        if kind == "doi" and doi is None:
            doi = doi_in(value)
        elif kind in ("pmid", "pubmed") and pmid_value is None:
            pmid_value = pmid(value)
        elif kind in ("pmcid", "pmc") and pmcid_value is None:
            pmcid_value = pmcid(value)
    for element in citation.iter("ext-link", "comment", "uri"):
        href = element.get(XLINK_HREF) or ""
        texts = [href, *(collapse(t) for t in cast("Iterator[str]", element.itertext()))]
        if doi is None:
            doi = next((d for d in map(doi_in, texts) if d), None)
        if pmid_value is None:
            link = _PUBMED.search(href)
            if link is not None:
                pmid_value = link.group(1)
            elif (element.get("ext-link-type") or "").lower() == "pubmed":
                pmid_value = pmid(text_of(element))
    return doi, pmid_value, pmcid_value
