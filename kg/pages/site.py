"""Evidence pages of a store: one page per article and, for a corpus, an index page linking them.

Every page is read from the store through queries (``kg/queries/page`` and the named queries),
so it shows any graph that follows kg's vocabularies, wherever it was built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["INDEX", "article_page", "corpus_pages", "folder_pages", "index_page", "page_names", "stale_pages"]

#: The file name of a corpus's index page.
INDEX = "index.html"
#: How many of the most-cited works an index page lists.
MOST_CITED = 25


def article_page(source: Any, article: str | None = None, index: str = "") -> str:
    """The evidence page of one article, as HTML.

    Args:
        source: A store, an rdflib graph, or a path or URL (see :func:`kg.stores.as_store`).
        article: The article (its id, DOI, PMID, PMCID or IRI); may be left out when the
            store holds one article.
        index: The link to the index page, for a page that is part of a corpus's set.

    Raises:
        KGError: No article is named and the store holds none, or several.
        UnknownError: ``article`` names no article of the store.
    """
    from kg.queries.lookup import articles, resolve_article
    from kg.stores import as_store

    store = as_store(source)
    held = articles(store)
    if article is not None:
        iri = resolve_article(store, article)
    elif len(held) == 1:
        iri = next(iter(held))
    else:
        listed = ", ".join(sorted(held.values())[:10])
        raise KGError(
            f"the store holds {len(held)} articles: name one ({listed}{', ...' if len(held) > 10 else ''}) "
            "or give --out a folder for all of them"
            if held
            else f"{store.location}: the store holds no article (a node with sections or a reference list)"
        )
    return _page(store, iri, held.get(iri, iri), index)


def _page(store: Any, iri: str, ident: str, index: str) -> str:
    from kg.pages.evidence import article_evidence
    from kg.pages.html import render_article

    return render_article(article_evidence(store, iri, ident), index)


def corpus_pages(source: Any) -> dict[str, str]:
    """Every page of a store's articles, by file name, and the index page (``index.html``) linking them.

    Raises:
        KGError: The store holds no article.
    """
    from kg.queries.lookup import articles
    from kg.stores import as_store

    store = as_store(source)
    held = articles(store)
    names = page_names(held)
    pages = {name: _page(store, iri, held[iri], INDEX) for iri, name in names.items()}
    pages[INDEX] = index_page(store, names)
    return dict(sorted(pages.items()))


def folder_pages(source: Any, folder: str, article: str | None = None) -> dict[str, str]:
    """The pages to write into ``folder``, by file name: every article's and the index, or one article's.

    One article's page is named as in the whole set, and links to the folder's index if it has one.
    """
    import os

    from kg.queries.lookup import articles, resolve_article
    from kg.stores import as_store

    store = as_store(source)
    if article is None:
        return corpus_pages(store)
    iri = resolve_article(store, article)
    held = articles(store)
    index = INDEX if os.path.isfile(os.path.join(folder, INDEX)) else ""
    return {page_names(held)[iri]: _page(store, iri, held.get(iri, iri), index)}


def index_page(source: Any, names: dict[str, str] | None = None) -> str:
    """The index page of a store's articles: each with its counts and a link to its page, and the most-cited works.

    Args:
        source: A store, an rdflib graph, or a path or URL (see :func:`kg.stores.as_store`).
        names: Each article's page file name (IRI → name); default: :func:`page_names`.

    Raises:
        KGError: The store holds no article.
    """
    from kg.pages.html import doi_link, render_index
    from kg.queries.lookup import articles
    from kg.queries.named import page_query
    from kg.queries.sparql import run_query
    from kg.stores import as_store

    store = as_store(source)
    held = articles(store)
    if not held:
        raise KGError(f"{store.location}: the store holds no article (a node with sections or a reference list)")
    names = names if names is not None else page_names(held)
    listed = []
    for row in run_query(store, page_query("corpus")).records():
        if row["article"] in names:
            counts = {k: int(row.get(k, "0")) for k in ("claims", "cited", "citations", "references")}
            listed.append({"href": names[row["article"]], "id": held[row["article"]], "title": row.get("title", ""),
                           **counts})  # fmt: skip
    listed.sort(key=lambda a: (a["id"], a["href"]))
    works: dict[str, dict[str, Any]] = {}
    for row in run_query(store, page_query("cited-works")).records():
        work = works.setdefault(
            row["work"], {"work": row["work"], "title": "", "doi": "", "printed": "", "articles": 0, "claims": 0}
        )
        for key in ("title", "doi", "printed"):
            if row.get(key) and (not work[key] or row[key] < work[key]):
                work[key] = row[key]
        work["articles"] = max(work["articles"], int(row["articles"]))
        work["claims"] = max(work["claims"], int(row["claims"]))
    ranked = sorted(works.values(), key=lambda w: (-w["articles"], -w["claims"], w["work"]))[:MOST_CITED]
    for work in ranked:
        work["doi_href"] = doi_link(work["doi"]) if work["doi"] else ""
    title = f"Evidence pages: {len(held)} article{'s' if len(held) != 1 else ''}"
    return render_index(title, listed, ranked)


def page_names(held: dict[str, str]) -> dict[str, str]:
    """A file name for each article's page (IRI → name), from its id: readable, safe, unique.

    Names are unique regardless of case (for file systems that ignore it), and a name given to
    tell two articles apart is never another article's own (``upper-2.html`` is article
    ``upper-2``'s page, not a second ``upper``'s).
    """
    ordered = sorted(held.items(), key=lambda item: (item[1], item[0]))
    bases = {iri: _safe(ident) for iri, ident in ordered}
    natural = {f"{base}.html".lower() for base in bases.values()}
    names: dict[str, str] = {}
    taken = {INDEX}
    for iri, _ in ordered:
        base = bases[iri]
        name, n = f"{base}.html", 1
        while name.lower() in taken or (n > 1 and name.lower() in natural):
            n += 1
            name = f"{base}-{n}.html"
        taken.add(name.lower())
        names[iri] = name
    return names


def _safe(ident: str) -> str:
    """An id as a file name's stem: ASCII letters, digits, ``-``, ``_`` and ``.``."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in ident).strip("-.") or "article"


def stale_pages(folder: str, pages: dict[str, str]) -> list[Path]:
    """The pages of ``folder`` that its index, as kg last wrote it, links and the new set ``pages`` lacks.

    Only a whole set (one holding its index) replaces an earlier one, and only pages kg wrote go:
    a file the old index did not link, or one kg did not write, is left alone.
    """
    import re
    from pathlib import Path

    if INDEX not in pages:
        return []
    linked = _generated(Path(folder) / INDEX)
    names = set(re.findall(r'<td><a href="([A-Za-z0-9._-]+\.html)">', linked)) - set(pages)
    return [Path(folder) / name for name in sorted(names) if _generated(Path(folder) / name)]


def _generated(path: Path) -> str:
    """The text of ``path`` if it is a page kg wrote, else ""."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(1 << 24).decode("utf-8", "replace")
    except OSError:
        return ""
    return text if '<meta name="generator" content="kg ' in text[:2048] else ""
