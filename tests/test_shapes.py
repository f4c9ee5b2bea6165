"""The SHACL shapes: the bundled graph conforms, and each shape rejects what it guards against."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SH, SKOS, XSD

from kg.cli import main
from kg.namespaces import BIRO, C4O, CITO, CO, FABIO, FRBR, MP, OA
from kg.pipeline import load_inputs
from kg.validation import shapes, validate_graph
from kg.vocabulary import KG

from .conftest import ARTICLE, BIB, REPORT

R = "http://example.org/kg/report/chiang-2013-iscm"
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
