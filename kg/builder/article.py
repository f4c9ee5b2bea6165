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
from kg.errors import InputError, where
from kg.namespaces import BIRO, C4O, CITO, CO, DEO, DOCO, FABIO, FRBR, OCO, PRISM, PRO, bind_prefixes
from kg.readers.resolution import Resolution
from kg.records import BibEntry, Claim, Concept, Paragraph, Person, Quote, Report, Sentence, split_pages

__all__ = ["ENTRY_TYPES", "GENRES", "SECTION_ROLES", "build_graph"]

#: Section titles (lower case) and the DoCO/DEO class that gives the section's role.
SECTION_ROLES: dict[str, URIRef] = {
    "abstract": DOCO.Abstract,
    "introduction": DEO.Introduction,
    "background": DEO.Background,
    "methods": DEO.Methods,
    "materials and methods": DEO.Methods,
    "methods and materials": DEO.Methods,
    "results": DEO.Results,
    "discussion": DEO.Discussion,
    "conclusion": DEO.Conclusion,
    "conclusions": DEO.Conclusion,
    "acknowledgements": DEO.Acknowledgements,
    "acknowledgments": DEO.Acknowledgements,
}

#: Front matter ``genre`` values and the FaBiO Work class the report realizes.
GENRES: dict[str, URIRef] = {
    "case-report": FABIO.CaseReport,
    "clinical-case-report": FABIO.ClinicalCaseReport,
}

#: BibTeX entry types and the FaBiO Expression class of the cited work.
ENTRY_TYPES: dict[str, URIRef] = {"article": FABIO.JournalArticle}


def build_graph(
    report: Report,
    resolution: Resolution,
    base: str = DEFAULT_BASE,
    claims: Sequence[Claim] = (),
    quotes: Mapping[str, tuple[Quote, ...]] | None = None,
    concepts: Sequence[Concept] = (),
) -> Graph:
    """Build the graph of one report.

    Args:
        report: The report as read by :func:`kg.readers.markdown.read_report`.
        resolution: Its reference list resolved against the bibliography.
        base: Base IRI of every minted node.
        claims: Curated claims, checked by :func:`kg.readers.claims.anchor_claims`.
        quotes: The located quotes of each claim (required when there are claims).
        concepts: The concept scheme the claims refer to.

    Returns:
        A new graph with the project's prefixes bound.

    Raises:
        InputError: The report's ``genre`` is not one of :data:`GENRES`.
    """
    if claims and quotes is None:
        raise ValueError("claims need their located quotes (see kg.readers.claims.anchor_claims)")
    with collector_paused():
        builder = _Builder(report, resolution, base)
        graph = builder.build()
        if concepts:
            add_concepts(graph, builder.iri, concepts)
        if claims and quotes is not None:
            add_claims(graph, builder.iri, report, claims, quotes, resolution)
    return graph


class _Builder:
    def __init__(self, report: Report, resolution: Resolution, base: str) -> None:
        self.report = report
        self.resolution = resolution
        self.iri = IRIs(base, report.meta.id)
        self.graph = bind_prefixes(Graph())

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | str | int | None) -> None:
        if o is None or o == "":
            return
        self.graph.add((s, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)))

    def build(self) -> Graph:
        self._report()
        for section in self.report.sections:
            self._section(section.index)
        self._figures()
        self._reference_list()
        self._pointers()
        return self.graph

    def _report(self) -> None:
        meta, r = self.report.meta, self.iri.report
        self._publication(
            r, FABIO.JournalArticle, meta.title, meta.year, meta.volume, meta.doi, meta.pmid,
            meta.article_number, meta.pages, meta.journal, meta.authors,
        )  # fmt: skip
        if meta.published:
            self.add(r, DCTERMS.issued, Literal(meta.published, datatype=XSD.date))
        if meta.received:
            self.add(r, DCTERMS.dateSubmitted, Literal(meta.received, datatype=XSD.date))
        self.add(r, DCTERMS.rights, meta.license)
        if meta.genre:
            if meta.genre not in GENRES:
                known = ", ".join(sorted(GENRES))
                raise InputError(f"{where(self.report.path)}: unknown genre '{meta.genre}' (known: {known})")
            work = self.iri.report_work()
            self.add(work, RDF.type, GENRES[meta.genre])
            self.add(work, FRBR.realization, r)

    def _section(self, index: int) -> None:
        section = self.report.sections[index]
        if index == self.report.reference_section:
            return
        node = self.iri.section(index)
        self.add(node, RDF.type, DOCO.Section)
        role = SECTION_ROLES.get(section.title.strip().casefold())
        if role is not None:
            self.add(node, RDF.type, role)
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
        add_anchor(self.graph, self.iri, node, self.report.text, start, end)

    def _figures(self) -> None:
        for figure in self.report.figures:
            node = self.iri.figure(figure.number)
            caption = self.iri.paragraph(figure.paragraph.index)
            self.add(node, RDF.type, DOCO.Figure)
            self.add(node, RDFS.label, figure.label)
            self.add(node, FRBR.part, caption)
            self.add(caption, RDF.type, DEO.Caption)

    def _reference_list(self) -> None:
        if self.report.reference_section is None:
            return
        section = self.report.sections[self.report.reference_section]
        rl = self.iri.reference_list()
        self.add(rl, RDF.type, BIRO.ReferenceList)
        self.add(rl, RDF.type, DOCO.BibliographicReferenceList)
        self.add(rl, DCTERMS.title, section.title)
        self.add(self.iri.report, FRBR.part, rl)
        counts = Counter(n for m in self.report.markers for n in m.numbers)
        for ref in self.report.references:
            node = self.iri.reference(ref.number)
            entry = self.resolution.entry(ref.number)
            work = self._work(entry)
            self.add(node, RDF.type, BIRO.BibliographicReference)
            self.add(node, FABIO.hasSequenceIdentifier, str(ref.number))
            self.add(node, C4O.hasContent, ref.text)
            self.add(node, BIRO.references, work)
            self.add(node, C4O.hasInTextCitationFrequency, Literal(counts[ref.number], datatype=XSD.nonNegativeInteger))
            self._anchor(node, ref.start, ref.end)
            self.add(rl, CO.element, node)
            self.add(self.iri.report, FRBR.part, node)
            self.add(self.iri.report, CITO.cites, work)

    def _work(self, entry: BibEntry) -> URIRef:
        work = self.iri.work(entry.key)
        self._publication(
            work, ENTRY_TYPES.get(entry.entry_type, FABIO.Expression), entry.title, entry.year, entry.volume,
            entry.doi, entry.pmid, entry.eid, entry.pages, entry.journal, entry.authors,
        )  # fmt: skip
        self.add(work, DCTERMS.identifier, entry.key)  # the BibTeX key, for lookups
        self.add(work, RDFS.comment, entry.note)
        return work

    def _publication(
        self, node: URIRef, kind: URIRef, title: str, year: int | None, volume: str | None, doi: str | None,
        pmid: str | None, article_number: str | None, pages: str | None, journal: str | None,
        authors: tuple[Person, ...],
    ) -> None:  # fmt: skip
        """The bibliographic description shared by the report and the works it cites."""
        self.add(node, RDF.type, kind)
        self.add(node, DCTERMS.title, title)
        if year is not None:
            self.add(node, FABIO.hasPublicationYear, Literal(str(year), datatype=XSD.gYear))
        self.add(node, PRISM.volume, volume)
        self.add(node, PRISM.doi, doi)
        self.add(node, FABIO.hasPubMedId, pmid)
        self.add(node, FABIO.hasElectronicArticleIdentifier, article_number)
        first, last = split_pages(pages)
        self.add(node, PRISM.startingPage, first)
        self.add(node, PRISM.endingPage, last)
        if journal:
            self._journal(node, journal)
        self._authors(node, authors)

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
        markers = [(s, m) for s in self.report.sentences for m in s.markers]
        for index, (sentence, marker) in enumerate(markers, start=1):
            context = self.iri.sentence(sentence.index)
            node = self.iri.marker(index)
            self.add(node, C4O.hasContent, marker.text)
            self.add(node, C4O.hasContext, context)
            self._anchor(node, marker.start, marker.end)
            if len(marker.numbers) == 1:
                self.add(node, RDF.type, C4O.InTextReferencePointer)
                self.add(node, C4O.denotes, self.iri.reference(marker.numbers[0]))
                continue
            self.add(node, RDF.type, C4O.SingleLocationPointerList)
            for number in marker.numbers:
                pointer = self.iri.pointer(index, marker.numbers, number)
                self.add(pointer, RDF.type, C4O.InTextReferencePointer)
                self.add(pointer, C4O.hasContent, str(number))
                self.add(pointer, C4O.hasContext, context)
                self.add(pointer, C4O.denotes, self.iri.reference(number))
                self.add(node, CO.element, pointer)
                self.add(node, C4O.pertainsTo, self.iri.reference(number))
