"""Bad input, file-system state and faults through the command line: one line, the right exit code, nothing half-written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.cli import main

FILES = ("kg.ttl", "kg.nt", "kg.jsonld", "kg.nq", "kg.trig", "kg.quality.json", "oxigraph")
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def one_error(err: str) -> str:
    """The single stderr line of a failed command (and no traceback)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kg: error: "), err
    return lines[0]


def kg_process(*args: str | Path, stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# -- outputs of a build --------------------------------------------------------------------


def test_out_naming_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file"
    target.write_text("keep", encoding="utf-8")
    assert run("build", "--out", target) == 1
    assert one_error(capsys.readouterr().err) == f"kg: error: {target}: exists and is not a directory"
    assert target.read_text(encoding="utf-8") == "keep"


def test_build_out_is_a_folder_not_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("build", "--out", "-") == 1
    assert "--out takes a folder, not -" in one_error(capsys.readouterr().err)
    assert not Path("-").exists()


def test_out_below_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert run("build", "--out", tmp_path / "file" / "build") == 1
    assert "exists and is not a directory" in one_error(capsys.readouterr().err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_out_not_writable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    assert run("build", "--out", folder) == 1
    assert one_error(capsys.readouterr().err) == f"kg: error: {folder}: output folder is not writable"


def test_one_output_name_is_a_directory_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in FILES:
        (tmp_path / name).write_text(f"old {name}", encoding="utf-8")
    (tmp_path / "kg.nt").unlink()
    (tmp_path / "kg.nt").mkdir()
    assert run("build", "--out", tmp_path) == 1
    assert "kg.nt: output exists and is a directory" in one_error(capsys.readouterr().err)
    assert (tmp_path / "kg.ttl").read_text(encoding="utf-8") == "old kg.ttl"
    assert (tmp_path / "kg.jsonld").read_text(encoding="utf-8") == "old kg.jsonld"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)  # no temporary file left


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        assert run("build", "--out", tmp_path) == 0
    finally:
        os.umask(previous)
    for name in FILES:
        made = tmp_path / name
        assert made.stat().st_mode & 0o777 == (0o750 if made.is_dir() else 0o640), name


def test_sigterm_during_a_build_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "build"
    process = kg_process("build", "--out", out)
    time.sleep(1.0)  # inside reading, building, validating or writing
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    if process.returncode == 0:  # the build finished first: it must then be complete
        assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
        return
    assert process.returncode == 143, err
    assert err.strip() == "kg: terminated"
    # nothing; or every file, with the store or (stopped while it was loaded) without it
    assert not out.exists() or sorted(p.name for p in out.iterdir()) in ([], sorted(FILES), sorted(FILES[:-1]))


def test_ctrl_c_during_a_query_exits_130(built_graph_file: Path) -> None:
    process = kg_process("query", "-", "--graph", built_graph_file, stdin=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(CROSS_PRODUCT)
    process.stdin.close()
    process.stdin = None  # communicate() must not touch it again
    time.sleep(2.0)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip() == "kg: interrupted"


# -- base IRI and usage --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "says"),
    [
        pytest.param("http://example.org/my kg/", "is not an absolute IRI", id="space"),
        pytest.param("example.org/kg/", "is not an absolute IRI", id="no-scheme"),
        pytest.param("http://example.org/kg", "must end with '/' or '#'", id="no-end"),
    ],
)
def test_bad_base_iri_is_a_usage_error(
    base: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("build", "--base", base, "--out", tmp_path / "out")
    assert exit_.value.code == 2
    assert says in one_error(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["build", "--no-such-option"], id="unknown-option"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["query", "citation-counts", "--format", "xml"], id="bad-choice"),
        pytest.param(["query", "citation-counts", "--timeout", "-1"], id="negative-timeout"),
        pytest.param(["cites"], id="missing-argument"),
        pytest.param(["build", "--out", ""], id="empty-out"),
        pytest.param(["cites", "9", "--out", " "], id="blank-out"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(*args)
    assert exit_.value.code == 2
    assert "--help" in one_error(capsys.readouterr().err)


def test_version_and_python_m() -> None:
    version = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    import kg

    assert version.stdout.strip() == f"kg {kg.__version__}"
    helped = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=True)
    assert "build" in helped.stdout
    assert "query" in helped.stdout


# -- query forms, result formats and dataset clauses -------------------------------------------


def query(capsys: pytest.CaptureFixture[str], graph: Path, text: str, *args: str) -> tuple[int, str, str]:
    source = graph.parent / "q.rq"
    source.write_text(text, encoding="utf-8")
    status = run("query", source, "--graph", graph, *args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "true\n"),
        ("json", '{"head": {}, "boolean": true}\n'),
        ("csv", "_askResult\r\ntrue\r\n"),
        ("tsv", "?_askResult\ntrue\n"),
    ],
)
def test_ask_in_every_result_format(
    fmt: str, expected: str, built_graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert query(capsys, built_graph_file, "ASK { ?s ?p ?o }", "--format", fmt)[:2] == (0, expected)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_construct_and_describe_print_rdf(fmt: str, built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = "http://example.org/kg/work/doi/10.1155/2011/989506"  # Kalita 2011, reference 9
    construct = f"CONSTRUCT {{ <{work}> ?p ?o }} WHERE {{ <{work}> ?p ?o }}"
    for text in (construct, f"DESCRIBE <{work}>"):
        status, out, _ = query(capsys, built_graph_file, text, "--format", fmt)
        assert status == 0
        parsed = Graph().parse(data=out, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
        assert (URIRef(work), URIRef("http://prismstandard.org/namespaces/basic/2.0/doi"), None) in parsed
        assert len(parsed) >= 5


def test_construct_defaults_to_turtle_and_refuses_csv(
    built_graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    status, out, _ = query(capsys, built_graph_file, text)
    assert status == 0
    assert len(Graph().parse(data=out, format="turtle")) == 3
    status, _, err = query(capsys, built_graph_file, text, "--format", "csv")
    assert status == 1
    assert "CONSTRUCT queries give a graph: use --format ttl, nt, jsonld" in one_error(err)
    status, _, err = query(capsys, built_graph_file, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "nt")
    assert status == 1
    assert "SELECT queries give rows, not a graph" in one_error(err)


def write_quads(path: Path, graphs: dict[str, Graph]) -> Path:
    lines = [
        f"{line.removesuffix(' .')} <{name}> .\n"
        for name, g in graphs.items()
        for line in g.serialize(format="nt").splitlines()
        if line.strip()
    ]
    path.write_text("".join(sorted(lines)), encoding="utf-8")
    return path


def quads(tmp_path: Path) -> Path:
    one, two = Graph(), Graph()
    one.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), URIRef("http://example.org/b")))
    two.add((URIRef("http://example.org/c"), URIRef("http://example.org/p"), URIRef("http://example.org/d")))
    return write_quads(tmp_path / "data.nq", {"http://example.org/g/one": one, "http://example.org/g/two": two})


def test_graph_and_from_named_answer_over_the_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = quads(tmp_path)
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    status, out, _ = query(capsys, graph, text, "--format", "csv")
    assert (status, out) == (0, "g,n\r\nhttp://example.org/g/one,1\r\nhttp://example.org/g/two,1\r\n")
    text = "SELECT ?s FROM NAMED <http://example.org/g/two> WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert query(capsys, graph, text, "--format", "csv")[:2] == (0, "s\r\nhttp://example.org/c\r\n")


def test_from_a_graph_not_loaded_is_refused_not_fetched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT * FROM <http://127.0.0.1:9/elsewhere> WHERE { ?s ?p ?o }"
    status, _, err = query(capsys, quads(tmp_path), text)
    assert status == 1
    assert "FROM <http://127.0.0.1:9/elsewhere>: the loaded data has no graph of that name" in one_error(err)


def test_graph_pattern_on_a_single_graph_file_finds_no_named_graph(
    built_graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert query(capsys, built_graph_file, text, "--format", "csv")[:2] == (0, "s,p,o,g\r\n")


def test_select_star_lists_variables_as_they_appear(tmp_path: Path) -> None:
    """rdflib orders SELECT * by a hash; the columns must not change from run to run."""
    text = "SELECT * WHERE { ?s a ?t . ?s ?p ?o } LIMIT 1"
    heads = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-m", "kg", "query", "-", "--format", "tsv"],
            input=text, capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        heads.add(result.stdout.splitlines()[0])
    assert heads == {"?s\t?t\t?p\t?o"}


def test_updates_are_refused_as_updates(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("INSERT DATA { <http://a> <http://b> <http://c> }", "CLEAR ALL", "LOAD <http://127.0.0.1:9/x>"):
        status, _, err = query(capsys, built_graph_file, text)
        assert status == 1
        assert one_error(err).endswith(": an update (INSERT, DELETE, LOAD, ...): kg only queries")


@pytest.mark.parametrize(
    ("stdin", "says"),
    [
        pytest.param(b"\xff\xfe", "<stdin>: not valid UTF-8 (byte 0xff at offset 0)", id="not-utf8"),
        pytest.param(b"", "<stdin>:1:1: SPARQL syntax error", id="empty"),
    ],
)
def test_query_from_bad_stdin(stdin: bytes, says: str, built_graph_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "query", "-", "--graph", str(built_graph_file)], input=stdin, capture_output=True
    )
    assert result.returncode == 1
    assert says in one_error(result.stderr.decode("utf-8"))


def test_query_file_that_is_not_a_regular_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("query", "/dev/null") == 1
    assert one_error(capsys.readouterr().err) == "kg: error: /dev/null: is not a regular file"


def test_a_huge_timeout_is_as_good_as_none(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("cites", "9", "--graph", built_graph_file, "--timeout", "1e12", "--format", "csv") == 0
    assert capsys.readouterr().out.startswith("article,claim,reference")


def test_unreachable_service_endpoint(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, err = query(capsys, built_graph_file, text, "--allow-service")
    assert status == 1
    assert "query failed" in one_error(err)


def test_timeout_stops_a_runaway_query(built_graph_file: Path) -> None:
    process = kg_process("query", "-", "--graph", built_graph_file, "--timeout", "1", stdin=subprocess.PIPE)
    out, err = process.communicate(CROSS_PRODUCT, timeout=120)
    assert process.returncode == 1
    assert one_error(err) == "kg: error: <stdin>: query stopped after its time limit of 1 s"
    assert out == ""


def test_broken_pipe_is_quiet(built_graph_file: Path) -> None:
    command = f"{sys.executable} -m kg query claim-citations --graph {built_graph_file} --format csv | head -c 10"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr


# -- graph files -------------------------------------------------------------------------------


def jsonld(tmp_path: Path, context: object) -> Path:
    document = {"@context": context, "@id": "http://example.org/a", "name": "A"}
    path = tmp_path / "graph.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "context",
    [
        pytest.param("http://127.0.0.1:9/context.jsonld", id="remote"),
        pytest.param("file:///etc/passwd", id="file"),
        pytest.param(["context.jsonld", {"name": "http://schema.org/name"}], id="relative-in-list"),
        pytest.param({"@import": "http://127.0.0.1:9/c.jsonld"}, id="import"),
    ],
)
def test_jsonld_contexts_are_refused(context: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = jsonld(tmp_path, context)
    assert run("cites", "1", "--graph", path) == 1
    assert "refused: reading a file never loads other documents" in one_error(capsys.readouterr().err)
    assert run("validate", path) == 1
    assert "refused" in one_error(capsys.readouterr().err)


def test_jsonld_local_context_loads_when_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "context.jsonld").write_text(json.dumps({"@context": {"name": "http://schema.org/name"}}))
    path = jsonld(tmp_path, (tmp_path / "context.jsonld").as_uri())
    text = "SELECT ?n WHERE { ?s <http://schema.org/name> ?n }"
    assert query(capsys, path, text, "--format", "csv", "--allow-remote-context")[:2] == (0, "n\r\nA\r\n")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        pytest.param("empty.ttl", "", "holds no triples; nothing to validate", id="empty"),
        pytest.param("prefixes.ttl", "@prefix ex: <http://example.org/> .\n", "holds no triples", id="no-triples"),
        pytest.param("bad.ttl", "this is not turtle", "not valid turtle", id="not-rdf"),
        pytest.param(
            "late.ttl",
            "@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b\n",
            "late.ttl:3: not valid turtle: bad syntax (objectList expected)",
            id="turtle-line",
        ),
        pytest.param(
            "late.nt",
            "<http://a> <http://b> <http://c> .\n\n<http://a> <http://b> .\n",
            "late.nt:3: not valid nt",
            id="ntriples-line",
        ),
        pytest.param(
            "late.nq",
            "<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> <http://c> <g> <h> .\n",
            "late.nq:2: not valid nquads",
            id="nquads-line",
        ),
        pytest.param("bad.jsonld", "{", "not valid JSON", id="not-json"),
        pytest.param("deep.jsonld", "[" * 100_000 + "]" * 100_000, "JSON nested too deeply", id="deep-json"),
        pytest.param("graph.xyz", "", "unknown RDF format '.xyz'", id="unknown-suffix"),
        pytest.param(
            "ill-typed.nt",
            '<http://x/a> <http://x/p> "v"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
            'literal "v"^^<http://www.w3.org/2001/XMLSchema#integer> is not a value of its datatype',
            id="ill-typed-literal",
        ),
        pytest.param("latin1.nt", b'<http://a> <http://b> "\xe9" .\n', "not valid UTF-8", id="not-utf8"),
    ],
)
def test_bad_graph_files(
    name: str, content: str | bytes, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert run("validate", path) == 1
    assert says in one_error(capsys.readouterr().err)


def test_ill_typed_literals_are_queried_quietly(tmp_path: Path) -> None:
    graph = tmp_path / "ill-typed.nt"
    graph.write_text('<http://x/a> <http://x/p> "abc"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')
    result = subprocess.run(
        [sys.executable, "-m", "kg", "query", "citation-counts", "--graph", str(graph)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_graph_file_that_is_a_directory_or_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dir.ttl").mkdir()
    assert run("cites", "1", "--graph", tmp_path / "dir.ttl") == 1
    assert "is a directory, expected a graph file" in one_error(capsys.readouterr().err)
    assert run("query", "citation-counts", "--graph", tmp_path / "missing.ttl") == 1
    assert "missing.ttl: file not found" in one_error(capsys.readouterr().err)


def test_validate_reads_every_named_graph_of_a_quad_file(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = Graph().parse(built_graph_file)
    path = write_quads(tmp_path / "kg.nq", {"http://example.org/g/report": graph})
    count = len(graph)
    assert run("validate", path) == 0
    assert capsys.readouterr().out == f"{path}: conforms ({count} triples)\n"


# -- single-file outputs -----------------------------------------------------------------------


def test_export_to_stdout(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--graph", built_graph_file, "--out", "-", "--format", "gexf") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("<?xml")
    assert "<gexf" in captured.out
    assert captured.err.startswith("wrote - (")
    assert not Path("-").exists()


def test_export_format_follows_the_suffix(built_graph_file: Path, tmp_path: Path) -> None:
    assert run("export", "--graph", built_graph_file, "--out", tmp_path / "net.gexf") == 0
    assert "<gexf" in (tmp_path / "net.gexf").read_text(encoding="utf-8")
    assert run("export", "--graph", built_graph_file, "--out", tmp_path / "net.graphml") == 0
    assert "<graphml" in (tmp_path / "net.graphml").read_text(encoding="utf-8")


def test_unknown_output_suffix(built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--graph", built_graph_file, "--out", tmp_path / "net.png") == 1
    assert "unknown output suffix '.png'" in one_error(capsys.readouterr().err)


def test_output_through_a_symlink_to_a_device_is_refused(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "net.graphml"
    link.symlink_to("/dev/null")
    assert run("export", "--graph", built_graph_file, "--out", link) == 1
    assert "output exists and is not a regular file" in one_error(capsys.readouterr().err)
    assert link.is_symlink()
    assert not Path("/dev/null").is_file()


def test_output_through_a_symlink_to_a_file_keeps_the_link(built_graph_file: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run("cites", "9", "--graph", built_graph_file, "--out", link) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("article,claim,reference,marker")  # CSV, from the suffix


def test_dangling_symlink_among_the_outputs_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "kg.ttl").symlink_to(tmp_path / "elsewhere" / "deeper" / "x.ttl")
    assert run("build", "--out", out) == 1
    assert "kg.ttl: output is a symbolic link to a missing file" in one_error(capsys.readouterr().err)
    assert not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl"]


def test_lookup_output_into_a_directory_is_refused(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("query", "citation-counts", "--graph", built_graph_file, "--out", tmp_path) == 1
    assert "output exists and is a directory" in one_error(capsys.readouterr().err)
    assert run("sources", "x", "--graph", built_graph_file, "--out", tmp_path / "none" / "x.csv") == 1
    assert "output folder does not exist" in one_error(capsys.readouterr().err)


def test_closed_stdout_and_stderr(built_graph_file: Path, tmp_path: Path) -> None:
    graph = str(built_graph_file)
    closed = subprocess.run(
        [sys.executable, "-m", "kg", "cites", "9", "--graph", graph], stdout=subprocess.DEVNULL, capture_output=False,
        stderr=subprocess.PIPE, text=True, timeout=120, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert closed.returncode == 1
    assert one_error(closed.stderr) == "kg: error: <stdout>: standard output is closed; give --out FILE"
    with (tmp_path / "out.txt").open("w") as out:
        silent = subprocess.run(
            [sys.executable, "-m", "kg", "cites", "999", "--graph", graph], stdout=out, timeout=120,
            preexec_fn=lambda: os.close(2),
        )  # fmt: skip
    assert silent.returncode == 1
    assert (tmp_path / "out.txt").read_text() == ""  # the error never lands in the data


def test_full_disk_on_stdout(built_graph_file: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "kg", "cites", "9", "--graph", str(built_graph_file)],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert result.returncode == 1
    assert one_error(result.stderr) == "kg: error: <stdout>: cannot write: No space left on device"


def test_out_naming_where_stdout_already_goes_is_refused(built_graph_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.write_text("previous\n")
    with log.open("a") as out:
        result = subprocess.run(
            [sys.executable, "-m", "kg", "cites", "9", "--graph", str(built_graph_file), "--out", "/dev/stdout"],
            stdout=out, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert result.returncode == 1
    assert "is where standard output goes; give --out - to write there" in one_error(result.stderr)
    assert log.read_text() == "previous\n"


@pytest.mark.parametrize(
    ("fmt", "start"), [("json", '[\n  {\n    "name": "case-timeline"'), ("csv", "name,parameters,")]
)
def test_query_list_in_table_formats(fmt: str, start: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("query", "--list", "--format", fmt) == 0
    assert capsys.readouterr().out.startswith(start)


def test_arguments_undecoded_by_a_c_locale_are_read_as_utf8(built_graph_file: Path, tmp_path: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "kg", "path", "Batson’s plexus", "breast cancer", "--graph", str(built_graph_file)],
        capture_output=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "breast cancer" in result.stdout.decode("utf-8")


def test_lookups_answer_where_the_default_build_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("not a folder", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "cites", "9", "--format", "csv"], capture_output=True, text=True, cwd=tmp_path,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("chiang-2013-iscm,iscm-meningeal-carcinomatosis-co-occurrence,9,")
    assert (tmp_path / "build").read_text(encoding="utf-8") == "not a folder"


def test_validate_takes_a_graph_or_inputs_not_both(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("validate", built_graph_file, "--report", "other.md") == 1
    assert "not both (--report)" in one_error(capsys.readouterr().err)


def test_no_command_prints_a_traceback(tmp_path: Path) -> None:
    """A sweep of bad invocations in real processes: never a traceback, always exit 1 or 2."""
    (tmp_path / "dir").mkdir()
    cases: list[list[str | Path]] = [
        ["build", "--report", tmp_path / "dir"],
        ["build", "--report", tmp_path / "missing.md"],
        ["build", "--report", "/dev/zero"],
        ["build", "--bib", "/dev/zero"],
        ["build", "--claims", "/dev/zero"],
        ["build", "--concepts", "/dev/zero"],
        ["validate", "/dev/zero"],
        ["validate", tmp_path / "dir"],
        ["query", tmp_path / "missing.rq"],
        ["trace", "no-such-claim", "--graph", tmp_path / "missing.ttl"],
        ["export", "--out", tmp_path / "dir"],
    ]
    shutil.copy(Path(__file__), tmp_path / "not-a-graph.ttl")
    cases.append(["impact", "--graph", tmp_path / "not-a-graph.ttl"])
    for args in cases:
        result = subprocess.run(
            [sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, cwd=tmp_path, timeout=120
        )
        assert result.returncode in (1, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        one_error(result.stderr)


def test_control_characters_from_the_input_never_reach_the_terminal(
    built_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An escape sequence in article text (or in what a user typed) is printed escaped, in tables and errors."""
    from kg.write.results import format_records

    table = format_records([{"title": "Evil \x1b[31mRED\x1b]0;pwned\x07 \u202eevil"}], ("title",), "table")
    assert "\x1b" not in table
    assert "\x07" not in table
    assert "\u202e" not in table
    assert "Evil \\x1b[31mRED\\x1b]0;pwned\\x07 \\u202eevil" in table
    from kg.write.results import terminal_safe

    assert terminal_safe("a,\x1b[2J\tb\r\n\x9b") == "a,\\x1b[2J\tb\r\n\\x9b"  # CSV and TSV to a terminal: rows kept
    assert main(["cites", "\x1b]0;pwned\x07", "--store", str(built_store)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\\x1b]0;pwned\\x07" in err
