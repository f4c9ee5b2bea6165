"""A corpus build: the public JATS articles, the bundled report and a copy of one article under another identity.

The copy shares every claim id, reference number and cited work with its original, so each
named query and lookup is checked on a graph where two articles answer alike and only the
``article`` column tells them apart.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.namespaces import BIRO, PRISM
from kg.queries.sparql import named_queries
from kg.vocabulary import KG

from .conftest import BIB, REPORT, ROOT

EXTERNAL = ROOT.parent / "shared" / "external"
ORIGINAL = EXTERNAL / "1471-2180-11-174.nxml"
pytestmark = pytest.mark.skipif(not ORIGINAL.exists(), reason="the public JATS articles are not beside the checkout")


@dataclass(frozen=True)
class Corpus:
    out: Path
    graph: Graph
    quality: dict[str, Any]
    original: URIRef
    copy: URIRef
    alone: Graph  # the original article built on its own


def _copy_under_another_identity(source: Path, target: Path) -> None:
    """The article with its DOI, PMID and PMCID removed and another publisher id: the same text, another article."""
    text = source.read_text(encoding="utf-8")
    text = re.sub(r'<article-id pub-id-type="(?:pmid|pmc|doi)">[^<]*</article-id>\s*', "", text)
    text = text.replace(">1471-2180-11-174</article-id>", ">copy-of-1471-2180-11-174</article-id>")
    target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("corpus")
    for source in sorted(EXTERNAL.glob("*.nxml")):
        shutil.copy(source, folder / source.name)
    _copy_under_another_identity(ORIGINAL, folder / "copy.nxml")
    for name in ("chiang-2013-iscm.md", "chiang-2013-iscm.claims.yaml", "concepts.yaml"):
        shutil.copy(REPORT.with_name(name), folder / name)
    shutil.copy(BIB, folder / "references.bib")
    out = folder / "build"
    assert main(["build", str(folder), "--out", str(out)]) == 0
    quality = json.loads((out / "kg.quality.json").read_text(encoding="utf-8"))
    iris = {a["id"]: URIRef(a["iri"]) for a in quality["articles"]}
    alone = kg.load_inputs(ORIGINAL).graph
    return Corpus(out, kg.load(out / "kg.nq"), quality, iris["PMC3166277"], iris["copy-of-1471-2180-11-174"], alone)


def test_one_named_graph_per_article_named_by_its_node(corpus: Corpus) -> None:
    assert sorted(p.name for p in corpus.out.iterdir()) == ["kg.nq", "kg.quality.json", "kg.trig", "oxigraph"]
    dataset = kg.load(corpus.out / "kg.trig", named_graphs=True)
    assert isinstance(dataset, Dataset)
    names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert names == sorted(a["iri"] for a in corpus.quality["articles"])
    assert len(names) == 5
    assert str(corpus.original) == "http://example.org/kg/work/doi/10.1186/1471-2180-11-174"
    assert str(corpus.copy).startswith("http://example.org/kg/work/meta/dennehy-2011-")  # no identifier left
    assert "http://example.org/kg/work/doi/10.4172/2329-9126.1000119" in names  # the bundled report


def _works_by_reference(graph: Graph, article: str) -> dict[str, URIRef]:
    scope = f"http://example.org/kg/report/{article}/reference/"
    return {
        str(e)[len(scope) :]: URIRef(str(w))
        for e, w in graph.subject_objects(BIRO.references)
        if str(e).startswith(scope)
    }


def test_the_copy_s_references_land_on_the_original_s_work_nodes(corpus: Corpus) -> None:
    original = _works_by_reference(corpus.graph, "PMC3166277")
    copy = _works_by_reference(corpus.graph, "copy-of-1471-2180-11-174")
    assert len(original) == 64
    assert copy == original
    assert original == _works_by_reference(corpus.alone, "PMC3166277")  # the same IRIs as a build of one
    bases = {str(b) for e, b in corpus.graph.subject_objects(KG.matchBasis) if "/copy-of-" in str(e)}
    assert bases == {"doi", "pmid", "metadata", "text"}


def test_the_copy_keeps_its_own_node_and_the_conflict_is_reported(corpus: Corpus) -> None:
    works = corpus.quality["works"]
    assert works["cited by several articles"] == 64
    assert works["works"] == works["cited"] + 5  # no article here cites another
    (conflict,) = works["conflicts"]
    assert conflict["kind"] == "kept apart"
    assert conflict["occurrences"] == ["PMC3166277", "copy-of-1471-2180-11-174"]


def _doi_cited_by_the_original(corpus: Corpus) -> str:
    with_claims = {r["work"] for r in kg.query(corpus.alone, "claim-citations")}
    dois = sorted(str(d) for w in with_claims for d in corpus.graph.objects(URIRef(w), PRISM.doi))
    assert dois
    return dois[0]


def test_kg_cites_a_doi_lists_the_citing_claims_of_both(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    doi = _doi_cited_by_the_original(corpus)
    graph = str(corpus.out / "kg.nq")
    capsys.readouterr()
    assert main(["cites", doi.upper(), "--graph", graph, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_article.setdefault(row.pop("article"), []).append(row)
    assert sorted(by_article) == ["PMC3166277", "copy-of-1471-2180-11-174"]
    assert by_article["PMC3166277"] == by_article["copy-of-1471-2180-11-174"]  # same claims, same quotes
    assert main(["cites", doi, "--graph", graph, "--article", "copy-of-1471-2180-11-174", "--format", "json"]) == 0
    assert {r["article"] for r in json.loads(capsys.readouterr().out)} == {"copy-of-1471-2180-11-174"}


def test_a_printed_number_needs_its_article(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    graph = str(corpus.out / "kg.nq")
    capsys.readouterr()
    assert main(["cites", "1", "--graph", graph]) == 1
    assert "give --article" in capsys.readouterr().err
    for article in ("PMC3166277", "copy-of-1471-2180-11-174", str(corpus.original)):
        assert main(["cites", "1", "--graph", graph, "--article", article, "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows
        assert all(r["reference"] == 1 for r in rows)
    assert main(["cites", "1", "--graph", graph, "--article", "10.1186/1471-2180-11-174", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("PMC3166277,")


#: A value for each parameter a named query may need.
def _values(corpus: Corpus) -> dict[str, str]:
    work = next(r["work"] for r in kg.query(corpus.alone, "claim-citations"))
    claim = next(r["claim"] for r in kg.query(corpus.alone, "claim-citations"))
    return {"work": work, "claim": claim, "label": "ISCM"}


def _without_article(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "article"} for r in rows]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_per_article_as_for_the_article_alone(corpus: Corpus, name: str) -> None:
    query = named_queries()[name]
    assert "article" in [p.name for p in query.params], f"{name} has no article parameter"
    values = {p.name: _values(corpus)[p.name] for p in query.params if not p.optional}
    everything = kg.query(corpus.graph, name, None, **values)
    assert all("article" in r for r in everything)
    for article in (corpus.original, corpus.copy):
        mine = kg.query(corpus.graph, name, None, **values, article=str(article))
        assert mine == [r for r in everything if r["article"] == str(article)], f"{name}: {article}"
    original = kg.query(corpus.graph, name, None, **values, article=str(corpus.original))
    copy = kg.query(corpus.graph, name, None, **values, article=str(corpus.copy))
    assert _without_article(original) == _without_article(kg.query(corpus.alone, name, None, **values))
    assert _without_article(copy) == _without_article(original)  # shared claim ids and reference numbers
    if name in {"case-timeline", "claims-about-concept", "quantitative-claims", "uncited-claims"}:
        bundled = "http://example.org/kg/work/doi/10.4172/2329-9126.1000119"
        assert kg.query(corpus.graph, name, None, **values, article=bundled)  # the curated report's claims


def test_sources_and_trace_answer_in_each_article(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    graph = str(corpus.out / "kg.nq")
    claim = _values(corpus)["claim"]
    capsys.readouterr()
    assert main(["sources", claim, "--graph", graph, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["article"] for r in rows} >= {"PMC3166277", "copy-of-1471-2180-11-174"}
    assert main(["trace", claim, "--graph", graph]) == 1  # two claims of that id: which one?
    assert "give --article or an IRI" in capsys.readouterr().err
    assert main(["trace", claim, "--graph", graph, "--article", "copy-of-1471-2180-11-174", "--format", "json"]) == 0
    steps = json.loads(capsys.readouterr().out)
    assert steps[0]["label"] == f"copy-of-1471-2180-11-174: {claim}"  # labels say whose claim it is
    assert all("/report/copy-of-1471-2180-11-174/" in s["node"] for s in steps if s["type"] != "fabio:JournalArticle")


def test_impact_counts_the_claims_of_every_article(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    graph = str(corpus.out / "kg.nq")
    capsys.readouterr()
    assert main(["impact", "--graph", graph, "--format", "json"]) == 0
    corpus_ranking = {r["work"]: r["claims"] for r in json.loads(capsys.readouterr().out)}
    assert main(["impact", "--graph", graph, "--article", "PMC3166277", "--format", "json"]) == 0
    one = {r["work"]: r["claims"] for r in json.loads(capsys.readouterr().out)}
    assert len(one) == 64
    shared = [w for w in one if one[w]]
    assert shared
    assert all(corpus_ranking[w] == 2 * one[w] for w in shared)  # the copy's claims count too


def test_citing_articles_are_the_nodes_others_cite(tmp_path: Path) -> None:
    cited = tmp_path / "cited.xml"
    shutil.copy(ROOT / "tests" / "data" / "jats" / "rid-list.xml", cited)
    text = cited.read_text(encoding="utf-8").replace('pub-id-type="pmc">2691469', 'pub-id-type="pmc">1000001')
    text = text.replace("<title-group><article-title>Fixture: rid-list", "<title-group><article-title>Citing")
    # the citing article's first entry names the other article of the corpus by its PMCID
    text = text.replace(
        "<fpage>10</fpage>-<lpage>19</lpage>.</mixed-citation>",
        '<fpage>10</fpage>-<lpage>19</lpage>. <pub-id pub-id-type="pmcid">PMC2691469</pub-id></mixed-citation>',
    )
    citing = tmp_path / "citing.xml"
    citing.write_text(text, encoding="utf-8")
    cited.write_text((ROOT / "tests" / "data" / "jats" / "rid-list.xml").read_text(encoding="utf-8"))
    result = kg.load_inputs([cited, citing])
    node = URIRef("http://example.org/kg/work/pmcid/PMC2691469")
    assert [b.name for b in result.articles] == [node, URIRef("http://example.org/kg/work/pmcid/PMC1000001")]
    entry = URIRef("http://example.org/kg/report/PMC1000001/reference/r1")
    assert result.graph.value(entry, BIRO.references) == node
    assert result.graph.value(entry, KG.matchBasis) == Literal("pmcid")
    assert kg.cites(result.graph, "PMC2691469")[0]["article"] == "PMC1000001"


def test_a_corpus_build_is_deterministic_and_independent_of_input_order(tmp_path: Path) -> None:
    jats = ROOT / "tests" / "data" / "jats"
    inputs = [str(jats / "rid-list.xml"), str(jats / "articles.xml"), str(jats / "superscript.xml")]
    for name, order in (("a", inputs), ("b", inputs), ("c", inputs[::-1])):
        assert main(["build", *order, "--out", str(tmp_path / name)]) == 0
    for name in ("kg.nq", "kg.trig", "kg.quality.json"):
        first, again, reversed_ = ((tmp_path / n / name).read_bytes() for n in "abc")
        assert first == again == reversed_, name  # inputs are built in path order, whatever order they come in


def test_an_interrupted_corpus_build_leaves_the_old_files_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.corpus import Corpus as Building

    jats = ROOT / "tests" / "data" / "jats"
    inputs = [str(jats / "rid-list.xml"), str(jats / "superscript.xml"), str(jats / "articles.xml")]
    out = tmp_path / "b"
    assert main(["build", *inputs, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() if p.is_file() else "store" for p in out.iterdir()}
    built = Building._build
    calls = []

    def interrupted(self: Building, *args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # the first article is already in the staged files
            raise KeyboardInterrupt
        return built(self, *args)

    monkeypatch.setattr(Building, "_build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        kg.build([*inputs], out_dir=out)
    assert {p.name: p.read_bytes() if p.is_file() else "store" for p in out.iterdir()} == before


def test_a_path_in_a_corpus_names_the_article_of_each_step(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert (
        main(["path", "CSF cytology", "breast cancer", "--graph", str(corpus.out / "kg.nq"), "--format", "json"]) == 0
    )
    steps = json.loads(capsys.readouterr().out)
    assert steps[0]["label"] == "CSF cytology"
    assert steps[-1]["label"] == "breast cancer"
    scoped = [s for s in steps if "/report/" in s["node"]]
    assert scoped
    assert all(s["label"].startswith("chiang-2013-iscm: ") for s in scoped)
