"""``kg serve``: a read-only SPARQL 1.1 endpoint over a store, on 127.0.0.1 unless told otherwise.

Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph`` package) answers
the queries, with its query timeout; the default graph is the union of the named graphs unless
the query names its own with ``FROM`` (or ``default-graph-uri``).
In front of it, on the address users reach, a small gate speaks the SPARQL 1.1 Protocol
(``GET`` or ``POST`` on ``/sparql`` or ``/query``) and:

- refuses updates and Graph Store writes (403), since the endpoint is read-only;
- refuses ``SERVICE`` clauses (400), which would make the server send requests elsewhere;
- answers a query stopped at its timeout with 503 and a message, never a cut-off result;
- adds CORS headers when asked (``--cors``), for pages on other origins;
- serves the store's evidence pages (:mod:`kg.pages`) at ``/pages/``: an index and one page per article.
"""

from __future__ import annotations

import http.client
import http.server
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kg.errors import KGError
from kg.stores.oxigraph_server import DEFAULT_QUERY_TIMEOUT, serving

__all__ = ["DEFAULT_PORT", "DEFAULT_QUERY_TIMEOUT", "Gate", "endpoint", "serve"]

#: The port ``kg serve`` listens on unless given one.
DEFAULT_PORT = 7878
#: Largest request body the gate reads (a query or a form).
_MAX_BODY = 1 << 20
_QUERY_PATHS = frozenset({"/sparql", "/query"})
_WRITE_PATHS = frozenset({"/update", "/store"})
_RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values", "application/n-triples", "text/turtle", "application/n-quads",
                 "application/trig", "application/ld+json", "application/rdf+xml")  # fmt: skip


class Gate(http.server.ThreadingHTTPServer):
    """The endpoint users reach: checks each request, then asks the Oxigraph server behind it."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: str, timeout: float, cors: bool, store: str = "") -> None:
        from kg.pages.shelf import Shelf

        self.backend = urllib.parse.urlsplit(backend)
        self.query_timeout = timeout
        self.cors = cors
        self.pages = Shelf(store) if store else None
        super().__init__(address, _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Gate
    head = False  # a HEAD request: headers only
    protocol_version = "HTTP/1.1"
    server_version = "kg"

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged (a query may hold what its user keeps private)."""

    def do_OPTIONS(self) -> None:
        """A CORS preflight."""
        self._reply(204, b"", "text/plain")

    def do_GET(self) -> None:
        """A query in the URL (``?query=``), or the endpoint's description at ``/``."""
        url = urllib.parse.urlsplit(self.path)
        fields = urllib.parse.parse_qs(url.query)
        if url.path in ("", "/"):
            text = "kg read-only SPARQL 1.1 endpoint: GET or POST queries to /sparql; evidence pages at /pages/\n"
            self._reply(200, text.encode("utf-8"), "text/plain; charset=utf-8")
        elif url.path == "/pages":  # the pages' relative links need the slash
            self._redirect("/pages/")
        elif url.path.startswith("/pages/"):
            self._page(urllib.parse.unquote(url.path[len("/pages/") :]))
        elif url.path in _QUERY_PATHS:
            self._query(fields.get("query", [None])[0], fields)
        elif url.path in _WRITE_PATHS:
            self._refuse(403, "this endpoint is read-only")
        else:
            self._refuse(404, f"no such resource: {url.path} (queries go to /sparql)")

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self.head = True
        self.do_GET()

    def do_POST(self) -> None:
        """A query as a form (``query=``) or as ``application/sparql-query``; updates are refused."""
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._refuse(413, f"request body over {_MAX_BODY} bytes")
            return
        body = self.rfile.read(length) if length > 0 else b""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = urllib.parse.parse_qs(url.query)
        if kind == "application/x-www-form-urlencoded":
            fields.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
        if url.path in _WRITE_PATHS or kind == "application/sparql-update" or "update" in fields:
            self._refuse(403, "this endpoint is read-only: updates are refused")
        elif url.path not in _QUERY_PATHS:
            self._refuse(404, f"no such resource: {url.path} (queries go to /sparql)")
        elif kind == "application/sparql-query":
            self._query(body.decode("utf-8", "replace"), fields)
        else:
            self._query(fields.get("query", [None])[0], fields)

    def do_PUT(self) -> None:
        """Graph Store writes are refused."""
        self._refuse(403, "this endpoint is read-only")

    do_DELETE = do_PUT  # noqa: N815
    do_PATCH = do_PUT  # noqa: N815

    def _query(self, text: str | None, fields: dict[str, list[str]]) -> None:
        from kg.queries import tokens

        if not text:
            self._refuse(400, "no query: give query=... (SPARQL 1.1 Protocol)")
            return
        if len(fields.get("query", [])) > 1:
            self._refuse(400, "one query per request: query= is given more than once")
            return
        if tokens.form(text) is None and tokens.is_update(text):
            self._refuse(403, "this endpoint is read-only: updates are refused")
            return
        if tokens.has_service(text):
            self._refuse(400, "SERVICE clauses are refused: this endpoint sends no requests elsewhere")
            return
        params = {k: v for k, v in fields.items() if k in ("default-graph-uri", "named-graph-uri")}
        if params:
            path = "/query?" + urllib.parse.urlencode(params, doseq=True)
        elif tokens.dataset_clauses(text):  # FROM names the default graph itself
            path = "/query"
        else:  # the default graph is the union of the named graphs, as on every kg store
            path = "/query?union-default-graph"
        self._forward(path, text)

    def _forward(self, path: str, text: str) -> None:
        limit = self.server.query_timeout
        accept = self.headers.get("Accept") or "application/sparql-results+json"
        backend = self.server.backend
        started = time.monotonic()
        connection = http.client.HTTPConnection(backend.hostname or "127.0.0.1", backend.port, timeout=limit + 10)
        try:
            connection.request("POST", path, text.encode("utf-8"),
                               {"Content-Type": "application/sparql-query", "Accept": accept})  # fmt: skip
            response = connection.getresponse()
            data = response.read()
            kind = response.getheader("Content-Type") or "text/plain"
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            cut = time.monotonic() - started >= limit
            self._refuse(503, f"query stopped at its time limit of {limit:g} s" if cut else f"store unavailable: {exc}")
            return
        finally:
            connection.close()
        if status == 200 and (time.monotonic() - started >= limit or data.rstrip().endswith(b"has been cancelled")):
            self._refuse(503, f"query stopped at its time limit of {limit:g} s")
            return
        self._reply(status, data, kind)

    def _page(self, name: str) -> None:
        """An evidence page: ``/pages/`` the index, ``/pages/<file>.html`` an article's."""
        if self.server.pages is None:
            self._refuse(404, "this endpoint serves no pages")
            return
        try:
            page = None if "/" in name or "\\" in name else self.server.pages.get(name)
        except KGError as exc:
            self._refuse(404, f"no pages: {exc}")
            return
        except Exception as exc:  # a fault kg did not foresee: one line to the client, the server goes on
            self._refuse(500, f"the page could not be made: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
            return
        if page is None:
            self._refuse(404, f"no such page: {name} (the index is at /pages/)")
            return
        self._reply(200, page, "text/html; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse(self, status: int, message: str) -> None:
        from kg.write.results import printable

        self._reply(status, f"{printable(message)}\n".encode(), "text/plain; charset=utf-8")

    def _reply(self, status: int, data: bytes, kind: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if self.server.cors:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.end_headers()
            if not self.head:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client went away
            pass


@contextmanager
def endpoint(
    store: str,
    host: str = "127.0.0.1",
    port: int = 0,
    timeout: float = DEFAULT_QUERY_TIMEOUT,
    cors: bool = False,
) -> Iterator[str]:
    """A read-only endpoint over ``store``, answering in background threads while the block runs.

    Args:
        store: An Oxigraph store folder.
        host: The address to listen on (127.0.0.1: this machine only).
        port: The port (0: any free one).
        timeout: Seconds a query may run.
        cors: Allow pages of any origin to query the endpoint.

    Yields:
        The query URL, ``http://host:port/sparql``.

    Raises:
        KGError: No store there, the address is taken, or Oxigraph's server cannot start.
    """
    import threading

    from kg.stores.oxigraph import OxigraphStore

    OxigraphStore.open(store).close()  # a clear error for a folder that holds no store
    with serving(store, timeout) as backend:
        try:
            gate = Gate((host, port), backend, timeout, cors, store)
        except OSError as exc:
            raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        worker = threading.Thread(target=gate.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        worker.start()
        try:
            bound_host, bound_port = gate.server_address[:2]
            yield f"http://{_host(str(bound_host))}:{bound_port}/sparql"
        finally:
            gate.shutdown()
            gate.server_close()
            worker.join()


def serve(
    store: str,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_QUERY_TIMEOUT,
    cors: bool = False,
    ready: Any = None,
) -> None:
    """Serve ``store`` read-only at ``http://host:port/sparql`` until interrupted (see :func:`endpoint`).

    Args:
        store: An Oxigraph store folder.
        host: The address to listen on.
        port: The port (0: any free one).
        timeout: Seconds a query may run.
        cors: Allow pages of any origin to query the endpoint.
        ready: Called with the endpoint's URL once it listens.
    """
    with endpoint(store, host, port, timeout, cors) as url:
        if ready is not None:
            ready(url)
        while True:
            time.sleep(3600)


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
