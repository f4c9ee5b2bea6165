"""``kg serve``, ``kg publish`` and ``kg load`` against real servers started on 127.0.0.1 and stopped by the tests."""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.cli import main
from kg.stores.oxigraph_server import oxigraph_command

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def ask(url: str, query: str, method: str = "GET", timeout: float = 60) -> tuple[int, bytes, dict[str, str]]:
    """Send a query by the SPARQL 1.1 Protocol; return the status, the body and the headers."""
    if method == "GET":
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}")
    else:
        request = urllib.request.Request(url, data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    request.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def send(url: str, body: bytes, kind: str, method: str = "POST") -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": kind}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def served(built_store: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``kg serve`` as a user starts it, on a free port with a 1 s query limit and CORS; stopped with SIGTERM."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(built_store), "--port", "0", "--timeout", "1", "--cors"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+/sparql) ", line)
    assert found, (line, process.stderr.read() if process.stderr else "")
    try:
        yield found.group(1), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=30)


def oxigraph_children(parent: int) -> list[str]:
    """The Oxigraph servers a process started."""
    result = subprocess.run(["pgrep", "-P", str(parent), "-f", "serve-read-only"], capture_output=True, text=True)
    return result.stdout.split()


def test_serve_answers_queries_by_get_and_post(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    for method in ("GET", "POST"):
        status, body, headers = ask(url, COUNT, method)
        assert status == 200, body
        assert count(body) == 4440
        assert headers["Access-Control-Allow-Origin"] == "*"  # --cors


def test_serve_refuses_updates_and_writes(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    root = url.rsplit("/", 1)[0]
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    attempts = [
        send(url, insert.encode(), "application/sparql-update"),
        send(url, urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"),
        send(f"{root}/update", insert.encode(), "application/sparql-update"),
        send(f"{root}/store?default", b"<urn:x:a> <urn:x:b> <urn:x:c> .\n", "application/n-triples", "PUT"),
        send(f"{root}/store?default", b"", "text/plain", "DELETE"),
        ask(url, insert)[:2],  # an update sent as a query
    ]
    for status, body in attempts:
        assert status == 403, body
        assert b"read-only" in body
    assert count(ask(url, COUNT)[1]) == 4440  # nothing was written


def test_serve_refuses_service(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    for query in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }",  # a dot against it
        "SELECT * WHERE {SERVICE<http://127.0.0.1:9/sparql>{?s ?p ?o}}",
    ):
        status, body, _ = ask(url, query)
        assert status == 400, query
        assert b"SERVICE clauses are refused" in body
    status, _, _ = ask(url, 'SELECT * WHERE { ?s ?p "SERVICE" } LIMIT 1')  # the word in a literal is no clause
    assert status == 200


def test_serve_stops_a_runaway_query_at_its_timeout(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    started = time.monotonic()
    status, body, _ = ask(url, CROSS_PRODUCT)
    assert status == 503
    assert b"time limit of 1 s" in body
    assert time.monotonic() - started < 20
    assert count(ask(url, COUNT)[1]) == 4440  # and it still answers


def test_serve_answers_eight_concurrent_clients(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    query = (Path(__file__).parent.parent / "kg" / "queries" / "citation-counts.rq").read_text(encoding="utf-8")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: ask(url, query, "POST"), range(40)))
    assert {status for status, _, _ in answers} == {200}
    assert len({body for _, body, _ in answers}) == 1
    assert len(json.loads(answers[0][1])["results"]["bindings"]) == 13


def test_serve_stops_with_its_oxigraph_server(served: tuple[str, subprocess.Popen[str]]) -> None:
    _, process = served
    children = oxigraph_children(process.pid)
    assert len(children) == 1
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143
    assert err.strip() == "kg: terminated"
    assert not Path(f"/proc/{children[0]}").exists()


def test_serve_without_a_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err == f"kg: error: {tmp_path / 'none'}: no store (kg build or kg load makes one)\n"


# -- kg publish --------------------------------------------------------------------------------------------------


@pytest.fixture
def writable_server(tmp_path: Path) -> Iterator[str]:
    """Oxigraph's read-write server over an empty store, its default graph the union of the named graphs."""
    from kg.stores.oxigraph_server import free_port, wait_for

    port = free_port()
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)
        if process.stderr is not None:
            process.stderr.close()


def everything(base: str) -> list[tuple[str, ...]]:
    query = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, body, _ = ask(f"{base}/query", query)
    rows = json.loads(body)["results"]["bindings"]
    return sorted(tuple(json.dumps(r[k], sort_keys=True) for k in ("g", "s", "p", "o")) for r in rows)


def test_publish_twice_leaves_the_same_data(
    built_graph_file: Path, writable_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nq = built_graph_file.parent / "kg.nq"
    assert main(["publish", str(nq), "--endpoint", f"{writable_server}/store"]) == 0
    out = capsys.readouterr().out
    assert "put         http://example.org/kg/work/doi/10.4172/2329-9126.1000119 (4440 triples)" in out
    first = everything(writable_server)
    assert len(first) == 4440
    assert main(["publish", str(nq), "--endpoint", f"{writable_server}/store"]) == 0
    capsys.readouterr()
    assert everything(writable_server) == first
    # and the lookups answer from it as from the file
    assert main(["cites", "9", "--format", "json", "--store", f"{writable_server}/query"]) == 0
    served = capsys.readouterr().out
    assert main(["cites", "9", "--format", "json", "--graph", str(built_graph_file)]) == 0
    assert served == capsys.readouterr().out


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A Graph Store that answers each PUT with the next status of its script and records what it got."""

    script: list[int]
    seen: list[tuple[str, str, str]]

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.seen.append((self.path, self.headers.get("Authorization") or "", self.headers.get("Content-Type") or ""))
        status = self.script.pop(0) if self.script else 204
        body = b"no such dataset" if status >= 400 else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT  # noqa: N815 (http.server's naming): a query is recorded and answered alike

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"script": [], "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    finally:
        server.shutdown()
        server.server_close()


def test_publish_retries_a_5xx_and_sends_the_token(
    built_graph_file: Path, recorder: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.stores.endpoint import publish

    url, handler = recorder
    handler.script = [503, 502]
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "s3cret")
    sent = publish([built_graph_file.parent / "kg.nq"], url, retries=2, backoff=0.01)
    assert sent == [("http://example.org/kg/work/doi/10.4172/2329-9126.1000119", 4440)]
    graph = urllib.parse.quote("http://example.org/kg/work/doi/10.4172/2329-9126.1000119", safe="")
    assert handler.seen == [(f"/store?graph={graph}", "Bearer s3cret", "application/n-triples")] * 3


def test_publish_names_the_graph_a_server_refuses(
    built_graph_file: Path, recorder: tuple[str, type[_Recorder]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, handler = recorder
    handler.script = [400]
    assert main(["publish", str(built_graph_file.parent / "kg.nq"), "--endpoint", url]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"kg: error: {url}: graph <http://example.org/kg/work/doi/10.4172/2329-9126.1000119> refused (HTTP 400): "
        "no such dataset\n"
    )
    assert len(handler.seen) == 1  # a 4xx is not tried again


def test_publish_to_nothing_listening_is_one_line(built_graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.stores.oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["publish", str(built_graph_file.parent / "kg.nq"), "--endpoint", url, "--retries", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {url}?graph=")
    assert "cannot reach the endpoint" in err
    assert err.count("\n") == 1


# -- kg load -----------------------------------------------------------------------------------------------------


def test_load_keeps_named_graphs_and_replaces_them(
    built_graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nq = built_graph_file.parent / "kg.nq"
    store = tmp_path / "store"
    assert main(["load", str(nq), "--store", str(store)]) == 0
    assert re.match(
        rf"loaded 4440 triples from 1 file\(s\) into {store} in [\d.]+ s, [\d,]+ triples/s\n", capsys.readouterr().out
    )
    assert main(["load", str(nq), "--store", str(store)]) == 0  # twice: the same store
    capsys.readouterr()
    # a newer build of the article: its graph replaces the old one, it is not added to it
    lines = nq.read_text(encoding="utf-8").splitlines(keepends=True)
    smaller = tmp_path / "smaller.nq"
    smaller.write_text("".join(lines[:100]), encoding="utf-8")
    assert main(["load", str(smaller), "--store", str(store)]) == 0
    capsys.readouterr()
    import pyoxigraph

    held = pyoxigraph.Store.read_only(str(store))
    assert len(held) == 100
    assert [g.value for g in held.named_graphs()] == ["http://example.org/kg/work/doi/10.4172/2329-9126.1000119"]


def test_load_of_a_bad_file_names_its_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:x:a> <urn:x:b> <urn:x:c> <urn:x:g> .\n<urn:x:a> <urn:x:b> .\n", encoding="utf-8")
    assert main(["load", str(bad), "--store", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {bad}:2: ")
    assert err.count("\n") == 1
    assert not (tmp_path / "store").exists()


def test_cli_lookup_reads_the_default_store(built_graph_file: Path, tmp_path: Path) -> None:
    """From a folder that holds only build/oxigraph, kg cites answers from the store."""
    import shutil

    shutil.copytree(built_graph_file.parent / "oxigraph", tmp_path / "build" / "oxigraph")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "cites", "9", "--format", "csv"], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("chiang-2013-iscm,iscm-meningeal-carcinomatosis-co-occurrence,9,")
    assert not (tmp_path / "build" / "kg.ttl").exists()  # nothing was rebuilt


def test_load_of_a_file_with_no_triples_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "notes.json"
    empty.write_text('{"not": "JSON-LD"}', encoding="utf-8")
    assert main(["load", str(empty), "--store", str(tmp_path / "store")]) == 1
    assert (
        capsys.readouterr().err == f"kg: error: {empty}: holds no RDF triples (give a graph file that kg build wrote)\n"
    )
    assert not (tmp_path / "store").exists()


def test_serve_backend_ends_when_kg_serve_is_killed(built_store: Path) -> None:
    """Even SIGKILL, which kg cannot catch, leaves no ungated Oxigraph server behind."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(built_store), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    assert "serving" in process.stdout.readline()
    (child,) = oxigraph_children(process.pid)
    process.kill()
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists()


def test_serve_refuses_an_empty_host(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--host", "", "--port", "0"])
    assert stop.value.code == 2
    assert "an empty host would listen on every address" in capsys.readouterr().err


def test_a_query_stopped_by_a_server_is_not_sent_again(recorder: tuple[str, type[_Recorder]]) -> None:
    """A 503 to a query (a server's time limit) is the answer: sending the query again would only rerun it."""
    from kg.queries.sparql import QueryError
    from kg.stores.endpoint import EndpointStore

    url, handler = recorder
    handler.script = [503, 503, 503]
    with pytest.raises(QueryError, match=r"refused the query \(HTTP 503\)"):
        EndpointStore(url, backoff=0.01).query("SELECT * WHERE { ?s ?p ?o }")
    assert len(handler.seen) == 1


def test_publish_of_a_file_with_no_triples_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert main(["publish", str(empty), "--endpoint", "http://127.0.0.1:9/store"]) == 1
    assert (
        capsys.readouterr().err == f"kg: error: {empty}: holds no RDF triples (give a graph file that kg build wrote)\n"
    )


def test_a_parameter_that_is_not_text_is_one_line(built_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "claims-about-concept", "--param", "label=\udcff", "--store", str(built_store)]) == 1
    assert capsys.readouterr().err == (
        "kg: error: kg/queries/claims-about-concept.rq: parameter 'label' is not valid text (not UTF-8)\n"
    )


def test_serve_takes_from_and_one_query_per_request(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    graph = "http://example.org/kg/work/doi/10.4172/2329-9126.1000119"
    assert count(ask(url, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")[1]) == 4440
    assert count(ask(url, "SELECT (COUNT(*) AS ?n) FROM <http://example.org/none> WHERE { ?s ?p ?o }")[1]) == 0
    status, body = send(url, urllib.parse.urlencode([("query", COUNT), ("query", COUNT)]).encode(),
                        "application/x-www-form-urlencoded")  # fmt: skip
    assert status == 400
    assert b"one query per request" in body


def test_serve_serves_the_evidence_pages(served: tuple[str, subprocess.Popen[str]], built_store: Path) -> None:
    """``/pages/`` is the index, ``/pages/<id>.html`` an article's page: the same bytes as ``kg page`` writes."""
    from kg.pages import corpus_pages

    url, process = served
    base = url.removesuffix("/sparql")
    assert process.stdout is not None
    assert process.stdout.readline().strip() == f"evidence pages at {base}/pages/"
    pages = corpus_pages(built_store)
    for path, name in [("/pages/", "index.html"), ("/pages/index.html", "index.html"),
                       ("/pages/chiang-2013-iscm.html", "chiang-2013-iscm.html")]:  # fmt: skip
        with urllib.request.urlopen(base + path, timeout=60) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert response.read().decode("utf-8") == pages[name]
    with urllib.request.urlopen(base + "/pages", timeout=60) as response:  # redirected: the links need the slash
        assert response.url == base + "/pages/"
        assert response.read().decode("utf-8") == pages["index.html"]
    head = urllib.request.Request(base + "/pages/index.html", method="HEAD")
    with urllib.request.urlopen(head, timeout=60) as response:
        assert response.status == 200
        assert int(response.headers["Content-Length"]) == len(pages["index.html"].encode("utf-8"))
        assert response.read() == b""
    for path in (
        "/pages/nope.html",
        "/pages/..%2Fsecret",
        "/pages/%2e%2e/%2e%2e/etc/passwd",
        "/pages/%1b%5d0;x%07.html",
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + path, timeout=60)
        body = refused.value.read()
        refused.value.close()
        assert refused.value.code == 404
        assert b"\x1b" not in body  # a terminal showing the answer is not driven by it
