"""The store interface: values bound safely and alike on every backend, answers as plain terms, clear errors."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

import kg
from kg.queries import tokens
from kg.queries.sparql import NamedQuery, QueryError, named_queries, run_query
from kg.stores import open_store
from kg.stores.graph_file import file_store
from kg.stores.oxigraph import OxigraphStore
from kg.stores.store import StoreError

from .conftest import ARTICLE

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("text", "brace"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "{ ?s"),
        ("PREFIX a: <http://x/{}>\n# WHERE {\nSELECT * { ?s a:p '}' }", "{ ?s"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ?p ?o }", "{ ?s"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "{ ?s"),
        ('ASK { ?s ?p """ WHERE { """ }', "{ ?s"),
    ],
)
def test_values_go_first_in_the_where_clause(text: str, brace: str) -> None:
    at = tokens.where_brace(text)
    assert at is not None
    assert text[at:].startswith(brace)
    bound = tokens.with_values(text, {"s": pyoxigraph.NamedNode("http://example.org/a")})
    assert bound[: at + 1] == text[: at + 1]
    assert bound[at + 1 :].startswith(" VALUES (?s) { (<http://example.org/a>) }")


def test_a_bound_value_cannot_change_the_query(built_store: Path) -> None:
    """A literal that looks like SPARQL is escaped; an IRI with a character no IRI may hold is refused."""
    store = open_store(built_store)
    hostile = 'x" } } DROP ALL ; SELECT * { ?a ?b "'
    query = named_queries()["works-behind-claim"]
    assert run_query(store, query, {"claim": hostile}).rows == []
    with pytest.raises(QueryError, match="must be an absolute IRI"):
        run_query(store, named_queries()["claims-citing-work"], {"work": "http://example.org/> } ?x ?y ?z . <"})
    assert tokens.term_text(pyoxigraph.Literal('a"\n\\b', language="en")) == '"a\\"\\n\\\\b"@en'


def test_update_and_service_are_refused_before_anything_runs(built_store: Path) -> None:
    store = open_store(built_store)
    for text, message in [
        ("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }", "an update"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE clauses are refused"),
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }", "SERVICE clauses are refused"),
    ]:
        with pytest.raises(QueryError, match=message):
            run_query(store, NamedQuery("q", "", (), text, "q.rq", strict=False))


def test_every_backend_answers_a_named_query_alike(
    built_graph_file: Path, built_store: Path, live_endpoint: str
) -> None:
    query = named_queries()["citation-counts"]
    answers = [
        run_query(source, query, {"article": f"<{ARTICLE}>"}).rows
        for source in (file_store(built_graph_file), open_store(built_store), open_store(live_endpoint))
    ]
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]) == 13


def test_python_values_compare_numbers_not_lexical_forms(built_store: Path) -> None:
    """Oxigraph keeps "50.0"^^xsd:decimal as "50": the values are the same, and kg.query gives numbers."""
    rows = kg.query(open_store(built_store), "quantitative-claims")
    values = {r["claim"]: r["max"] for r in rows if r["max"] is not None}
    assert values["iscm-meningeal-carcinomatosis-co-occurrence"] == 55
    years = {r["claim"]: r["latestYear"] for r in kg.query(open_store(built_store), "case-timeline")}
    assert years["case-patient"] == 1997  # a year read as a number, not cut out of its text


def test_from_names_a_graph_of_the_store(built_graph_file: Path) -> None:
    store = file_store(built_graph_file.parent / "kg.nq")
    count = f"SELECT (COUNT(*) AS ?n) FROM <{ARTICLE}> WHERE {{ ?s ?p ?o }}"
    answer = run_query(store, NamedQuery("q", "", (), count, "q.rq", strict=False))
    assert answer.python() == [{"n": 4440}]
    missing = "SELECT * FROM <http://example.org/none> WHERE { ?s ?p ?o }"
    with pytest.raises(QueryError, match="no graph of that name"):
        run_query(store, NamedQuery("q", "", (), missing, "q.rq", strict=False))


def test_a_folder_without_a_store_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=rf"{tmp_path}: a folder that holds no Oxigraph store"):
        OxigraphStore.open(tmp_path)
    with pytest.raises(StoreError, match="no store"):
        OxigraphStore.open(tmp_path / "missing")


def test_read_only_stores_refuse_writes(built_store: Path) -> None:
    with pytest.raises(StoreError, match="read-only"):
        open_store(built_store).replace_graph("http://example.org/g", b"")


def test_replace_graph_replaces(tmp_path: Path) -> None:
    store = OxigraphStore.open(tmp_path / "s", create=True)
    store.replace_graph("http://example.org/g", b"<http://x/a> <http://x/b> <http://x/c> .\n")
    store.replace_graph("http://example.org/g", b"<http://x/a> <http://x/b> <http://x/d> .\n")
    assert store.graphs() == ["http://example.org/g"]
    assert len(store) == 1


def test_an_interrupted_store_build_leaves_no_store_beside_the_files(tmp_path: Path) -> None:
    """The store is replaced after the files: a failure while loading leaves the files and no stale store."""
    from kg.stores.loading import replace_store

    (tmp_path / "bad.nq").write_text("<http://x/a> <http://x/b> .\n", encoding="utf-8")
    OxigraphStore.open(tmp_path / "oxigraph", create=True).close()
    with pytest.raises(kg.KGError, match=r"bad\.nq:1: "):
        replace_store(tmp_path / "oxigraph", [tmp_path / "bad.nq"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq"]


def test_lookups_take_a_store_a_graph_or_a_path(built_graph_file: Path, built_store: Path) -> None:
    from_store = kg.cites(open_store(built_store), "9")
    assert kg.cites(kg.load(built_graph_file), "9") == from_store
    assert kg.cites(str(built_store), "9") == from_store
    assert from_store[0]["claim"] == "iscm-meningeal-carcinomatosis-co-occurrence"


def test_the_lookup_path_loads_neither_rdflib_nor_pyshacl(built_store: Path) -> None:
    """A lookup on a store reads it through Oxigraph only: no rdflib, pySHACL or networkx, not even argparse.

    Nor the standard library's ``re``, ``threading``, ``signal`` or ``contextlib``: each costs a
    lookup milliseconds to load and unload, more than its queries take.
    """
    import subprocess
    import sys

    heavy = ("rdflib", "pyshacl", "networkx", "argparse", "re", "threading", "signal", "contextlib", "functools")
    code = (
        "import sys; before = set(sys.modules); from kg.cli import main; "
        f"code = main(['cites', '9', '--store', {str(built_store)!r}]); "
        f"print(sorted(m for m in {heavy!r} if m in set(sys.modules) - before)); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "iscm-meningeal-carcinomatosis-co-occurrence" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


def test_an_endpoint_answering_in_other_formats_is_read(tmp_path: Path) -> None:
    """A server that answers SELECT in SPARQL XML and CONSTRUCT in Turtle (not the formats asked first) is read."""
    import http.server
    import threading

    from kg.stores.endpoint import EndpointStore

    xml = (
        b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/>'
        b'</head><results><result><binding name="s"><uri>http://example.org/a</uri></binding></result></results></sparql>'
    )
    turtle = b"<http://example.org/a> <http://example.org/b> 50.0 .\n"

    class Server(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            data, kind = (turtle, "text/turtle") if b"CONSTRUCT" in body else (xml, "application/sparql-results+xml")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = EndpointStore(f"http://127.0.0.1:{server.server_address[1]}/sparql")
        assert store.query("SELECT ?s WHERE { ?s ?p ?o }").records() == [{"s": "http://example.org/a"}]
        (triple,) = store.construct("CONSTRUCT WHERE { ?s ?p ?o }")
        assert str(triple.subject) == "<http://example.org/a>"
        assert str(triple.object) == '"50.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'  # as the server wrote it
    finally:
        server.shutdown()
        server.server_close()


def test_triples_in_several_graphs_give_each_row_once(built_graph_file: Path, tmp_path: Path) -> None:
    """Oxigraph's union of named graphs keeps a triple once per graph; kg's queries still give each row once.

    A corpus holds each shared work's description in every article's graph that cites it; here the
    article itself is loaded twice, in the default graph and in its named graph.
    """
    from kg.stores.loading import load_files

    store = tmp_path / "twice"
    load_files(store, [built_graph_file, built_graph_file.parent / "kg.nq"])
    once = named_queries()["works-behind-claim"]
    values = {"claim": "radical-removal-may-improve-quality-of-life"}
    assert run_query(open_store(store), once, values).rows == run_query(open_store(built_graph_file), once, values).rows
    assert kg.sources(open_store(store), "iscm-lung-primary") == kg.sources(
        open_store(built_graph_file), "iscm-lung-primary"
    )
