from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.cli import main

from .conftest import BIB, DATA, REPORT, select

FILES = ("kg.ttl", "kg.nt", "kg.jsonld", "kg.nq", "kg.trig", "kg.quality.json", "oxigraph")
#: The files among them (the store is a folder Oxigraph lays out as it likes: compare its quads instead).
WRITTEN = FILES[:-1]


def quads(store: Path) -> list[str]:
    """Every quad of an Oxigraph store, as sorted N-Quads lines."""
    import pyoxigraph

    data = pyoxigraph.Store.read_only(str(store)).dump(format=pyoxigraph.RdfFormat.N_QUADS) or b""
    return sorted(data.decode("utf-8").splitlines())


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_build_default_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("build", "--out", tmp_path) == 0
    out = capsys.readouterr().out
    assert "built chiang-2013-iscm" in out
    for line in ("references  13", "sentences   63", "markers     13", "pointers    15"):
        assert line in out
    assert "triples" in out
    for name in FILES:
        assert f"wrote       {tmp_path / name}" in out
        assert (tmp_path / name).stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)  # no temporary files left


def test_outputs_parse_back_into_isomorphic_graphs(tmp_path: Path) -> None:
    assert run("build", "--out", tmp_path) == 0
    graphs = {name: Graph().parse(tmp_path / name) for name in ("kg.ttl", "kg.nt", "kg.jsonld")}
    reference = graphs["kg.nt"]
    assert len(reference) > 2000
    for name, parsed in graphs.items():
        if not isomorphic(parsed, reference):
            _, only_here, only_nt = graph_diff(to_isomorphic(parsed), to_isomorphic(reference))
            pytest.fail(
                f"{name} differs from kg.nt:\n{only_here.serialize(format='nt')}\n{only_nt.serialize(format='nt')}"
            )


def test_rebuild_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two separate interpreters with different hash seeds write the same bytes."""
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", "--out", str(tmp_path / seed)],
            check=True,
            env=env,
            capture_output=True,
        )
    for name in WRITTEN:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    assert quads(tmp_path / "1" / "oxigraph") == quads(tmp_path / "2" / "oxigraph")


def test_rebuild_in_place_is_byte_identical(tmp_path: Path) -> None:
    assert run("build", "--out", tmp_path) == 0
    first = {name: (tmp_path / name).read_bytes() for name in WRITTEN}
    stored = quads(tmp_path / "oxigraph")
    assert len(stored) == (tmp_path / "kg.nq").read_bytes().count(b"\n")
    assert run("build", "--out", tmp_path) == 0
    assert {name: (tmp_path / name).read_bytes() for name in WRITTEN} == first
    assert quads(tmp_path / "oxigraph") == stored
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)  # the old store replaced, nothing left beside


def test_second_report_builds_the_same_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = DATA / "second"
    code = run(
        "build",
        "--report",
        second / "report.md",
        "--bib",
        second / "refs.bib",
        "--out",
        tmp_path,
        "--base",
        "https://kg.test/",
    )
    out = capsys.readouterr().out
    assert code == 0, out
    for line in ("references  3", "markers     2", "pointers    5", "claims      2", "uncited     1"):
        assert line in out
    graph = Graph().parse(tmp_path / "kg.ttl")
    query = """PREFIX c4o: <http://purl.org/spar/c4o/> PREFIX biro: <http://purl.org/spar/biro/>
        SELECT ?marker ?key WHERE { ?p c4o:denotes ?be ; c4o:hasContext ?s . ?be biro:references ?work ;
        <http://example.org/kg/ontology/citationKey> ?key . ?l c4o:hasContent ?marker ; <http://purl.org/co/element> ?p }"""
    found = sorted((str(m), str(k)) for m, k in select(graph, query))
    assert found == [
        ("[1]–[3]", "moe2003followup"),
        ("[1]–[3]", "roe2001spinal"),
        ("[1]–[3]", "zoe2005second"),
        ("[2-3]", "moe2003followup"),
        ("[2-3]", "zoe2005second"),
    ]
    cited = select(
        graph,
        """PREFIX cito: <http://purl.org/spar/cito/> SELECT ?key WHERE {
            <https://kg.test/report/second-fixture/claim/tumours-reviewed> cito:discusses ?work .
            ?entry <http://purl.org/spar/biro/references> ?work ; <http://example.org/kg/ontology/citationKey> ?key }""",
    )
    assert sorted(str(k) for (k,) in cited) == ["moe2003followup", "roe2001spinal", "zoe2005second"]


def test_console_script_is_installed(tmp_path: Path) -> None:
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")
    assert kg, "the kg console script is not on PATH: install the package (pip install -e .)"
    result = subprocess.run([kg, "build", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "pointers    15" in result.stdout


# --- bad input, end to end: one line naming the file and line/key/marker, exit 1, nothing written ---


def _copy(
    tmp_path: Path, report_edit: tuple[str, str] | None = None, bib_edit: tuple[str, str] | None = None
) -> tuple[Path, Path]:
    tmp_path.mkdir(parents=True)
    report = tmp_path / "report.md"
    bib = tmp_path / "refs.bib"
    text = REPORT.read_text(encoding="utf-8")
    bibtext = BIB.read_text(encoding="utf-8")
    if report_edit:
        assert report_edit[0] in text
        text = text.replace(report_edit[0], report_edit[1], 1)
    if bib_edit:
        assert bib_edit[0] in bibtext
        bibtext = bibtext.replace(bib_edit[0], bib_edit[1], 1)
    report.write_text(text, encoding="utf-8")
    bib.write_text(bibtext, encoding="utf-8")
    return report, bib


NATALE = BIB.read_text(encoding="utf-8")[BIB.read_text(encoding="utf-8").index("@article{natale2005anaplastic") :]
EXTRA = "\n@article{extra2020,\n  author = {Nobody, A.},\n  title = {Not cited anywhere},\n  year = {2020}\n}\n"


def _bad_cases(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    cases: dict[str, tuple[list[str], str]] = {}
    report, bib = _copy(tmp_path / "missing")
    cases["missing-report"] = (["--report", str(tmp_path / "nope.md"), "--bib", str(bib)], r"nope\.md: file not found")
    cases["missing-bib"] = (
        ["--report", str(report), "--bib", str(tmp_path / "nope.bib")],
        r"nope\.bib: file not found",
    )
    report, bib = _copy(tmp_path / "latin1")
    report.write_bytes(REPORT.read_bytes().replace("Gül".encode(), "Gül".encode("latin-1")))
    cases["report-not-utf8"] = (
        ["--report", str(report), "--bib", str(bib)],
        r"report\.md:55: not valid UTF-8 \(byte 0xfc",
    )
    report, bib = _copy(tmp_path / "empty")
    bib.write_text("", encoding="utf-8")
    cases["empty-bib"] = (["--report", str(report), "--bib", str(bib)], r"refs\.bib: no BibTeX entries found")
    report, bib = _copy(tmp_path / "malformed", bib_edit=("pages   = {906--912}\n}", "pages   = {906--912\n}"))
    cases["malformed-bib"] = (["--report", str(report), "--bib", str(bib)], r"refs\.bib:\d+: malformed BibTeX entry")
    report, bib = _copy(tmp_path / "dup", bib_edit=("@article{ogino2002successful", "@article{hsu2012conus"))
    cases["duplicate-key"] = (
        ["--report", str(report), "--bib", str(bib)],
        r"refs\.bib:102: duplicate BibTeX key 'hsu2012conus' \(first defined on line 8\)",
    )
    report, bib = _copy(
        tmp_path / "marker", report_edit=("slower progression of symptoms [10]", "slower progression of symptoms [14]")
    )
    cases["marker-14"] = (
        ["--report", str(report), "--bib", str(bib)],
        r"report\.md:46: citation marker \[14\] cites reference 14, "
        r"but the reference list \(.*report\.md:52\) has entries 1–13",
    )
    report, bib = _copy(tmp_path / "nomatch", bib_edit=(NATALE, ""))
    cases["printed-entry-unmatched"] = (
        ["--report", str(report), "--bib", str(bib)],
        r"report\.md:66: printed reference 13 matches no entry of .*refs\.bib",
    )
    report, bib = _copy(tmp_path / "unused", bib_edit=(NATALE, NATALE + EXTRA))
    cases["bib-entry-unmatched"] = (
        ["--report", str(report), "--bib", str(bib)],
        r"refs\.bib:139: entry 'extra2020' matches no printed reference in .*report\.md:52",
    )
    return cases


BAD = ["missing-report", "missing-bib", "report-not-utf8", "empty-bib", "malformed-bib", "duplicate-key",
       "marker-14", "printed-entry-unmatched", "bib-entry-unmatched"]  # fmt: skip


def test_bad_case_count(tmp_path: Path) -> None:
    assert sorted(_bad_cases(tmp_path)) == sorted(BAD)


@pytest.mark.parametrize("case", BAD)
def test_bad_input_fails_cleanly(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, message = _bad_cases(tmp_path)[case]
    fresh = tmp_path / "fresh-out"
    existing = tmp_path / "existing-out"
    existing.mkdir()
    for name in FILES:
        (existing / name).write_text("previous build\n", encoding="utf-8")
    assert run("build", *args, "--out", fresh) == 1
    assert run("build", *args, "--out", existing) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2, err  # one line per run, nothing else
    assert err[0] == err[1]
    assert err[0].startswith("kg: error: ")
    assert re.search(message, err[0]), err[0]
    assert not fresh.exists()
    assert sorted(p.name for p in existing.iterdir()) == sorted(FILES)
    assert all((existing / n).read_text(encoding="utf-8") == "previous build\n" for n in FILES)


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--no-such-option"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_default_report_must_be_unambiguous(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import kg
    import kg.inputs

    (tmp_path / "corpus").mkdir()
    for name in ("a.md", "b.md"):
        (tmp_path / "corpus" / name).write_text("# T\n", encoding="utf-8")
    monkeypatch.setattr(kg.inputs, "corpus_dir", lambda: tmp_path / "corpus")
    with pytest.raises(
        kg.InputError, match=r"corpus: expected one bundled report, found a\.md, b\.md; pass --report PATH"
    ):
        kg.inputs.default_report()
