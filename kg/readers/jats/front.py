"""Front matter: the article's own metadata (title, authors, dates, journal, ids, license)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kg.readers.jats.fields import XLINK_HREF, doi_of, full_date, person, pmcid, pmid, text_of, year_of
from kg.records import Person, Work

__all__ = ["Front", "article_id", "read_front"]

#: ``pub-date`` types in order of preference.
_PUB_TYPES = ("epub", "ppub", "pub", "collection")


@dataclass(frozen=True)
class Front:
    """What the front matter gives: the article as a work, and the article-level fields."""

    meta: Work
    license: str | None
    genre: str | None
    received: str | None
    published: str | None
    publisher_id: str | None = None


def read_front(article: etree._Element) -> Front:
    """Read an article's front matter.

    Args:
        article: The ``<article>`` element.

    Returns:
        Its metadata; fields the XML does not give are None.
    """
    meta = article.find("front/article-meta")
    if meta is None:
        meta = etree.Element("article-meta")
    ids = {(e.get("pub-id-type") or "").lower(): text_of(e) for e in reversed(meta.findall("article-id"))}
    pub_date = _pub_date(meta)
    first, last = text_of(meta.find("fpage")), text_of(meta.find("lpage"))
    work = Work(
        title=text_of(meta.find("title-group/article-title")),
        authors=_authors(meta),
        year=year_of(pub_date.findtext("year")) if pub_date is not None else None,
        journal=text_of(article.find("front/journal-meta//journal-title")),
        volume=text_of(meta.find("volume")),
        issue=text_of(meta.find("issue")),
        pages=(f"{first}-{last}" if last and last != first else first) if first else None,
        article_number=text_of(meta.find("elocation-id")),
        doi=doi_of(ids.get("doi")),
        pmid=pmid(ids.get("pmid")),
        pmcid=pmcid(ids.get("pmc") or ids.get("pmcid")),
        kind="journal-article",
    )
    received = meta.find("history/date[@date-type='received']")
    return Front(
        meta=work,
        license=_license(meta),
        genre=article.get("article-type") or None,
        received=full_date(received) if received is not None else None,
        published=full_date(pub_date) if pub_date is not None else None,
        publisher_id=ids.get("publisher-id"),
    )


def article_id(meta: Work, path: Path, publisher_id: str | None = None) -> str:
    """The article's id: its PMCID, else ``pmid-<n>``, else a slug of its DOI or publisher id, else the file stem."""
    if meta.pmcid:
        return meta.pmcid
    if meta.pmid:
        return f"pmid-{meta.pmid}"
    for given in (meta.doi, publisher_id):
        slugged = re.sub(r"[^a-z0-9]+", "-", (given or "").lower()).strip("-")
        if slugged:
            return slugged
    return path.stem


def _authors(meta: etree._Element) -> tuple[Person, ...]:
    people: list[Person] = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type") != "author":
            continue
        for child in contrib:
            if child.tag in ("name", "string-name", "collab", "name-alternatives"):
                found = person(child)
                if found is not None:
                    people.append(found)
                break
    return tuple(people)


def _pub_date(meta: etree._Element) -> etree._Element | None:
    dates = [d for d in meta.findall("pub-date") if year_of(d.findtext("year")) is not None]
    for wanted in _PUB_TYPES:
        for date in dates:
            if (date.get("pub-type") or date.get("date-type")) == wanted:
                return date
    return dates[0] if dates else None


def _license(meta: etree._Element) -> str | None:
    license_element = meta.find("permissions/license")
    if license_element is None:
        return None
    href = (license_element.get(XLINK_HREF) or "").strip()
    ref = license_element.find("{http://www.niso.org/schemas/ali/1.0/}license_ref")
    return href or (text_of(ref) if ref is not None else None) or text_of(license_element)
