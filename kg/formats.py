"""The output formats kg knows, by name, with their file suffixes: the one registry the CLI's choices come from.

No heavy imports here: the command line builds its options from these names before it
knows which command runs.
"""

from __future__ import annotations

import os

from kg.errors import InputError, where

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping
    from pathlib import Path

__all__ = [
    "GRAPH_FORMATS",
    "LOOKUP_FORMATS",
    "NETWORK_FORMATS",
    "QUERY_FORMATS",
    "READ_FORMATS",
    "RESULT_FORMATS",
    "format_for",
]

#: RDF formats kg writes: name → file suffix (CONSTRUCT and DESCRIBE results, builds).
GRAPH_FORMATS: Mapping[str, str] = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}
#: Formats of SELECT and ASK results: the SPARQL 1.1 results formats and an aligned table.
RESULT_FORMATS: Mapping[str, str] = {"table": ".txt", "json": ".json", "csv": ".csv", "tsv": ".tsv"}
#: Every format of ``kg query``: results, or RDF for CONSTRUCT and DESCRIBE.
QUERY_FORMATS: Mapping[str, str] = {**RESULT_FORMATS, **GRAPH_FORMATS}
#: Formats of the lookups and traversals (``kg cites``, ``kg sources``, ``kg trace`` ...).
LOOKUP_FORMATS: Mapping[str, str] = {"table": ".txt", "json": ".json", "csv": ".csv"}
#: Formats of the networkx projection, for Gephi and Cytoscape.
NETWORK_FORMATS: Mapping[str, str] = {"graphml": ".graphml", "gexf": ".gexf"}
#: RDF formats kg reads: file suffix → rdflib parser name; the last two hold named graphs.
READ_FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nq": "nquads",
    ".trig": "trig",
}


def format_for(target: str | Path | None, formats: Mapping[str, str], given: str | None, default: str) -> str:
    """The format to write: the one given, else the one the target's suffix names, else ``default``.

    Args:
        target: The output file (``-`` or None for standard output).
        formats: The formats the command writes, name → suffix.
        given: The format asked for with ``--format``, if any.
        default: The format when neither says.

    Returns:
        A key of ``formats``.

    Raises:
        InputError: The target's suffix names no format of the command (give ``--format``).
    """
    if given:
        return given
    if target is None or str(target) == "-":
        return default
    suffix = os.path.splitext(os.fspath(target))[1].lower()
    for name, known in formats.items():
        if suffix == known:
            return name
    if not suffix:
        return default
    names = ", ".join(f"{s} ({n})" for n, s in formats.items())
    raise InputError(f"{where(target)}: unknown output suffix {suffix!r}; use one of {names}, or give --format")
