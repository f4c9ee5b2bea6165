"""Citation to claims and claim to citations: the two lookups of an evidence audit."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.errors import KGError
from kg.namespaces import BIRO, FABIO, MP, PRISM
from kg.queries.sparql import load_query, run_query
from kg.records import sequence_key

__all__ = ["CITES_COLUMNS", "SOURCES_COLUMNS", "UnknownError", "cites", "resolve_work", "sources"]

#: Columns of :func:`cites` in table and CSV output.
CITES_COLUMNS = ("claim", "reference", "marker", "intent", "section", "quote")
#: Columns of :func:`sources` in table and CSV output.
SOURCES_COLUMNS = ("reference", "intent", "printed", "doi", "pmid")
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\S+)$", re.I)


class UnknownError(KGError, LookupError):
    """A reference or claim the graph does not know; the message suggests the closest known ones."""


def resolve_work(graph: Graph, ref: str) -> URIRef:
    """The cited work a user means by ``ref``: a printed label, a reference id, a BibTeX key, a DOI or an IRI.

    Raises:
        UnknownError: No work matches, or a printed label is ambiguous across articles.
    """
    ref = str(ref).strip()
    labelled = sorted(
        {
            w
            for e in graph.subjects(FABIO.hasSequenceIdentifier, Literal(ref))
            for w in graph.objects(e, BIRO.references)
        },
        key=str,
    )
    if len(labelled) == 1:
        return URIRef(str(labelled[0]))
    if len(labelled) > 1:
        raise UnknownError(
            f"reference {ref} names {len(labelled)} works ({_listed(labelled)}); give a reference id or DOI"
        )
    doi = _DOI.match(ref)
    if doi:
        for work, value in graph.subject_objects(PRISM.doi):
            if str(value).lower() == doi.group(1).lower():
                return URIRef(str(work))
    named: set[URIRef] = set()
    for node in graph.subjects(DCTERMS.identifier, Literal(ref)):
        if (node, RDF.type, MP.Claim) in graph:
            continue
        if (node, RDF.type, BIRO.BibliographicReference) in graph:  # a reference id: the work it references
            referenced = graph.value(node, BIRO.references)
            if isinstance(referenced, URIRef):
                named.add(referenced)
            continue
        named.add(URIRef(str(node)))
    if len(named) > 1:
        raise UnknownError(f"{ref!r} names {len(named)} works ({_listed(named)}); give a DOI or the work's IRI")
    if named:
        return named.pop()
    if any(graph.subjects(BIRO.references, URIRef(ref))):  # the work's IRI itself
        return URIRef(ref)
    if ref.isdigit():
        known = sorted({str(n) for n in graph.objects(None, FABIO.hasSequenceIdentifier)}, key=sequence_key)
        listed = f"known: {', '.join(known)}" if known else "the graph holds no numbered reference list"
        raise UnknownError(f"no reference numbered {ref} ({listed})")
    keys = [str(k) for w, k in graph.subject_objects(DCTERMS.identifier) if (w, RDF.type, MP.Claim) not in graph]
    dois = [str(d) for d in graph.objects(None, PRISM.doi)]
    raise UnknownError(f"no cited work {ref!r}{_suggest(ref, keys + dois)}")


def _listed(nodes: Iterable[object]) -> str:
    found = sorted(str(n) for n in nodes)
    return ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")


def cites(graph: Graph, ref: str) -> list[dict[str, Any]]:
    """The claims that cite a work, each with its quote, section, marker and intent.

    Args:
        graph: A built graph.
        ref: The printed reference number or label, a reference id, a BibTeX key, a DOI or the work's IRI.

    Returns:
        One record per claim and quote, with the keys ``claim``, ``statement``, ``quote``,
        ``section``, ``reference``, ``marker``, ``intent`` and ``work``.

    Raises:
        UnknownError: ``ref`` names no cited work.
    """
    work = resolve_work(graph, ref)
    result = run_query(graph, load_query("claims-citing-work"), {"work": f"<{work}>"})
    return [{**_record(row), "work": str(work)} for row in result]


def sources(graph: Graph, claim: str) -> list[dict[str, Any]]:
    """The works behind a claim, as the report prints them, with DOI and PMID where known.

    Args:
        graph: A built graph.
        claim: The claim's identifier.

    Returns:
        One record per cited work, with the keys ``claim``, ``statement``, ``reference``,
        ``work``, ``key``, ``intent``, ``printed``, ``doi`` and ``pmid``.

    Raises:
        UnknownError: ``claim`` names no claim.
    """
    claim = str(claim).strip()
    nodes = [c for c in graph.subjects(DCTERMS.identifier, Literal(claim)) if (c, RDF.type, MP.Claim) in graph]
    if not nodes:
        ids = [str(i) for c in graph.subjects(RDF.type, MP.Claim) for i in graph.objects(c, DCTERMS.identifier)]
        raise UnknownError(f"no claim {claim!r}{_suggest(claim, ids)}")
    if len(nodes) > 1:
        raise UnknownError(f"claim {claim!r} is in {len(nodes)} articles ({_listed(nodes)}); build them apart")
    statement = str(graph.value(nodes[0], MP.statement))
    result = run_query(graph, load_query("works-behind-claim"), {"claim": claim})
    return [{"claim": claim, "statement": statement, **_record(row)} for row in result]


def _record(row: Any) -> dict[str, Any]:
    """A result row as plain values; a printed reference number becomes an int (a label such as "S1" stays)."""
    record: dict[str, Any] = {str(k): str(v) for k, v in row.asdict().items()}
    if "reference" in record and record["reference"].isascii() and record["reference"].isdigit():
        record["reference"] = int(record["reference"])
    return record


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, sorted(set(known)), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""
