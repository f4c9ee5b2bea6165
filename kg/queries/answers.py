"""The answers of the lookups and traversals as rows: what ``kg cites``, ``trace``, ``impact`` and ``path`` print.

Each function takes a store (or an rdflib graph, or a path; see :func:`kg.stores.as_store`) and
returns :class:`Rows` (records and the columns a table shows), so a notebook gets exactly what
the command line prints.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = ["Rows", "cites_rows", "impact_rows", "path_rows", "query_list", "sources_rows", "trace_rows"]


class Rows:
    """Records (one mapping per row) and the keys a table or CSV shows, in order."""

    __slots__ = ("columns", "records")

    def __init__(self, records: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
        self.records = records
        self.columns = columns

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rows) and (self.records, self.columns) == (other.records, other.columns)

    __hash__ = None  # type: ignore[assignment]  # mutable records

    def __repr__(self) -> str:
        return f"Rows({len(self.records)} records, columns={self.columns})"


def cites_rows(graph: Any, ref: str, article: str | None = None) -> Rows:
    """The claims that cite a work, in one article or all (see :func:`kg.queries.lookup.cites`)."""
    from kg.queries.lookup import CITES_COLUMNS, cites

    return Rows(cites(graph, ref, article), CITES_COLUMNS)


def sources_rows(graph: Any, claim: str, article: str | None = None) -> Rows:
    """The works behind a claim, in one article or all (see :func:`kg.queries.lookup.sources`)."""
    from kg.queries.lookup import SOURCES_COLUMNS, sources

    return Rows(sources(graph, claim, article), SOURCES_COLUMNS)


def trace_rows(graph: Any, claim: str, article: str | None = None) -> Rows:
    """Every evidence trail of a claim, step by step: claim, sentence, pointer, reference, work.

    A claim id names a claim of each article that has one: ``article`` (an id, DOI or IRI)
    picks one; otherwise the id must be unique in the graph.
    """
    from kg.queries import network as nw
    from kg.queries.lookup import resolve_article
    from kg.stores import as_store

    graph = as_store(graph)
    net = nw.to_networkx(graph)
    scope = resolve_article(graph, article) if article is not None else None
    records = [
        {"trail": i, "step": step, **d}
        for i, trail in enumerate(nw.evidence_trails(net, claim, scope), start=1)
        for step, d in enumerate(nw.describe(net, trail), start=1)
    ]
    return Rows(records, ("trail", "step", "type", "label"))


def impact_rows(graph: Any, work: str | None = None, single_source: bool = False, article: str | None = None) -> Rows:
    """Works ranked by the claims they support; or what rests on one work; or the single-source claims.

    Args:
        graph: A built graph.
        work: A work's printed label, reference id, BibTeX key, DOI, title or IRI: list the claims,
            quotes and sentences that rest on it.
        single_source: List the claims that rest on a single work instead.
        article: Only the claims of this article (its id, DOI or IRI); labels of works are then
            looked up in its reference list.
    """
    from kg.queries import network as nw
    from kg.queries.lookup import UnknownError, resolve_article, resolve_work
    from kg.stores import as_store

    graph = as_store(graph)
    net = nw.to_networkx(graph)
    scope = resolve_article(graph, article) if article is not None else None
    if single_source:
        return Rows(nw.single_source_claims(net, scope), ("claim", "label"))
    if work:
        try:  # noqa: SIM105  (a label, reference id, key or DOI as in kg cites; else a title)
            work = resolve_work(graph, work, scope)
        except UnknownError:
            pass
        found = nw.dependents(net, work, scope)
        records = [{"kind": k, **d} for k, nodes in found.items() for d in nw.describe(net, nodes)]
        return Rows(records, ("kind", "type", "label"))
    ranked = [{"rank": i, **r} for i, r in enumerate(nw.rank_works(net, scope), start=1)]
    return Rows(ranked, ("rank", "label", "claims", "pagerank"))


def path_rows(graph: Any, source: str, target: str) -> Rows:
    """The shortest chain of evidence links between two nodes (IRIs or labels)."""
    from kg.queries import network as nw

    net = nw.to_networkx(graph)
    steps = nw.describe(net, nw.shortest_path(net, source, target))
    return Rows([{"step": i, **d} for i, d in enumerate(steps, start=1)], ("step", "type", "label"))


def query_list(fmt: str = "text") -> str:
    """The named queries and their parameters: ``text`` as ``kg query --list`` prints it, or a table format.

    Args:
        fmt: ``text``, or one of :data:`kg.formats.LOOKUP_FORMATS`.
    """
    from kg.queries.sparql import named_queries

    queries = named_queries().values()
    if fmt == "text":
        lines = []
        for named in queries:
            params = " ".join(
                f"[--param {p.name}=<{p.kind}>]" if p.optional else f"--param {p.name}=<{p.kind}>" for p in named.params
            )
            lines.append(f"{named.name}{'  ' + params if params else ''}\n    {named.description}\n")
        return "".join(lines)
    from kg.write.results import format_records

    records = [
        {
            "name": q.name,
            "parameters": " ".join(f"{p.name}={p.kind}{'?' if p.optional else ''}" for p in q.params),
            "description": q.description,
        }
        for q in queries
    ]
    return format_records(records, ("name", "parameters", "description"), fmt)
