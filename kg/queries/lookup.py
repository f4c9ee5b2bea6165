"""Citation to claims and claim to citations: the two lookups of an evidence audit.

Every step is a query (``kg/queries/lookups/*.rq`` and the named queries) on a store, so a
lookup answers the same from a graph file, an Oxigraph store or a SPARQL endpoint, and never
loads rdflib.
"""

from __future__ import annotations

from kg.errors import KGError
from kg.identifiers import is_absolute_iri
from kg.queries.sparql import lookup_query, named_query, run_query

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable
    from typing import Any

    from kg.stores.store import Store

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
_PRISM_DOI = "http://prismstandard.org/namespaces/basic/2.0/doi"
_FABIO = "http://purl.org/spar/fabio/"


class UnknownError(KGError, LookupError):
    """A reference or claim the graph does not know; the message suggests the closest known ones."""


def articles(source: Any) -> dict[str, str]:
    """The articles a store holds (nodes with sections or a reference list): IRI → id, sorted by IRI."""
    return {iri: facts["id"] for iri, facts in _articles(_store(source)).items()}


def _articles(store: Store) -> dict[str, dict[str, Any]]:
    """Each article's id (the least, or its IRI where it has none) and sets of DOIs, PMIDs and PMCIDs."""
    found: dict[str, dict[str, Any]] = {}
    for row in run_query(store, lookup_query("articles")).records():
        facts = found.setdefault(row["article"], {"ids": set(), "doi": set(), "pmid": set(), "pmcid": set()})
        for key in ("doi", "pmid", "pmcid"):
            if key in row:
                facts[key].add(row[key])
        if "id" in row:
            facts["ids"].add(row["id"])
    for iri, facts in found.items():
        facts["id"] = min(facts["ids"]) if facts["ids"] else iri
    return dict(sorted(found.items()))


def resolve_article(source: Any, ref: str) -> str:
    """The IRI of the article a user means by ``ref``: its id, DOI, PMID, PMCID or IRI.

    Raises:
        UnknownError: No article of the store matches.
    """
    ref = str(ref).strip()
    store = _store(source)
    held = _articles(store)
    doi = _doi(ref)
    for iri, facts in held.items():
        if ref in (iri, facts["id"]):
            return iri
        if doi and doi in {_doi(d) for d in facts["doi"]}:
            return iri
        if _bare_id(ref) in {_bare_id(n) for n in facts["pmid"] | facts["pmcid"]}:
            return iri
    hint = "" if held else _empty_hint(store)
    raise UnknownError(f"no article {ref!r} in the graph{_suggest(ref, [f['id'] for f in held.values()])}{hint}")


def resolve_work(source: Any, ref: str, article: str | None = None) -> str:
    """The IRI of the cited work ``ref`` names: a printed label, an entry id or BibTeX key, a DOI, PMID or IRI.

    Labels, entry ids and BibTeX keys are an article's own: with ``article`` (an IRI) they are
    looked up in its reference list; without, they must name one work across the store. A DOI
    (``10.…``, ``doi:…`` or a doi.org URL), a PMID (``PMID:…``), a PMCID (``PMC…``) or the
    work's IRI name the same work in every article.

    Raises:
        UnknownError: No work matches, or a label or identifier names several.
    """
    store = _store(source)
    ref = str(ref).strip()
    scope = {"article": _iri(article)} if article is not None else {}
    labelled = run_query(store, lookup_query("works-labelled"), {"label": ref, **scope}).column("work")
    if len(labelled) == 1:
        return labelled[0]
    if len(labelled) > 1:
        held = articles(store)
        raise UnknownError(
            f"reference {ref} names {len(labelled)} works in {len(held)} articles ({_listed(labelled)}); "
            f"give --article (one of {_listed(held.values())}), a DOI or the work's IRI"
        )
    found = _by_identifier(store, ref)
    if found is not None:
        return found
    named = set(run_query(store, lookup_query("works-named"), {"name": ref, **scope}).column("work"))
    if len(named) > 1:
        raise UnknownError(
            f"{ref!r} names {len(named)} works ({_listed(named)}); give --article, a DOI or the work's IRI"
        )
    if named:
        return named.pop()
    if is_absolute_iri(ref) and run_query(store, lookup_query("work-cited"), {"work": f"<{ref}>"}).boolean:
        return ref
    names = run_query(store, lookup_query("entry-names"), scope).records()
    if ref.isdigit():
        from kg.identifiers import sequence_key

        known = sorted({r["label"] for r in names if "label" in r}, key=sequence_key)
        listed = f"known: {', '.join(known)}" if known else "the graph holds no numbered reference list"
        raise UnknownError(f"no reference numbered {ref} ({listed}){'' if names else _empty_hint(store)}")
    keys = [r[k] for r in names for k in ("name", "doi") if k in r]
    raise UnknownError(f"no cited work {ref!r}{_suggest(ref, keys)}{'' if names else _empty_hint(store)}")


def _by_identifier(store: Store, ref: str) -> str | None:
    """The cited work with this DOI, PMID (``PMID:``, or a bare number) or PMCID (``PMC``), if any."""
    doi = _doi(ref)
    pmid = _prefixed_number(ref, "pmid:")
    wanted: list[tuple[str, str]] = []
    if doi:
        wanted.append((_PRISM_DOI, doi))
    if pmid or (ref.isascii() and ref.isdigit()):  # a bare number is a PMID once no printed label matched it
        wanted.append((_FABIO + "hasPubMedId", _bare_id(pmid or ref)))
    if _prefixed_number(_without(ref, "pmcid:"), "pmc", space=False):
        wanted.append((_FABIO + "hasPubMedCentralId", _bare_id(ref)))
    for predicate, value in wanted:
        rows = run_query(store, lookup_query("works-identified"), {"predicate": predicate, "needle": value})
        found = sorted(
            {
                r["work"]
                for r in rows.records()
                if (_doi(r["held"]) if predicate == _PRISM_DOI else _bare_id(r["held"])) == value
            }
        )
        if len(found) > 1:  # works kept apart (see kg.quality.json): never answer for one of them
            raise UnknownError(f"{ref!r} is on {len(found)} works ({_listed(found)}); give the work's IRI")
        if found:
            return found[0]
    return None


def cites(source: Any, ref: str, article: str | None = None) -> list[dict[str, Any]]:
    """The claims that cite a work, each with its article, quote, section, marker and intent.

    Args:
        source: A store, an rdflib graph, or a path or URL (see :func:`kg.stores.as_store`).
        ref: The printed reference number or label, an entry id or BibTeX key (an article's
            own), or a DOI, PMID or the work's IRI (the same in every article).
        article: Only this article's claims (its id, DOI or IRI); this also says whose
            reference list a printed number is looked up in. Default: every article.

    Returns:
        One record per claim and quote, with the keys ``article`` (its id), ``claim``,
        ``statement``, ``quote``, ``section``, ``reference``, ``marker``, ``intent`` and ``work``.

    Raises:
        UnknownError: ``ref`` names no cited work, or ``article`` no article.
    """
    store = _store(source)
    node = resolve_article(store, article) if article is not None else None
    work = resolve_work(store, ref, node)
    values = {"work": f"<{work}>", **({"article": f"<{node}>"} if node is not None else {})}
    rows = run_query(store, named_query("claims-citing-work"), values).records()
    held = articles(store) if rows else {}
    return [{**_record(row, held), "work": work} for row in rows]


def sources(source: Any, claim: str, article: str | None = None) -> list[dict[str, Any]]:
    """The works behind a claim, as its article prints them, with DOI and PMID where known.

    Args:
        source: A store, an rdflib graph, or a path or URL (see :func:`kg.stores.as_store`).
        claim: The claim's identifier (unique within its article).
        article: The claim's article (its id, DOI or IRI); default: every article with such a claim.

    Returns:
        One record per cited work, with the keys ``article`` (its id), ``claim``, ``statement``,
        ``reference``, ``work``, ``key``, ``intent``, ``printed``, ``doi`` and ``pmid``.

    Raises:
        UnknownError: ``claim`` names no claim (of ``article``), or ``article`` no article.
    """
    store = _store(source)
    claim = str(claim).strip()
    node = resolve_article(store, article) if article is not None else None
    scope = {"article": f"<{node}>"} if node is not None else {}
    found = run_query(store, lookup_query("claims-named"), {"claim": claim, **scope}).records()
    if not found:
        ids = run_query(store, lookup_query("claim-ids"), scope).column("claim")
        where = f" in article {article}" if article is not None else ""
        hint = "" if ids else _empty_hint(store)
        raise UnknownError(f"no claim {claim!r}{where}{_suggest(claim, ids)}{hint}")
    statements = {r["article"]: r.get("statement", "") for r in found}
    rows = run_query(store, named_query("works-behind-claim"), {"claim": claim, **scope}).records()
    held = articles(store) if rows else {}
    records = []
    for row in rows:
        statement = statements.get(row["article"], "")
        record = _record(row, held)
        records.append({"article": record.pop("article"), "claim": claim, "statement": statement, **record})
    return records


def _record(row: dict[str, str], held: dict[str, str]) -> dict[str, Any]:
    """A result row as plain values: an article as its id; a printed number as an int (a label such as "S1" stays)."""
    record: dict[str, Any] = dict(row)
    if "article" in record:
        record["article"] = held.get(record["article"], record["article"])
    if "reference" in record and record["reference"].isascii() and record["reference"].isdigit():
        record["reference"] = int(record["reference"])
    return record


def _store(source: Any) -> Store:
    from kg.stores import as_store

    return as_store(source)


def _empty_hint(store: Store) -> str:
    """A hint for a store where nothing was found at all: perhaps its default graph is not the union."""
    if run_query(store, lookup_query("articles")).rows:
        return ""
    return (
        f" ({store.location} holds no article kg can read; an endpoint must serve the union of its named graphs "
        "as its default graph)"
    )


def _doi(text: str) -> str | None:
    """``text`` as a case-folded bare DOI (see :func:`kg.records.bare_doi`), if it is one."""
    from kg.identifiers import bare_doi

    bare = bare_doi(text)
    if not bare or not bare.startswith("10.") or len(bare) == 3 or any(c.isspace() for c in bare):
        return None
    return bare.casefold()


def _prefixed_number(text: str, prefix: str, space: bool = True) -> str | None:
    """The digits after ``prefix`` (any case; spaces after it where ``space``) if ``text`` is just that."""
    if text[: len(prefix)].lower() != prefix:
        return None
    rest = text[len(prefix) :]
    rest = rest.lstrip() if space else rest
    return rest if rest.isdigit() else None


def _bare_id(text: str) -> str:
    """A PMID or PMCID without its prefix and leading zeros (``PMC0123``, ``PMCID:PMC0123`` → ``123``)."""
    bare = _without(text.strip(), "pmcid:")
    for prefix, space in (("pmid:", True), ("pmc", False)):
        if bare[: len(prefix)].lower() == prefix:
            bare = bare[len(prefix) :].lstrip() if space else bare[len(prefix) :]
            break
    return str(int(bare)) if bare.isascii() and bare.isdigit() else bare


def _without(text: str, prefix: str) -> str:
    """``text`` without ``prefix`` (any case) and the spaces after it, if it starts with it."""
    return text[len(prefix) :].lstrip() if text[: len(prefix)].lower() == prefix else text


def _iri(value: str) -> str:
    return value if value.startswith("<") else f"<{value}>"


def _listed(nodes: Iterable[object]) -> str:
    found = sorted(str(n) for n in nodes)
    return ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")


def _suggest(value: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(set(known)), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""
