"""Read a graph file written by kg (or any RDF file) with a clear error on failure."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.util import guess_format

from kg.errors import InputError, where

__all__ = ["read_graph"]


def read_graph(path: str | Path) -> Graph:
    """Parse an RDF file, its format guessed from the suffix (``.ttl``, ``.nt``, ``.jsonld``, ...).

    Args:
        path: The file.

    Returns:
        The graph.

    Raises:
        InputError: The file is missing, its format unknown, or it does not parse.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{where(path)}: file not found")
    fmt = guess_format(str(path)) or ("json-ld" if path.suffix == ".jsonld" else None)
    if fmt is None:
        raise InputError(f"{where(path)}: unknown RDF format (use .ttl, .nt, .nq, .trig or .jsonld)")
    try:
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        line = getattr(exc, "lines", None) or getattr(exc, "line", None)
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"{where(path, line if isinstance(line, int) else None)}: not valid {fmt}: {message}"
        ) from None
