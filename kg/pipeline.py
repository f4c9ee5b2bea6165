"""Build articles into graph files: read, link claims, build, validate, write.

Any input format goes through the same steps: a reader returns :class:`~kg.records.Article`
records; curated claims (a ``<stem>.claims.yaml`` beside the input) are checked against the
text, and every other citing sentence becomes a citation statement; the builder mints the
triples; the shapes check them; the files are written all or nothing, with a data-quality
report (``kg.quality.json``) beside them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, URIRef

from kg.builder.article import build_graph
from kg.builder.iris import DEFAULT_BASE, IRIs
from kg.errors import InputError, KGError, ProblemsError, where
from kg.inputs import claims_beside, concepts_beside, default_bibliography, default_report, expanded
from kg.namespaces import bind_prefixes
from kg.quality import QUALITY_FILE, quality_report
from kg.readers.articles import read_articles
from kg.readers.claims import check_claims, read_claims
from kg.readers.concepts import read_concepts
from kg.records import Article, Claim, Concept, Quote
from kg.statements import citation_statements
from kg.validation import check_graph
from kg.write.quads import QUAD_FORMATS
from kg.write.rdf import FORMATS, write_all

__all__ = [
    "QUALITY_FILE",
    "ArticleBuild",
    "BuildResult",
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
class ArticleBuild:
    """One article built: the article, its graph (named ``name`` in a dataset), and its claim counts."""

    article: Article
    graph: Graph
    name: URIRef
    curated: int = 0
    uncited: int = 0
    statements: int = 0

    @property
    def summary(self) -> dict[str, int]:
        """References, sentences, citations, pointers, claims and triples, by name."""
        citations = self.article.citations
        return {
            "references": len(self.article.references),
            "sentences": len(self.article.sentences),
            "markers": len(citations),
            "pointers": sum(len(c.pointers) for _, c in citations),
            "claims": self.curated,
            "uncited": self.uncited,
            "statements": self.statements,
            "triples": len(self.graph),
        }


@dataclass(frozen=True)
class Failure:
    """An input left out of a build: the file and every problem found in it (each naming file and line)."""

    path: Path
    problems: tuple[str, ...]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: each article's build, the graph of them all, the files written.

    ``failures`` lists the inputs left out of a build of several that was not strict.
    """

    articles: tuple[ArticleBuild, ...]
    graph: Graph
    outputs: tuple[Path, ...] = field(default=())
    failures: tuple[Failure, ...] = field(default=())

    @property
    def report(self) -> Article:
        """The first (for a Markdown report, the only) article."""
        return self.articles[0].article

    @property
    def claims(self) -> int:
        """Curated claims, over all articles."""
        return sum(a.curated for a in self.articles)

    @property
    def uncited(self) -> int:
        """Curated claims that cite nothing, over all articles."""
        return sum(a.uncited for a in self.articles)

    @property
    def summary(self) -> dict[str, int]:
        """The counts of :attr:`ArticleBuild.summary` over all articles (triples: of the merged graph)."""
        total: dict[str, int] = {}
        for built in self.articles:
            for name, count in built.summary.items():
                total[name] = total.get(name, 0) + count
        if total:
            total["triples"] = len(self.graph)
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
    """Read, link, build and validate one input, or several, without writing anything.

    Args:
        report: The input (a Markdown report or a JATS XML file), or several; defaults to the
            bundled corpus.
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
    if report is None:
        source, bibliography = default_report(), bibliography or default_bibliography()
    elif isinstance(report, (str, Path)) and not Path(report).is_dir():
        source = Path(report)
    else:
        sources = expanded([report] if isinstance(report, (str, Path)) else report)
        return _load_several(sources, bibliography, base, claims, concepts, validate, strict, progress)
    articles = read_articles(source, bibliography)
    claims_path = Path(claims) if claims else claims_beside(source)
    concepts_path = Path(concepts) if concepts else concepts_beside(source)
    scheme = read_concepts(concepts_path) if concepts_path else []
    target = _claimed_article(articles, claims_path) if claims_path else None
    built = []
    for article in articles:
        built.append(_build_one(article, base, claims_path if article is target else None, scheme, validate))
    graph = built[0].graph if len(built) == 1 else _merged(b.graph for b in built)
    return BuildResult(tuple(built), graph)


def _load_several(
    sources: list[Path],
    bibliography: str | Path | None,
    base: str,
    claims: str | Path | None,
    concepts: str | Path | None,
    validate: bool,
    strict: bool,
    progress: bool = False,
) -> BuildResult:
    if len(sources) <= 1:
        return load_inputs(sources[0] if sources else None, bibliography, base, claims, concepts, validate)
    options = [name for name, value in (("--bib", bibliography), ("--claims", claims)) if value]
    if options:
        raise InputError(f"{options[0]} goes with one input, not {len(sources)}: put each beside its input instead")
    given: dict[Path, Path] = {}
    for source in sources:
        if source.resolve() in given:
            raise InputError(f"{where(source)}: given twice (also as {given[source.resolve()]})")
        given[source.resolve()] = source
    built: list[ArticleBuild] = []
    failures: list[Failure] = []
    seen: dict[str, Path] = {}
    shown: Iterable[Path] = sources
    if progress:
        from tqdm import tqdm

        shown = tqdm(sources, desc="kg build", unit="input", leave=False, file=sys.stderr)
    for source in shown:
        try:
            found = load_inputs(source, None, base, None, concepts, validate).articles
            for b in found:  # a file's own articles have distinct ids already (the reader sees to it)
                if b.article.id in seen:
                    raise InputError(
                        f"{where(source)}: article id '{b.article.id}' is also that of {seen[b.article.id]}"
                    )
        except KGError as exc:
            if strict:
                raise
            failures.append(Failure(source, tuple(exc.problems if isinstance(exc, ProblemsError) else [str(exc)])))
            continue
        seen.update((b.article.id, source) for b in found)
        built.extend(found)
    if not built:
        raise ProblemsError([problem for failure in failures for problem in failure.problems])
    return BuildResult(tuple(built), _merged(b.graph for b in built), failures=tuple(failures))


def _claimed_article(articles: Sequence[Article], claims: Path) -> Article:
    """The article a claims file is about: the only one, or the one its ``report`` names."""
    if len(articles) == 1:
        return articles[0]
    about, _ = read_claims(claims)
    for article in articles:
        if article.id == about:
            return article
    ids = ", ".join(a.id for a in articles)
    raise InputError(f"{where(claims, 1)}: claims are for report '{about}', which is none of the articles ({ids})")


def _build_one(
    article: Article, base: str, claims_path: Path | None, scheme: Sequence[Concept], validate: bool
) -> ArticleBuild:
    curated: list[Claim] = []
    quotes: dict[str, tuple[Quote, ...]] = {}
    if claims_path:
        curated, quotes = check_claims(claims_path, article, scheme)
    statements, located = citation_statements(article, curated, quotes)
    graph = build_graph(article, base, [*curated, *statements], {**quotes, **located}, scheme)
    if validate:
        check_graph(graph, article.path)
    uncited = sum(1 for c in curated if not c.citations)
    return ArticleBuild(article, graph, IRIs(base, article.id).report, len(curated), uncited, len(statements))


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

    The files: ``kg.ttl``, ``kg.nt`` and ``kg.jsonld`` (all articles in one graph), ``kg.nq``
    and ``kg.trig`` (one named graph per article, named by its IRI), ``kg.quality.json``.

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
    result = load_inputs(report, bibliography, base, claims, concepts, strict=strict, progress=progress)
    quality = json.dumps(quality_report(result), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    named = {b.name: b.graph for b in result.articles}
    extra = {f"kg{suffix}": write(named).encode("utf-8") for suffix, write in QUAD_FORMATS.values()}
    extra[QUALITY_FILE] = quality.encode("utf-8")
    outputs = write_all(result.graph, out_dir, "kg", tuple(FORMATS), extra)
    return replace(result, outputs=tuple(outputs))
