"""The project's own terms (``ontology/kg.ttl``) as a checked rdflib namespace."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["KG", "KG_NAMESPACE"]

#: Namespace IRI of the kg ontology.
KG_NAMESPACE = "http://example.org/kg/ontology/"


class KG(DefinedNamespace):
    """kg ontology terms; a test holds this list equal to the terms ``ontology/kg.ttl`` declares."""

    _fail = True
    _NS = Namespace(KG_NAMESPACE)

    # Claim kinds, all subclasses of mp:Claim.
    EpidemiologicalClaim: URIRef  # How frequent, in what share of cases.
    DiagnosticClaim: URIRef  # How a condition is recognised or told apart.
    TherapeuticClaim: URIRef  # Treatment options, aims, effects, risks.
    PrognosticClaim: URIRef  # Course or outcome of a condition.
    MechanisticClaim: URIRef  # How a condition arises or spreads (incl. hypotheses).
    RecommendationClaim: URIRef  # What should or could be done.
    NoveltyClaim: URIRef  # Priority, e.g. "the first case".
    LiteratureClaim: URIRef  # What other publications report.
    CaseObservation: URIRef  # A fact about the patient of a case report.
    CitationStatement: URIRef  # A citing sentence taken whole as a claim.

    # Quantities.
    hasQuantity: URIRef  # Claim -> schema:QuantitativeValue.
    QuantityQualifier: URIRef  # Class of Exact, Approximate, Vague.
    qualifier: URIRef  # Quantity -> QuantityQualifier.
    Exact: URIRef
    Approximate: URIRef
    Vague: URIRef

    # Anchoring and citation.
    hasQuote: URIRef  # Claim -> oa:SpecificResource of its verbatim quote.
    hasMainQuote: URIRef  # The first quote: where the claim is argued.
    viaPointer: URIRef  # cito:Citation -> the in-text pointer that makes it.

    # Work identity across a corpus.
    matchBasis: URIRef  # biro:BibliographicReference -> how its work was matched ("doi", "pmid", ...).
    citationKey: URIRef  # biro:BibliographicReference -> the citing article's key for it (a BibTeX key).
