"""Stores to query: a graph file in memory, an on-disk Oxigraph store, or any SPARQL 1.1 endpoint.

:func:`open_store` picks one from what the user names; :func:`as_store` also takes an rdflib
graph (as :func:`kg.load` returns), so every query, lookup and traversal takes any of them.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from kg.stores.store import Store

__all__ = ["as_store", "default_store", "open_store"]


def open_store(
    store: str | os.PathLike[str] | None = None,
    graph: str | os.PathLike[str] | None = None,
    allow_remote_context: bool = False,
    timeout: float | None = None,
) -> Store:
    """The store a reading command or a notebook asks for.

    Args:
        store: A store folder (``kg build`` leaves ``build/oxigraph``; ``kg load`` makes one), a
            SPARQL endpoint's URL (``http://…`` or ``https://…``), or a graph file.
        graph: A graph file (Turtle, N-Triples, JSON-LD, N-Quads, TriG), loaded in memory.
        allow_remote_context: Let a JSON-LD file load the contexts it names (refused by default).
        timeout: Seconds an endpoint's answer may take, where a query gives no limit of its own.

    Returns:
        The store; with neither argument, :func:`default_store`.

    Raises:
        KGError: Both are given, the store or file cannot be opened, or the default build fails.
    """
    from kg.errors import InputError

    if store is not None and graph is not None:
        raise InputError("give a store (--store) or a graph file (--graph), not both")
    if graph is not None:
        from kg.stores.graph_file import file_store

        return file_store(graph, allow_remote_context)
    if store is None:
        return default_store()
    spec = os.fspath(store)
    if spec[:8].lower().startswith(("http://", "https://")):
        from kg.stores.endpoint import EndpointStore

        return EndpointStore(spec, timeout=timeout or 60.0)
    scheme, sep, _ = spec.partition("://")
    if sep and scheme.isalpha():  # ftp://, file://, ...: a URL kg does not read
        raise InputError(f"{spec}: a store is a folder or an http(s) URL")
    if os.path.isfile(spec):
        from kg.stores.graph_file import file_store

        return file_store(spec, allow_remote_context)
    from kg.stores.oxigraph import OxigraphStore

    return OxigraphStore.open(spec)


def default_store(folder: str = "build") -> Store:
    """The store of the last ``kg build`` in ``folder``: its Oxigraph store, else its graph file.

    Where there is neither, the bundled report is built there first (in memory only where
    the folder cannot be written).
    """
    from kg.defaults import STORE_FOLDER

    location = os.path.join(folder, STORE_FOLDER)
    if os.path.isfile(os.path.join(location, "CURRENT")):
        from kg.stores.oxigraph import OxigraphStore

        return OxigraphStore.open(location)
    for name in ("kg.ttl", "kg.nq"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            from kg.stores.graph_file import file_store

            return file_store(path)
    return _bundled(folder)


def _bundled(folder: str) -> Store:
    from kg.errors import InputError
    from kg.pipeline import build, load_inputs
    from kg.stores.graph_file import rdflib_store
    from kg.write.outputs import check_target

    try:
        check_target(os.path.join(folder, "kg.ttl"), create_parent=True)
    except InputError:  # e.g. a read-only working directory: answer all the same
        return rdflib_store(load_inputs().graph)
    build(out_dir=folder)
    return default_store(folder)


def as_store(source: Any) -> Store:
    """A store for ``source``: a store as it is, an rdflib graph copied into memory, a path or URL opened.

    Raises:
        KGError: The path or URL cannot be opened.
    """
    from kg.stores.store import Store

    if isinstance(source, Store):
        return source
    if source is None or isinstance(source, (str, os.PathLike)):
        return open_store(source)
    from rdflib import Graph

    if isinstance(source, Graph):
        from kg.stores.graph_file import rdflib_store

        return rdflib_store(source)
    raise TypeError(f"not a store, a graph or a path: {type(source).__name__}")
