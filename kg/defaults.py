"""Defaults shared by the library and the command line (no heavy imports here)."""

from __future__ import annotations

__all__ = ["DEFAULT_BASE", "DEFAULT_GRAPH"]

#: Base IRI used when none is given; pass ``--base`` for IRIs under your own domain.
DEFAULT_BASE = "http://example.org/kg/"

#: Where ``kg build`` writes by default, and where the query commands look for a graph.
DEFAULT_GRAPH = "build/kg.ttl"
