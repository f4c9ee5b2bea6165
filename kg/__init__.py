"""kg: turn a biomedical article and the works it cites into a traceable knowledge graph.

The names below are imported on first use, so ``import kg`` (and the ``kg`` command) stays
fast and loads rdflib, networkx or pySHACL only when a function needs them.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kg.builder.article import build_graph
    from kg.defaults import DEFAULT_BASE
    from kg.errors import InputError, KGError, ProblemsError, ResolutionError
    from kg.pages import article_page, corpus_pages
    from kg.pipeline import ArticleBuild, BuildResult, build, load_inputs
    from kg.queries.lookup import UnknownError, articles, cites, sources
    from kg.queries.network import (
        co_citation,
        dependents,
        describe,
        evidence_trails,
        rank_works,
        shortest_path,
        single_source_claims,
        to_networkx,
        write_network,
    )
    from kg.queries.sparql import QueryError, load_query, named_queries, run_query
    from kg.readers.articles import read_articles
    from kg.readers.bibtex import parse_bibliography, read_bibliography
    from kg.readers.claims import anchor_claims, check_claims, read_claims
    from kg.readers.concepts import read_concepts
    from kg.readers.jats import read_jats
    from kg.readers.markdown import read_markdown
    from kg.readers.report import parse_report, read_report
    from kg.readers.resolution import Resolution, resolve
    from kg.records import Article, Work
    from kg.signals import TimeLimitError, time_limit
    from kg.statements import citation_statements
    from kg.stores import as_store, open_store
    from kg.stores.memory import load
    from kg.stores.store import Answer, Store, StoreError
    from kg.synthetic import write_corpus
    from kg.validation import validate_graph
    from kg.write.rdf import serialize, write_all

_EXPORTS = {
    "kg.readers.bibtex": ("parse_bibliography", "read_bibliography"),
    "kg.pipeline": ("ArticleBuild", "BuildResult", "build", "load_inputs"),
    "kg.pages": ("article_page", "corpus_pages"),
    "kg.readers.articles": ("read_articles",),
    "kg.readers.jats": ("read_jats",),
    "kg.readers.markdown": ("read_markdown",),
    "kg.records": ("Article", "Work"),
    "kg.statements": ("citation_statements",),
    "kg.readers.claims": ("anchor_claims", "check_claims", "read_claims"),
    "kg.readers.concepts": ("read_concepts",),
    "kg.defaults": ("DEFAULT_BASE",),
    "kg.errors": ("InputError", "KGError", "ProblemsError", "ResolutionError"),
    "kg.builder.article": ("build_graph",),
    "kg.queries.lookup": ("UnknownError", "articles", "cites", "sources"),
    "kg.synthetic": ("write_corpus",),
    "kg.queries.network": ("co_citation", "dependents", "describe", "evidence_trails", "rank_works", "shortest_path",
                   "single_source_claims", "to_networkx", "write_network"),
    "kg.signals": ("TimeLimitError", "time_limit"),
    "kg.queries.sparql": ("QueryError", "load_query", "named_queries", "run_query"),
    "kg.readers.report": ("parse_report", "read_report"),
    "kg.readers.resolution": ("Resolution", "resolve"),
    "kg.write.rdf": ("serialize", "write_all"),
    "kg.stores.memory": ("load",),
    "kg.stores": ("as_store", "open_store"),
    "kg.stores.store": ("Answer", "Store", "StoreError"),
    "kg.validation": ("validate_graph",),
}  # fmt: skip
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "DEFAULT_BASE",
    "Answer",
    "Article",
    "ArticleBuild",
    "BuildResult",
    "InputError",
    "KGError",
    "ProblemsError",
    "QueryError",
    "Resolution",
    "ResolutionError",
    "Store",
    "StoreError",
    "TimeLimitError",
    "UnknownError",
    "Work",
    "anchor_claims",
    "article_page",
    "articles",
    "as_store",
    "build",
    "build_graph",
    "check_claims",
    "citation_statements",
    "cites",
    "co_citation",
    "corpus_pages",
    "dependents",
    "describe",
    "evidence_trails",
    "load",
    "load_inputs",
    "load_query",
    "named_queries",
    "open_store",
    "parse_bibliography",
    "parse_report",
    "query",
    "rank_works",
    "read_articles",
    "read_bibliography",
    "read_claims",
    "read_concepts",
    "read_jats",
    "read_markdown",
    "read_report",
    "resolve",
    "run_query",
    "serialize",
    "shortest_path",
    "single_source_claims",
    "sources",
    "time_limit",
    "to_networkx",
    "validate_graph",
    "write_all",
    "write_corpus",
    "write_network",
]


def query(graph: Any, name: str, timeout: float | None = None, **params: str) -> list[dict[str, Any]]:
    """Run a named query (or a ``.rq`` file) on a store and return its rows as dicts.

    Args:
        graph: A store from :func:`open_store`, a graph from :func:`load`, or a path or URL.
        name: A named query (see ``kg query --list``) or a path to a ``.rq`` file.
        timeout: Seconds the query may run; None for no limit.
        **params: Values for the query's parameters, bound, never pasted into the text.

    Returns:
        One dict per row, variable name to Python value (None where unbound).
    """
    from kg.queries.sparql import load_query, run_query

    return run_query(graph, load_query(name), params, timeout=timeout).python()


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        __import__(_WHERE[name])  # the builtin, not importlib: importing kg stays as light as it can be
        value = getattr(sys.modules[_WHERE[name]], name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
