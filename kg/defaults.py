"""Defaults shared by the library and the command line (no heavy imports here)."""

from __future__ import annotations

__all__ = ["DEFAULT_BASE", "DEFAULT_GRAPH", "STORE_FOLDER"]

#: Base IRI used when none is given; pass ``--base`` for IRIs under your own domain.
DEFAULT_BASE = "http://example.org/kg/"

#: Where ``kg build`` writes by default, and where the query commands look for a graph.
DEFAULT_GRAPH = "build/kg.ttl"

#: The Oxigraph store ``kg build`` leaves beside its files (a folder in ``--out``), which every
#: reading command opens by default.
STORE_FOLDER = "oxigraph"
