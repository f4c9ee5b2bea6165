"""Write a graph to Turtle, N-Triples and JSON-LD: deterministic bytes, atomic files."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import Graph

__all__ = ["FORMATS", "serialize", "write_all"]


def _ntriples(graph: Graph) -> str:
    lines = graph.serialize(format="nt").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def _turtle(graph: Graph) -> str:
    return _canonical(graph).serialize(format="turtle")


def _jsonld(graph: Graph) -> str:
    document = json.loads(_canonical(graph).serialize(format="json-ld"))
    return json.dumps(_sorted_arrays(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _sorted_arrays(value: Any, key: str = "") -> Any:
    """Sort every JSON array (kg writes no ``@list``, so array order carries no meaning)."""
    if isinstance(value, dict):
        return {k: _sorted_arrays(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _canonical(graph: Graph) -> Graph:
    """A copy with triples inserted in sorted order, so every serializer walks them in one order."""
    copy = Graph()
    for prefix, namespace in sorted(graph.namespaces()):
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        copy.add(triple)
    return copy


#: Output formats: name → (file suffix, serializer).
FORMATS: dict[str, tuple[str, Callable[[Graph], str]]] = {
    "ttl": (".ttl", _turtle),
    "nt": (".nt", _ntriples),
    "jsonld": (".jsonld", _jsonld),
}


def serialize(graph: Graph, fmt: str) -> str:
    """Serialize ``graph`` to one of :data:`FORMATS`, the same text for the same graph on every run.

    Args:
        graph: The graph.
        fmt: ``ttl``, ``nt`` or ``jsonld``.

    Returns:
        The serialized text.
    """
    return FORMATS[fmt][1](graph)


def write_all(
    graph: Graph, out_dir: str | Path, stem: str = "kg", formats: Sequence[str] = tuple(FORMATS)
) -> list[Path]:
    """Write ``graph`` in each format as ``out_dir/stem.<suffix>``, all or nothing.

    Every target is checked before anything is written, each file is written in full to a
    temporary file beside its target, and only then are they renamed into place, so a failure
    or an interruption leaves the old outputs untouched and no temporary file behind (see
    :func:`kg.outputs.write_files`).

    Args:
        graph: The graph.
        out_dir: The directory (created if missing).
        stem: File name without suffix.
        formats: Which of :data:`FORMATS` to write.

    Returns:
        The paths written, in the order of ``formats``.

    Raises:
        InputError: The folder or a target cannot be written; nothing has changed.
    """
    from kg.outputs import make_folder, write_files

    out = Path(out_dir)
    make_folder(out)

    def writer(fmt: str) -> Callable[[BinaryIO], None]:
        def write(handle: BinaryIO) -> None:
            handle.write(serialize(graph, fmt).encode("utf-8"))

        return write

    return write_files({out / f"{stem}{FORMATS[fmt][0]}": writer(fmt) for fmt in formats})
