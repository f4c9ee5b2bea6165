"""Oxigraph stores: on disk (the default store a build leaves, ``kg load``) or in memory (a graph file).

Queries run with the default graph as the union of the named graphs, as on every kg store.
Oxigraph evaluates a query outside Python's lock, so a time limit runs it in a worker thread
and stops waiting at the deadline (the command line then exits; the work ends with it).
"""

from __future__ import annotations

import os

from kg.stores.store import Answer, Store, StoreError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Iterable

    import pyoxigraph

__all__ = ["RDF_FORMATS", "OxigraphStore", "failure", "rdf_format", "within_store"]

#: File suffixes Oxigraph reads: the ``pyoxigraph.RdfFormat`` and the name messages give (as rdflib's).
RDF_FORMATS = {".ttl": ("TURTLE", "turtle"), ".nt": ("N_TRIPLES", "nt"), ".nq": ("N_QUADS", "nquads"),
               ".trig": ("TRIG", "trig"), ".jsonld": ("JSON_LD", "json-ld"), ".json": ("JSON_LD", "json-ld"),
               ".rdf": ("RDF_XML", "xml"), ".owl": ("RDF_XML", "xml")}  # fmt: skip


class OxigraphStore(Store):
    """An Oxigraph store on disk or in memory.

    Use :meth:`open` for a store folder and :meth:`memory` for an empty one in memory.
    """

    def __init__(self, store: pyoxigraph.Store, location: str, writable: bool) -> None:
        self._store = store
        self.location = location
        self.writable = writable

    @classmethod
    def open(cls, path: str | os.PathLike[str], writable: bool = False, create: bool = False) -> OxigraphStore:
        """Open the store in folder ``path``: read-only (many readers at once) unless ``writable``.

        Raises:
            StoreError: No store there (and ``create`` not given), or it cannot be opened.
        """
        import pyoxigraph

        location = os.fspath(path)
        if not create and not os.path.isfile(os.path.join(location, "CURRENT")):
            what = "a folder that holds no Oxigraph store" if os.path.isdir(location) else "no store"
            raise StoreError(f"{location}: {what} (kg build or kg load makes one)")
        for attempt in range(3):
            try:
                store = pyoxigraph.Store(location) if writable or create else pyoxigraph.Store.read_only(location)
                return cls(store, location, writable or create)
            except (OSError, RuntimeError) as exc:  # RocksDB reports a store replaced under it as corruption
                if attempt == 2 or writable or create:
                    raise StoreError(f"{location}: cannot open the store: {failure(exc)}") from None
                import time

                time.sleep(0.05)  # a build may be replacing it: its files come back in a moment
        raise StoreError(f"{location}: cannot open the store")  # pragma: no cover

    @classmethod
    def memory(cls, location: str = "<memory>") -> OxigraphStore:
        """An empty in-memory store (``location`` names it in messages, e.g. the file it holds)."""
        import pyoxigraph

        return cls(pyoxigraph.Store(), location, True)

    def load(self, path: str | os.PathLike[str], data: bytes | None = None, bulk: bool = False) -> None:
        """Load an RDF file (its format from the suffix) or its ``data``; named graphs are kept.

        Args:
            path: The file (or, with ``data``, the name whose suffix gives the format).
            data: The file's bytes, if already read.
            bulk: Load without a transaction, for large files into an on-disk store.

        Raises:
            InputError: Unknown suffix, unreadable file, or a syntax error (with its line).
            StoreError: The store cannot be written.
        """
        import pyoxigraph

        from kg.errors import InputError

        name = os.fspath(path)
        suffix = os.path.splitext(name)[1].lower()
        if suffix not in RDF_FORMATS:
            raise InputError(f"{name}: unknown RDF format {suffix or '(no suffix)'!r} (use {', '.join(RDF_FORMATS)})")
        attribute, label = RDF_FORMATS[suffix]
        fmt = getattr(pyoxigraph.RdfFormat, attribute)
        load = self._store.bulk_load if bulk else self._store.load
        try:
            if data is not None:
                load(data, format=fmt)
            else:
                load(path=name, format=fmt)
        except SyntaxError as exc:
            line = f":{exc.lineno}" if exc.lineno else ""
            raise InputError(f"{name}{line}: not valid {label}: {' '.join((exc.msg or str(exc)).split())}") from None
        except FileNotFoundError:
            raise InputError(f"{name}: file not found") from None
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot load {name}: {failure(exc)}") from None

    def run(self, text: str, form: str, timeout: float | None = None) -> Answer:
        """Evaluate a query and collect its answer (see :meth:`Store.run`)."""
        return _within(timeout, lambda: self._evaluate(text, form))

    def _evaluate(self, text: str, form: str) -> Answer:
        from kg.queries.sparql import QueryError
        from kg.queries.tokens import dataset_clauses, has_service

        union = not dataset_clauses(text)  # FROM names the default graph itself
        try:
            result = self._store.query(text, use_default_graph_as_union=union)
            if form == "ASK":
                return Answer(form, boolean=bool(result))
            if form == "SELECT":
                names = [v.value for v in result.variables]  # type: ignore[union-attr]
                return Answer(form, names, [tuple(s) for s in result])  # type: ignore[union-attr]  # values in order
            return Answer(form, triples=list(result))  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc.msg or exc}") from None
        except OSError as exc:
            if has_service(text):  # a SERVICE endpoint that cannot be reached
                raise QueryError(f"query failed: {failure(exc)}") from None
            raise StoreError(f"{self.location}: cannot read the store: {failure(exc)}") from None
        except RuntimeError as exc:
            if "Corruption" in str(exc) or "No such file" in str(exc):
                raise StoreError(
                    f"{self.location}: the store changed while it was read (a build may have replaced it); "
                    "run the command again"
                ) from None
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
        except (ValueError, TypeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None

    def replace_graph(self, name: str | None, data: bytes) -> None:
        """Replace the graph ``name`` (None: the default graph) with the N-Triples ``data``."""
        import pyoxigraph

        if not self.writable:
            super().replace_graph(name, data)
        graph = pyoxigraph.DefaultGraph() if name is None else pyoxigraph.NamedNode(name)
        try:
            quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
                     for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]  # fmt: skip
            if isinstance(graph, pyoxigraph.DefaultGraph) or self._store.contains_named_graph(graph):
                self._store.remove_graph(graph)
            self._store.extend(quads)
        except SyntaxError as exc:
            raise StoreError(f"{name}: not valid N-Triples: {exc.msg or exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot write the store: {failure(exc)}") from None

    def drop_graph(self, name: str) -> None:
        """Remove the named graph ``name`` and its triples, if the store holds it."""
        import pyoxigraph

        graph = pyoxigraph.NamedNode(name)
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)

    def graphs(self) -> list[str]:
        """The named graphs' IRIs, sorted."""
        return sorted(g.value for g in self._store.named_graphs())

    def update(self, text: str) -> None:
        """Run a SPARQL update on a writable store (the private copies kg makes, such as a validation's).

        Raises:
            StoreError: The store is read-only, or the update fails.
        """
        if not self.writable:
            raise StoreError(f"{self.location}: the store is read-only")
        try:
            self._store.update(text)
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.location}: update failed: {' '.join(str(exc).split())}") from None

    def add_quads(self, quads: Iterable[pyoxigraph.Quad]) -> None:
        """Add quads (for stores built in memory from rdflib terms)."""
        self._store.extend(quads)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write everything to disk and compact it (after a bulk load)."""
        try:
            self._store.flush()
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot write the store: {failure(exc)}") from None

    def close(self) -> None:
        """Let go of the store (Oxigraph closes its files once no reference is left)."""
        self._store = None  # type: ignore[assignment]


def rdf_format(path: str | os.PathLike[str]) -> pyoxigraph.RdfFormat:
    """The Oxigraph format of a file, by its suffix.

    Raises:
        InputError: An unknown suffix.
    """
    import pyoxigraph

    from kg.errors import InputError

    name = os.fspath(path)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in RDF_FORMATS:
        raise InputError(f"{name}: unknown RDF format {suffix or '(no suffix)'!r} (use {', '.join(RDF_FORMATS)})")
    return getattr(pyoxigraph.RdfFormat, RDF_FORMATS[suffix][0])  # type: ignore[no-any-return]


def _within(seconds: float | None, work: Callable[[], Answer]) -> Answer:
    """``work()``, or a TimeLimitError once it runs past ``seconds`` (None or 0: no limit)."""
    if not seconds or seconds >= _LONGEST:
        return work()
    import _thread  # not threading: its import and shutdown cost a lookup milliseconds

    outcome: list[Answer | BaseException] = []
    done = _thread.allocate_lock()
    done.acquire()

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the waiting thread, without this thread's frames:
            exc.__context__ = exc.__cause__ = None  # Oxigraph's results may only be dropped where they were made
            outcome.append(exc.with_traceback(None))
        finally:
            done.release()

    _thread.start_new_thread(run, ())
    if not done.acquire(timeout=seconds):
        from kg.signals import TimeLimitError

        raise TimeLimitError(f"query stopped after its time limit of {seconds:g} s")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


#: A limit this long (a year) is no limit.
_LONGEST = 365 * 24 * 3600.0


def failure(exc: BaseException) -> str:
    """An error's reason, as one line (an OSError's own text where it has one)."""
    return " ".join((getattr(exc, "strerror", None) or str(exc)).split())


def within_store(path: str) -> bool:
    """Whether ``path`` is an Oxigraph store's folder or inside one (where no other file belongs)."""
    folder = os.path.abspath(path)
    while True:
        if os.path.isfile(os.path.join(folder, "CURRENT")) and os.path.isfile(os.path.join(folder, "IDENTITY")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent
