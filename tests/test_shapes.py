"""The SHACL shapes: the bundled graph conforms, and each shape rejects what it guards against."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from kg.cli import main
from kg.errors import InputError
from kg.namespaces import BIRO, C4O, CITO, CO, FABIO, FRBR, MP, OA
from kg.pipeline import load_inputs
from kg.validation import shapes, validate_graph
from kg.vocabulary import KG

from .conftest import ARTICLE, BIB, REPORT

R = "http://example.org/kg/report/chiang-2013-iscm"
_SUBCLASS = f"<{RDFS.subClassOf}>".encode()
CLAIM = URIRef(f"{R}/claim/iscm-meningeal-carcinomatosis-co-occurrence")
QUANTITY = URIRef(f"{CLAIM}/quantity/1")
CITATION = URIRef(f"{CLAIM}/citation/9")
SENTENCE = URIRef(f"{R}/sentence/47")
POINTER = URIRef(f"{R}/marker/9")
ENTRY = URIRef(f"{R}/reference/9")
WORK = URIRef("http://example.org/kg/work/doi/10.1155/2011/989506")  # Kalita 2011, reference 9
LIST = URIRef(f"{R}/marker/6")
CONCEPT = URIRef("http://example.org/kg/concept/iscm")
QUOTE = URIRef(f"{CLAIM}/quote/1")


@pytest.fixture(scope="module")
def built() -> Graph:
    return load_inputs(REPORT, BIB, validate=False).graph


def drop(s: URIRef, p: URIRef) -> Callable[[Graph], object]:
    return lambda g: g.remove((s, p, None))


def swap(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], object]:
    return lambda g: g.set((s, p, o))  # type: ignore[arg-type]


def pointer_to_stray_entry(g: Graph) -> None:
    stray = URIRef(f"{R}/reference/99")
    g.add((stray, RDF.type, BIRO.BibliographicReference))
    g.set((POINTER, C4O.denotes, stray))


def citation_through_wrong_pointer(g: Graph) -> None:
    g.set((CITATION, KG.viaPointer, URIRef(f"{R}/marker/1")))


def list_with_one_member(g: Graph) -> None:
    members = list(g.objects(LIST, CO.element))
    g.remove((LIST, CO.element, members[0]))


def quote_without_scope(g: Graph) -> None:
    g.remove((QUOTE, OA.hasScope, None))


def statement_with_two_quotes(g: Graph) -> None:
    g.add((CLAIM, RDF.type, KG.CitationStatement))
    g.add((CLAIM, KG.hasQuote, URIRef(f"{CLAIM}/quote/2")))


def orphan_sentence(g: Graph) -> None:
    g.remove((None, FRBR.part, SENTENCE))


#: Shape → how to break the bundled graph so that it, and only it, must object.
BREAKS: dict[str, Callable[[Graph], object]] = {
    "ReportTitle": drop(URIRef(ARTICLE), DCTERMS.title),
    "SectionTitle": lambda g: g.add((URIRef(f"{R}/section/4"), DCTERMS.title, Literal("Another title"))),
    "SentenceContent": drop(SENTENCE, C4O.hasContent),
    "SentenceInSection": orphan_sentence,
    "SentenceAnchored": drop(SENTENCE, OA.hasSelector),
    "SelectorStart": drop(URIRef(f"{SENTENCE}/position"), OA.start),
    "SelectorEnd": drop(URIRef(f"{SENTENCE}/position"), OA.end),
    "SelectorOrder": swap(URIRef(f"{SENTENCE}/position"), OA.start, Literal(999999, datatype=XSD.nonNegativeInteger)),
    "SelectorExact": drop(URIRef(f"{SENTENCE}/quote"), OA.exact),
    "ReferenceNumber": drop(ENTRY, FABIO.hasSequenceIdentifier),
    "ReferenceContent": lambda g: g.add((ENTRY, C4O.hasContent, Literal("Printed twice"))),
    "ReferenceWork": drop(ENTRY, BIRO.references),
    "ReferenceInList": lambda g: g.remove((None, CO.element, ENTRY)),
    "ReferenceMatch": lambda g: g.set((ENTRY, KG.matchBasis, Literal("guess"))),
    "WorkTitle": lambda g: g.add((WORK, DCTERMS.title, Literal("A second title"))),
    "WorkYear": lambda g: g.set((WORK, FABIO.hasPublicationYear, Literal("2011"))),  # a plain string
    "PointerDenotes": pointer_to_stray_entry,
    "PointerContext": drop(POINTER, C4O.hasContext),
    "PointerContent": drop(POINTER, C4O.hasContent),
    "PointerListMembers": list_with_one_member,
    "ClaimStatement": drop(CLAIM, MP.statement),
    "StatementCites": lambda g: g.add((CLAIM, RDF.type, KG.CitationStatement)),  # it cites with citesAsEvidence
    "StatementQuote": statement_with_two_quotes,
    "ClaimId": drop(CLAIM, DCTERMS.identifier),
    "ClaimQuote": drop(CLAIM, KG.hasQuote),
    "ClaimMainQuote": drop(CLAIM, KG.hasMainQuote),
    "ClaimQuantity": lambda g: g.remove((QUANTITY, RDF.type, None)),
    "ClaimSubject": lambda g: g.remove((CONCEPT, RDF.type, None)),
    "QuoteSource": drop(QUOTE, OA.hasSource),
    "QuotePosition": lambda g: g.remove((QUOTE, OA.hasSelector, URIRef(f"{QUOTE}/position"))),
    "QuoteText": lambda g: g.remove((QUOTE, OA.hasSelector, URIRef(f"{QUOTE}/quote"))),
    "ClaimSentence": drop(CLAIM, PROV.wasQuotedFrom),
    "QuoteScope": quote_without_scope,
    "QuantityUnit": drop(QUANTITY, SDO.unitText),
    "QuantityUnitCode": swap(QUANTITY, SDO.unitCode, Literal("PERCENT")),
    "QuantityRange": swap(QUANTITY, SDO.minValue, Literal("60.0", datatype=XSD.decimal)),
    "QuantityQualifier": drop(QUANTITY, KG.qualifier),
    "QuantityValue": lambda g: g.add((URIRef(f"{R}/claim/case-patient/quantity/1"), SDO.value, Literal("40.0", datatype=XSD.decimal))),
    "QuantityMin": swap(QUANTITY, SDO.minValue, Literal(15)),
    "QuantityMax": swap(QUANTITY, SDO.maxValue, Literal("55%")),
    "QuantityShape": lambda g: [g.remove((QUANTITY, p, None)) for p in (SDO.minValue, SDO.maxValue)],
    "CitationCiting": drop(CITATION, CITO.hasCitingEntity),
    "CitationCited": drop(CITATION, CITO.hasCitedEntity),
    "CitationIntent": drop(CITATION, CITO.hasCitationCharacterization),
    "CitationPointer": drop(CITATION, KG.viaPointer),
    "CitationThroughQuotedPointer": citation_through_wrong_pointer,
    "ConceptLabel": drop(CONCEPT, SKOS.prefLabel),
    "ConceptScheme": drop(CONCEPT, SKOS.inScheme),
}  # fmt: skip


def test_break_count() -> None:
    assert len(BREAKS) == 48


def test_every_shape_with_a_constraint_has_a_break() -> None:
    """A new shape without a test that breaks it fails here."""
    graph = shapes()
    named = {
        str(s).rsplit("/", 1)[-1]
        for kind in (SH.PropertyShape, SH.SPARQLConstraint)
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    named |= {str(s).rsplit("/", 1)[-1] for s in graph.subjects(SH["or"], None) if isinstance(s, URIRef)}
    assert named == set(BREAKS)


def test_bundled_graph_conforms(built: Graph) -> None:
    assert validate_graph(built) == []


@pytest.mark.parametrize("shape", BREAKS)
def test_shape_rejects_the_break_it_guards_against(built: Graph, shape: str) -> None:
    problems = validate_graph(broken_copy(built, shape))
    assert any(p.endswith(f"[shape kgsh:{shape}]") for p in problems), problems


def broken_copy(built: Graph, *shapes_to_break: str) -> Graph:
    broken = Graph()
    for triple in built:
        broken.add(triple)
    for shape in shapes_to_break:
        BREAKS[shape](broken)
    return broken


@pytest.mark.parametrize("shape", BREAKS)
def test_compiled_checks_find_what_pyshacl_finds(built: Graph, shape: str) -> None:
    """pySHACL is the reference: the compiled SPARQL checks report exactly its violations, word for word."""
    broken = broken_copy(built, shape)
    assert validate_graph(broken) == validate_graph(broken, reference=True)


def test_compiled_checks_agree_on_many_faults_at_once(built: Graph) -> None:
    broken = broken_copy(built, *(s for s in BREAKS if s not in ("SelectorOrder", "QuantityRange")))
    compiled = validate_graph(broken)
    assert len(compiled) > len(BREAKS)
    assert compiled == validate_graph(broken, reference=True)


def test_compiled_checks_refuse_a_constraint_they_do_not_know() -> None:
    from kg.constraints import ShapesError, compile_shapes

    extra = Graph()
    for triple in shapes():
        extra.add(triple)
    extra.add((URIRef("http://example.org/kg/shapes/ClaimId"), SH.pattern, Literal("^[a-z-]+$")))
    with pytest.raises(ShapesError, match=r"ClaimId: http://www.w3.org/ns/shacl#pattern is not compiled"):
        compile_shapes(extra)


def test_kg_validate_on_a_graph_file(tmp_path: Path, built: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.ttl"
    built.serialize(good, format="turtle")
    assert main(["validate", str(good)]) == 0
    assert "conforms" in capsys.readouterr().out
    broken = Graph()
    for triple in built:
        broken.add(triple)
    BREAKS["QuantityRange"](broken)
    BREAKS["WorkTitle"](broken)
    bad = tmp_path / "bad.nt"
    broken.serialize(bad, format="nt", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any("[shape kgsh:QuantityRange]" in line and "quantity/1" in line for line in err), err
    assert any("[shape kgsh:WorkTitle]" in line and "10.1155/2011/989506" in line for line in err), err
    assert all(line.startswith(f"kg: error: {bad}: <") for line in err[:-1]), err  # each names the file
    assert err[-1] == f"kg: {len(err) - 1} problem(s)"


def test_kg_validate_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "claims fit the text; the graph conforms" in capsys.readouterr().out


def test_kg_validate_unparsable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "broken.ttl" in capsys.readouterr().err


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
#: Shapes with every constraint the compiler knows, in places kg's shapes do not use them.
GENERAL = """
ex:Thing a sh:NodeShape, rdfs:Class ; sh:property ex:Name, ex:Code, ex:Low, ex:Label, ex:Parent, ex:Kind .
ex:Name a sh:PropertyShape ; sh:path ex:name ; sh:datatype xsd:string ; sh:minLength 3 ; sh:message "name" .
ex:Code a sh:PropertyShape ; sh:path ex:code ; sh:in ( "a"@en ex:b 1 ) ; sh:message "code" .
ex:Low a sh:PropertyShape ; sh:path ex:low ; sh:lessThanOrEquals ex:high ; sh:message "low" .
ex:Label a sh:PropertyShape ; sh:path ex:label ; sh:uniqueLang true ; sh:message "label" .
ex:Parent a sh:PropertyShape ; sh:path [ sh:inversePath ex:child ] ; sh:maxCount 1 ; sh:node ex:Parented ;
    sh:message "parent" .
ex:Parented a sh:NodeShape ; sh:or ( [ sh:class ex:A ] [ sh:path ex:name ; sh:minCount 2 ] ) ; sh:message "parented" .
ex:Kind a sh:PropertyShape ; sh:path ex:kind ; sh:qualifiedValueShape [ sh:class ex:A ] ; sh:qualifiedMaxCount 1 ;
    sh:message "kind" .
ex:Listed a sh:NodeShape ; sh:targetNode ex:n1, ex:missing ; sh:class ex:A ; sh:message "listed" .
ex:Coded a sh:NodeShape ; sh:targetSubjectsOf ex:code ; sh:property ex:Typed .
ex:Typed a sh:PropertyShape ; sh:path ex:name ; sh:minCount 2 ; sh:datatype xsd:integer ; sh:message "typed" .
"""
DATA = """
ex:t1 a ex:Thing ; ex:name "abc", "ab", "é"@en, "xyz"^^xsd:string, 12, "a\\nb", "abc"^^xsd:integer ;
    ex:code "a"@EN, ex:b, "1"^^xsd:integer, "b" ; ex:low 5 ; ex:high 3, "x" ; ex:label "a"@en, "b"@EN, "c"@fr ;
    ex:kind ex:k1, ex:k2 .
ex:k1 a ex:A . ex:k2 a ex:B . ex:B rdfs:subClassOf ex:A . ex:n1 a ex:B .
ex:p1 ex:child ex:t1 ; a ex:A . ex:p2 ex:child ex:t1 ; ex:name "p2" .
ex:t2 a ex:Thing ; ex:low "b" ; ex:high "a", "c" ; ex:name "\\\\" ; ex:code ex:b ; ex:kind [ a ex:A ] .
ex:t3 a ex:Sub . ex:Sub rdfs:subClassOf ex:Thing .
"""


def agree(shapes_text: str, data_text: str) -> list[str]:
    """The compiled shapes' violations, from N-Triples and from the graph, once held to pySHACL's."""
    from kg.write.rdf import ntriples_lines

    rules = Graph().parse(data=PREFIXES + shapes_text, format="turtle")
    data = Graph().parse(data=PREFIXES + data_text, format="turtle")
    written = "".join(ntriples_lines(data)).encode()
    found = validate_graph(data, ntriples=written, shapes_graph=rules)
    assert found == validate_graph(data, shapes_graph=rules)
    assert found == validate_graph(data, reference=True, shapes_graph=rules)
    return found


def test_compiled_checks_agree_on_every_constraint_they_know() -> None:
    found = agree(GENERAL, DATA)
    for message in ("name", "code", "low", "label", "parent", "parented", "kind", "listed", "typed"):
        assert any(f": {message} " in line for line in found), (message, found)


def test_sparql_constraint_with_a_variable_predicate_reads_the_whole_graph() -> None:
    from kg.constraints import compile_shapes

    sparql = """ex:Short a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ;
        sh:message "short" ; sh:select "SELECT $this ?value WHERE { $this ?p ?value . FILTER(isBlank(?value) || STRLEN(STR(?value)) = 2) }" ] ."""
    assert compile_shapes(Graph().parse(data=PREFIXES + sparql, format="turtle")).reads is None
    found = agree(sparql, DATA)
    assert "<http://example.org/t1>: short (value ab) [shape <http://example.org/Short>]" in found, found
    assert any(line.startswith("<http://example.org/t2>: short (value ") for line in found), found  # a blank node


def test_sparql_target_reads_only_the_triples_it_can_match(built: Graph) -> None:
    from kg.constraints import compiled

    reads = compiled().reads
    assert reads is not None
    assert f"<{OA.prefix}>".encode() not in reads
    types: frozenset[tuple[bytes | None, bytes]] = frozenset(
        {(f"<{RDFS.subClassOf}>".encode(), f"<{CITO.Citation}>".encode())}
    )
    assert reads[f"<{RDF.type}>".encode()] == types  # only the citations' types
    broken = broken_copy(built, "CitationThroughQuotedPointer")  # a citation typed by a subclass still counts
    broken.set((CITATION, RDF.type, URIRef("http://example.org/Sub")))
    broken.add((URIRef("http://example.org/Sub"), RDFS.subClassOf, CITO.Citation))
    found = validate_graph(broken)
    assert found == validate_graph(broken, reference=True)
    assert any(line.endswith("[shape kgsh:CitationThroughQuotedPointer]") for line in found), found


def test_ntriples_are_read_in_any_form() -> None:
    from kg.term_texts import term_key, to_node
    from kg.triples_index import TriplesIndex
    from kg.write.rdf import ntriples_lines

    s, terms = URIRef("http://example.org/s"), [
        Literal('a "quote", a back\\slash, a line\nend, a return\r, a\ttab, é and 𝄞'),
        Literal("x", lang="en-GB"), Literal("5", datatype=XSD.integer), URIRef("http://example.org/é"),
    ]  # fmt: skip
    graph = Graph()
    for i, term in enumerate(terms):
        graph.add((s, URIRef(f"http://example.org/p{i}"), term))
    lines = "".join(ntriples_lines(graph))
    by_hand = (
        "# the same triples, escaped otherwise\n\n"
        '<http://example.org/s>\t<http://example.org/p0> "a \\"quote\\", a back\\\\slash, a line\\nend, '
        'a return\\r, a\\ttab, \\u00E9 and \\U0001D11E" .\n'
        '<http://example.org/s> <http://example.org/p1> "x"@en-GB.\n'
        '<http://example.org/s> <http://example.org/p2> "5"^^<http://www.w3.org/2001/XMLSchema#integer> . # five\n'
        "<http://example.org/s> <http://example.org/p3> <http://example.org/\\u00e9> .\n"
    )
    chunks = sorted(TriplesIndex.parse(lines.encode(), (), (), ()).chunks)  # split as they are
    assert chunks == sorted(line[:-2].encode() for line in lines.split("\n")[:-1])
    assert chunks == sorted(TriplesIndex.parse(by_hand, (), (), ()).chunks)  # read with rdflib
    assert {to_node(c.split(b" ", 2)[2]) for c in chunks} == set(terms)
    assert all(to_node(term_key(t)) == t for t in terms)
    with pytest.raises(InputError):
        TriplesIndex.parse(b"<http://example.org/s> <http://example.org/p> .\n", (), (), ())


@pytest.mark.parametrize(
    ("shape", "why"),
    [
        ("ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:node ex:S ; sh:message 'm' .", "refers to itself"),
        (
            "ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:message 'm' ; "
            "sh:node [ sh:sparql [ sh:select 'SELECT $this {}' ; sh:message 'n' ] ] .",
            "SPARQL constraints are compiled only on node shapes with a target",
        ),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:property [ sh:path ( ex:a ex:b ) ; sh:minCount 1 ] .", "path"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:class ex:A .", "without sh:message"),
    ],
)
def test_compiled_checks_refuse_shapes_they_cannot_evaluate(shape: str, why: str) -> None:
    from kg.constraints import ShapesError, compile_shapes

    with pytest.raises(ShapesError, match=why):
        compile_shapes(Graph().parse(data=PREFIXES + shape, format="turtle"))


@pytest.mark.parametrize(
    ("where", "whole"),
    [
        ("?this a/rdfs:subClassOf* ex:Thing ; ex:name ?v , ?w . FILTER(?v != ?w)", False),
        ("?this ex:kind ?k FILTER NOT EXISTS { ?k a ex:A , ex:B }", False),
        (
            "{ ?this ex:code ex:b } UNION { ?this ^ex:child ?p } OPTIONAL { ?this ex:label ?l } MINUS { ?this a ex:B }",
            False,
        ),
        ('?this ex:name "ab" ; ex:code "a"@EN , 1 , "1"^^xsd:integer', False),
        ("?this ex:child|ex:kind ?x . ?x ex:name* ?y FILTER EXISTS { ?x a ex:A }", False),
        ("?this ?p ?o", True),
        ("?this !ex:name ?o", True),
        ("?this ex:name [ ex:q ?o ]", True),
        ("{ SELECT ?this WHERE { ?this ?p ?o } }", True),
    ],
)
def test_a_query_answers_the_same_on_the_triples_it_reads(where: str, whole: bool) -> None:
    import pyoxigraph

    from kg.query_reads import query_reads
    from kg.triples_index import TriplesIndex
    from kg.write.rdf import ntriples_lines

    written = "".join(ntriples_lines(Graph().parse(data=PREFIXES + DATA, format="turtle"))).encode()
    query = PREFIXES.replace("@prefix", "PREFIX").replace(" .", "") + f"SELECT * WHERE {{ {where} }}"
    reads = query_reads(query, {})
    assert (reads is None) == whole
    backward = {p for p, objects in (reads or {}).items() if objects is not None} | {_SUBCLASS}
    index = TriplesIndex.parse(written, (), backward, [p for p, objects in (reads or {}).items() if objects is None])
    full, part = pyoxigraph.Store(), pyoxigraph.Store()
    full.load(written, format=pyoxigraph.RdfFormat.N_TRIPLES)
    part.load(b"".join(c + b" .\n" for c in index.matching(reads)), format=pyoxigraph.RdfFormat.N_TRIPLES)
    found = []
    for store in (full, part):
        answers = store.query(query)
        assert isinstance(answers, pyoxigraph.QuerySolutions)
        found.append(sorted(str([t if not isinstance(t, pyoxigraph.BlankNode) else None for t in a]) for a in answers))
    assert found[0] == found[1]
    assert len(index.matching(reads)) < len(index.chunks) or whole
