"""Any SPARQL 1.1 server over HTTP: queries by the SPARQL 1.1 Protocol, writes by the Graph Store Protocol.

Queries are sent as ``POST`` forms (no URL length limit), answers read as SPARQL JSON results
or N-Triples. Writes ``PUT`` one named graph at a time, so sending the same graph twice leaves
the same data. A bearer token is read from the environment (:data:`TOKEN_VARIABLE`), never
from the command line. Connection errors are retried with backoff, and so are 5xx answers to
writes (a query a server stopped at its time limit is not sent again); a 4xx answer is an
error that names what was refused.

kg's queries read the default graph as the union of the named graphs: serve the data that way
(Oxigraph: ``--union-default-graph``, which ``kg serve`` asks for with each query; Fuseki:
``unionDefaultGraph``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from kg.stores.store import Answer, Store, StoreError

__all__ = ["TOKEN_VARIABLE", "EndpointStore", "publish"]

#: The environment variable whose value, if set, is sent as ``Authorization: Bearer <token>``.
TOKEN_VARIABLE = "KG_ENDPOINT_TOKEN"
_RETRIED = frozenset({500, 502, 503, 504})
#: What a query asks for: SPARQL JSON results first, then the other results formats pyoxigraph reads.
_ROWS = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8"
#: What a CONSTRUCT or DESCRIBE asks for: N-Triples first, then Turtle and RDF/XML.
_TRIPLES = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
#: Seconds one Graph Store write may wait for its answer (a large graph takes the server a while).
_WRITE_TIMEOUT = 600.0


class EndpointStore(Store):
    """A SPARQL 1.1 endpoint (``http://`` or ``https://``).

    Args:
        url: The query endpoint (Oxigraph: ``…/query``; Fuseki: ``…/<dataset>/sparql``).
        graph_store: The Graph Store Protocol endpoint for writes (Oxigraph: ``…/store``;
            Fuseki: ``…/<dataset>/data``), if the store is to be written.
        retries: How often a failed connection or a 5xx answer is tried again.
        backoff: Seconds before the first retry; doubled for each further one.
    """

    def __init__(
        self, url: str, graph_store: str | None = None, retries: int = 2, backoff: float = 0.5, timeout: float = 60.0
    ) -> None:
        self.location = _shown(url)
        self.url = url
        self.graph_store = graph_store
        self.writable = graph_store is not None
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout  # seconds a request may wait for its answer, where the caller gives none

    def run(self, text: str, form: str, timeout: float | None = None) -> Answer:
        """Send a query and read its whole answer (see :meth:`Store.run`)."""
        from urllib.parse import urlencode

        import pyoxigraph

        from kg.queries.sparql import QueryError

        rows = form in ("SELECT", "ASK")
        accept = _ROWS if rows else _TRIPLES
        body = urlencode({"query": text}).encode("utf-8")
        form_type = "application/x-www-form-urlencoded"
        status, data, kind = self._send("POST", self.url, body, form_type, accept, timeout, retry_5xx=False)
        if status >= 400:
            raise QueryError(f"{self.location}: the endpoint refused the query (HTTP {status}): {_said(data)}")
        try:  # in the format the server answered in, which is not always the one preferred
            if not rows:
                rdf = pyoxigraph.RdfFormat.from_media_type(kind) or pyoxigraph.RdfFormat.N_TRIPLES
                return Answer(form, triples=[q.triple for q in pyoxigraph.parse(data, format=rdf)])
            results = pyoxigraph.QueryResultsFormat.from_media_type(kind) or pyoxigraph.QueryResultsFormat.JSON
            result = pyoxigraph.parse_query_results(data, format=results)
            if isinstance(result, pyoxigraph.QueryBoolean):
                return Answer(form, boolean=bool(result))
            names = [v.value for v in result.variables]
            width = range(len(names))
            return Answer(form, names, [tuple(s[i] for i in width) for s in result])
        except (SyntaxError, ValueError) as exc:
            said = _said(str(exc).encode())
            raise StoreError(f"{self.location}: the endpoint's answer cannot be read: {said}") from None

    def replace_graph(self, name: str | None, data: bytes) -> None:
        """``PUT`` N-Triples ``data`` as the graph ``name`` (None: the default graph), by the Graph Store Protocol.

        Raises:
            StoreError: No Graph Store endpoint, or the server refused the graph (named in the message).
        """
        from urllib.parse import quote

        if self.graph_store is None:
            raise StoreError(f"{self.location}: no Graph Store Protocol URL to write to")
        separator = "&" if "?" in self.graph_store else "?"
        where = "default" if name is None else f"graph={quote(name, safe='')}"
        target = f"{self.graph_store}{separator}{where}"
        status, said, _ = self._send("PUT", target, data, "application/n-triples", "*/*", _WRITE_TIMEOUT)
        if status >= 400:
            graph = "the default graph" if name is None else f"graph <{name}>"
            raise StoreError(f"{_shown(self.graph_store)}: {graph} refused (HTTP {status}): {_said(said)}")

    def _send(
        self,
        method: str,
        url: str,
        body: bytes,
        content_type: str,
        accept: str,
        timeout: float | None,
        retry_5xx: bool = True,
    ) -> tuple[int, bytes, str]:
        """Send one request, retrying connection errors (and 5xx answers, for writes); return status, body, type.

        A query is not sent again after a 5xx answer: a server that stopped it at its time limit
        says 503, and would only run it again.
        """
        import http.client
        import socket
        import urllib.error
        import urllib.request

        from kg.signals import TimeLimitError

        headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "kg"}
        token = os.environ.get(TOKEN_VARIABLE)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        shown = _shown(url)
        seconds = min(timeout or self.timeout, _LONGEST)
        try:
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
        except ValueError as exc:  # an URL urllib cannot take apart
            raise StoreError(f"{shown}: not a usable URL: {exc}") from None
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                with urllib.request.urlopen(request, timeout=seconds) as response:
                    kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                    return int(response.status), bytes(response.read()), kind
            except urllib.error.HTTPError as exc:
                data = exc.read() if exc.fp is not None else b""
                if exc.code not in _RETRIED or last or not retry_5xx:
                    return exc.code, data, ""
                reason = f"HTTP {exc.code}"
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                cause = getattr(exc, "reason", None) or exc
                if isinstance(cause, (TimeoutError, socket.timeout)):
                    raise TimeLimitError(f"{shown}: no answer within the time limit of {seconds:g} s") from None
                reason = str(cause)
                if last:
                    raise StoreError(f"{shown}: cannot reach the endpoint: {reason}") from None
            except (ValueError, UnicodeError, http.client.HTTPException) as exc:  # e.g. a port out of range
                raise StoreError(f"{shown}: not a usable URL: {' '.join(str(exc).split())}") from None
            time.sleep(self.backoff * 2**attempt)
        raise StoreError(f"{shown}: no answer after {self.retries + 1} tries ({reason})")  # pragma: no cover


def publish(
    files: Sequence[str | os.PathLike[str]], endpoint: str, retries: int = 3, backoff: float = 0.5
) -> list[tuple[str, int]]:
    """Send graph files to a server: one Graph Store Protocol ``PUT`` per named graph.

    Each graph replaces its namesake on the server, so publishing twice leaves the same data.
    Triples outside named graphs replace the server's default graph (``?default``). The
    literals are sent as the files hold them.

    Args:
        files: Graph files (``kg.nq`` holds one named graph per article).
        endpoint: The Graph Store Protocol URL.
        retries: How often a 5xx answer or a lost connection is tried again.
        backoff: Seconds before the first retry; doubled for each further one.

    Returns:
        Each graph sent (its IRI, or ``default``) with its number of triples, in order.

    Raises:
        InputError: A file is missing or does not parse (nothing is sent then).
        StoreError: The server refused a graph (named in the message) or cannot be reached.
    """
    import pyoxigraph

    from kg.errors import InputError
    from kg.stores.graph_file import check_source
    from kg.stores.oxigraph import rdf_format

    graphs: dict[str, list[pyoxigraph.Triple]] = {}
    for path in files:
        name = os.fspath(path)
        check_source(name)
        before = sum(len(t) for t in graphs.values())
        try:
            for quad in pyoxigraph.parse(path=name, format=rdf_format(name)):
                key = quad.graph_name.value if isinstance(quad.graph_name, pyoxigraph.NamedNode) else ""
                graphs.setdefault(key, []).append(quad.triple)
        except SyntaxError as exc:
            line = f":{exc.lineno}" if exc.lineno else ""
            raise InputError(f"{name}{line}: {' '.join((exc.msg or str(exc)).split())}") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
        if sum(len(t) for t in graphs.values()) == before:
            raise InputError(f"{name}: holds no RDF triples (give a graph file that kg build wrote)")
    target = EndpointStore(endpoint, graph_store=endpoint, retries=retries, backoff=backoff)
    sent = []
    for name in sorted(graphs):
        data = pyoxigraph.serialize(graphs[name], format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        target.replace_graph(name or None, data)
        sent.append((name or "default", len(graphs[name])))
    return sent


#: A limit this long (a year) is no limit.
_LONGEST = 365 * 24 * 3600.0


def _shown(url: str) -> str:
    """An URL as messages show it: without a user name and password."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}{sep}{host.rpartition('@')[2]}{slash}{path}" if "@" in host else url


def _said(data: bytes) -> str:
    """What a server said, as one short line."""
    text = " ".join(data.decode("utf-8", "replace").split())
    return (text[:300] + "…") if len(text) > 300 else text or "(no message)"
