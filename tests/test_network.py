"""The networkx projection and its traversals, through Python and the CLI, against golden files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.cli import main
from kg.namespaces import BIRO
from kg.queries.network import PathError, co_citation, rank_works, shortest_path, to_networkx
from kg.stores.graph_file import read_graph
from kg.vocabulary import KG

from .conftest import select
from .test_queries import CITED_CLAIMS

WORKS = ["hsu2012conus", "kalayci2004intramedullary", "schiff1996intramedullary", "gasser2005surgical",
         "guppy2006metastasis", "hrabalek2010intramedullary", "rostami2013intramedullary", "damhieu2009retrospective",
         "kalita2011current", "ogino2002successful", "erkutlu2009spinal", "carlsen2012paraplegia", "natale2005anaplastic"]  # fmt: skip
PATHS = {
    "csf-cytology-to-breast-cancer": ("CSF cytology", "breast cancer"),
    "iscm-to-kalita": ("ISCM", "kalita2011current"),
    "tamoxifen-to-meningeal-carcinomatosis": ("tamoxifen", "meningeal carcinomatosis"),
}


@pytest.fixture(scope="module")
def network(built_graph_file: Path) -> Any:
    return to_networkx(read_graph(built_graph_file))


def cli(capsys: pytest.CaptureFixture[str], graph: Path | list[str], *args: str) -> str:
    """Run a command on a graph file, or with the arguments that name a store (see the ``source`` fixture)."""
    code = main([*args, *(graph if isinstance(graph, list) else ["--graph", str(graph)])])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_projection_keeps_iri_edges_and_makes_literals_attributes(network: Any, built_graph_file: Path) -> None:
    graph = read_graph(built_graph_file)
    iri_nodes = {str(t) for triple in graph for t in (triple[0], triple[2]) if t.n3().startswith("<")}
    classes = {str(o) for o in graph.objects(None, __import__("rdflib").RDF.type)}
    assert set(network.nodes) == iri_nodes - (classes - set(network.nodes))
    assert all(not n.startswith('"') for n in network.nodes)
    assert not any(key == "rdf:type" for _, _, key in network.edges(keys=True))
    claim = network.nodes["http://example.org/kg/report/chiang-2013-iscm/claim/iscm-lung-primary"]
    assert claim["type"] == "mp:Claim"
    assert claim["label"] == "iscm-lung-primary"
    assert "kg:EpidemiologicalClaim" in claim["types"].split()
    concept = network.nodes["http://example.org/kg/concept/iscm"]
    assert concept["label"] == "intramedullary spinal cord metastasis"
    assert "ISCM" in concept["labels"].split("|")
    assert (network.number_of_nodes(), network.number_of_edges()) == (851, 1739)


@pytest.mark.parametrize("claim", CITED_CLAIMS)
def test_trace_golden(claim: str, source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, source, "trace", claim, "--format", "json")
    steps = json.loads(out)
    if claim in ("iscm-lung-primary", "surgery-does-not-improve-survival"):
        assert steps == []  # an uncited claim has no trail
    else:
        assert [s["type"] for s in steps[:5]] == ["mp:Claim", "doco:Sentence", "c4o:InTextReferencePointer",
                                                  "biro:BibliographicReference", "fabio:JournalArticle"]  # fmt: skip
    golden(f"trace/{claim}.json", out)


def test_impact_ranking_golden(source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, source, "impact", "--format", "json")
    ranked = json.loads(out)
    assert [r["label"] for r in ranked[:2]] == ["Schiff 1996", "Kalayci 2004"]  # first author and year
    assert sum(r["claims"] for r in ranked) == 16
    golden("impact/ranking.json", out)


@pytest.mark.parametrize("work", WORKS)
def test_impact_of_a_work_golden(work: str, source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, source, "impact", work, "--format", "json")
    kinds = {r["kind"] for r in json.loads(out)}
    assert {"reports", "entries", "pointers", "sentences", "claims"} == kinds
    golden(f"impact/{work}.json", out)


def test_single_source_golden(source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, source, "impact", "--single-source", "--format", "json")
    claims = [r["claim"] for r in json.loads(out)]
    assert "surgery-does-not-improve-survival" not in claims  # rests on two works
    assert "iscm-meningeal-carcinomatosis-co-occurrence" in claims
    golden("impact/single-source.json", out)


@pytest.mark.parametrize("name", PATHS)
def test_path_golden(name: str, source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    start, target = PATHS[name]
    out = cli(capsys, source, "path", start, target, "--format", "json")
    steps = json.loads(out)
    assert steps[0]["label"].casefold() in (start.casefold(), "intramedullary spinal cord metastasis")
    golden(f"path/{name}.json", out)


def test_path_errors(network: Any) -> None:
    with pytest.raises(PathError, match=r"no node labelled 'CSF cytolgy' \(did you mean CSF cytology"):
        shortest_path(network, "CSF cytolgy", "breast cancer")


def test_co_citation_graph(network: Any, built_graph_file: Path) -> None:
    graph = read_graph(built_graph_file)
    keys = {str(w): str(k) for e, k in graph.subject_objects(KG.citationKey) for w in graph.objects(e, BIRO.references)}
    together = co_citation(network)
    pairs = sorted((keys[a], keys[b], d["weight"]) for a, b, d in together.edges(data=True))
    assert sorted((*sorted(p[:2]), p[2]) for p in pairs) == [
        ("carlsen2012paraplegia", "erkutlu2009spinal", 1),
        ("carlsen2012paraplegia", "natale2005anaplastic", 1),
        ("erkutlu2009spinal", "natale2005anaplastic", 1),
        ("hrabalek2010intramedullary", "rostami2013intramedullary", 1),
    ]


def test_pagerank_matches_an_independent_claim_work_graph(network: Any, built_graph_file: Path) -> None:
    """The same ranking from the claim-to-work edges read with SPARQL instead of the projection."""
    graph = read_graph(built_graph_file)
    query = """PREFIX cito: <http://purl.org/spar/cito/> PREFIX biro: <http://purl.org/spar/biro/>
        SELECT ?claim ?work WHERE { { ?c cito:hasCitingEntity ?claim ; cito:hasCitedEntity ?work }
                                    UNION { ?e biro:references ?work } }"""
    support: nx.DiGraph[str] = nx.DiGraph()
    for claim, work in select(graph, query):
        support.add_node(str(work))
        if claim is not None:
            support.add_edge(str(claim), str(work))
    expected = {
        w: round(score, 6) for w, score in nx.pagerank(support).items() if w.startswith("http://example.org/kg/work/")
    }
    assert {r["work"]: r["pagerank"] for r in rank_works(network)} == expected


def test_projection_is_the_same_in_every_process(built_graph_file: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    script = "from kg.queries.network import *; from kg.stores.memory import load; import sys; n = to_networkx(load(sys.argv[1])); "
    script += "print(shortest_path(n, 'tamoxifen', 'meningeal carcinomatosis')); write_network(n, sys.argv[2])"
    outputs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"{seed}.graphml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script, str(built_graph_file), str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append((result.stdout, out.read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back(
    fmt: str, built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"kg.{fmt}"
    text = cli(capsys, built_graph_file, "export", "--format", fmt, "--out", str(out))
    assert text == f"wrote {out} (851 nodes, 1739 edges)\n"
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (851, 1739)
    assert back.nodes["http://example.org/kg/concept/iscm"]["label"] == "intramedullary spinal cord metastasis"
