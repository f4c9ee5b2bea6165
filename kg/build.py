"""Build a report and its bibliography into graph files: read, resolve, build, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.bibliography import read_bibliography
from kg.graph import build_graph
from kg.iris import DEFAULT_BASE
from kg.records import Report
from kg.report import read_report
from kg.resolution import resolve
from kg.serialization import FORMATS, write_all

__all__ = ["BuildResult", "build", "default_bibliography", "default_report", "load_inputs"]

_ROOT = Path(__file__).resolve().parent.parent


def default_report() -> Path:
    """The bundled report: the single ``corpus/*.md`` of the project checkout."""
    found = sorted((_ROOT / "corpus").glob("*.md"))
    return found[0] if len(found) == 1 else _ROOT / "corpus" / "report.md"


def default_bibliography() -> Path:
    """The bundled ``references.bib`` of the project checkout."""
    return _ROOT / "references.bib"


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: counts for the summary and the files written."""

    report: Report
    graph: Graph
    outputs: tuple[Path, ...]

    @property
    def summary(self) -> dict[str, int]:
        """References, sentences, markers, pointers and triples, by name."""
        markers = self.report.markers
        return {
            "references": len(self.report.references),
            "sentences": len(self.report.sentences),
            "markers": len(markers),
            "pointers": sum(len(m.numbers) for m in markers),
            "triples": len(self.graph),
        }


def load_inputs(report: str | Path, bibliography: str | Path, base: str = DEFAULT_BASE) -> tuple[Report, Graph]:
    """Read, resolve and build, without writing anything.

    Args:
        report: The Markdown report.
        bibliography: The BibTeX file.
        base: Base IRI.

    Returns:
        The parsed report and its graph.

    Raises:
        KGError: Any input problem (see :mod:`kg.errors`); nothing has been written.
    """
    parsed = read_report(report)
    entries = read_bibliography(bibliography)
    resolution = resolve(parsed, entries, str(bibliography))
    return parsed, build_graph(parsed, resolution, base)


def build(
    report: str | Path | None = None,
    bibliography: str | Path | None = None,
    out_dir: str | Path = "build",
    base: str = DEFAULT_BASE,
) -> BuildResult:
    """Build a report into ``out_dir/kg.ttl``, ``kg.nt`` and ``kg.jsonld``.

    Args:
        report: The Markdown report; defaults to the bundled corpus.
        bibliography: The BibTeX file; defaults to the bundled ``references.bib``.
        out_dir: Where to write.
        base: Base IRI of the minted nodes.

    Returns:
        The report, the graph and the written paths.

    Raises:
        KGError: Any input problem; then no output file is created or overwritten.
    """
    parsed, graph = load_inputs(report or default_report(), bibliography or default_bibliography(), base)
    outputs = write_all(graph, out_dir, "kg", tuple(FORMATS))
    return BuildResult(parsed, graph, tuple(outputs))
