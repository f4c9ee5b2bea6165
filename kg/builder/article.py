"""Build the RDF graph of a report: structure, reference list, cited works, pointers.

The only module that mints IRIs and triples (see :mod:`kg.builder.iris`). It speaks the SPAR
ontologies (FaBiO, BiRO, C4O, DoCO, DEO, PRO), FRBR, PRISM 2.0 and Web Annotation, so any
tool that knows the OpenCitations data model can read the result without kg's ontology.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from kg.builder.anchors import add_anchor
from kg.builder.claims import add_claims, add_concepts
from kg.builder.collector import collector_paused
from kg.builder.iris import DEFAULT_BASE, IRIs
from kg.builder.works import Match, WorkIndex
from kg.namespaces import BIRO, C4O, CITO, CO, DEO, DOCO, FABIO, FRBR, OCO, PRISM, PRO, bind_prefixes
from kg.records import Article, Claim, Concept, Paragraph, Person, Quote, Reference, Section, Sentence, Work
from kg.vocabulary import KG

__all__ = ["GENRES", "KINDS", "SECTION_ROLES", "build_graph"]

#: Section roles and the DoCO/DEO class of each.
SECTION_ROLES: dict[str, URIRef] = {
    "abstract": DOCO.Abstract,
    "introduction": DEO.Introduction,
    "background": DEO.Background,
    "methods": DEO.Methods,
    "results": DEO.Results,
    "discussion": DEO.Discussion,
    "conclusion": DEO.Conclusion,
    "acknowledgements": DEO.Acknowledgements,
}

#: Article genres and the FaBiO Work class the article realizes; others are kept as ``dcterms:type``.
GENRES: dict[str, URIRef] = {
    "case-report": FABIO.CaseReport,
    "clinical-case-report": FABIO.ClinicalCaseReport,
}

#: Kinds of work and their FaBiO Expression class (any other kind is a ``fabio:Expression``).
KINDS: dict[str, URIRef] = {"journal-article": FABIO.JournalArticle}


def build_graph(
    article: Article,
    base: str = DEFAULT_BASE,
    claims: Sequence[Claim] = (),
    quotes: Mapping[str, tuple[Quote, ...]] | None = None,
    concepts: Sequence[Concept] = (),
    works: WorkIndex | None = None,
) -> Graph:
    """Build the graph of one article.

    Args:
        article: The article, from any reader.
        base: Base IRI of every minted node.
        claims: Its claims (curated, and citation statements), cites naming references by id.
        quotes: The located quotes of each claim (required when there are claims).
        concepts: The concept scheme the claims refer to.
        works: The works of the corpus the article belongs to (default: of this article alone),
            which give the article's node and the node of every work it cites.

    Returns:
        A new graph with the project's prefixes bound.
    """
    if claims and quotes is None:
        raise ValueError("claims need their located quotes (see kg.readers.claims.anchor_claims)")
    with collector_paused():
        builder = _Builder(article, base, works or WorkIndex.of([article], base))
        graph = builder.build()
        if concepts:
            add_concepts(graph, builder.iri, concepts)
        if claims and quotes is not None:
            add_claims(graph, builder.iri, article, claims, quotes, builder.cited)
    return graph


class _Builder:
    def __init__(self, article: Article, base: str, works: WorkIndex) -> None:
        self.article = article
        self.works = works
        self.iri = IRIs(base, article.id, works.article(article.id).iri)
        self.cited = {ref.id: works.reference(article.id, ref.id).iri for ref in article.references}
        self.graph = bind_prefixes(Graph())
        self.sections: dict[int, Section] = {s.index: s for s in article.sections}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | str | int | None) -> None:
        if o is None or o == "":
            return
        self.graph.add((s, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)))

    def build(self) -> Graph:
        self._article()
        for section in self.article.sections:
            self._section(section.index)
        self._captions()
        self._reference_list()
        self._pointers()
        return self.graph

    def _article(self) -> None:
        article, r = self.article, self.iri.report
        self._publication(r, FABIO.JournalArticle, article.meta)
        self.add(r, DCTERMS.identifier, article.id)
        if article.published:
            self.add(r, DCTERMS.issued, Literal(article.published, datatype=XSD.date))
        if article.received:
            self.add(r, DCTERMS.dateSubmitted, Literal(article.received, datatype=XSD.date))
        self.add(r, DCTERMS.rights, article.license)
        if article.genre in GENRES:
            work = self.iri.report_work()
            self.add(work, RDF.type, GENRES[article.genre])
            self.add(work, FRBR.realization, r)
        else:
            self.add(r, DCTERMS.type, article.genre)

    def _section(self, index: int) -> None:
        section = self.sections[index]
        node = self.iri.section(index)
        self.add(node, RDF.type, DOCO.Section)
        if section.role in SECTION_ROLES:
            self.add(node, RDF.type, SECTION_ROLES[section.role])
        self.add(node, DCTERMS.title, section.title)
        parent = self.iri.section(section.parent) if section.parent is not None else self.iri.report
        self.add(parent, FRBR.part, node)
        for paragraph in section.paragraphs:
            self._paragraph(node, paragraph)

    def _paragraph(self, section: URIRef, paragraph: Paragraph) -> None:
        node = self.iri.paragraph(paragraph.index)
        self.add(node, RDF.type, DOCO.Paragraph)
        self.add(section, FRBR.part, node)
        for sentence in paragraph.sentences:
            s = self._sentence(sentence)
            self.add(node, FRBR.part, s)
            self.add(section, FRBR.part, s)

    def _sentence(self, sentence: Sentence) -> URIRef:
        node = self.iri.sentence(sentence.index)
        self.add(node, RDF.type, DOCO.Sentence)
        self.add(node, C4O.hasContent, sentence.text)
        self._anchor(node, sentence.start, sentence.end)
        return node

    def _anchor(self, node: URIRef, start: int, end: int) -> None:
        add_anchor(self.graph, self.iri, node, self.article, start, end)

    def _captions(self) -> None:
        for caption in self.article.captions:
            figure = caption.kind == "figure"
            node = self.iri.figure(caption.number) if figure else self.iri.table(caption.number)
            self.add(node, RDF.type, DOCO.Figure if figure else DOCO.Table)
            self.add(node, RDFS.label, caption.label)
            for index in (caption.paragraph, *caption.more):
                paragraph = self.iri.paragraph(index)
                self.add(node, FRBR.part, paragraph)
                self.add(paragraph, RDF.type, DEO.Caption)
            for index in caption.body:  # a table's rows and footnotes, an attribution
                self.add(node, FRBR.part, self.iri.paragraph(index))

    def _reference_list(self) -> None:
        if not self.article.references:
            return
        rl = self.iri.reference_list()
        self.add(rl, RDF.type, BIRO.ReferenceList)
        self.add(rl, RDF.type, DOCO.BibliographicReferenceList)
        self.add(rl, DCTERMS.title, self.article.reference_list_title)
        self.add(self.iri.report, FRBR.part, rl)
        counts = Counter(p.reference for _, c in self.article.citations for p in c.pointers)
        for ref in self.article.references:
            node = self.iri.reference(ref.id)
            match = self.works.reference(self.article.id, ref.id)
            work = self._work(ref, match)
            self.add(node, RDF.type, BIRO.BibliographicReference)
            self.add(node, DCTERMS.identifier, ref.id)
            self.add(node, KG.citationKey, ref.work.key)  # the BibTeX key: this article's name for the work
            self.add(node, FABIO.hasSequenceIdentifier, ref.sequence)
            self.add(node, C4O.hasContent, ref.text)
            self.add(node, BIRO.references, work)
            self.add(node, KG.matchBasis, match.basis)
            self.add(node, C4O.hasInTextCitationFrequency, Literal(counts[ref.id], datatype=XSD.nonNegativeInteger))
            if ref.start is not None and ref.end is not None:
                self._anchor(node, ref.start, ref.end)
            self.add(rl, CO.element, node)
            self.add(self.iri.report, FRBR.part, node)
            self.add(self.iri.report, CITO.cites, work)

    def _work(self, ref: Reference, match: Match) -> URIRef:
        """The cited work, described as the corpus knows it (see :meth:`WorkIndex.reference`)."""
        work = match.iri
        if work != self.iri.report:  # an article citing itself keeps its own description
            self._publication(work, KINDS.get(match.work.kind, FABIO.Expression), match.work)
        self.add(work, RDFS.comment, ref.work.note)
        return work

    def _publication(self, node: URIRef, kind: URIRef, work: Work) -> None:
        """The bibliographic description shared by the article and the works it cites."""
        self.add(node, RDF.type, kind)
        self.add(node, DCTERMS.title, work.title)
        if work.year is not None:
            self.add(node, FABIO.hasPublicationYear, Literal(f"{work.year:04d}", datatype=XSD.gYear))
        self.add(node, PRISM.volume, work.volume)
        for doi in (work.doi, *work.other_dois):
            self.add(node, PRISM.doi, doi)
        self.add(node, FABIO.hasPubMedId, work.pmid)
        self.add(node, FABIO.hasPubMedCentralId, work.pmcid)
        self.add(node, FABIO.hasElectronicArticleIdentifier, work.article_number)
        first, last = work.page_range
        self.add(node, PRISM.startingPage, first)
        self.add(node, PRISM.endingPage, last)
        if work.journal:
            self._journal(node, work.journal)
        self._authors(node, work.authors)

    def _journal(self, node: URIRef, name: str) -> None:
        journal = self.iri.journal(name)
        self.add(journal, RDF.type, FABIO.Journal)
        self.add(journal, DCTERMS.title, name)
        self.add(node, FRBR.partOf, journal)

    def _authors(self, document: URIRef, people: tuple[Person, ...]) -> None:
        """Authors in order, as OpenCitations models them: PRO roles chained by ``oco:hasNext``."""
        for position, person in enumerate(people, start=1):
            role, agent = self.iri.author(document, position), self.iri.agent(document, position)
            self.add(document, PRO.isDocumentContextFor, role)
            self.add(document, DCTERMS.creator, agent)
            self.add(role, RDF.type, PRO.RoleInTime)
            self.add(role, PRO.withRole, PRO.author)
            self.add(role, PRO.isHeldBy, agent)
            if position < len(people):
                self.add(role, OCO.hasNext, self.iri.author(document, position + 1))
            self.add(agent, RDF.type, FOAF.Person)
            self.add(agent, FOAF.familyName, person.family)
            self.add(agent, FOAF.givenName, person.given)
            self.add(agent, FOAF.name, person.display)

    def _pointers(self) -> None:
        for index, (sentence, citation) in enumerate(self.article.citations, start=1):
            context = self.iri.sentence(sentence.index)
            node = self.iri.marker(index)
            refs = citation.references
            self.add(node, C4O.hasContent, citation.text)
            self.add(node, C4O.hasContext, context)
            self._anchor(node, citation.start, citation.end)
            if len(refs) == 1:
                self.add(node, RDF.type, C4O.InTextReferencePointer)
                self.add(node, C4O.denotes, self.iri.reference(refs[0]))
                continue
            self.add(node, RDF.type, C4O.SingleLocationPointerList)
            for pointer in {p.reference: p for p in reversed(citation.pointers)}.values():
                member = self.iri.pointer(index, refs, pointer.reference)
                self.add(member, RDF.type, C4O.InTextReferencePointer)
                self.add(member, C4O.hasContent, pointer.text)
                self.add(member, C4O.hasContext, context)
                self.add(member, C4O.denotes, self.iri.reference(pointer.reference))
                self._anchor(member, pointer.start, pointer.end)
                self.add(node, CO.element, member)
                self.add(node, C4O.pertainsTo, self.iri.reference(pointer.reference))
