"""Citation to claims and claim to citations: the two lookups of an evidence audit."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import BIRO, DOCO, FABIO, FRBR, MP, OA, PRISM
from kg.queries.sparql import load_query, run_query
from kg.records import bare_doi, sequence_key
from kg.vocabulary import KG

__all__ = [
    "CITES_COLUMNS",
    "SOURCES_COLUMNS",
    "UnknownError",
    "articles",
    "cites",
    "resolve_article",
    "resolve_work",
    "sources",
]

#: Columns of :func:`cites` in table and CSV output.
CITES_COLUMNS = ("article", "claim", "reference", "marker", "intent", "section", "quote")
#: Columns of :func:`sources` in table and CSV output.
SOURCES_COLUMNS = ("article", "reference", "intent", "printed", "doi", "pmid")
_DOI = re.compile(r"10\.\S+")
_PMID = re.compile(r"^pmid:\s*(\d+)$", re.I)
_PMCID = re.compile(r"^pmc\d+$", re.I)


class UnknownError(KGError, LookupError):
    """A reference or claim the graph does not know; the message suggests the closest known ones."""


def articles(graph: Graph) -> dict[URIRef, str]:
    """The articles a graph holds (nodes with sections or a reference list), each with its id."""
    found: dict[URIRef, str] = {}
    for node, part in graph.subject_objects(FRBR.part):
        if not isinstance(node, URIRef) or node in found or (node, RDF.type, DOCO.Section) in graph:
            continue
        if (part, RDF.type, DOCO.Section) in graph or (part, RDF.type, BIRO.ReferenceList) in graph:
            ids = sorted(str(i) for i in graph.objects(node, DCTERMS.identifier))
            found[node] = ids[0] if ids else str(node)
    return dict(sorted(found.items()))


def resolve_article(graph: Graph, ref: str) -> URIRef:
    """The article a user means by ``ref``: its id, DOI, PMID, PMCID or IRI.

    Raises:
        UnknownError: No article of the graph matches.
    """
    ref = str(ref).strip()
    held = articles(graph)
    doi = _doi(ref)
    for node, ident in held.items():
        if ref in (str(node), ident):
            return node
        if doi and doi in {_doi(str(d)) for d in graph.objects(node, PRISM.doi)}:
            return node
        numbers = {str(v) for p in (FABIO.hasPubMedId, FABIO.hasPubMedCentralId) for v in graph.objects(node, p)}
        if _bare_id(ref) in {_bare_id(n) for n in numbers}:
            return node
    raise UnknownError(f"no article {ref!r} in the graph{_suggest(ref, list(held.values()))}")


def resolve_work(graph: Graph, ref: str, article: URIRef | None = None) -> URIRef:
    """The cited work a user means by ``ref``: a printed label, a reference id, a BibTeX key, a DOI, a PMID or an IRI.

    Labels, reference ids and BibTeX keys are an article's own: with ``article`` they are looked
    up in its reference list; without, they must name one work across the graph. A DOI
    (``10.…``, ``doi:…`` or a doi.org URL), a PMID (``PMID:…``), a PMCID (``PMC…``) or the
    work's IRI name the same work in every article.

    Raises:
        UnknownError: No work matches, or a label is ambiguous across articles.
    """
    ref = str(ref).strip()
    entries = _entries(graph, article)
    labelled = sorted({w for e in entries if (e, FABIO.hasSequenceIdentifier, Literal(ref)) in graph
                       for w in graph.objects(e, BIRO.references)}, key=str)  # fmt: skip
    if len(labelled) == 1:
        return URIRef(str(labelled[0]))
    if len(labelled) > 1:
        raise UnknownError(
            f"reference {ref} names {len(labelled)} works in {len(held := articles(graph))} articles "
            f"({_listed(labelled)}); give --article (one of {_listed(held.values())}), a DOI or the work's IRI"
        )
    found = _by_identifier(graph, ref)
    if found is not None:
        return found
    named = {
        URIRef(str(w))
        for e in entries
        if (e, DCTERMS.identifier, Literal(ref)) in graph or (e, KG.citationKey, Literal(ref)) in graph
        for w in graph.objects(e, BIRO.references)
    }
    if len(named) > 1:
        raise UnknownError(
            f"{ref!r} names {len(named)} works ({_listed(named)}); give --article, a DOI or the work's IRI"
        )
    if named:
        return named.pop()
    if any(graph.subjects(BIRO.references, URIRef(ref))):  # the work's IRI itself
        return URIRef(ref)
    if ref.isdigit():
        known = sorted(
            {str(n) for e in entries for n in graph.objects(e, FABIO.hasSequenceIdentifier)}, key=sequence_key
        )
        listed = f"known: {', '.join(known)}" if known else "the graph holds no numbered reference list"
        raise UnknownError(f"no reference numbered {ref} ({listed})")
    keys = [str(k) for e in entries for p in (DCTERMS.identifier, KG.citationKey) for k in graph.objects(e, p)]
    dois = [str(d) for d in graph.objects(None, PRISM.doi)]
    raise UnknownError(f"no cited work {ref!r}{_suggest(ref, keys + dois)}")


def _entries(graph: Graph, article: URIRef | None) -> list[URIRef]:
    """The reference list entries of ``article``, or of every article."""
    found = (
        graph.objects(article, FRBR.part)
        if article is not None
        else graph.subjects(RDF.type, BIRO.BibliographicReference)
    )
    entries = {e for e in found if isinstance(e, URIRef) and (e, RDF.type, BIRO.BibliographicReference) in graph}
    return sorted(entries, key=str)


def _by_identifier(graph: Graph, ref: str) -> URIRef | None:
    """The cited work with this DOI, PMID (``PMID:``) or PMCID (``PMC``), if any."""
    doi = _doi(ref)
    pmid = _PMID.match(ref)
    wanted: list[tuple[URIRef, str]] = []
    if doi:
        wanted.append((PRISM.doi, doi))
    if pmid or (ref.isascii() and ref.isdigit()):  # a bare number is a PMID once no printed label matched it
        wanted.append((FABIO.hasPubMedId, _bare_id(pmid.group(1) if pmid else ref)))
    if _PMCID.match(ref):
        wanted.append((FABIO.hasPubMedCentralId, _bare_id(ref)))
    for predicate, value in wanted:
        found = sorted(
            {
                URIRef(str(work))
                for work, held in graph.subject_objects(predicate)
                if (_doi(str(held)) if predicate == PRISM.doi else _bare_id(str(held))) == value
                and (any(graph.subjects(BIRO.references, work)) or (work, FRBR.part, None) in graph)
            }
        )
        if len(found) > 1:  # works kept apart (see kg.quality.json): never answer for one of them
            raise UnknownError(f"{ref!r} is on {len(found)} works ({_listed(found)}); give the work's IRI")
        if found:
            return found[0]
    return None


def _doi(text: str) -> str | None:
    """``text`` as a case-folded bare DOI (see :func:`kg.records.bare_doi`), if it is one."""
    bare = bare_doi(text)
    return bare.casefold() if bare and _DOI.fullmatch(bare) else None


def _bare_id(text: str) -> str:
    """A PMID or PMCID without its prefix and leading zeros (``PMC0123`` → ``123``)."""
    bare = re.sub(r"(?i)^(pmid:\s*|pmc)", "", text.strip())
    return str(int(bare)) if bare.isascii() and bare.isdigit() else bare


def _listed(nodes: Iterable[object]) -> str:
    found = sorted(str(n) for n in nodes)
    return ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")


def cites(graph: Graph, ref: str, article: str | None = None) -> list[dict[str, Any]]:
    """The claims that cite a work, each with its article, quote, section, marker and intent.

    Args:
        graph: A built graph (of one article or a corpus).
        ref: The printed reference number or label, a reference id or BibTeX key (an article's
            own), or a DOI, PMID or the work's IRI (the same in every article).
        article: Only this article's claims (its id, DOI or IRI); this also says whose
            reference list a printed number is looked up in. Default: every article.

    Returns:
        One record per claim and quote, with the keys ``article`` (its id), ``claim``,
        ``statement``, ``quote``, ``section``, ``reference``, ``marker``, ``intent`` and ``work``.

    Raises:
        UnknownError: ``ref`` names no cited work, or ``article`` no article.
    """
    node = resolve_article(graph, article) if article is not None else None
    work = resolve_work(graph, ref, node)
    values = {"work": f"<{work}>", **({"article": f"<{node}>"} if node is not None else {})}
    result = run_query(graph, load_query("claims-citing-work"), values)
    held = articles(graph)
    return [{**_record(row, held), "work": str(work)} for row in result]


def sources(graph: Graph, claim: str, article: str | None = None) -> list[dict[str, Any]]:
    """The works behind a claim, as its article prints them, with DOI and PMID where known.

    Args:
        graph: A built graph (of one article or a corpus).
        claim: The claim's identifier (unique within its article).
        article: The claim's article (its id, DOI or IRI); default: every article with such a claim.

    Returns:
        One record per cited work, with the keys ``article`` (its id), ``claim``, ``statement``,
        ``reference``, ``work``, ``key``, ``intent``, ``printed``, ``doi`` and ``pmid``.

    Raises:
        UnknownError: ``claim`` names no claim (of ``article``), or ``article`` no article.
    """
    claim = str(claim).strip()
    node = resolve_article(graph, article) if article is not None else None
    nodes = [
        c
        for c in graph.subjects(DCTERMS.identifier, Literal(claim))
        if (c, RDF.type, MP.Claim) in graph and (node is None or _article_of(graph, c) == node)
    ]
    if not nodes:
        ids = [
            str(i)
            for c in graph.subjects(RDF.type, MP.Claim)
            if node is None or _article_of(graph, c) == node
            for i in graph.objects(c, DCTERMS.identifier)
        ]
        where = f" in article {article}" if article is not None else ""
        raise UnknownError(f"no claim {claim!r}{where}{_suggest(claim, ids)}")
    statements = {_article_of(graph, c): str(graph.value(c, MP.statement)) for c in nodes}
    values = {"claim": claim, **({"article": f"<{node}>"} if node is not None else {})}
    result = run_query(graph, load_query("works-behind-claim"), values)
    held = articles(graph)
    records = []
    for row in result:
        record = _record(row, held)
        statement = statements.get(URIRef(str(row.article)), "")
        records.append({"article": record.pop("article"), "claim": claim, "statement": statement, **record})
    return records


def _article_of(graph: Graph, claim: Node) -> URIRef | None:
    quote = graph.value(claim, KG.hasMainQuote)
    source = graph.value(quote, OA.hasSource) if quote is not None else None
    return source if isinstance(source, URIRef) else None


def _record(row: Any, held: dict[URIRef, str]) -> dict[str, Any]:
    """A result row as plain values: an article as its id; a printed number as an int (a label such as "S1" stays)."""
    record: dict[str, Any] = {str(k): str(v) for k, v in row.asdict().items()}
    if "article" in record:
        record["article"] = held.get(URIRef(record["article"]), record["article"])
    if "reference" in record and record["reference"].isascii() and record["reference"].isdigit():
        record["reference"] = int(record["reference"])
    return record


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, sorted(set(known)), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""
