"""The arguments of the ``kg`` command line: one parser, shared options defined once.

The shared options (``--graph``, ``--timeout``, ``--out``, a build's inputs, ``--format``) are
argparse parent parsers, and every choice comes from :mod:`kg.formats`. Usage errors are one
line on stderr and exit 2, as every other kg error is one line.
"""

from __future__ import annotations

import argparse
import os
import sys

from kg import __version__
from kg.argv import print_error
from kg.defaults import DEFAULT_BASE
from kg.errors import KGError
from kg.formats import LOOKUP_FORMATS, NETWORK_FORMATS, QUERY_FORMATS
from kg.signals import DEFAULT_TIMEOUT

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence
    from typing import Any, NoReturn

__all__ = ["parser"]


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (exit 2), as every other kg error."""

    def error(self, message: str) -> NoReturn:
        print_error(f"kg: error: {message} (see '{self.prog} --help')")
        sys.exit(2)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse asks for a formatter on every add_argument, and each asks the terminal its width
        return argparse.HelpFormatter(prog=self.prog, width=_width())


_WIDTH: list[int] = []


def _width() -> int:
    """The terminal's width less 2, as argparse takes it, asked once ($COLUMNS first)."""
    if not _WIDTH:
        try:
            columns = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
            except (OSError, ValueError):
                columns = 80
        _WIDTH.append(max(columns, 20) - 2)
    return _WIDTH[0]


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 for no limit: {text!r}")
    return value


def _path(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path names no file or folder")
    return text


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {text!r}")
    return text


def _host(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty host would listen on every address; give one (e.g. 127.0.0.1)")
    return text


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 20:
        raise argparse.ArgumentTypeError(f"a number from 0 to 20: {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"a port number from 0 to 65535: {text!r}")
    return int(text)


def _base(text: str) -> str:
    from kg.builder.iris import check_base

    try:
        return check_base(text)
    except KGError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parents() -> dict[str, _Parser]:
    """The shared options, each defined once: graph, timeout, out, the inputs of a build, formats."""
    graph = _Parser(add_help=False)
    source = graph.add_mutually_exclusive_group()
    source.add_argument(
        "--store",
        metavar="PATH|URL",
        type=_path,
        help="an Oxigraph store folder or a SPARQL endpoint URL (default: build/oxigraph, which kg build leaves)",
    )
    source.add_argument(
        "--graph",
        metavar="PATH",
        type=_path,
        help="a graph file, loaded in memory (default: the store; else build/kg.ttl or build/kg.nq; "
        "else the bundled report is built)",
    )
    graph.add_argument(
        "--allow-remote-context", action="store_true", help="let a JSON-LD graph load the @context documents it names"
    )
    timeout = _Parser(add_help=False)
    timeout.add_argument(
        "--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"stop a query or lookup that runs longer (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )  # fmt: skip
    out = _Parser(add_help=False)
    out.add_argument("--out", metavar="PATH", type=_path, help="output file, or - for standard output (default: -)")
    inputs = _Parser(add_help=False)
    inputs.add_argument(
        "--report", metavar="PATH", help="the article: a JATS XML file or a Markdown report (default: the bundled one)"
    )
    inputs.add_argument("--bib", metavar="PATH", help="BibTeX file of a Markdown report (default: beside the report)")
    inputs.add_argument("--claims", metavar="PATH", help="claims file (default: <stem>.claims.yaml beside the input)")
    inputs.add_argument("--concepts", metavar="PATH", help="concept scheme (default: concepts.yaml beside the input)")
    inputs.add_argument("--base", metavar="IRI", type=_base, default=DEFAULT_BASE, help=f"base IRI ({DEFAULT_BASE})")
    return {"graph": graph, "timeout": timeout, "out": out, "inputs": inputs}


def _format(formats: Mapping[str, str], default: str) -> _Parser:
    """The ``--format`` option over one registry of :mod:`kg.formats`."""
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--format", choices=list(formats), help=f"output format (default: from the --out suffix, else {default})"
    )
    return parent


class _Skipped:
    """Stands in for the parser of a command that is not being run: its arguments are not built."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        """Ignore an argument."""

    def add_mutually_exclusive_group(self, **kwargs: object) -> _Skipped:
        """Ignore a group."""
        return self


class _Commands:
    """The subcommands, each built in full only if it is the one to run (or when none is named)."""

    def __init__(self, action: Any, only: str | None) -> None:
        self.action = action
        self.only = only

    def add_parser(self, name: str, parents: Sequence[_Parser] = (), help: str = "") -> Any:
        if self.only is None or name == self.only:
            return self.action.add_parser(name, parents=list(parents), help=help)
        self.action.add_parser(name, help=help, add_help=False)
        return _Skipped()


#: Every command's name, so that a parser is built for the one named only.
COMMANDS = ("build", "validate", "query", "cites", "sources", "trace", "impact", "path", "export", "page", "load",
            "publish", "serve")  # fmt: skip


def parser(command: str | None = None) -> _Parser:
    """The ``kg`` argument parser: every command, its arguments, and the shared options.

    Args:
        command: The command about to run: only its arguments are built (argparse takes a few
            milliseconds per command, more than a lookup runs). None or an unknown name builds all.
    """
    parser = _Parser(prog="kg", description="Literature-reference knowledge graphs.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    action = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = _Commands(action, command if command in COMMANDS else None)
    p = _parents()
    reading = [p["graph"], p["timeout"], p["out"]]
    article = _Parser(add_help=False)
    article.add_argument(
        "--article", metavar="ID", help="only this article (its id, DOI or IRI); default: every article in the graph"
    )
    lookup = [*reading, _format(LOOKUP_FORMATS, "table"), article]

    build = commands.add_parser(
        "build", parents=[p["inputs"]], help="build articles (JATS XML, Markdown) and the works they cite into RDF"
    )
    build.add_argument(
        "inputs", nargs="*", metavar="INPUT", help="article files: JATS XML or Markdown (default: the bundled report)"
    )
    build.add_argument(
        "--strict", action="store_true", help="stop at the first bad input and write nothing (default: skip it, exit 1)"
    )
    build.add_argument("--out", metavar="DIR", type=_path, default="build", help="output directory (default: build)")
    validate = commands.add_parser(
        "validate", parents=[p["inputs"]], help="check a graph file (or the inputs of a build) against the shapes"
    )
    validate.add_argument("graph", nargs="?", metavar="GRAPH", help="a graph file; default: the inputs of a build")
    validate.add_argument(
        "--allow-remote-context", action="store_true", help="let a JSON-LD graph load the @context documents it names"
    )
    query = commands.add_parser(
        "query", parents=[*reading, _format(QUERY_FORMATS, "table, or ttl for CONSTRUCT and DESCRIBE")],
        help="run a named SPARQL query, a .rq file, or SPARQL from stdin (-)",
    )  # fmt: skip
    query.add_argument("spec", nargs="?", metavar="NAME|FILE|-", help="a named query, a .rq file, or - for stdin")
    query.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind a variable")
    query.add_argument("--allow-service", action="store_true", help="allow SERVICE clauses (requests elsewhere)")
    cites = commands.add_parser("cites", parents=lookup, help="the claims that cite a reference")
    cites.add_argument(
        "ref", metavar="REF", help="DOI, PMID or work IRI; or, in one article, its printed number, ref id or BibTeX key"
    )
    sources = commands.add_parser("sources", parents=lookup, help="the works behind a claim, as printed")
    sources.add_argument("claim", metavar="CLAIM", help="the claim's identifier")
    trace = commands.add_parser("trace", parents=lookup, help="a claim's evidence trail: sentence to work")
    trace.add_argument("claim", metavar="CLAIM", help="the claim's identifier")
    impact = commands.add_parser("impact", parents=lookup, help="rank works by the claims resting on them")
    impact.add_argument("work", nargs="?", metavar="WORK", help="a work's BibTeX key, title or IRI")
    impact.add_argument("--single-source", action="store_true", help="list the claims that rest on a single work")
    path = commands.add_parser(
        "path", parents=lookup[:-1], help="the shortest chain of evidence links between two nodes"
    )
    path.add_argument("source", metavar="A", help="an IRI or a label, e.g. 'CSF cytology'")
    path.add_argument("target", metavar="B", help="an IRI or a label, e.g. 'breast cancer'")
    commands.add_parser(
        "export", parents=[*reading, _format(NETWORK_FORMATS, "graphml")],
        help="write the networkx projection for Gephi or Cytoscape (default: build/kg.<format>)",
    )  # fmt: skip
    page = commands.add_parser(
        "page", parents=[p["graph"], p["timeout"]],
        help="an article's evidence page (HTML): its text, each claim marked with the works it rests on",
    )  # fmt: skip
    page.add_argument(
        "article", nargs="?", metavar="ARTICLE",
        help="the article (its id, DOI, PMID or IRI); default: the only one, or every article and an index page",
    )  # fmt: skip
    page.add_argument(
        "--out", metavar="FILE|DIR|-", type=_path, required=True,
        help="the page's file, or - for standard output; for every article of a corpus, a folder",
    )  # fmt: skip
    load = commands.add_parser(
        "load", help="bulk-load graph files into an on-disk Oxigraph store (each named graph replaces its namesake)"
    )
    load.add_argument("files", nargs="+", metavar="FILE", type=_path, help="graph files (N-Quads, TriG, Turtle, ...)")
    load.add_argument("--store", metavar="PATH", type=_path, required=True, help="the store folder (made if missing)")
    publish = commands.add_parser(
        "publish", help="send graph files to a SPARQL server, one Graph Store Protocol PUT per named graph"
    )
    publish.add_argument("files", nargs="+", metavar="FILE", type=_path, help="graph files (kg.nq holds every article)")
    publish.add_argument(
        "--endpoint", metavar="URL", required=True, type=_url,
        help="the server's Graph Store Protocol URL (Oxigraph: .../store; Fuseki: .../DATASET/data); "
        "a bearer token is read from $KG_ENDPOINT_TOKEN",
    )  # fmt: skip
    publish.add_argument(
        "--retries",
        type=_count,
        default=3,
        metavar="N",
        help="tries again after a 5xx or a lost connection (default: 3)",
    )
    serve = commands.add_parser(
        "serve", help="a read-only SPARQL 1.1 endpoint over a store, at http://HOST:PORT/sparql"
    )
    serve.add_argument(
        "--store", metavar="PATH", type=_path, default=None, help="the store folder (default: build/oxigraph)"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        type=_host,
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument("--port", type=_port, default=7878, help="the port (default: 7878; 0 for any free one)")
    serve.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="stop a query that runs longer (default: 30; 0: an hour)",
    )
    serve.add_argument("--cors", action="store_true", help="let web pages of any origin query the endpoint")
    return parser
