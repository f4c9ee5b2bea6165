"""Read a graph file written by kg (or any RDF file) safely, with a clear error on failure.

Reading a file never reaches beyond it: a JSON-LD document whose ``@context`` (or a context's
``@import``) names another document, remote or local, is refused unless the caller allows it,
since rdflib would fetch it. N-Quads and TriG files keep their named graphs.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, where
from kg.formats import READ_FORMATS

if TYPE_CHECKING:  # pragma: no cover
    from os import PathLike

    from rdflib import Graph, Literal

    from kg.stores.oxigraph import OxigraphStore

__all__ = [
    "QUAD_FORMATS",
    "check_file",
    "check_source",
    "external_contexts",
    "file_store",
    "ill_typed",
    "quiet_rdflib",
    "rdflib_store",
    "read_graph",
    "refuse_contexts",
    "union_graph",
]

#: Parser names of the formats that hold named graphs.
QUAD_FORMATS = frozenset({"nquads", "trig"})


def read_graph(path: str | Path, allow_remote_context: bool = False) -> Graph:
    """Parse an RDF file, its format chosen by the suffix (see :data:`kg.formats.READ_FORMATS`).

    Args:
        path: The file.
        allow_remote_context: Let a JSON-LD file load the contexts it names (a network or
            file-system access); refused by default.

    Returns:
        The graph; for N-Quads and TriG a :class:`~rdflib.Dataset` whose default graph is
        the union of its graphs.

    Raises:
        InputError: The file is missing or not a regular file, its format unknown, it names an
            external JSON-LD context, or it does not parse.
    """
    path = Path(path)
    fmt = check_file(path)
    try:
        data = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{where(path)}: not valid UTF-8 (at byte {exc.start})") from None
    if fmt == "json-ld" and not allow_remote_context:
        refuse_contexts(path, data)
    from rdflib import Dataset, Graph

    graph: Graph = Dataset(default_union=True) if fmt in QUAD_FORMATS else Graph()
    try:
        with quiet_rdflib():
            graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many parser-specific types
        line, message = _parse_error(exc)
        if line is None and fmt in _LINE_FORMATS:
            line = _first_bad_line(data, fmt)
        raise InputError(f"{where(path, line)}: not valid {fmt}: {message[:300]}") from None
    return graph


def check_file(path: Path) -> str:
    """The format name of a graph file that exists and is a regular file.

    Raises:
        InputError: The file is missing, not a regular file, or of unknown format.
    """
    if not path.exists():
        raise InputError(f"{where(path)}: file not found")
    if not path.is_file():
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise InputError(f"{where(path)}: is {kind}, expected a graph file")
    fmt = READ_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(READ_FORMATS)
        raise InputError(f"{where(path)}: unknown RDF format {path.suffix or '(no suffix)'!r} (use {known})")
    return fmt


#: Formats of one statement per line, whose parser names no line: the failing line is looked for.
_LINE_FORMATS = frozenset({"nt", "nquads"})


def _first_bad_line(data: str, fmt: str, limit: int = 100_000) -> int | None:
    """The first line (of the first ``limit``) that does not parse on its own, for an error message."""
    from rdflib import Dataset, Graph

    with quiet_rdflib():
        for number, text in enumerate(data.splitlines()[:limit], start=1):
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            try:
                (Dataset() if fmt == "nquads" else Graph()).parse(data=text, format=fmt)
            except Exception:  # the line at fault
                return number
    return None


def _parse_error(exc: Exception) -> tuple[int | None, str]:
    """The line and a one-line reason of an rdflib parser error."""
    text, offset, why = getattr(exc, "_str", None), getattr(exc, "_i", None), getattr(exc, "_why", None)
    if isinstance(text, bytes) and isinstance(offset, int) and why:  # Turtle, TriG, N3: BadSyntax
        return text[:offset].count(b"\n") + 1, f"bad syntax ({why})"
    line = getattr(exc, "lines", None) or getattr(exc, "line", None)
    return (line if isinstance(line, int) else None), " ".join(str(exc).split()) or type(exc).__name__


def union_graph(graph: Graph) -> Graph:
    """All triples of ``graph`` in one plain graph (the union of a dataset's named graphs)."""
    from rdflib import Dataset, Graph

    if not isinstance(graph, Dataset):
        return graph
    union = Graph()
    with quiet_rdflib():
        for prefix, namespace in graph.namespaces():
            union.bind(prefix, namespace, override=True)
        for triple in graph.triples((None, None, None)):
            union.add(triple)
    return union


def ill_typed(graph: Graph) -> list[Literal]:
    """The literals whose text is not a value of their datatype (``"v"^^xsd:integer``), sorted."""
    from rdflib import Literal

    found = {o for o in graph.objects() if isinstance(o, Literal) and o.ill_typed}
    return sorted(found, key=lambda literal: literal.n3())


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Hold back rdflib's noise: tracebacks logged for ill-typed literals, deprecation warnings of its own API."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        log.setLevel(level)


def external_contexts(document: Any) -> Iterator[str]:
    """Every JSON-LD context a document names by reference (``@context`` or ``@import`` strings)."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("@context", "@import"):
                values = value if isinstance(value, list) else [value]
                yield from (v for v in values if isinstance(v, str))
            yield from external_contexts(value)
    elif isinstance(document, list):
        for item in document:
            yield from external_contexts(item)


def check_source(path: str | PathLike[str]) -> str:
    """Check a graph file that Oxigraph is about to parse (``kg load``, ``kg publish``); return its format name.

    Raises:
        InputError: As :func:`check_file`, or a JSON-LD file names a context to load.
    """
    checked = Path(path)
    fmt = check_file(checked)
    if fmt == "json-ld":
        refuse_contexts(checked, checked.read_text(encoding="utf-8", errors="replace"))
    return fmt


def refuse_contexts(path: Path, data: str) -> None:
    """Refuse a JSON-LD document that names a context to load (with a message on how to allow it).

    Raises:
        InputError: It names one, or it is not JSON.
    """
    try:
        document = json.loads(data)
        contexts = list(external_contexts(document))
    except json.JSONDecodeError as exc:
        raise InputError(f"{where(path, exc.lineno)}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{where(path)}: JSON nested too deeply") from None
    for context in contexts:
        raise InputError(
            f"{where(path)}: JSON-LD context {context!r} refused: reading a file never loads other documents "
            "(give --allow-remote-context to let it)"
        )


def file_store(path: str | PathLike[str], allow_remote_context: bool = False) -> OxigraphStore:
    """A graph file loaded into an in-memory Oxigraph store, its named graphs kept.

    Raises:
        InputError: As :func:`read_graph`: the file is missing, of unknown format, names an
            external JSON-LD context, does not parse (with its line), or holds no triples.
    """
    from kg.stores.oxigraph import OxigraphStore

    path = Path(path)
    fmt = check_file(path)
    if fmt == "json-ld" and allow_remote_context:  # Oxigraph loads no contexts: rdflib does, when allowed
        return rdflib_store(read_graph(path, allow_remote_context), str(path))
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{where(path)}: not valid UTF-8 (at byte {exc.start})") from None
    if fmt == "json-ld":
        refuse_contexts(path, data.decode("utf-8"))
    store = OxigraphStore.memory(str(path))
    store.load(path, data)
    if not len(store):
        raise InputError(f"{where(path)}: holds no RDF triples (give a graph file that kg build wrote)")
    return store


def rdflib_store(graph: Graph, location: str = "<memory>") -> OxigraphStore:
    """An in-memory Oxigraph store holding an rdflib graph (a dataset keeps its named graphs)."""
    from rdflib import Dataset

    from kg.stores.oxigraph import OxigraphStore

    store = OxigraphStore.memory(location)
    with quiet_rdflib():
        data = graph.serialize(format="nquads" if isinstance(graph, Dataset) else "nt", encoding="utf-8")
    store.load("graph.nq" if isinstance(graph, Dataset) else "graph.nt", data)
    return store
