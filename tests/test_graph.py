from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from kg import build_graph
from kg.namespaces import BIRO, C4O, CITO, DEO, DOCO, FABIO, FRBR, OA, PRISM, bind_prefixes
from kg.records import Article

from .conftest import ARTICLE, REPORT, cited, select

PREFIXES = """
PREFIX biro: <http://purl.org/spar/biro/>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX co: <http://purl.org/co/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX doco: <http://purl.org/spar/doco/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
"""

#: Sentences that cite, by their opening words, with the reference numbers each cites.
CITING = {
    "Intramedullary spinal cord metastasis (ISCM) is rare": [1],
    "Other primary sources include primary breast": [2],
    "Spinal magnetic resonance imaging (MRI) is routinely used": [3],
    "Surgical excision aims at decompression": [4],
    "It remains controversial": [5],
    "Although the surgery does not improve survival duration": [6, 7],
    "Partial resection may be advocated": [8],
    "Spread through the vertebral venous plexus": [2],
    "According to the literature, ISCMs co-occur": [9],
    "At the time of the diagnosis, systemic metastases": [3],
    "Rapid progression of symptoms distinguishes ISCM": [10],
    "The CSF seeding pathway has been mentioned": [11, 12, 13],
}


def rows(graph: Graph, query: str) -> list[tuple[Any, ...]]:
    return select(graph, PREFIXES + query)


def test_which_sentences_cite_which_references(graph: Graph) -> None:
    found: dict[str, list[int]] = defaultdict(list)
    query = """SELECT ?text ?n WHERE {
        ?p a c4o:InTextReferencePointer ; c4o:hasContext ?s ; c4o:denotes ?be .
        ?s a doco:Sentence ; c4o:hasContent ?text .
        ?be fabio:hasSequenceIdentifier ?n }"""
    for text, number in rows(graph, query):
        found[str(text)].append(int(str(number)))
    got = {next(k for k in CITING if t.startswith(k)): sorted(v) for t, v in found.items()}
    assert got == CITING


def test_pointer_and_list_counts(graph: Graph) -> None:
    assert len(set(graph.subjects(RDF.type, C4O.InTextReferencePointer))) == 15
    lists = set(graph.subjects(RDF.type, C4O.SingleLocationPointerList))
    assert sorted(str(graph.value(x, C4O.hasContent)) for x in lists) == ["[12,13]", "[6,7]"]
    (pair,) = (x for x in lists if str(graph.value(x, C4O.hasContent)) == "[6,7]")
    members = rows(graph, f"SELECT ?n WHERE {{ <{pair}> co:element/c4o:denotes/fabio:hasSequenceIdentifier ?n }}")
    assert sorted(str(n) for (n,) in members) == ["6", "7"]


def test_report_and_its_work(graph: Graph) -> None:
    report = URIRef(ARTICLE)  # an article with a DOI is the node of the work that DOI names
    assert (report, RDF.type, FABIO.JournalArticle) in graph
    assert graph.value(report, PRISM.doi) == Literal("10.4172/2329-9126.1000119")
    assert str(graph.value(report, DCTERMS.title)).startswith("Drop metastasis seeding")
    work = graph.value(predicate=URIRef("http://purl.org/vocab/frbr/core#realization"), object=report)
    assert (work, RDF.type, FABIO.ClinicalCaseReport) in graph
    assert (report, RDF.type, FABIO.ClinicalCaseReport) not in graph  # Work and Expression kept apart
    assert len(set(graph.objects(report, CITO.cites))) == 13


def test_reference_entries_link_printed_text_to_works(graph: Graph) -> None:
    query = """SELECT ?n ?content ?title ?year WHERE {
        ?r frbr:part ?be . ?be a biro:BibliographicReference ; fabio:hasSequenceIdentifier ?n ;
            c4o:hasContent ?content ; biro:references ?w .
        ?r cito:cites ?w . ?w a fabio:JournalArticle ; dcterms:title ?title ; fabio:hasPublicationYear ?year }"""
    found = {int(str(n)): (str(c), str(t), str(y)) for n, c, t, y in rows(graph, query)}
    assert sorted(found) == list(range(1, 14))
    content, title, year = found[9]
    assert content.startswith("Kalita O (2011) Current insights into surgery")
    assert title == "Current insights into surgery for intramedullary spinal cord metastases: a literature review"
    assert year == "2011"
    assert found[1][2] == "2012"  # the printed year is kept


def test_cited_work_fields(graph: Graph) -> None:
    work = cited(graph, "hsu2012conus")  # no identifier: matched on first author, year and title
    assert work.startswith("http://example.org/kg/work/meta/hsu-2012-conus-medullaris-metastasis-")
    assert graph.value(work, PRISM.volume) == Literal("43")
    assert graph.value(work, PRISM.startingPage) == Literal("910")
    assert graph.value(work, PRISM.endingPage) == Literal("914")
    journal = graph.value(work, FRBR.partOf)
    assert (journal, RDF.type, FABIO.Journal) in graph
    assert graph.value(journal, DCTERMS.title) == Literal("Surg Today")
    rostami = URIRef("http://example.org/kg/work/doi/10.1016/j.jns.2013.05.032")
    assert cited(graph, "rostami2013intramedullary") == rostami
    assert graph.value(rostami, FABIO.hasPubMedId) == Literal("23778028")
    neuro = URIRef("http://example.org/kg/journal/clin-neurol-neurosurg")
    assert len(set(graph.subjects(FRBR.partOf, neuro))) == 3  # refs 8, 10 and 13 share one journal node


def test_authors_keep_accents_and_order(graph: Graph) -> None:
    query = f"""SELECT ?family WHERE {{
        <{cited(graph, "kalayci2004intramedullary")}> dcterms:creator ?a .
        ?a <http://xmlns.com/foaf/0.1/familyName> ?family }}"""
    assert {str(f) for (f,) in rows(graph, query)} == {"Kalayci", "Cağavi", "Gül", "Yenidünya", "Açikgöz"}
    work = cited(graph, "schiff1996intramedullary")
    agent = URIRef(f"{work}/author/2/agent")
    assert graph.value(agent, FOAF.familyName) == Literal("O’Neill")
    next_role = graph.value(URIRef(f"{work}/author/1"), URIRef("https://w3id.org/oc/ontology/hasNext"))
    assert next_role == URIRef(f"{work}/author/2")


def test_sections_have_roles_and_sentences(graph: Graph) -> None:
    query = """SELECT ?title (COUNT(?s) AS ?n) WHERE {
        ?sec a doco:Section ; dcterms:title ?title ; frbr:part ?s . ?s a doco:Sentence } GROUP BY ?title"""
    counts = {str(t): int(n) for t, n in rows(graph, query)}
    assert counts == {
        "Abstract": 9,
        "Introduction": 5,
        "Case Report": 16,
        "Discussion": 27,
        "Conclusion": 3,
        "Figures": 3,
    }
    roles = {str(graph.value(s, DCTERMS.title)) for s in graph.subjects(RDF.type, DEO.Discussion)}
    assert roles == {"Discussion"}
    assert len(set(graph.subjects(RDF.type, DOCO.Abstract))) == 1


def test_every_selector_slices_the_corpus_file_to_its_exact_text(graph: Graph) -> None:
    text = REPORT.read_bytes().decode("utf-8")
    query = """SELECT ?node ?start ?end ?exact WHERE {
        ?node oa:hasSource ?src ; oa:hasSelector ?p, ?q .
        ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact }"""
    found = rows(graph, query)
    assert len(found) == 63 + 13 + 13 + 4  # sentences, reference entries, markers, members of pointer lists
    for node, start, end, exact in found:
        assert text[int(start) : int(end)] == str(exact), node
        content = graph.value(node, C4O.hasContent)
        if (node, RDF.type, DOCO.Sentence) in graph:
            assert content == exact


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for triple in graph for t in triple if isinstance(t, BNode)]


def test_base_iri_is_configurable(article: Article) -> None:
    custom = build_graph(article, base="https://kg.test/x/")
    assert (URIRef("https://kg.test/x/work/doi/10.4172/2329-9126.1000119"), RDF.type, FABIO.JournalArticle) in custom
    assert (URIRef("https://kg.test/x/report/chiang-2013-iscm/sentence/1"), RDF.type, DOCO.Sentence) in custom
    assert not any(str(s).startswith("http://example.org/") for s in custom.subjects())


def test_base_iri_must_end_with_a_separator(article: Article) -> None:
    with pytest.raises(ValueError, match="must end with '/' or '#'"):
        build_graph(article, base="https://kg.test/x")


def test_prefixes_are_the_contract_ones() -> None:
    bound = dict(bind_prefixes(Graph()).namespaces())
    assert str(bound["cito"]) == "http://purl.org/spar/cito/"
    assert str(bound["schema"]) == "https://schema.org/"
    assert str(bound["prism"]) == "http://prismstandard.org/namespaces/basic/2.0/"
    assert str(BIRO.references) == "http://purl.org/spar/biro/references"
    assert str(OA.start) == "http://www.w3.org/ns/oa#start"


def test_json_ld_nodes_are_written_as_json_dumps_writes_them() -> None:
    """The JSON-LD writer's own indenting gives json.dumps(indent=2, sort_keys=True)'s text, byte for byte."""
    import json
    import random

    from kg.write.rdf import indented

    rng = random.Random(3)

    def value(depth: int = 0) -> object:
        roll = rng.random()
        if depth > 3 or roll < 0.3:
            return rng.choice(["a", 'é\n"x', 1, 2.5, True, None, "", "\u2028", -0.0, 10**20])
        if roll < 0.6:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        return {
            rng.choice(["@id", "@type", "b", "é", "Z"]) + str(i): value(depth + 1) for i in range(rng.randint(0, 3))
        }

    for _ in range(500):
        item = value()
        assert indented(item) == json.dumps(item, indent=2, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("source", ["bundled", "jats"])
def test_the_five_files_of_one_article_match_their_writers_one_by_one(source: str, graph: Graph) -> None:
    """A build of one article writes its files sharing their work: the same text each writer gives alone."""
    from kg.pipeline import load_inputs
    from kg.write.quads import article_files, nquads, trig
    from kg.write.rdf import serialize

    from .conftest import DATA

    if source == "jats":
        graph = load_inputs(DATA / "jats" / "brackets.xml").graph
    name = URIRef("http://example.org/kg/work/doi/10.4172/2329-9126.1000119")
    files = article_files(name, graph)
    assert files[".ttl"] == serialize(graph, "ttl")
    assert files[".nt"] == serialize(graph, "nt")
    assert files[".jsonld"] == serialize(graph, "jsonld")
    assert files[".nq"] == nquads({name: graph})
    assert files[".trig"] == trig({name: graph})
