"""Build articles into graph files: read, link claims, build, validate, write.

Any input format goes through the same steps: a reader returns :class:`~kg.records.Article`
records; curated claims (a ``<stem>.claims.yaml`` beside the input) are checked against the
text, and every other citing sentence becomes a citation statement; the builder mints the
triples; the shapes check them; the files are written all or nothing, with a data-quality
report (``kg.quality.json``) beside them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from rdflib import Graph

from kg.builder.iris import DEFAULT_BASE
from kg.corpus import ArticleBuild, BuiltArticle, Corpus, Failure, Source
from kg.errors import InputError, KGError, ProblemsError, where
from kg.inputs import claims_beside, concepts_beside, default_bibliography, default_report, expanded
from kg.namespaces import bind_prefixes
from kg.quality import QUALITY_FILE, quality_report
from kg.records import Article
from kg.write.outputs import make_folder, staged, write_files
from kg.write.quads import QUAD_FORMATS, DatasetWriter, article_files
from kg.write.rdf import FORMATS

if TYPE_CHECKING:  # pragma: no cover
    from kg.write.outputs import Writer

__all__ = [
    "QUALITY_FILE",
    "ArticleBuild",
    "BuildResult",
    "BuiltArticle",
    "Failure",
    "build",
    "claims_beside",
    "concepts_beside",
    "default_bibliography",
    "default_report",
    "load_inputs",
    "quality_report",
]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: each article's build, the graph of them all, the files written.

    A build of one article keeps its graph (``graph``, and ``articles`` with each graph), as
    does :func:`load_inputs`; :func:`build` of several articles writes each article's graph as
    it is built and keeps only ``built`` (``articles`` is then empty and ``graph`` refused:
    read the files). ``failures`` lists the
    inputs left out of a build of several that was not strict; ``works`` is the work index's
    summary (works, how references matched them, conflicts).
    """

    articles: tuple[ArticleBuild, ...]
    merged: Graph | None
    outputs: tuple[Path, ...] = field(default=())
    failures: tuple[Failure, ...] = field(default=())
    built: tuple[BuiltArticle, ...] = field(default=())
    works: dict[str, Any] = field(default_factory=dict)

    @property
    def graph(self) -> Graph:
        """The graph of every article, where the build kept it (see the class docstring).

        Raises:
            KGError: A build of several articles wrote them as they came: load its files.
        """
        if self.merged is None:
            raise KGError("a build of several articles keeps no graph: load its kg.nq (kg.load), or use load_inputs")
        return self.merged

    @property
    def report(self) -> Article:
        """The first (for a Markdown report, the only) article, when the build kept it."""
        if not self.articles:
            raise KGError("a build of several articles keeps no articles: see BuildResult.built")
        return self.articles[0].article

    @property
    def claims(self) -> int:
        """Curated claims, over all articles."""
        return sum(a.summary["claims"] for a in self.built)

    @property
    def uncited(self) -> int:
        """Curated claims that cite nothing, over all articles."""
        return sum(a.summary["uncited"] for a in self.built)

    @property
    def summary(self) -> dict[str, int]:
        """The counts of :attr:`ArticleBuild.summary` over all articles.

        ``triples`` counts the merged graph where the build kept it, else each article's
        triples (a work described in two articles counts twice).
        """
        total: dict[str, int] = {}
        for built in self.built:
            for name, count in built.summary.items():
                total[name] = total.get(name, 0) + count
        if total and self.merged is not None:
            total["triples"] = len(self.merged)
        return total


def load_inputs(
    report: str | Path | Sequence[str | Path] | None = None,
    bibliography: str | Path | None = None,
    base: str = DEFAULT_BASE,
    claims: str | Path | None = None,
    concepts: str | Path | None = None,
    validate: bool = True,
    strict: bool = False,
    progress: bool = False,
) -> BuildResult:
    """Read, link, build and validate one input, or several, in memory, without writing anything.

    Args:
        report: The input (a Markdown report or a JATS XML file, or a folder of them), or
            several; defaults to the bundled corpus.
        bibliography: The BibTeX file of a Markdown report (default: beside it; for the bundled
            corpus, the bundled ``references.bib``).
        base: Base IRI.
        claims: The claims file; defaults to ``<stem>.claims.yaml`` beside the input, if any.
        concepts: The concept scheme; defaults to ``concepts.yaml`` beside the input, if any.
        validate: Check each article's graph against the SHACL shapes.
        strict: With several inputs, stop at the first bad one; otherwise a bad input is left
            out, listed in :attr:`BuildResult.failures`, and the rest is built.
        progress: With several inputs, show a progress bar on standard error.

    Returns:
        Each article's build and the merged graph (``outputs`` is empty).

    Raises:
        KGError: Any input problem, a claim that does not fit the text, or a graph that
            breaks the shapes (see :mod:`kg.errors`), in the only input, in any input when
            ``strict``, or in every input; nothing has been written.
    """
    corpus = _corpus(report, bibliography, base, claims, concepts, validate, strict, progress)
    built = tuple(corpus.builds())
    graph = built[0].graph if len(built) == 1 else _merged(b.graph for b in built)
    return _result(corpus, built, graph, [b.digest() for b in built])


def _corpus(
    report: str | Path | Sequence[str | Path] | None,
    bibliography: str | Path | None,
    base: str,
    claims: str | Path | None,
    concepts: str | Path | None,
    validate: bool,
    strict: bool,
    progress: bool,
) -> Corpus:
    """The corpus of a build's inputs: one source with its options, or several found beside each input."""
    concepts_path = Path(concepts) if concepts else None
    bib: Path | None = Path(bibliography) if bibliography else None
    if report is None:
        sources = [
            Source(default_report(), bib or default_bibliography(), Path(claims) if claims else None, concepts_path)
        ]
    elif isinstance(report, (str, Path)) and not Path(report).is_dir():
        sources = [Source(Path(report), bib, Path(claims) if claims else None, concepts_path)]
    else:
        paths = expanded([report] if isinstance(report, (str, Path)) else report)
        if len(paths) > 1:
            options = [name for name, value in (("--bib", bibliography), ("--claims", claims)) if value]
            if options:
                raise InputError(
                    f"{options[0]} goes with one input, not {len(paths)}: put each beside its input instead"
                )
        given: dict[Path, Path] = {}
        for path in paths:
            if path.resolve() in given:
                other = given[path.resolve()]
                also = "" if str(other) == str(path) else f" (also as {other})"
                raise InputError(f"{where(path)}: given twice{also}")
            given[path.resolve()] = path
        paths = sorted(paths, key=str)  # the same inputs in any order give the same files
        bib = bib if len(paths) == 1 else None
        claims_path = Path(claims) if claims and len(paths) == 1 else None
        sources = [Source(path, bib, claims_path, concepts_path) for path in paths]
    return Corpus(sources, base, validate, strict, progress)


def _result(
    corpus: Corpus,
    built: Sequence[ArticleBuild],
    graph: Graph | None,
    digests: Sequence[BuiltArticle],
    outputs: Sequence[Path] = (),
) -> BuildResult:
    if not digests:
        raise ProblemsError([problem for failure in corpus.failures for problem in failure.problems])
    return BuildResult(
        tuple(built), graph, tuple(outputs), tuple(corpus.failures), tuple(digests), corpus.index.summary()
    )


def _merged(graphs: Iterable[Graph]) -> Graph:
    merged = bind_prefixes(Graph())
    for graph in graphs:
        merged += graph
    return merged


def build(
    report: str | Path | Sequence[str | Path] | None = None,
    bibliography: str | Path | None = None,
    out_dir: str | Path = "build",
    base: str = DEFAULT_BASE,
    claims: str | Path | None = None,
    concepts: str | Path | None = None,
    strict: bool = False,
    progress: bool = False,
) -> BuildResult:
    """Build inputs into graph files and a quality report in ``out_dir``, all or nothing.

    The files: ``kg.nq`` and ``kg.trig`` (one named graph per article, named by its IRI),
    ``kg.quality.json``, and for a build of one article also ``kg.ttl``, ``kg.nt`` and
    ``kg.jsonld``. A build of several articles writes each article's graph as it is built,
    so memory stays that of one article plus the work index; it removes the single-graph files
    an earlier build left in ``out_dir``, which would no longer match.

    Args:
        report: The input (a Markdown report or a JATS XML file), or several; defaults to the
            bundled corpus.
        bibliography: The BibTeX file of a Markdown report (default: beside it).
        out_dir: Where to write.
        base: Base IRI of the minted nodes.
        claims: The claims file (default: beside the input, if any).
        concepts: The concept scheme (default: beside the input, if any).
        strict: With several inputs, stop at the first bad one and write nothing; otherwise
            a bad input is left out (see :attr:`BuildResult.failures`) and the rest is written.
        progress: With several inputs, show a progress bar on standard error.

    Returns:
        Each article's build, the graph, and the written paths.

    Raises:
        KGError: Any input or validation problem; then no output file is created or overwritten.
    """
    corpus = _corpus(report, bibliography, base, claims, concepts, True, strict, progress)
    if corpus.articles == 1:
        built = tuple(corpus.builds())
        result = _result(corpus, built, built[0].graph, [b.digest() for b in built])
        out = Path(out_dir)
        texts = article_files(built[0].name, built[0].graph, list(built[0].lines) or None)
        files: dict[Path, Writer] = {
            out / f"kg{suffix}": _constant(text.encode("utf-8")) for suffix, text in texts.items()
        }
        files[out / QUALITY_FILE] = _constant(_quality(result))
        make_folder(out)
        outputs = write_files(files)
        return replace(result, outputs=(*outputs, _store(out)))
    out = Path(out_dir)
    targets = [out / f"kg{suffix}" for suffix, _ in QUAD_FORMATS.values()]
    stale = [out / f"kg{suffix}" for suffix, _ in FORMATS.values()]
    with staged([*targets, out / QUALITY_FILE], remove=stale) as (nq, trig, quality):
        digests = []
        with DatasetWriter(nq, trig) as dataset:
            for one in corpus.builds():
                dataset.add(one.name, one.graph, list(one.lines) or None)
                digests.append(one.digest())
        result = _result(corpus, (), None, digests, [*targets, out / QUALITY_FILE])
        quality.write(_quality(result))
    return replace(result, outputs=(*result.outputs, _store(out)))


def _store(out: Path) -> Path:
    """Load the build's ``kg.nq`` into the Oxigraph store beside it (``out/oxigraph``), which reading commands open."""
    from kg.defaults import STORE_FOLDER
    from kg.stores.loading import replace_store

    replace_store(out / STORE_FOLDER, [out / "kg.nq"]).close()
    return out / STORE_FOLDER


def _constant(data: bytes) -> Writer:
    """A writer of these bytes."""

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return write


def _quality(result: BuildResult) -> bytes:
    return (json.dumps(quality_report(result), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
