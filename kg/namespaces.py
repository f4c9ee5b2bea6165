"""Checked namespaces of the external vocabularies kg writes (SPAR, Web Annotation, ...).

Each class lists only the terms kg uses, all checked against the ontology files;
``_fail = True`` makes a misspelt term raise instead of minting a wrong IRI. RDF, RDFS,
OWL, XSD, DCTERMS, PROV, SKOS and FOAF come from rdflib and are not redeclared here.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

from kg.vocabulary import KG

__all__ = [
    "BIRO",
    "C4O",
    "CITO",
    "CO",
    "DEO",
    "DOCO",
    "FABIO",
    "FRBR",
    "MP",
    "OA",
    "OCO",
    "PRISM",
    "PRO",
    "bind_prefixes",
]


class BIRO(DefinedNamespace):
    """Bibliographic Reference Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/biro/")

    BibliographicReference: URIRef  # A reference to another publication, as printed.
    ReferenceList: URIRef  # The list of references of a publication.
    references: URIRef  # Links a bibliographic reference to the work it refers to.


class C4O(DefinedNamespace):
    """Citation Counting and Context Characterisation Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/c4o/")

    InTextReferencePointer: URIRef  # A textual device (e.g. "[9]") denoting one reference.
    SingleLocationPointerList: URIRef  # Pointers to two or more references at one location.
    hasContent: URIRef  # The literal text content of an expression.
    denotes: URIRef  # Links a pointer to the bibliographic reference it denotes.
    hasContext: URIRef  # Links a pointer (or pointer list) to the sentence that holds it.
    hasInTextCitationFrequency: URIRef  # How many pointers denote a reference.
    pertainsTo: URIRef  # Links a pointer list to each reference it denotes.


class CITO(DefinedNamespace):
    """Citation Typing Ontology (slash form, as bound by OpenCitations)."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/cito/")

    cites: URIRef  # The citing entity cites the cited entity.
    Citation: URIRef  # A qualified (reified) citation.
    hasCitingEntity: URIRef
    hasCitedEntity: URIRef
    hasCitationCharacterization: URIRef  # spelled with a z
    citesAsAuthority: URIRef
    citesAsDataSource: URIRef
    citesAsEvidence: URIRef
    citesAsRelated: URIRef
    citesForInformation: URIRef
    discusses: URIRef
    obtainsBackgroundFrom: URIRef
    obtainsSupportFrom: URIRef


class CO(DefinedNamespace):
    """Collections Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/co/")

    element: URIRef  # Links a collection to each of its members.


class DEO(DefinedNamespace):
    """Discourse Elements Ontology: rhetorical roles of sections."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/deo/")

    Acknowledgements: URIRef
    Background: URIRef
    Caption: URIRef
    Conclusion: URIRef
    Discussion: URIRef
    Introduction: URIRef
    Methods: URIRef
    Results: URIRef


class DOCO(DefinedNamespace):
    """Document Components Ontology: structural parts of a document."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/doco/")

    Abstract: URIRef
    BibliographicReferenceList: URIRef
    Figure: URIRef
    Paragraph: URIRef
    Section: URIRef
    Sentence: URIRef
    Table: URIRef


class FABIO(DefinedNamespace):
    """FRBR-aligned Bibliographic Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/fabio/")

    CaseReport: URIRef  # Work level.
    ClinicalCaseReport: URIRef  # Work level, subclass of CaseReport.
    Expression: URIRef
    Journal: URIRef
    JournalArticle: URIRef  # Expression level.
    hasElectronicArticleIdentifier: URIRef  # Article number in an electronic journal.
    hasPubMedCentralId: URIRef  # "PMC" followed by digits.
    hasPubMedId: URIRef
    hasPublicationYear: URIRef  # xsd:gYear.
    hasSequenceIdentifier: URIRef  # Position in a sequence, e.g. "9" in a reference list.


class FRBR(DefinedNamespace):
    """FRBR core, as used by the SPAR ontologies."""

    _fail = True
    _NS = Namespace("http://purl.org/vocab/frbr/core#")

    part: URIRef
    partOf: URIRef
    realization: URIRef


class MP(DefinedNamespace):
    """Micropublications."""

    _fail = True
    _NS = Namespace("http://purl.org/mp/")

    Claim: URIRef
    statement: URIRef
    supportedBy: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: anchoring text segments."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    XPathSelector: URIRef  # An element of an XML source, by its XPath (rdf:value).
    end: URIRef  # 0-based, exclusive: exactly Python slicing.
    exact: URIRef
    hasScope: URIRef  # The resource that gives a segment its context (the sentence).
    hasSelector: URIRef
    hasSource: URIRef
    prefix: URIRef
    refinedBy: URIRef  # A selector applied within the result of another.
    start: URIRef  # 0-based character offset.
    suffix: URIRef


class OCO(DefinedNamespace):
    """OpenCitations Ontology: only the author-order link."""

    _fail = True
    _NS = Namespace("https://w3id.org/oc/ontology/")

    hasNext: URIRef  # Links an author role to the next one.


class PRISM(DefinedNamespace):
    """PRISM basic 2.0, as SPAR uses it (not BIBO's 1.2)."""

    _fail = True
    _NS = Namespace("http://prismstandard.org/namespaces/basic/2.0/")

    doi: URIRef
    endingPage: URIRef
    startingPage: URIRef
    volume: URIRef


class PRO(DefinedNamespace):
    """Publishing Roles Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/pro/")

    RoleInTime: URIRef
    author: URIRef  # An individual (a pro:PublishingRole), used with withRole.
    isDocumentContextFor: URIRef
    isHeldBy: URIRef
    withRole: URIRef


_PREFIXES: dict[str, object] = {
    "biro": BIRO,
    "c4o": C4O,
    "cito": CITO,
    "co": CO,
    "dcterms": DCTERMS,
    "deo": DEO,
    "doco": DOCO,
    "fabio": FABIO,
    "foaf": FOAF,
    "kg": KG,
    "frbr": FRBR,
    "mp": MP,
    "oa": OA,
    "oco": OCO,
    "owl": OWL,
    "prism": PRISM,
    "pro": PRO,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SDO,
    "skos": SKOS,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, str(namespace), override=True, replace=True)
    return graph
