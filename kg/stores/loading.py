"""Bulk loading: graph files into a store folder (``kg load``), and the store a build leaves beside its files."""

from __future__ import annotations

import os

from kg.stores.oxigraph import OxigraphStore, failure, rdf_format
from kg.stores.store import StoreError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

__all__ = ["load_files", "replace_store"]


def load_files(folder: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]]) -> int:
    """Bulk-load graph files into the store in ``folder`` (made if missing); return the quads loaded.

    Each named graph of a file replaces the graph of that name in the store, so loading a
    newer build of an article replaces its graph, and loading a file twice changes nothing.
    Triples outside named graphs are added to the default graph. Every file is parsed before
    the store is touched, and SIGINT and SIGTERM are held while graphs are replaced, so an
    interruption leaves the store as it was or with every file loaded.

    Raises:
        InputError: A file is missing, of unknown format, names a JSON-LD context, or does not parse.
        StoreError: The store cannot be opened for writing (another program may hold it).
    """
    import pyoxigraph

    from kg.stores.graph_file import check_source

    names: dict[str, set[str]] = {}
    total = 0
    for path in files:
        before = total
        check_source(path)
        graphs: set[str] = set()
        try:
            for quad in pyoxigraph.parse(path=os.fspath(path), format=rdf_format(path)):
                total += 1
                if isinstance(quad.graph_name, pyoxigraph.NamedNode):
                    graphs.add(quad.graph_name.value)
        except SyntaxError as exc:
            from kg.errors import InputError

            line = f":{exc.lineno}" if exc.lineno else ""
            raise InputError(f"{os.fspath(path)}{line}: {' '.join((exc.msg or str(exc)).split())}") from None
        if total == before:  # e.g. a JSON file that is not JSON-LD: nothing to load is a mistake
            from kg.errors import InputError

            raise InputError(f"{os.fspath(path)}: holds no RDF triples (give a graph file that kg build wrote)")
        names[os.fspath(path)] = graphs
    from kg.write.outputs import signals_held

    store = OxigraphStore.open(folder, create=True)
    try:
        with signals_held():  # Ctrl-C takes effect once the graphs are replaced, never between drop and load
            for graph in sorted(set().union(*names.values())):
                store.drop_graph(graph)
            for path in files:
                store.load(path, bulk=True)
            store.flush()
    except OSError as exc:
        raise StoreError(f"{os.fspath(folder)}: cannot write the store: {failure(exc)}") from None
    finally:
        store.close()
    return total


def replace_store(folder: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]]) -> OxigraphStore:
    """Make ``folder`` a new store holding ``files`` (bulk-loaded), replacing the store there, if any.

    The old store is removed first and the new one is built beside it under a temporary name,
    then renamed into place: an interrupted run leaves no store rather than one that does not
    match the files (reading commands then read the files).

    Returns:
        The new store, open read-only.

    Raises:
        InputError: A file does not parse.
        StoreError: The folder cannot be written.
    """
    import shutil
    import tempfile

    target = os.fspath(folder)
    parent = os.path.dirname(os.path.abspath(target))
    name = os.path.basename(target)
    try:
        if os.path.lexists(target):
            is_store = os.path.isdir(target) and os.path.isfile(os.path.join(target, "CURRENT"))
            if not is_store and (not os.path.isdir(target) or os.listdir(target)):
                raise StoreError(f"{target}: exists and is not an Oxigraph store; not replaced")
            old = tempfile.mkdtemp(prefix=f".{name}.old.", dir=parent)
            os.replace(target, os.path.join(old, name))
            shutil.rmtree(old, ignore_errors=True)
        staging = tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=parent)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(staging, 0o777 & ~mask)  # as a folder made by mkdir, not mkdtemp's owner-only
    except OSError as exc:
        raise StoreError(f"{target}: cannot write the store: {failure(exc)}") from None
    try:
        store = OxigraphStore.open(staging, create=True)
        for path in files:
            store.load(path, bulk=True)
        store.flush()
        store.close()
        del store
        os.replace(staging, target)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write the store: {failure(exc)}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return OxigraphStore.open(target)
