"""The curated claims of the bundled report: coverage, anchoring, quantities, citations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.namespaces import MP
from kg.pipeline import load_inputs
from kg.readers.claims import read_claims
from kg.readers.markdown_records import Report

from .conftest import BIB, REPORT, select

CLAIMS = REPORT.with_name("chiang-2013-iscm.claims.yaml")
PREFIXES = """
PREFIX mp: <http://purl.org/mp/>
PREFIX kg: <http://example.org/kg/ontology/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX doco: <http://purl.org/spar/doco/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def full() -> Graph:
    return load_inputs(REPORT, BIB).graph


def q(graph: Graph, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    return select(graph, PREFIXES + query, **bindings)


def claim_ids(graph: Graph, query: str) -> set[str]:
    return {str(row[0]) for row in select(graph, PREFIXES + query)}


def test_sixty_three_claims_all_typed_with_a_kind(full: Graph) -> None:
    claims = set(full.subjects(RDF.type, MP.Claim))
    assert len(claims) == 63
    kind_rows = claim_ids(
        full,
        "SELECT ?id WHERE { ?c a mp:Claim ; dcterms:identifier ?id . FILTER NOT EXISTS { ?c a ?k . FILTER(STRSTARTS(STR(?k), STR(kg:))) } }",
    )
    assert kind_rows == set()


def test_every_cited_sentence_yields_a_claim_citing_each_of_its_references(report: Report) -> None:
    _, claims = read_claims(CLAIMS)
    for sentence in report.sentences:
        cited = {r for c in sentence.citations for r in c.references}
        if not cited:
            continue
        covering = [c for c in claims if any(quote in sentence.text for quote in c.quotes)]
        assert covering, sentence.text
        assert cited == {cite.ref for c in covering for cite in c.citations}, sentence.text


@pytest.mark.parametrize("section", ["Introduction", "Case Report", "Discussion", "Conclusion"])
def test_every_sentence_of_the_section_is_quoted_by_a_claim(report: Report, section: str) -> None:
    _, claims = read_claims(CLAIMS)
    quotes = [quote for c in claims for quote in c.quotes]
    (sec,) = (s for s in report.sections if s.title == section)
    for paragraph in sec.paragraphs:
        for sentence in paragraph.sentences:
            assert any(quote in sentence.text for quote in quotes), sentence.text


def test_uncited_assertions_are_claims_without_citations(full: Graph) -> None:
    uncited = claim_ids(
        full,
        "SELECT ?id WHERE { ?c a mp:Claim ; dcterms:identifier ?id . FILTER NOT EXISTS { ?x cito:hasCitingEntity ?c } }",
    )
    assert len(uncited) == 49
    for expected in (
        "iscm-lung-primary",
        "iscm-arterial-dissemination",
        "mechanisms-unclear",
        "iscm-treatment-options",
        "csf-cytology-routinely-when-suspected",
        "first-successful-surgery-conus-iscm-from-breast",
        "surgery-does-not-improve-survival",  # the marker [6,7] closes the main clause, not the concession
    ):
        assert expected in uncited


#: Claim id → (printed reference, BibTeX key, CiTO intent) for every cited claim.
CITED = {
    "iscm-share-of-spinal-cord-neoplasms": {(1, "hsu2012conus", "citesAsEvidence")},
    "iscm-breast-and-colorectal-primaries": {(2, "kalayci2004intramedullary", "citesForInformation")},
    "mri-diagnoses-iscm": {(3, "schiff1996intramedullary", "citesForInformation")},
    "excision-aims": {(4, "gasser2005surgical", "citesForInformation")},
    "iscm-treatment-controversial": {(5, "guppy2006metastasis", "citesForInformation")},
    "radical-removal-may-improve-quality-of-life": {(6, "hrabalek2010intramedullary", "citesAsEvidence"), (7, "rostami2013intramedullary", "citesAsEvidence")},
    "partial-resection-when-complete-impossible": {(8, "damhieu2009retrospective", "citesAsAuthority")},
    "batson-plexus-spread": {(2, "kalayci2004intramedullary", "citesForInformation")},
    "iscm-meningeal-carcinomatosis-co-occurrence": {(9, "kalita2011current", "citesAsEvidence")},
    "iscm-systemic-metastases-in-most": {(3, "schiff1996intramedullary", "citesAsEvidence")},
    "iscm-brain-metastases-in-nearly-half": {(3, "schiff1996intramedullary", "citesAsEvidence")},
    "rapid-progression-distinguishes-iscm": {(10, "ogino2002successful", "citesForInformation")},
    "csf-seeding-in-meningioma-study": {(11, "erkutlu2009spinal", "discusses")},
    "csf-seeding-in-oligodendroglioma-studies": {(12, "carlsen2012paraplegia", "discusses"), (13, "natale2005anaplastic", "discusses")},
}  # fmt: skip


def test_claim_to_work_links_with_intent_and_pointer(full: Graph) -> None:
    rows = q(
        full,
        """SELECT ?id ?n ?key ?intent WHERE {
        ?citation cito:hasCitingEntity ?c ; cito:hasCitedEntity ?work ; cito:hasCitationCharacterization ?intent ;
            kg:viaPointer ?p .
        ?c dcterms:identifier ?id ; ?intent ?work .
        ?p c4o:denotes ?entry . ?entry biro:references ?work ; kg:citationKey ?key ;
            <http://purl.org/spar/fabio/hasSequenceIdentifier> ?n }""",
    )
    found: dict[str, set[tuple[int, str, str]]] = {}
    for ident, number, key, intent in rows:
        found.setdefault(str(ident), set()).add((int(number), str(key), str(intent).rsplit("/", 1)[-1]))
    assert found == CITED


#: Claim id → its quantities as (name, value, min, max, unit code or text, qualifier).
QUANTITIES = {
    "iscm-share-of-spinal-cord-neoplasms": {("share of all spinal cord neoplasms", None, "0.1", "0.4", "P1", "Approximate")},
    "iscm-lung-primary": {("share of ISCMs arising from primary lung cancer", "50.0", None, None, "P1", "Approximate")},
    "iscm-mostly-encapsulated": {("share of ISCMs that are well encapsulated", None, "50.0", "100.0", "P1", "Vague")},
    "iscm-meningeal-carcinomatosis-co-occurrence": {("share of ISCM cases with meningeal carcinomatosis", None, "15.0", "55.0", "P1", "Exact")},
    "iscm-systemic-metastases-in-most": {("share of ISCM cases with systemic metastases at diagnosis", None, "50.0", "100.0", "P1", "Vague")},
    "iscm-brain-metastases-in-nearly-half": {("share of ISCM cases with brain metastases at diagnosis", "50.0", None, None, "P1", "Approximate")},
    "case-patient": {("age at presentation", "39.0", None, None, "ANN", "Exact")},
    "case-primary-treatment": {("year of the primary treatment", "1997.0", None, None, "calendar year", "Exact")},
    "case-primary-receptor-status": {("Her-2/neu score of the primary tumour", "3.0", None, None, "C62", "Exact")},
    "case-metastases-from-2009": {("year lung metastasis developed", "2009.0", None, None, "calendar year", "Exact")},
    "case-progressive-deficits": {("time from brain biopsy to progression", "2.0", None, None, "ANN", "Exact"),
                                  ("duration of progressive weakness with urinary incontinence", "1.0", None, None, "MON", "Exact")},
    "case-mri-conus-mass": {("mass length", "3.9", None, None, "CMT", "Exact"), ("mass width", "1.4", None, None, "CMT", "Exact"),
                            ("spinal level of the mass", None, "19.0", "20.0", "vertebral level (C1 = 1, T1 = 8, L1 = 20, S1 = 25)", "Exact")},
    "case-muscle-strength": {("muscle strength before", "5.0", None, None, "C62", "Exact"), ("muscle strength after", "2.0", None, None, "C62", "Exact")},
    "case-laminectomy": {("laminectomy levels", None, "19.0", "20.0", "vertebral level (C1 = 1, T1 = 8, L1 = 20, S1 = 25)", "Exact")},
    "case-radiotherapy": {("total radiation dose", "30.0", None, None, "A95", "Exact"), ("number of fractions", "12.0", None, None, "C62", "Exact")},
    "case-immunophenotype": {("Her-2/neu score of the metastasis", "2.0", None, None, "C62", "Exact")},
    "csf-seeding-in-meningioma-study": {("number of studies", "1.0", None, None, "C62", "Exact")},
    "csf-seeding-in-oligodendroglioma-studies": {("number of studies", "2.0", None, None, "C62", "Exact")},
}  # fmt: skip


def test_quantities_are_pinned(full: Graph) -> None:
    rows = q(
        full,
        """SELECT ?id ?name ?value ?min ?max ?unit ?qualifier WHERE {
        ?c dcterms:identifier ?id ; kg:hasQuantity ?q .
        ?q a schema:QuantitativeValue ; schema:name ?name ; kg:qualifier ?qualifier ; schema:unitText ?text .
        OPTIONAL { ?q schema:value ?value } OPTIONAL { ?q schema:minValue ?min } OPTIONAL { ?q schema:maxValue ?max }
        OPTIONAL { ?q schema:unitCode ?code }
        BIND(COALESCE(?code, ?text) AS ?unit) }""",
    )
    found: dict[str, set[tuple[str | None, ...]]] = {}
    for ident, name, value, low, high, unit, qualifier in rows:
        key = (
            str(name),
            *(None if v is None else str(v) for v in (value, low, high)),
            str(unit),
            str(qualifier).rsplit("/", 1)[-1],
        )
        found.setdefault(str(ident), set()).add(key)
    assert found == QUANTITIES


def test_sparql_filter_on_numbers(full: Graph) -> None:
    """Claims whose upper bound (or point value) is above 40 %."""
    query = """SELECT DISTINCT ?id WHERE {
        ?c dcterms:identifier ?id ; kg:hasQuantity ?q .
        ?q schema:unitCode "P1" .
        OPTIONAL { ?q schema:maxValue ?max } OPTIONAL { ?q schema:value ?value }
        FILTER(COALESCE(?max, ?value) > ?limit) }"""
    found = claim_ids(full, query.replace("?limit", "40"))
    assert found == {"iscm-lung-primary", "iscm-mostly-encapsulated", "iscm-meningeal-carcinomatosis-co-occurrence",
                     "iscm-systemic-metastases-in-most", "iscm-brain-metastases-in-nearly-half"}  # fmt: skip
    bound = {str(r[0]) for r in q(full, query, limit=Literal(Decimal("54.9")))}
    assert bound == {
        "iscm-mostly-encapsulated",
        "iscm-meningeal-carcinomatosis-co-occurrence",
        "iscm-systemic-metastases-in-most",
    }


def test_restatements_are_quotes_of_one_claim_not_duplicates(full: Graph) -> None:
    rows = q(
        full,
        """SELECT ?id (GROUP_CONCAT(?title; separator="|") AS ?sections) WHERE {
        ?c dcterms:identifier ?id ; kg:hasQuote/oa:hasScope ?s . ?sec a doco:Section ; dcterms:title ?title ; <http://purl.org/vocab/frbr/core#part> ?s
        } GROUP BY ?id""",
    )
    spread = {str(i): set(str(s).split("|")) for i, s in rows}
    assert spread["iscm-treatment-options"] == {"Discussion", "Conclusion"}
    assert spread["drop-metastasis-hypothesis"] == {"Discussion", "Abstract"}
    assert spread["csf-cytology-presymptomatic-detection"] == {"Discussion", "Conclusion"}
    assert spread["case-mri-conus-mass"] == {"Case Report", "Abstract", "Figures"}


def test_every_quote_is_anchored_and_slices_the_file(full: Graph) -> None:
    text = REPORT.read_bytes().decode("utf-8")
    rows = q(
        full,
        """SELECT ?id ?start ?end ?exact ?sentence WHERE {
        ?c dcterms:identifier ?id ; kg:hasQuote ?quote ; prov:wasQuotedFrom ?s .
        ?quote oa:hasScope ?s ; oa:hasSelector ?p, ?x .
        ?p oa:start ?start ; oa:end ?end . ?x oa:exact ?exact . ?s c4o:hasContent ?sentence }""",
    )
    assert len(rows) == 76
    for ident, start, end, exact, sentence in rows:
        assert text[int(start) : int(end)] == str(exact), ident
        assert str(exact) in str(sentence), ident


def test_claims_are_about_concepts_found_by_any_label(full: Graph) -> None:
    query = """SELECT DISTINCT ?id WHERE { ?c dcterms:identifier ?id ; dcterms:subject ?k .
        ?k skos:prefLabel|skos:altLabel ?label . FILTER(STR(?label) = ?name) }"""
    by_alt = {str(r[0]) for r in q(full, query, name=Literal("ISCM"))}
    by_pref = {str(r[0]) for r in q(full, query, name=Literal("intramedullary spinal cord metastasis"))}
    assert by_alt == by_pref
    assert "iscm-meningeal-carcinomatosis-co-occurrence" in by_alt
    assert len(by_alt) == 25  # the claims that list "iscm" among their concepts


def test_csf_sampling_is_its_own_concept_related_to_csf_cytology(full: Graph) -> None:
    rows = q(
        full,
        """SELECT ?id WHERE { ?c dcterms:subject ?s . ?s skos:prefLabel "CSF sampling"@en ;
            skos:related ?cytology . ?cytology skos:prefLabel "CSF cytology"@en ; skos:related ?s .
            ?c dcterms:identifier ?id } ORDER BY ?id""",
    )
    assert [str(r[0]) for r in rows] == ["csf-sampling-needs-more-studies", "csf-seeding-in-meningioma-study"]
    assert not q(full, """SELECT ?s WHERE { ?s skos:altLabel "CSF sampling"@en }""")
