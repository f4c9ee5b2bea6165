"""A corpus: the inputs of one build, read once to index their works, then built one at a time.

The first pass reads every input and checks its claims against its text; a bad input is a
:class:`Failure` (or, when strict, the build stops), and every good article's bibliographic
records go into the corpus's :class:`~kg.builder.works.WorkIndex`, the only state kept across
articles. The second pass reads each good input again and builds, validates and hands over
its articles one by one, so a caller that writes each graph as it comes holds one article's
graph at a time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.builder.article import build_graph
from kg.builder.works import WorkIndex
from kg.errors import InputError, KGError, ProblemsError, where
from kg.inputs import claims_beside, concepts_beside
from kg.readers.articles import read_articles
from kg.readers.claims import check_claims, read_claims
from kg.readers.concepts import read_concepts
from kg.records import Article, Claim, Concept, Note, Quote
from kg.statements import citation_statements
from kg.validation import check_graph
from kg.write.rdf import ntriples_lines

__all__ = ["ArticleBuild", "BuiltArticle", "Corpus", "Failure", "Source"]

#: An article's checked curated claims and their located quotes.
_Checked = tuple[list[Claim], dict[str, tuple[Quote, ...]]]
#: An article read, its claims checked, and the concept scheme they use.
_Prepared = tuple[Article, _Checked, list[Concept]]


@dataclass(frozen=True)
class Source:
    """One input of a build and the files that go with it (``None``: found beside it, if any)."""

    path: Path
    bibliography: Path | None = None
    claims: Path | None = None
    concepts: Path | None = None


@dataclass(frozen=True)
class Failure:
    """An input left out of a build: the file and every problem found in it (each naming file and line)."""

    path: Path
    problems: tuple[str, ...]


@dataclass(frozen=True)
class BuiltArticle:
    """What is kept of an article once its graph is written: its id, title, counts and notes."""

    id: str
    path: Path
    title: str | None
    name: URIRef
    summary: dict[str, int]
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class ArticleBuild:
    """One article built: the article, its graph (named ``name`` in a dataset), and its claim counts."""

    article: Article
    graph: Graph
    name: URIRef
    curated: int = 0
    uncited: int = 0
    statements: int = 0
    lines: tuple[str, ...] = ()  # the graph's N-Triples lines, sorted (validated, then written)

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

    def digest(self) -> BuiltArticle:
        """The part of this build kept after its graph is written."""
        article = self.article
        return BuiltArticle(article.id, article.path, article.meta.title, self.name, self.summary, article.notes)


@dataclass
class Corpus:
    """The inputs of a build and the works they share.

    Args:
        sources: The inputs, in build order.
        base: Base IRI of every minted node.
        validate: Check each article's graph against the SHACL shapes.
        strict: Stop at the first bad input instead of leaving it out.
        progress: Show a progress bar per pass on standard error.
    """

    sources: Sequence[Source]
    base: str
    validate: bool = True
    strict: bool = False
    progress: bool = False
    failures: list[Failure] = field(default_factory=list)
    index: WorkIndex = field(init=False)
    articles: int = field(default=0, init=False)
    _good: list[Source] = field(default_factory=list, init=False)
    _kept: list[_Prepared] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.index = WorkIndex(self.base)
        seen: dict[str, Path] = {}
        for source in self._shown(self.sources, "reading"):
            try:
                prepared = list(self._prepared(source))
                for article, _, _ in prepared:
                    if article.id in seen:
                        raise InputError(
                            f"{where(source.path)}: article id '{article.id}' is also that of {seen[article.id]}"
                        )
            except KGError as exc:
                self._fail(source, exc)
                continue
            for article, _, _ in prepared:
                seen[article.id] = source.path
                self.index.add(article)
            self.articles += len(prepared)
            self._good.append(source)
            if len(self.sources) == 1:  # one input is not read twice
                self._kept = prepared
        if not self._good:
            raise ProblemsError([problem for failure in self.failures for problem in failure.problems])

    def builds(self) -> Iterator[ArticleBuild]:
        """Build each article of each good input, in input order (a bad one becomes a failure)."""
        for source in self._shown(self._good, "building"):
            try:
                prepared = self._kept if self._kept is not None else self._prepared(source)
                built = [self._build(article, claims, scheme) for article, claims, scheme in prepared]
            except KGError as exc:
                self._fail(source, exc)
                continue
            yield from built

    def _prepared(self, source: Source) -> Iterator[_Prepared]:
        articles = read_articles(source.path, source.bibliography)
        claims = source.claims or claims_beside(source.path)
        concepts = source.concepts or concepts_beside(source.path)
        scheme = read_concepts(concepts) if concepts else []
        target = _claimed_article(articles, claims) if claims else None
        for article in articles:
            checked = check_claims(claims, article, scheme) if claims and article is target else ([], {})
            yield article, checked, scheme

    def _build(self, article: Article, checked: _Checked, scheme: Sequence[Concept]) -> ArticleBuild:
        curated, quotes = checked
        statements, located = citation_statements(article, curated, quotes)
        graph = build_graph(article, self.base, [*curated, *statements], {**quotes, **located}, scheme, self.index)
        lines = ntriples_lines(graph)
        if self.validate:
            check_graph(graph, article.path, "".join(lines).encode("utf-8"))
        uncited = sum(1 for c in curated if not c.citations)
        name = self.index.article(article.id).iri
        return ArticleBuild(article, graph, name, len(curated), uncited, len(statements), tuple(lines))

    def _fail(self, source: Source, exc: KGError) -> None:
        if self.strict or len(self.sources) == 1:
            raise exc
        problems = exc.problems if isinstance(exc, ProblemsError) else [str(exc)]
        self.failures.append(Failure(source.path, tuple(problems)))

    def _shown(self, sources: Sequence[Source], what: str) -> Iterable[Source]:
        if not self.progress or len(sources) <= 1:
            return sources
        from tqdm import tqdm

        return tqdm(sources, desc=f"kg build: {what}", unit="input", leave=False, file=sys.stderr)


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
