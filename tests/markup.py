"""What a JATS file's own markup says about its references, read with lxml alone.

This is the yardstick the JATS reader is measured against, so it shares no code with ``kg``: it
reads the JATS tag library's semantics directly.

* ``<ref>`` elements are the reference list, in document order; a ref's ``<label>`` is its label
  as printed (refs without one are known by their 1-based position).
* Every ``<xref ref-type="bibr">`` anywhere in an article (front matter, body, captions, table
  cells, footnotes, back matter) is an in-text citation; its ``rid`` attribute is an IDREFS list,
  and each id in it is one pointer.
* Ranges: a dash (``-–—‒``) standing alone as text between two bibr xrefs (``[1]–[4]``), or a bibr
  xref whose whole text is a dash, cites every ref that lies between the two in ref-list order.
  A single xref with one rid whose text is itself a list or range of labels (``4-6``,
  ``6,9,11``) cites every ref those labels name.
* Identifiers: DOIs from ``pub-id``/``object-id`` of type ``doi`` and from ``ext-link`` (href or
  text) and ``comment`` text matching ``10.NNNN/...``; PMIDs from ``pub-id``/``object-id`` of type
  ``pmid``; PMCIDs from ``pub-id`` of type ``pmcid`` or ``pmc``.

Files are parsed without DTD loading, entity resolution or network access. DOIs are lower-cased
(DOIs are case-insensitive); PMCIDs carry their ``PMC`` prefix.

Run ``python tests/markup.py FILE...`` to print a file's counts.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

__all__ = [
    "ArticleMarkup",
    "RefMarkup",
    "XrefMarkup",
    "clean_doi",
    "parse_file",
    "read_markup",
]

DASHES = "-–—‒"
DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")
PUBMED_URL = re.compile(r"pubmed(?:\.ncbi\.nlm\.nih\.gov/|/)(\d+)", re.IGNORECASE)
PMID_TEXT = re.compile(r"\bPMID:?\s*(\d+)")
#: The text of one xref that is itself a list or range of labels: ``4-6``, ``[6,9,11]``, ``(2–4, 7)``.
LABEL_LIST = re.compile(rf"^\d+[a-z]?(?:\s*[{DASHES},]\s*\d+[a-z]?)+$")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Elements whose text is one block of running text (a citation's sentence lies within one).
BLOCKS = frozenset({"p", "td", "th", "title", "label", "caption", "def", "term", "attrib", "list-item", "fn"})
SENTENCE_END = re.compile(r".*[.?!]\s", re.DOTALL)


@dataclass(frozen=True)
class RefMarkup:
    """One ``<ref>``: its id, 1-based position, label as printed and the identifiers it holds."""

    id: str
    position: int
    label: str | None
    dois: frozenset[str] = frozenset()
    pmids: frozenset[str] = frozenset()
    pmcids: frozenset[str] = frozenset()

    @property
    def printed(self) -> str:
        """The label readers see: the ``<label>`` without brackets or a final period, else the position."""
        if self.label:
            return _bare_label(self.label)
        return str(self.position)


@dataclass(frozen=True)
class XrefMarkup:
    """One ``<xref ref-type="bibr">``: the refs it names in its ``rid``, its text, and what it expands to.

    ``rids`` are the ids of its ``rid`` attribute that name refs of the article, in order;
    ``expanded`` the refs it reaches only through a range or a label list (not in ``rids``);
    ``before`` up to three words that precede it in its block and its sentence (cut at the last
    ". ", "? " or "! "), white space collapsed: ``"genotypes [1-"`` for the 9 of ``genotypes [1-9]``.
    """

    rids: tuple[str, ...]
    text: str
    expanded: tuple[str, ...] = ()
    before: str = ""


@dataclass(frozen=True)
class ArticleMarkup:
    """One ``<article>``: its refs, its bibr xrefs, pointer counts and the identifiers it holds."""

    refs: tuple[RefMarkup, ...]
    xrefs: tuple[XrefMarkup, ...]
    own_dois: frozenset[str] = frozenset()
    own_pmids: frozenset[str] = frozenset()
    own_pmcids: frozenset[str] = frozenset()
    #: Every DOI and PMID anywhere in the article's reference list, however marked up.
    listed_dois: frozenset[str] = frozenset()
    listed_pmids: frozenset[str] = frozenset()
    #: rid values of bibr xrefs that name no ``<ref>`` of the article.
    dangling: tuple[str, ...] = field(default=())

    @property
    def ref_ids(self) -> tuple[str, ...]:
        """The ref ids in document order."""
        return tuple(r.id for r in self.refs)

    def ref(self, ref_id: str) -> RefMarkup:
        """The ref with id ``ref_id``."""
        for ref in self.refs:
            if ref.id == ref_id:
                return ref
        raise KeyError(ref_id)

    @property
    def pointers(self) -> Counter[str]:
        """Per ref id, the number of in-text pointers the markup implies (0 for uncited refs)."""
        counts: Counter[str] = Counter(dict.fromkeys(self.ref_ids, 0))
        for xref in self.xrefs:
            counts.update(xref.rids)
            counts.update(xref.expanded)
        return counts

    @property
    def dois(self) -> frozenset[str]:
        """Every DOI the article's markup holds: its own and its reference list's."""
        return self.own_dois | self.listed_dois

    @property
    def pmids(self) -> frozenset[str]:
        """Every PMID the article's markup holds: its own and its reference list's."""
        return self.own_pmids | self.listed_pmids


def clean_doi(text: str) -> str | None:
    """The first DOI in ``text`` (a bare DOI, ``doi:`` prefix or resolver URL), lower-cased.

    Args:
        text: Text or an href that may hold a DOI.

    Returns:
        The DOI without trailing ``.,;)``, or None when ``text`` holds none.
    """
    found = DOI_PATTERN.search(text)
    if found is None:
        return None
    return found.group(0).rstrip(".,;)").lower()


def parse_file(path: Path) -> etree._ElementTree:
    """Parse ``path`` safely: no DTD, no entity expansion, no network.

    Args:
        path: A JATS XML file.

    Returns:
        The parsed document.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.parse(str(path), parser)


def read_markup(path: Path) -> tuple[ArticleMarkup, ...]:
    """Read every ``<article>`` of a JATS file (one, or several under an ``<articles>`` wrapper).

    Args:
        path: A JATS XML file.

    Returns:
        One :class:`ArticleMarkup` per outermost ``<article>`` element, in document order.
    """
    root = parse_file(path).getroot()
    return tuple(_article(article) for article in _articles(root))


def _local(element: etree._Element) -> str:
    """The element's tag without a namespace ('' for comments and processing instructions)."""
    if not isinstance(element.tag, str):
        return ""
    return etree.QName(element).localname


def _text(element: etree._Element) -> str:
    """The element's string value with white space collapsed."""
    return " ".join("".join(str(piece) for piece in element.itertext()).split())


def _articles(root: etree._Element) -> list[etree._Element]:
    if _local(root) == "article":
        return [root]
    return [
        e for e in root.iter() if _local(e) == "article" and not any(_local(a) == "article" for a in e.iterancestors())
    ]


def _own(article: etree._Element) -> list[etree._Element]:
    """The article's elements in document order, without those of an ``<article>`` nested inside it."""
    found: list[etree._Element] = []
    stack = [article]
    while stack:
        element = stack.pop()
        found.append(element)
        stack.extend(reversed([c for c in element if _local(c) and _local(c) != "article"]))
    return found


def _bare_label(label: str) -> str:
    return " ".join(label.split()).strip("[]().").strip()


def _words_before(xref: etree._Element) -> str:
    """Up to three words before ``xref`` in its block and sentence (see :class:`XrefMarkup`)."""
    block = xref.getparent()
    while block is not None and _local(block) not in BLOCKS:
        block = block.getparent()
    if block is None:
        return ""
    parts: list[str] = []
    for event, element in etree.iterwalk(block, events=("start", "end")):
        if element is xref:
            break
        if event == "start":
            parts.append(element.text or "")
        elif element is not block:
            parts.append(element.tail or "")
    text = SENTENCE_END.sub("", "".join(parts))
    return " ".join(text.split()[-3:])


def _is_bibr(element: etree._Element) -> bool:
    return _local(element) == "xref" and element.get("ref-type") == "bibr"


def _is_dash(text: str | None) -> bool:
    stripped = (text or "").strip()
    return len(stripped) == 1 and stripped in DASHES


def _identifier_type(element: etree._Element) -> str:
    return (element.get("pub-id-type") or "").strip().lower()


def _ref(ref: etree._Element, position: int) -> RefMarkup:
    label = next((_text(c) for c in ref if _local(c) == "label"), None)
    dois: set[str] = set()
    pmids: set[str] = set()
    pmcids: set[str] = set()
    for element in ref.iter():
        name = _local(element)
        if name in ("pub-id", "object-id"):
            kind, value = _identifier_type(element), _text(element)
            if kind == "doi" and (doi := clean_doi(value)):
                dois.add(doi)
            elif kind == "pmid" and value:
                pmids.add(value)
            elif name == "pub-id" and kind in ("pmcid", "pmc") and value:
                pmcids.add(value if value.upper().startswith("PMC") else f"PMC{value}")
        elif name == "ext-link":
            for value in (element.get(XLINK_HREF) or "", _text(element)):
                if doi := clean_doi(value):
                    dois.add(doi)
        elif name == "comment" and (doi := clean_doi(_text(element))):
            dois.add(doi)
    return RefMarkup(ref.get("id") or "", position, label, frozenset(dois), frozenset(pmids), frozenset(pmcids))


def _listed(ref_lists: list[etree._Element]) -> tuple[frozenset[str], frozenset[str]]:
    """Every DOI and PMID anywhere in the reference lists: in any text, attribute or identifier."""
    dois: set[str] = set()
    pmids: set[str] = set()
    for ref_list in ref_lists:
        for element in ref_list.iter():
            if not _local(element):
                continue
            pieces = [element.text or "", element.tail or "", *element.attrib.values()]
            for piece in pieces:
                dois.update(m.group(0).rstrip(".,;)").lower() for m in DOI_PATTERN.finditer(piece))
                pmids.update(m.group(1) for m in PUBMED_URL.finditer(piece))
                pmids.update(m.group(1) for m in PMID_TEXT.finditer(piece))
            if _local(element) in ("pub-id", "object-id") and _identifier_type(element) == "pmid":
                pmids.add(_text(element))
    return frozenset(dois), frozenset(pmids)


def _own_ids(elements: list[etree._Element]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    dois: set[str] = set()
    pmids: set[str] = set()
    pmcids: set[str] = set()
    for element in elements:
        if _local(element) != "article-id" or not any(_local(a) == "article-meta" for a in element.iterancestors()):
            continue
        kind, value = _identifier_type(element), _text(element)
        if kind == "doi" and (doi := clean_doi(value)):
            dois.add(doi)
        elif kind == "pmid" and value:
            pmids.add(value)
        elif kind in ("pmcid", "pmc") and value:
            pmcids.add(value if value.upper().startswith("PMC") else f"PMC{value}")
    return frozenset(dois), frozenset(pmids), frozenset(pmcids)


def _label_list(text: str, by_label: dict[str, str]) -> list[str]:
    """The refs a label list such as ``4-6`` or ``[6,9,11]`` names (labels it cannot resolve are left out)."""
    bare = _bare_label(text)
    if not LABEL_LIST.match(bare):
        return []
    named: list[str] = []
    for item in bare.split(","):
        ends = [e.strip() for e in re.split(rf"[{DASHES}]", item)]
        if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
            labels = [str(n) for n in range(int(ends[0]), int(ends[1]) + 1)]
        else:
            labels = ends
        named.extend(by_label[label] for label in labels if label in by_label)
    return list(dict.fromkeys(named))


def _between(first: str, last: str, order: dict[str, int], ids: list[str]) -> list[str]:
    """The ref ids strictly between ``first`` and ``last`` in ref-list order."""
    if first not in order or last not in order:
        return []
    return ids[order[first] + 1 : order[last]]


def _next_element(element: etree._Element) -> etree._Element | None:
    """The next sibling element, skipping comments and processing instructions."""
    sibling = element.getnext()
    while sibling is not None and not _local(sibling):  # a comment or processing instruction
        sibling = sibling.getnext()
    return sibling


def _article(article: etree._Element) -> ArticleMarkup:
    elements = _own(article)
    ref_elements = [e for e in elements if _local(e) == "ref"]
    refs = tuple(_ref(r, position) for position, r in enumerate(ref_elements, start=1))
    ids = [r.id for r in refs]
    order = {ref_id: at for at, ref_id in enumerate(ids)}
    if any(r.label for r in refs):
        by_label = {r.printed: r.id for r in refs if r.label}
    else:
        by_label = {str(r.position): r.id for r in refs}

    bibr = [e for e in elements if _is_bibr(e)]
    rids = {id(e): (e.get("rid") or "").split() for e in bibr}
    expanded: dict[int, list[str]] = {id(e): [] for e in bibr}
    dangling: list[str] = []
    for xref in bibr:
        named = rids[id(xref)]
        dangling.extend(r for r in named if r not in order)
        after = _next_element(xref)
        # [4]–[7]: a lone dash between two bibr xrefs
        if _is_dash(xref.tail) and after is not None and _is_bibr(after) and named and rids[id(after)]:
            expanded[id(xref)].extend(_between(named[-1], rids[id(after)][0], order, ids))
        # [4]<xref>–</xref>[7]: an xref whose whole text is the dash
        if _is_dash(_text(xref)):
            before = xref.getprevious()
            while before is not None and not _local(before):
                before = before.getprevious()
            if (
                before is not None
                and _is_bibr(before)
                and not (before.tail or "").strip()
                and after is not None
                and _is_bibr(after)
                and not (xref.tail or "").strip()
                and rids[id(before)]
                and rids[id(after)]
            ):
                expanded[id(xref)].extend(_between(rids[id(before)][-1], rids[id(after)][0], order, ids))
        # <xref rid="B4">4-6</xref>: one rid, a list or range of labels as text
        if len(named) == 1:
            expanded[id(xref)].extend(_label_list(_text(xref), by_label))

    xrefs = []
    for xref in bibr:
        cited = tuple(r for r in rids[id(xref)] if r in order)
        extra = tuple(r for r in dict.fromkeys(expanded[id(xref)]) if r not in cited)
        xrefs.append(XrefMarkup(cited, _text(xref), extra, _words_before(xref)))

    own_dois, own_pmids, own_pmcids = _own_ids(elements)
    listed_dois, listed_pmids = _listed([e for e in elements if _local(e) == "ref-list"])
    return ArticleMarkup(
        refs=refs,
        xrefs=tuple(xrefs),
        own_dois=own_dois,
        own_pmids=own_pmids,
        own_pmcids=own_pmcids,
        listed_dois=listed_dois | frozenset(d for r in refs for d in r.dois),
        listed_pmids=listed_pmids | frozenset(p for r in refs for p in r.pmids),
        dangling=tuple(dangling),
    )


def main(paths: list[str]) -> None:
    """Print, per article of each file, each ref's label, pointer count and identifiers."""
    for name in paths:
        for number, article in enumerate(read_markup(Path(name)), start=1):
            counts = article.pointers
            print(f"{name} article {number}: {len(article.refs)} refs, {sum(counts.values())} pointers")
            for ref in article.refs:
                ids = " ".join(sorted(ref.dois | ref.pmids | ref.pmcids))
                print(f"  {ref.id:<28} {ref.printed:>4} {counts[ref.id]:>3}  {ids}")
            if article.dangling:
                print(f"  rids naming no ref: {' '.join(article.dangling)}")


if __name__ == "__main__":
    main(sys.argv[1:])
