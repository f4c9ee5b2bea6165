"""The evidence pages of a store, made on first request and kept: what ``kg serve`` serves at ``/pages/``.

The store is opened read-only beside the endpoint's server; as the endpoint never changes it,
a page once made is kept for the life of the process.
"""

from __future__ import annotations

import threading

__all__ = ["Shelf"]


class Shelf:
    """The pages of the store in folder ``store``: ``index.html`` and one page per article, by file name."""

    def __init__(self, store: str) -> None:
        self._location = store
        self._lock = threading.Lock()
        self._pages: dict[str, bytes] = {}
        self._names: dict[str, str] | None = None  # file name -> article IRI

    def get(self, name: str) -> bytes | None:
        """The page ``name`` (``index.html`` for ``""``), or None if the store has no such page.

        Raises:
            KGError: The store cannot be read, or holds no article.
        """
        from kg.pages.site import INDEX, article_page, index_page, page_names
        from kg.queries.lookup import articles
        from kg.stores.oxigraph import OxigraphStore

        name = name or INDEX
        with self._lock:  # one page made at a time; the others wait for it rather than make it again
            if name in self._pages:
                return self._pages[name]
            store = OxigraphStore.open(self._location)
            try:
                if self._names is None:
                    self._names = {n: iri for iri, n in page_names(articles(store)).items()}
                if name == INDEX:
                    page = index_page(store, {iri: n for n, iri in self._names.items()})
                elif name in self._names:
                    page = article_page(store, self._names[name], INDEX)
                else:
                    return None
            finally:
                store.close()
            self._pages[name] = page.encode("utf-8")
            return self._pages[name]
