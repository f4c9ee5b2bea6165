"""Citation statements: every citing sentence no curated claim quotes becomes a claim, for any input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

import kg
from kg.cli import main
from kg.errors import InputError
from kg.namespaces import CITO, MP, PRISM
from kg.queries.lookup import resolve_work
from kg.vocabulary import KG

from .conftest import DATA, cited

REPORT = """---
id: two-cites
title: A short report
---

## Introduction

Tumours of the conus are rare [1]. They grow slowly. Both series agree [1,2].

## References

1. Smith J (2001) Conus tumours. J Spine 3: 1-5.
2. Jones K (2003) Slow growth of conus tumours. J Spine 5: 7-9.
"""

BIB = """@article{smith2001, author={Smith, J.}, title={Conus tumours}, journal={J Spine}, year={2001}}
@article{jones2003, author={Jones, K.}, title={Slow growth of conus tumours}, journal={J Spine}, year={2003}}
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    (tmp_path / "two-cites.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    return tmp_path / "two-cites.md"


def claims_of(graph: Graph) -> dict[str, URIRef]:
    return {str(graph.value(c, DCTERMS.identifier)): c for c in graph.subjects(RDF.type, MP.Claim)}  # type: ignore[misc]


def test_an_uncurated_report_gets_one_statement_per_citing_sentence(report: Path) -> None:
    result = kg.load_inputs(report)  # the bibliography is the folder's references.bib
    graph = result.graph
    claims = claims_of(graph)
    assert sorted(claims) == ["statement-1", "statement-3"]  # sentence 2 cites nothing
    first, third = claims["statement-1"], claims["statement-3"]
    assert (first, RDF.type, KG.CitationStatement) in graph
    assert graph.value(first, MP.statement) == Literal("Tumours of the conus are rare [1].")
    assert set(graph.objects(third, CITO.cites)) == {cited(graph, "smith2001"), cited(graph, "jones2003")}
    assert result.articles[0].statements == 2
    assert result.claims == 0


def test_lookups_answer_on_an_uncurated_report(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    assert main(["build", str(report), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["cites", "2", "--graph", str(out / "kg.ttl"), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "article,claim,reference,marker,intent,section,quote"
    assert rows[1:] == ['two-cites,statement-3,2,"[1,2]",cites,Introduction,"Both series agree [1,2]."']
    assert main(["sources", "statement-1", "--graph", str(out / "kg.ttl"), "--format", "csv"]) == 0
    assert "1,cites,Smith J (2001) Conus tumours. J Spine 3: 1-5." in capsys.readouterr().out


def test_curated_claims_take_precedence_for_the_sentences_they_quote(report: Path) -> None:
    claims = report.with_name("two-cites.claims.yaml")
    claims.write_text(
        "report: two-cites\nclaims:\n"
        "- id: conus-tumours-rare\n  kind: epidemiological\n  statement: Conus tumours are rare.\n"
        "  quotes: [Tumours of the conus are rare]\n  cites: [{ref: 1, intent: citesAsEvidence}]\n",
        encoding="utf-8",
    )
    graph = kg.load_inputs(report).graph
    assert sorted(claims_of(graph)) == ["conus-tumours-rare", "statement-3"]


def test_a_curated_id_that_a_statement_needs_is_refused(report: Path) -> None:
    report.with_name("two-cites.claims.yaml").write_text(
        "report: two-cites\nclaims:\n"
        "- id: statement-3\n  kind: literature\n  statement: Growth is slow.\n  quotes: [They grow slowly.]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="claim id 'statement-3' is reserved for the citation statement of sentence 3"):
        kg.load_inputs(report)


def test_a_jats_article_without_claims_answers_cites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    assert main(["build", str(DATA / "jats" / "rid-list.xml"), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "statements  1" in printed.out
    assert main(["cites", "2", "--graph", str(out / "kg.ttl"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        'PMC2691469,statement-1,2,"1,2",cites,,"Both were reported 1,2."'
    ]
    quality = json.loads((out / "kg.quality.json").read_text(encoding="utf-8"))
    (article,) = quality["articles"]
    assert article["id"] == "PMC2691469"
    assert article["counts"]["pointers"] == 2
    assert [n["kind"] for n in article["notes"]].count("uncited-reference") == 6  # r3 to r8 are never cited


def test_impact_names_a_jats_work_by_its_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    assert main(["build", str(DATA / "jats" / "rid-list.xml"), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["impact", "2", "--graph", str(out / "kg.ttl"), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "kind,type,label"
    assert "claims,mp:Claim,statement-1" in rows
    assert [r.split(",")[0] for r in rows[1:]].count("reports") == 1  # the article, not the statement citing it


def test_lookups_on_two_articles_answer_for_both_or_for_the_one_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    assert main(["build", str(DATA / "jats" / "articles.xml"), "--out", str(out)]) == 0  # two articles, same ids
    capsys.readouterr()
    graph = str(out / "kg.nq")
    assert main(["cites", "1", "--graph", graph]) == 1  # a printed number is one article's own
    err = capsys.readouterr().err
    assert "reference 1 names 2 works in 2 articles" in err, err
    assert "give --article" in err, err
    assert main(["cites", "1", "--graph", graph, "--article", "10-1234-same-article-2", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert rows
    assert all(r.startswith("10-1234-same-article-2,") for r in rows)
    assert main(["sources", "statement-1", "--graph", graph, "--format", "csv"]) == 0  # a claim id: in each article
    articles = [r.split(",")[0] for r in capsys.readouterr().out.splitlines()[1:]]
    assert sorted(set(articles)) == ["10-1234-same-article", "10-1234-same-article-2"]
    assert (
        main(["sources", "statement-1", "--graph", graph, "--article", "10-1234-same-article", "--format", "csv"]) == 0
    )
    assert {r.split(",")[0] for r in capsys.readouterr().out.splitlines()[1:]} == {"10-1234-same-article"}
    assert main(["trace", "statement-1", "--graph", graph]) == 1
    assert "give --article or an IRI" in capsys.readouterr().err
    assert main(["sources", "statement-1", "--graph", graph, "--article", "nope"]) == 1
    assert "no article 'nope' in the graph" in capsys.readouterr().err


def test_a_cite_may_name_its_reference_by_bibtex_key(report: Path) -> None:
    report.with_name("two-cites.claims.yaml").write_text(
        "report: two-cites\nclaims:\n"
        "- id: both-agree\n  kind: literature\n  statement: Both series agree.\n"
        "  quotes: [Both series agree]\n  cites: [{ref: jones2003, intent: citesAsEvidence}]\n",
        encoding="utf-8",
    )
    graph = kg.load_inputs(report).graph
    claim = claims_of(graph)["both-agree"]
    assert list(graph.objects(claim, CITO.citesAsEvidence)) == [cited(graph, "jones2003")]


def test_every_doi_of_an_entry_is_on_its_work_and_sources_lists_the_work_once() -> None:
    graph = kg.load_inputs(DATA / "jats" / "doi-forms.xml").graph
    work = URIRef(kg.cites(graph, "r5")[0]["work"])
    assert sorted(map(str, graph.objects(work, PRISM.doi))) == ["10.1000/part.1", "10.1000/part.2"]
    rows = kg.sources(graph, "statement-3")
    assert [(r["reference"], r["doi"]) for r in rows] == [(5, "10.1000/part.1")]
    assert str(resolve_work(graph, "10.1000/PART.2")) == str(work)  # either DOI names the work
