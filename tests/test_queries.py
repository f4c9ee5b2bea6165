"""Named queries, lookups and the query commands, end to end on the bundled graph."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.cli import main
from kg.queries.sparql import named_queries

#: Named query → the parameters the golden run binds.
PARAMS: dict[str, list[str]] = {
    "case-timeline": [],
    "citation-counts": [],
    "claim-citations": [],
    "claims-about-concept": ["label=ISCM"],
    "claims-citing-work": ["work=http://example.org/kg/work/meta/schiff-1996-intramedullary-spinal-cord-d80bc970d9"],
    "co-cited-works": [],
    "quantitative-claims": [],
    "uncited-claims": [],
    "works-behind-claim": ["claim=radical-removal-may-improve-quality-of-life"],
}
CITED_CLAIMS = [
    "batson-plexus-spread", "csf-seeding-in-meningioma-study", "csf-seeding-in-oligodendroglioma-studies",
    "excision-aims", "iscm-brain-metastases-in-nearly-half", "iscm-breast-and-colorectal-primaries",
    "iscm-meningeal-carcinomatosis-co-occurrence", "iscm-share-of-spinal-cord-neoplasms",
    "iscm-systemic-metastases-in-most", "iscm-treatment-controversial", "mri-diagnoses-iscm",
    "partial-resection-when-complete-impossible", "radical-removal-may-improve-quality-of-life",
    "rapid-progression-distinguishes-iscm", "surgery-does-not-improve-survival", "iscm-lung-primary",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_named_query_has_a_golden_run() -> None:
    assert sorted(PARAMS) == sorted(named_queries())


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_named_query_golden(name: str, source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    params = [a for p in PARAMS[name] for a in ("--param", p)]
    code, out, err = run(capsys, "query", name, *params, "--format", "csv", *source)
    assert code == 0, err
    golden(f"query/{name}.csv", out)


def test_named_queries_declare_their_parameters() -> None:
    for query in named_queries().values():
        assert query.description, query.name
        assert query.text.count("PREFIX") >= 3, query.name
        for param in query.params:
            assert f"?{param.name}" in query.text, (query.name, param.name)


@pytest.mark.parametrize("ref", [str(n) for n in range(1, 14)])
def test_cites_golden(ref: str, source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cites", ref, "--format", "json", *source)
    assert code == 0, err
    records = json.loads(out)
    assert records, f"reference {ref} supports no claim"
    for record in records:
        assert {"claim", "statement", "quote", "section", "reference"} <= set(record)
        assert record["reference"] == int(ref)
    golden(f"cites/{ref}.json", out)


@pytest.mark.parametrize("claim", CITED_CLAIMS)
def test_sources_golden(claim: str, source: list[str], golden: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sources", claim, "--format", "json", *source)
    assert code == 0, err
    golden(f"sources/{claim}.json", out)


def test_cites_by_key_doi_and_number_agree(source: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    outputs = {run(capsys, "cites", ref, "--format", "json", *source)[1]
               for ref in ("7", "rostami2013intramedullary", "10.1016/J.JNS.2013.05.032", "https://doi.org/10.1016/j.jns.2013.05.032")}  # fmt: skip
    assert len(outputs) == 1


def test_cites_table_and_csv(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, table, _ = run(capsys, "cites", "9", "--graph", str(built_graph_file))
    assert table.splitlines()[0].split() == ["article", "claim", "reference", "marker", "intent", "section", "quote"]
    assert "chiang-2013-iscm  iscm-meningeal-carcinomatosis-co-occurrence  9          [9]     citesAsEvidence" in table
    _, csv, _ = run(capsys, "cites", "9", "--format", "csv", "--graph", str(built_graph_file))
    assert csv.splitlines()[0] == "article,claim,reference,marker,intent,section,quote"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cites", "14"], "no reference numbered 14 (known: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)"),
        (["cites", "kalita2011curent"], "no cited work 'kalita2011curent' (did you mean kalita2011current?)"),
        (["sources", "iscm-lung-primry"], "no claim 'iscm-lung-primry' (did you mean iscm-lung-primary"),
        (["query", "citation-count"], "no named query or file 'citation-count' (did you mean citation-counts"),
        (["query", "claims-citing-work"], "missing parameter 'work'"),
        (["query", "citation-counts", "--param", "x=1"], "unknown parameter 'x'"),
    ],
    ids=["unknown-number", "unknown-key", "unknown-claim", "unknown-query", "missing-param", "unknown-param"],
)
def test_unknown_names_exit_1_with_suggestions(
    args: list[str], message: str, built_graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *args, "--graph", str(built_graph_file))
    assert code == 1
    assert out == ""
    assert err.startswith("kg: error: "), err
    assert message in err, err
    assert "Traceback" not in err


INJECTIONS = [
    '9"} UNION { ?s ?p ?o }',
    'ISCM" } UNION { ?c ?p ?o } #',
    "x>\n} UNION {?s ?p ?o",
    "}",
    '" . ?s ?p ?o . "',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_lookups_is_data(value: str, built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("cites", "sources"):
        code, out, err = run(capsys, command, value, "--graph", str(built_graph_file))
        assert (code, out) == (1, ""), (command, out)
        assert err.count("\n") == 1, err
        assert "Traceback" not in err


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_literal_param_is_data(
    value: str, built_graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "query",
        "claims-about-concept",
        "--param",
        f"label={value}",
        "--format",
        "json",
        "--graph",
        str(built_graph_file),
    )
    assert code == 0, err
    assert json.loads(out)["results"]["bindings"] == []


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_iri_param_is_refused(
    value: str, built_graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "query", "claims-citing-work", "--param", f"work={value}", "--graph", str(built_graph_file)
    )
    assert (code, out) == (1, "")
    assert "must be an absolute IRI" in err
    assert "Traceback" not in err


def test_query_from_stdin_and_file(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "PREFIX mp: <http://purl.org/mp/>\nSELECT (COUNT(?c) AS ?claims) WHERE { ?c a mp:Claim }\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run(capsys, "query", "-", "--format", "tsv", "--graph", str(built_graph_file))
    assert (code, out) == (0, "?claims\n63\n")
    file = tmp_path / "count.rq"
    file.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "query", str(file), "--format", "csv", "--graph", str(built_graph_file))
    assert (code, out) == (0, "claims\r\n63\r\n")


def test_syntax_error_names_line_and_column(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "bad.rq"
    file.write_text("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER( }\n", encoding="utf-8")
    code, out, err = run(capsys, "query", str(file), "--graph", str(built_graph_file))
    assert (code, out) == (1, "")
    assert err.startswith(f"kg: error: {file}:3:")
    assert "SPARQL syntax error" in err


def test_service_is_refused_unless_allowed(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "remote.rq"
    file.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    code, _, err = run(capsys, "query", str(file), "--graph", str(built_graph_file))
    assert code == 1
    assert "SERVICE clauses are refused (give --allow-service" in err


def test_list_names_every_query_and_its_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    for name in PARAMS:
        assert name in out
    assert "claims-citing-work  --param work=<iri>" in out


def test_default_graph_is_built_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "cites", "9", "--format", "csv"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "kg.ttl").exists()
    assert result.stdout.startswith("article,claim,reference,marker,intent,section,quote\n")


def test_case_timeline_is_in_year_order(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "query", "case-timeline", "--format", "json", "--graph", str(built_graph_file))
    rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(out)["results"]["bindings"]]
    years = {r["claim"]: int(r["latestYear"]) for r in rows if "latestYear" in r}
    assert years["case-primary-treatment"] == 1997
    assert years["case-metastases-from-2009"] == 2009
    assert years["case-progressive-deficits"] == 2009  # "two years after the brain biopsy": no later year is printed
    ordered = [int(r.get("latestYear", 0)) for r in rows]
    assert ordered == sorted(ordered)
    assert len(rows) == 24


def test_case_timeline_orders_facts_within_each_article(tmp_path: Path) -> None:
    """Two articles in one graph: each fact is dated by the years its own article states before it."""
    from .conftest import BIB, REPORT

    text = REPORT.read_text(encoding="utf-8").replace("id: chiang-2013-iscm", "id: shifted-copy", 1)
    shift = " ".join(["A sentence that moves every later offset along."] * 80)  # 3,900 characters
    text = text.replace("## Abstract\n\n", f"## Abstract\n\n{shift}\n\n", 1)
    copy = tmp_path / "shifted-copy.md"
    copy.write_text(text, encoding="utf-8")
    claims = REPORT.with_name("chiang-2013-iscm.claims.yaml").read_text(encoding="utf-8")
    (tmp_path / "shifted-copy.claims.yaml").write_text(
        claims.replace("report: chiang-2013-iscm", "report: shifted-copy")
    )
    for name in ("concepts.yaml", "chiang-2013-iscm.md", "chiang-2013-iscm.claims.yaml"):
        shutil.copy(REPORT.with_name(name), tmp_path / name)
    shutil.copy(BIB, tmp_path / "references.bib")
    original = tmp_path / "chiang-2013-iscm.md"
    alone = kg.query(kg.load_inputs(original, validate=False).graph, "case-timeline")
    both = kg.query(kg.load_inputs([original, copy], validate=False).graph, "case-timeline")
    assert len(both) == 2 * len(alone) > 0

    def facts(rows: list[dict[str, object]], article: str) -> list[str]:
        return [str({k: v for k, v in r.items() if k != "article"}) for r in rows if r["article"] == article]

    doi = "http://example.org/kg/work/doi/10.4172/2329-9126.1000119"  # the copy has the same DOI: its own node
    nodes = {
        ident: str(node) for node, ident in kg.articles(kg.load_inputs([original, copy], validate=False).graph).items()
    }
    assert nodes["chiang-2013-iscm"] == doi
    assert nodes["shifted-copy"].startswith("http://example.org/kg/work/meta/chiang-2013-")  # its next identity
    assert facts(both, doi) == facts(alone, doi)
    assert facts(both, nodes["shifted-copy"]) == facts(alone, doi)
