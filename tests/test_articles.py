"""Inputs of a build: the format told from the content, a Markdown report's bibliography, several inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.readers.articles import detect_format, read_articles
from kg.readers.markdown import bibliography_for

from .conftest import BIB, DATA, REPORT

JATS = DATA / "jats"


def one_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("kg: error: ")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.md", "## Introduction\n\nText [1].\n", "markdown"),
        ("a.xml", '<?xml version="1.0"?>\n<!-- a comment -->\n<article><body/></article>', "jats"),
        ("b.nxml", "<articles><article/></articles>", "jats"),
        ("c.txt", "\ufeff<?xml version='1.0'?><article/>", "jats"),  # the suffix does not matter
    ],
)
def test_the_format_comes_from_the_content(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not an article")],
)
def test_empty_and_binary_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "a.nxml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        detect_format(path)


def test_utf16_jats_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?><article/>'.encode("utf-16"))
    assert detect_format(path) == "jats"


def test_a_report_is_read_before_its_bibliography_is_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"## Intro\n\n\xff\xfe bad bytes\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_articles(path)


def test_other_xml_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss><channel/></rss>', encoding="utf-8")
    with pytest.raises(InputError, match=r"feed\.xml:1: XML, but not a JATS article"):
        detect_format(path)


def test_a_missing_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nope.nxml"), "--out", str(tmp_path / "b")]) == 1
    assert one_error(capsys.readouterr().err).endswith("nope.nxml: file not found")
    assert not (tmp_path / "b").exists()


def test_a_report_uses_the_bib_beside_it_then_the_folders_references_bib(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    shutil.copy(REPORT, report)
    with pytest.raises(
        InputError, match=r"no bibliography: pass --bib, or put r\.bib or references\.bib beside the report"
    ):
        bibliography_for(report)
    shutil.copy(BIB, tmp_path / "references.bib")
    assert bibliography_for(report) == tmp_path / "references.bib"
    shutil.copy(BIB, tmp_path / "r.bib")
    assert bibliography_for(report) == tmp_path / "r.bib"
    assert bibliography_for(report, BIB) == BIB
    (article,) = read_articles(report)
    assert article.id == "chiang-2013-iscm"
    assert len(article.references) == 13


def test_bib_with_a_jats_input_is_a_usage_mistake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(JATS / "rid-list.xml"), "--bib", str(BIB), "--out", str(tmp_path / "b")]) == 1
    assert "holds its own reference list; --bib is for Markdown" in one_error(capsys.readouterr().err)


def test_input_and_report_together_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", str(JATS / "rid-list.xml"), "--report", str(REPORT), "--out", str(tmp_path / "b")]
    assert main(args) == 1
    assert "give the input once" in one_error(capsys.readouterr().err)


def test_several_inputs_build_into_one_graph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, report = tmp_path / "b", tmp_path / "report.md"
    shutil.copy(REPORT, report)
    shutil.copy(BIB, tmp_path / "references.bib")
    assert main(["build", str(JATS / "rid-list.xml"), str(JATS / "articles.xml"), str(report), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("\nbuilt ") + printed.startswith("built ") == 4  # the articles file holds two
    assert "total: 4 articles" in printed
    datasets = ["kg.nq", "kg.quality.json", "kg.trig", "oxigraph"]  # a corpus: datasets and the store only
    assert sorted(p.name for p in out.iterdir()) == datasets
    assert (out / "kg.nq").stat().st_size > 0


def test_the_same_article_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.xml"
    shutil.copy(JATS / "rid-list.xml", copy)
    assert main(["build", str(JATS / "rid-list.xml"), str(copy), "--out", str(tmp_path / "b"), "--strict"]) == 1
    assert "article id 'PMC2691469' is also that of" in one_error(capsys.readouterr().err)
    assert not (tmp_path / "b").exists()


def test_a_bad_input_among_good_ones_is_named_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, empty = tmp_path / "b", tmp_path / "empty.nxml"
    empty.write_bytes(b"")
    inputs = [str(JATS / "rid-list.xml"), str(empty), str(JATS / "no-body.xml"), str(JATS / "superscript.xml")]
    assert main(["build", *inputs, "--out", str(out)]) == 1
    printed = capsys.readouterr()
    errors = [line for line in printed.err.splitlines() if line.startswith("kg: error: ")]
    assert errors == sorted(  # inputs are built in path order, wherever the checkout and the temporary folder are
        [f"kg: error: {empty}: the file is empty", f"kg: error: {JATS / 'no-body.xml'}:3: the article has no <body>"]
    )
    assert f"kg: skipped {empty} (1 problem(s)); the other inputs were built" in printed.err
    assert "total: 2 articles" in printed.out
    quality = json.loads((out / "kg.quality.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in quality["articles"]] == ["PMC2691469", "PMC1137148"]
    assert [s["source"] for s in quality["skipped"]] == sorted([str(empty), str(JATS / "no-body.xml")])  # as given


def test_strict_stops_at_the_first_bad_input_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = [str(JATS / "rid-list.xml"), str(JATS / "no-body.xml"), str(JATS / "superscript.xml")]
    assert main(["build", *inputs, "--strict", "--out", str(tmp_path / "b")]) == 1
    assert "no-body.xml:3: the article has no <body>" in one_error(capsys.readouterr().err)
    assert not (tmp_path / "b").exists()


def test_when_every_input_is_bad_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [str(JATS / "no-body.xml"), str(JATS / "no-title.xml")]
    assert main(["build", *inputs, "--out", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert "no-body.xml:3: the article has no <body>" in err
    assert "no-title.xml:3: the article has no title" in err
    assert err.splitlines()[-1] == "kg: 2 problem(s); nothing written"
    assert not (tmp_path / "b").exists()


def test_the_same_file_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = str(JATS / "rid-list.xml")
    assert main(["build", same, same, "--out", str(tmp_path / "b")]) == 1
    assert "rid-list.xml: given twice" in one_error(capsys.readouterr().err)


def test_claims_go_with_one_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", str(JATS / "rid-list.xml"), str(REPORT), "--claims", "x.yaml", "--out", str(tmp_path / "b")]
    assert main(args) == 1
    assert "--claims goes with one input, not 2" in one_error(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [("no-body.xml", "no <body>"), ("no-ref-list.xml", "no reference list"), ("billion-laughs.xml", "entit")],
)
def test_unusable_jats_is_a_clear_error_not_an_empty_graph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture: str, message: str
) -> None:
    assert main(["build", str(JATS / fixture), "--out", str(tmp_path / "b")]) == 1
    error = one_error(capsys.readouterr().err)
    assert fixture in error, error
    assert message in error, error
    assert not (tmp_path / "b").exists()


def test_each_article_is_a_named_graph_of_the_nquads_and_trig_files(tmp_path: Path) -> None:
    from rdflib import Dataset, URIRef
    from rdflib.compare import isomorphic

    from kg.pipeline import load_inputs
    from kg.stores.graph_file import read_graph, union_graph

    out = tmp_path / "b"
    inputs = [JATS / "rid-list.xml", JATS / "articles.xml"]
    assert main(["build", *map(str, inputs), "--out", str(out)]) == 0
    union = load_inputs(inputs).graph
    assert union is not None
    for name in ("kg.nq", "kg.trig"):
        dataset = read_graph(out / name)
        assert isinstance(dataset, Dataset)
        graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
        # each article is the node of its strongest identifier; the second article with the
        # first one's DOI keeps a node of its own (a conflict in the quality report)
        assert sorted(graphs) == [
            "http://example.org/kg/report/10-1234-same-article-2",
            "http://example.org/kg/work/doi/10.1234/same.article",
            "http://example.org/kg/work/pmcid/PMC2691469",
        ]
        assert isomorphic(union_graph(dataset), union), name
        (article,) = read_articles(JATS / "rid-list.xml")
        own = graphs["http://example.org/kg/work/pmcid/PMC2691469"]
        assert (URIRef("http://example.org/kg/work/pmcid/PMC2691469"), None, None) in own
        assert not any(str(s).startswith("http://example.org/kg/report/10-1234") for s in own.subjects())
        assert len(own) < len(union)
        assert article.id == "PMC2691469"
    quality = json.loads((out / "kg.quality.json").read_text(encoding="utf-8"))
    (conflict,) = quality["works"]["conflicts"]
    assert conflict["kind"] == "kept apart"
    assert "have DOI 10.1234/same.article: each keeps its own node" in conflict["message"]


def test_a_progress_bar_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    import kg

    inputs = [JATS / "rid-list.xml", JATS / "superscript.xml"]
    kg.load_inputs(inputs, validate=False)
    assert capsys.readouterr().err == ""  # the CLI asks only when standard error is a terminal
    kg.load_inputs(inputs, validate=False, progress=True)
    assert "kg build" in capsys.readouterr().err


def test_a_folder_is_searched_for_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.readers.articles import find_articles

    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(JATS / "rid-list.xml", tmp_path / "a.xml")
    shutil.copy(JATS / "superscript.xml", tmp_path / "sub" / "b.nxml")
    shutil.copy(JATS / "rid-list.xml", tmp_path / ".hidden" / "c.xml")
    shutil.copy(REPORT, tmp_path / "sub" / "report.md")
    shutil.copy(BIB, tmp_path / "sub" / "references.bib")
    (tmp_path / "README.md").write_text("# About this folder\n", encoding="utf-8")  # no .bib beside: not a report
    (tmp_path / "page.xml").write_text("<html/>", encoding="utf-8")  # XML, not JATS
    assert find_articles(tmp_path) == [tmp_path / "a.xml", tmp_path / "sub" / "b.nxml", tmp_path / "sub" / "report.md"]
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert "total: 3 articles" in capsys.readouterr().out


def test_a_folder_without_articles_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "no articles in the folder" in one_error(capsys.readouterr().err)


def test_every_reader_gives_kinds_of_work_the_records_name() -> None:
    from kg.builder.article import KINDS
    from kg.readers.jats.references import _KINDS as JATS_KINDS
    from kg.readers.markdown import ENTRY_KINDS
    from kg.records import WORK_KINDS

    assert set(ENTRY_KINDS.values()) | set(JATS_KINDS.values()) | {"chapter", "other"} <= WORK_KINDS
    assert set(KINDS) <= WORK_KINDS


def test_a_folder_reports_its_broken_articles_and_reads_a_linked_one_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(JATS / "rid-list.xml", folder / "good.nxml")
    (folder / "link.nxml").symlink_to(folder / "good.nxml")  # the same file again: read once
    (folder / "empty.nxml").write_bytes(b"")
    (folder / "page.nxml").write_text("<html><body>Not found</body></html>", encoding="utf-8")
    (folder / "binary.xml").write_bytes(bytes(range(256)))
    (folder / "settings.xml").write_text("<settings><a>1</a></settings>", encoding="utf-8")  # not an article
    out = tmp_path / "b"
    assert main(["build", str(folder), str(JATS / "superscript.xml"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    skipped = sorted(line.split()[2] for line in err.splitlines() if line.startswith("kg: skipped "))
    assert skipped == [str(folder / n) for n in ("binary.xml", "empty.nxml", "page.nxml")], err
    assert "settings.xml" not in err
    quality = json.loads((out / "kg.quality.json").read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in quality["articles"]) == ["PMC1137148", "PMC2691469"]
