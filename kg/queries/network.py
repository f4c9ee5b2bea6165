"""Follow the networkx projection of a graph: evidence trails, impact, co-citation, paths.

The projection itself (:func:`to_networkx`) is in :mod:`kg.queries.projection`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KGError
from kg.queries.projection import in_nodes, out_nodes, to_networkx

__all__ = [
    "EVIDENCE_LINKS",
    "PathError",
    "co_citation",
    "dependents",
    "describe",
    "evidence_trails",
    "find_node",
    "rank_works",
    "shortest_path",
    "single_source_claims",
    "to_networkx",
    "write_network",
]

#: Links a path may follow: what a claim is about, quotes, sentences, pointers, entries and
#: citations. Structural hubs (the report, sections, the reference list, the concept scheme,
#: journals, selectors, authors) are left out, so a path says how two things relate as evidence.
EVIDENCE_LINKS = frozenset(
    {"dcterms:subject", "prov:wasQuotedFrom", "kg:hasQuote", "kg:hasMainQuote", "oa:hasScope", "c4o:hasContext",
     "c4o:denotes", "biro:references", "kg:viaPointer", "cito:hasCitingEntity", "cito:hasCitedEntity"}
)  # fmt: skip


class PathError(KGError, LookupError):
    """A node that cannot be found, or two nodes with no path between them."""


def describe(network: nx.MultiDiGraph[str], nodes: Iterable[str]) -> list[dict[str, str]]:
    """Each node's ``type``, ``label`` and IRI (``node``), in the order given: for tables and plots."""
    return [{"type": network.nodes[n]["type"], "label": network.nodes[n]["label"], "node": n} for n in nodes]


def find_node(network: nx.MultiDiGraph[str], name: str, kind: str | None = None, article: str | None = None) -> str:
    """The node a user means: its IRI, or one of its labels (case-insensitive), optionally of one type or article.

    Raises:
        PathError: No node, or several, carry that name; the message suggests close labels.
    """
    if name in network:
        return name
    wanted = name.casefold()
    hits = sorted(
        n for n, data in network.nodes(data=True)
        if wanted in (label.casefold() for label in (data["label"], *data["labels"].split("|")) if label)
        and (kind is None or data["type"] == kind) and (article is None or data.get("article") == article)
    )  # fmt: skip
    if len(hits) == 1:
        return str(hits[0])
    if hits:
        hint = "give --article or an IRI" if any(network.nodes[n].get("article") for n in hits) else "give an IRI"
        raise PathError(f"{name!r} names {len(hits)} nodes: {', '.join(hits[:5])}; {hint}")
    import difflib

    known = sorted({data["label"] for _, data in network.nodes(data=True) if kind is None or data["type"] == kind})
    close = difflib.get_close_matches(name, known, n=3)
    raise PathError(f"no node labelled {name!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))


def _claim(network: nx.MultiDiGraph[str], claim: str, article: str | None = None) -> str:
    return find_node(network, claim, "mp:Claim", article)


def _in_article(network: nx.MultiDiGraph[str], nodes: Iterable[str], article: str | None) -> list[str]:
    return [n for n in nodes if article is None or network.nodes[n].get("article", article) == article]


def evidence_trails(network: nx.MultiDiGraph[str], claim: str, article: str | None = None) -> list[list[str]]:
    """The evidence trail of a claim: claim, quoted sentence, pointer, reference entry, work.

    Args:
        network: The projection.
        claim: The claim's identifier or IRI.
        article: The IRI of the claim's article, where several articles have a claim of that id.

    Returns:
        One trail (a list of five nodes) per pointer the claim cites through; empty for a
        claim that cites nothing.
    """
    node = _claim(network, claim, article)
    trails = []
    for citation in in_nodes(network, node, "cito:hasCitingEntity"):
        for pointer in out_nodes(network, citation, "kg:viaPointer"):
            for sentence in out_nodes(network, pointer, "c4o:hasContext"):
                for entry in out_nodes(network, pointer, "c4o:denotes"):
                    for work in out_nodes(network, entry, "biro:references"):
                        trails.append([node, sentence, pointer, entry, work])
    return sorted(trails)


def dependents(network: nx.MultiDiGraph[str], work: str, article: str | None = None) -> dict[str, list[str]]:
    """Everything that rests on a work: reports, reference entries, pointers, sentences and claims.

    Args:
        network: The projection.
        work: The work's IRI or label (its title).
        article: Only what is in this article (its IRI).

    Returns:
        Nodes by kind: ``reports`` that cite it, ``entries`` that reference it, ``pointers``
        that denote those, the ``sentences`` they sit in, and the ``claims`` that cite it.
    """
    node = find_node(network, work)
    entries = _in_article(network, in_nodes(network, node, "biro:references"), article)
    pointers = sorted({p for e in entries for p in in_nodes(network, e, "c4o:denotes")})
    citations = _in_article(network, in_nodes(network, node, "cito:hasCitedEntity"), article)
    reports = [r for r in in_nodes(network, node, "cito:cites") if network.nodes[r]["type"] != "mp:Claim"]
    return {
        "reports": [r for r in reports if article is None or r == article],
        "entries": entries,
        "pointers": pointers,
        "sentences": sorted({s for p in pointers for s in out_nodes(network, p, "c4o:hasContext")}),
        "claims": sorted({c for citation in citations for c in out_nodes(network, citation, "cito:hasCitingEntity")}),
    }


def _is_intent(predicate: str) -> bool:
    """A CiTO property from a claim to a work (every cito: link except the report's cito:cites)."""
    return predicate.startswith("cito:") and predicate not in {"cito:cites", "cito:hasCitationCharacterization"}


def _claim_work_edges(network: nx.MultiDiGraph[str], article: str | None = None) -> Iterable[tuple[str, str]]:
    for citation, data in network.nodes(data=True):
        if data["type"] == "cito:Citation" and (article is None or data.get("article") == article):
            for claim in out_nodes(network, citation, "cito:hasCitingEntity"):
                for work in out_nodes(network, citation, "cito:hasCitedEntity"):
                    yield claim, work


def rank_works(network: nx.MultiDiGraph[str], article: str | None = None) -> list[dict[str, Any]]:
    """Works ranked by the claims they support: direct counts, and PageRank on the claim-to-work graph.

    Args:
        network: The projection.
        article: Only the works this article cites and its claims (its IRI); default: the corpus.

    Returns:
        One record per cited work (``work``, ``label``, ``claims``, ``pagerank``), highest first;
        PageRank is rounded to 6 places so results compare exactly.
    """
    support: nx.DiGraph[str] = nx.DiGraph()
    works = {
        w
        for e, w, key in network.edges(keys=True)
        if key == "biro:references" and (article is None or network.nodes[e].get("article") == article)
    }
    support.add_nodes_from(sorted(works))
    support.add_edges_from(sorted(_claim_work_edges(network, article)))
    scores = nx.pagerank(support) if support.number_of_nodes() else {}
    counts = Counter(w for _, w in support.edges())
    ranked = [
        {"work": w, "label": network.nodes[w]["label"], "claims": counts[w], "pagerank": round(scores.get(w, 0.0), 6)}
        for w in works
    ]
    return sorted(ranked, key=lambda r: (-r["claims"], -r["pagerank"], r["work"]))


def single_source_claims(network: nx.MultiDiGraph[str], article: str | None = None) -> list[dict[str, str]]:
    """Claims that rest on exactly one cited work: the most fragile links of the evidence (of one article, or all)."""
    by_claim: dict[str, set[str]] = {}
    for claim, work in _claim_work_edges(network, article):
        by_claim.setdefault(claim, set()).add(work)
    return [
        {"claim": network.nodes[c]["label"], "work": next(iter(ws)), "label": network.nodes[next(iter(ws))]["label"]}
        for c, ws in sorted(by_claim.items())
        if len(ws) == 1
    ]


def co_citation(network: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Works as nodes, linked with ``weight`` = the number of sentences that cite both."""
    together: nx.Graph[str] = nx.Graph()
    sentences: dict[str, set[str]] = {}
    for pointer, data in network.nodes(data=True):
        if data["type"] == "c4o:InTextReferencePointer":
            for sentence in out_nodes(network, pointer, "c4o:hasContext"):
                for entry in out_nodes(network, pointer, "c4o:denotes"):
                    sentences.setdefault(sentence, set()).update(out_nodes(network, entry, "biro:references"))
    for works in sentences.values():
        ordered = sorted(works)
        together.add_nodes_from(ordered)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weight = together.get_edge_data(a, b, {"weight": 0})["weight"]
                together.add_edge(a, b, weight=weight + 1)
    return together


def shortest_path(network: nx.MultiDiGraph[str], source: str, target: str) -> list[str]:
    """The shortest chain of links between two nodes, whatever the links' direction.

    Args:
        network: The projection.
        source: An IRI or a label (e.g. "CSF cytology").
        target: An IRI or a label (e.g. "breast cancer").

    Returns:
        The nodes along the path, ends included.

    Raises:
        PathError: A name matches no node or several, or no path joins the two.
    """
    a, b = find_node(network, source), find_node(network, target)
    undirected: nx.Graph[str] = nx.Graph()
    undirected.add_nodes_from(sorted(network.nodes))
    undirected.add_edges_from(
        sorted((u, v) for u, v, key in network.edges(keys=True) if key in EVIDENCE_LINKS or _is_intent(key))
    )
    try:
        return list(nx.shortest_path(undirected, a, b))
    except nx.NetworkXNoPath:
        raise PathError(f"no path between {source!r} and {target!r}") from None


def write_network(network: nx.MultiDiGraph[str], path: str | Path, fmt: str = "graphml") -> str:
    """Write the projection as GraphML or GEXF (for Gephi, Cytoscape), all or nothing.

    Args:
        network: The projection.
        path: The output file (its folder is created if missing), or ``-`` for standard output.
        fmt: ``graphml`` or ``gexf``.

    Returns:
        The path written, or ``-``.

    Raises:
        InputError: The target cannot be written (see :func:`kg.write.outputs.check_target`).
    """
    from kg.write.outputs import write_output

    writer = nx.write_gexf if fmt == "gexf" else nx.write_graphml
    return write_output(path, lambda handle: writer(network, handle))
