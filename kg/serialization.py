"""Write a graph to Turtle, N-Triples and JSON-LD: deterministic bytes, atomic files."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

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
    """Write ``graph`` in each format as ``out_dir/stem.<suffix>``.

    Every file is first written in full to a temporary file beside its target; only when
    all are written are they renamed into place, so a failure leaves old outputs untouched
    and no half-written file behind.

    Args:
        graph: The graph.
        out_dir: The directory (created if missing).
        stem: File name without suffix.
        formats: Which of :data:`FORMATS` to write.

    Returns:
        The paths written, in the order of ``formats``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for fmt in formats:
            suffix, _ = FORMATS[fmt]
            target = out / f"{stem}{suffix}"
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=out)
            tmp = Path(name)
            staged.append((tmp, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(serialize(graph, fmt))
            os.chmod(tmp, 0o666 & ~_umask())
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        _discard(tmp for tmp, _ in staged)
    return [target for _, target in staged]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
