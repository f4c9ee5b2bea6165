"""What identifies a work: the keys it is matched on, and the IRI path each key gives.

A key is a case-folded DOI, a PMID, a PMCID (``PMC`` and its digits), a metadata key (first
author's family name, year and title, each folded by :func:`fold`) or a printed entry (folded).
:func:`iri_path` turns a key into the path under ``<base>work/`` of the work it identifies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from kg.records import Work, bare_doi

__all__ = ["BASES", "IDENTIFIERS", "fold", "fullness", "iri_path", "match_keys"]

#: How a reference was matched to its work, strongest first; ``none`` names an empty entry.
BASES = ("doi", "pmid", "pmcid", "metadata", "text", "none")
#: The kinds of key that are identifiers proper.
IDENTIFIERS = ("doi", "pmid", "pmcid")


def fold(text: str) -> str:
    """``text`` with case, accents, punctuation and runs of white space folded, for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def match_keys(work: Work, text: str) -> dict[str, str]:
    """The keys ``work`` (printed as ``text``) is matched on, by kind; a kind it lacks is left out."""
    keys: dict[str, str] = {}
    doi = bare_doi(work.doi)
    if doi:
        keys["doi"] = doi.casefold()
    if work.pmid and work.pmid.strip().isascii() and work.pmid.strip().isdigit():
        keys["pmid"] = str(int(work.pmid.strip()))
    if work.pmcid and work.pmcid.strip():
        digits = re.sub(r"(?i)^pmc", "", work.pmcid.strip())
        if digits.isascii() and digits.isdigit():
            keys["pmcid"] = f"PMC{int(digits)}"
    family = fold(work.authors[0].family) if work.authors else ""
    title = fold(work.title or "")
    if family and work.year is not None and title:
        keys["metadata"] = f"{family}|{work.year}|{title}"
    printed = fold(text)
    if len(printed) >= 20:
        keys["text"] = printed
    return keys


def fullness(work: Work) -> tuple[int, ...]:
    """How much a description holds: fields known, then authors, then the shorter title first."""
    fields = (work.title, work.year, work.journal, work.volume, work.pages, work.doi, work.pmid, work.pmcid)
    return (sum(1 for f in fields if f), len(work.authors), -len(work.title or ""))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _metadata_path(key: str) -> str:
    family, year, title = key.split("|", 2)
    words = "-".join(title.split()[:3])
    name = re.sub(r"[^a-z0-9-]+", "", f"{family.replace(' ', '-')}-{year}-{words}".encode("ascii", "ignore").decode())
    return f"meta/{name.strip('-') or 'work'}-{_digest(key)}"


def _doi_path(doi: str) -> str:
    return "doi/" + quote(doi, safe="-._~/;:()")


def _text_path(text: str) -> str:
    return f"text/{_digest(text)}"


#: The path under ``<base>work/`` of a work whose IRI comes from a key of each kind.
_PATHS: dict[str, Callable[[str], str]] = {
    "doi": _doi_path,
    "pmid": "pmid/{}".format,
    "pmcid": "pmcid/{}".format,
    "metadata": _metadata_path,
    "text": _text_path,
}


def iri_path(kind: str, value: str) -> str:
    """The path under ``<base>work/`` of the work a key of ``kind`` identifies (``doi/10.1000/x``, ...)."""
    return _PATHS[kind](value)
