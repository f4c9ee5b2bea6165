"""Build a report and its bibliography into graph files: read, resolve, build, write."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph

from kg.builder.article import build_graph
from kg.builder.iris import DEFAULT_BASE
from kg.bundle import bibliography_file, corpus_dir
from kg.errors import InputError, where
from kg.readers.bibtex import read_bibliography
from kg.readers.claims import check_claims
from kg.readers.concepts import read_concepts
from kg.readers.markdown import read_report
from kg.readers.resolution import resolve
from kg.records import Claim, Report
from kg.validation import check_graph
from kg.write.rdf import FORMATS, write_all

__all__ = [
    "BuildResult",
    "build",
    "claims_beside",
    "concepts_beside",
    "default_bibliography",
    "default_report",
    "load_inputs",
]


def default_report() -> Path:
    """The bundled report: the single ``*.md`` of the bundled corpus.

    Raises:
        InputError: The corpus folder holds no report or several (then ``--report`` must say which).
    """
    corpus = corpus_dir()
    found = sorted(corpus.glob("*.md"))
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise InputError(f"{where(corpus)}: expected one bundled report, found {names}; pass --report PATH")
    return found[0]


def default_bibliography() -> Path:
    """The bundled ``references.bib``."""
    return bibliography_file()


def claims_beside(report: Path) -> Path | None:
    """The claims file that goes with a report (``<stem>.claims.yaml`` beside it), if there is one."""
    path = report.with_name(f"{report.stem}.claims.yaml")
    return path if path.exists() else None


def concepts_beside(report: Path) -> Path | None:
    """The concept scheme beside a report (``concepts.yaml``), if there is one."""
    path = report.with_name("concepts.yaml")
    return path if path.exists() else None


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: counts for the summary and the files written."""

    report: Report
    graph: Graph
    outputs: tuple[Path, ...]
    claims: int = 0
    uncited: int = 0

    @property
    def summary(self) -> dict[str, int]:
        """References, sentences, markers, pointers, claims and triples, by name."""
        markers = self.report.markers
        return {
            "references": len(self.report.references),
            "sentences": len(self.report.sentences),
            "markers": len(markers),
            "pointers": sum(len(m.numbers) for m in markers),
            "claims": self.claims,
            "uncited": self.uncited,
            "triples": len(self.graph),
        }


def load_inputs(
    report: str | Path | None = None,
    bibliography: str | Path | None = None,
    base: str = DEFAULT_BASE,
    claims: str | Path | None = None,
    concepts: str | Path | None = None,
    validate: bool = True,
) -> BuildResult:
    """Read, check, resolve, build and validate, without writing anything.

    Args:
        report: The Markdown report; defaults to the bundled corpus.
        bibliography: The BibTeX file; defaults to the bundled ``references.bib``.
        base: Base IRI.
        claims: The claims file; defaults to ``<report stem>.claims.yaml`` beside the report, if any.
        concepts: The concept scheme; defaults to ``concepts.yaml`` beside the report, if any.
        validate: Check the built graph against the SHACL shapes.

    Returns:
        The report and its graph (``outputs`` is empty).

    Raises:
        KGError: Any input problem, a claim that does not fit the text, or a graph that
            breaks the shapes (see :mod:`kg.errors`); nothing has been written.
    """
    report = Path(report) if report else default_report()
    bibliography = bibliography or default_bibliography()
    parsed = read_report(report)
    entries = read_bibliography(bibliography)
    resolution = resolve(parsed, entries, str(bibliography))
    claims_path = Path(claims) if claims else claims_beside(report)
    concepts_path = Path(concepts) if concepts else concepts_beside(report)
    scheme = read_concepts(concepts_path) if concepts_path else []
    curated: list[Claim] = []
    quotes = None
    if claims_path:
        curated, quotes = check_claims(claims_path, parsed, scheme)
    graph = build_graph(parsed, resolution, base, curated, quotes, scheme)
    if validate:
        check_graph(graph, report)
    uncited = sum(1 for c in curated if not c.citations)
    return BuildResult(parsed, graph, (), len(curated), uncited)


def build(
    report: str | Path | None = None,
    bibliography: str | Path | None = None,
    out_dir: str | Path = "build",
    base: str = DEFAULT_BASE,
    claims: str | Path | None = None,
    concepts: str | Path | None = None,
) -> BuildResult:
    """Build a report into ``out_dir/kg.ttl``, ``kg.nt`` and ``kg.jsonld``.

    Args:
        report: The Markdown report; defaults to the bundled corpus.
        bibliography: The BibTeX file; defaults to the bundled ``references.bib``.
        out_dir: Where to write.
        base: Base IRI of the minted nodes.
        claims: The claims file (default: beside the report, if any).
        concepts: The concept scheme (default: beside the report, if any).

    Returns:
        The report, the graph, the written paths and the claim counts.

    Raises:
        KGError: Any input or validation problem; then no output file is created or overwritten.
    """
    result = load_inputs(report, bibliography, base, claims, concepts)
    outputs = write_all(result.graph, out_dir, "kg", tuple(FORMATS))
    return replace(result, outputs=tuple(outputs))
