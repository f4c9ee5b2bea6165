"""kg: turn a biomedical article and the works it cites into a traceable knowledge graph."""

from __future__ import annotations

from kg.bibliography import parse_bibliography, read_bibliography
from kg.build import BuildResult, build, load_inputs
from kg.errors import InputError, KGError, ResolutionError
from kg.graph import build_graph
from kg.iris import DEFAULT_BASE
from kg.report import parse_report, read_report
from kg.resolution import Resolution, resolve
from kg.serialization import serialize, write_all

__all__ = [
    "DEFAULT_BASE",
    "BuildResult",
    "InputError",
    "KGError",
    "Resolution",
    "ResolutionError",
    "build",
    "build_graph",
    "load_inputs",
    "parse_bibliography",
    "parse_report",
    "read_bibliography",
    "read_report",
    "resolve",
    "serialize",
    "write_all",
]
