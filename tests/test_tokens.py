"""The SPARQL lexer: keywords, strings, comments and IRIs told apart, so checks and bound values land right."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.identifiers import bare_doi, is_absolute_iri
from kg.queries import tokens
from kg.queries.lexer import blanked


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ('?s ?p "a { b" .', ["?s", "?p", "."]),
        ("?s ?p 'it\\'s' .", ["?s", "?p", "."]),
        ('?s ?p """one "two" three""" .', ["?s", "?p", "."]),
        ("?s <http://x/#a> ?o # a comment\n.", ["?s", "?o", "."]),
        ("FILTER(?a < 2 && ?b > 1)", ["FILTER(?a", "<", "2", "&&", "?b", ">", "1)"]),  # comparisons are no IRIs
        ('?s ?p "no end', ["?s", "?p", '"no', "end"]),  # an unterminated string is left as it is
    ],
)
def test_strings_comments_and_iris_are_blanked_and_offsets_kept(text: str, left: list[str]) -> None:
    assert blanked(text).split() == left
    assert len(blanked(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://x/> {} }", True),
        ("SELECT * WHERE { {service <http://x/> {}} }", True),
        ("SELECT * WHERE { ?s ?p ?o SERVICE\tSILENT <http://x/> {} }", True),
        ("SELECT ?service WHERE { ?service ?p ?o }", False),
        ("SELECT * WHERE { ?s ex:SERVICE ?o }", False),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }', False),
        ("# SERVICE <http://x/>\nSELECT * WHERE { ?s <http://x/#SERVICE> ?o }", False),
        ("SELECT * WHERE { ?s ?p ?o } # a comment about SERVICE", False),
    ],
)
def test_service_is_found_wherever_it_stands_and_nowhere_else(text: str, refused: bool) -> None:
    assert tokens.has_service(text) is refused


@pytest.mark.parametrize(
    ("text", "form", "update"),
    [
        ("PREFIX ex: <http://x/>\nselect * { ?s ?p ?o }", "SELECT", False),
        ("BASE <http://x/> ASK { ?s ?p ?o }", "ASK", False),
        ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }", None, True),
        ("delete where { ?s ?p ?o }", None, True),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None, True),
        ("ex:SELECT", None, False),
    ],
)
def test_the_form_and_an_update_are_told(text: str, form: str | None, update: bool) -> None:
    assert tokens.form(text) == form
    assert tokens.is_update(text) is update


def test_dataset_clauses_are_read_with_or_without_spaces() -> None:
    text = "SELECT * FROM <http://g/1>\nFROM NAMED<http://g/2> FROM<http://g/3> WHERE { ?s ex:FROM <http://no> }"
    assert tokens.dataset_clauses(text) == [("http://g/1", False), ("http://g/2", True), ("http://g/3", False)]
    assert tokens.dataset_clauses('SELECT * WHERE { ?s ?p "FROM <http://no>" } # FROM <http://no>') == []


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a DESC(?b)", [("a", False, False), ("b", True, False)]),
        ("SELECT ?a WHERE { ?a ?p ?b } order by asc ( xsd:integer( ?a ) )", [("a", False, True)]),
        (
            "SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(<http://www.w3.org/2001/XMLSchema#integer>(?a)) # last",
            [("a", True, True)],
        ),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 3", None),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(?a)", None),
        ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }", None),
        ('SELECT ?a WHERE { ?a ?p "ORDER BY ?a" }', None),
    ],
)
def test_a_final_order_by_of_plain_keys_is_split_off(text: str, keys: list[tuple[str, bool, bool]] | None) -> None:
    found = tokens.order_keys(text)
    if keys is None:
        assert found is None
        return
    assert found is not None
    assert found[1] == keys
    assert text.startswith(found[0])
    assert "ORDER BY" not in found[0].upper()


@pytest.mark.parametrize(
    ("text", "star"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", True),
        ("select distinct * { ?s ?p ?o }", True),
        ("SELECT* { ?s ?p ?o }", True),
        ("SELECT ?s WHERE { ?s ?p ?o FILTER(?o * 2 > 1) }", False),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False),
    ],
)
def test_select_star_is_told(text: str, star: bool) -> None:
    assert tokens.is_star(text) is star


def test_terms_are_escaped_and_bad_ones_refused() -> None:
    literal = pyoxigraph.Literal('a"b\\c\nd\te', datatype=pyoxigraph.NamedNode("http://x/dt"))
    assert tokens.term_text(literal) == '"a\\"b\\\\c\\nd\\te"^^<http://x/dt>'
    assert tokens.term_text(pyoxigraph.Literal("x", language="zh-Hant-TW")).lower() == '"x"@zh-hant-tw'
    for iri in ("http://x/a b", "http://x/>", "http://x/{}", "http://x/\x00"):
        with pytest.raises(ValueError, match="IRI"):  # pyoxigraph refuses it first; the lexer would too
            tokens.term_text(pyoxigraph.NamedNode(iri))
    with pytest.raises(ValueError, match="cannot be bound"):
        tokens.term_text(pyoxigraph.BlankNode("b"))


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("10.1000/xyz", "10.1000/xyz"),
        (" doi: 10.1000/XYZ ", "10.1000/XYZ"),
        ("DOI:10.1000/xyz", "10.1000/xyz"),
        ("https://doi.org/10.1000/xyz", "10.1000/xyz"),
        ("HTTP://DX.DOI.ORG/10.1000/xyz", "10.1000/xyz"),
        ("doi.org/10.1000/xyz", "10.1000/xyz"),
        ("https://example.org/10.1000/xyz", "https://example.org/10.1000/xyz"),
        ("   ", None),
        ("doi:", None),
    ],
)
def test_a_doi_is_read_in_its_spellings(text: str, doi: str | None) -> None:
    assert bare_doi(text) == doi


@pytest.mark.parametrize(
    ("text", "absolute"),
    [("http://x/a", True), ("urn:isbn:1", True), ("a+b.c-d:x", True), ("1a:b", False), (":a", False),
     ("a:b c", False), ("a:<b>", False), ("é:x", False), ("plain", False)],
)  # fmt: skip
def test_an_absolute_iri_is_told(text: str, absolute: bool) -> None:
    assert is_absolute_iri(text) is absolute
