"""The ``kg`` command line: a thin layer over the library.

Each command parses its options and makes one library call; shared options are defined once
(argparse parent parsers) and their choices come from :mod:`kg.formats`. Nothing heavy is
imported before a command runs, so ``kg --help`` stays fast.

Exit codes: 0 success; 1 bad input, a failed check, a time limit or an interruption of the
work; 2 usage error; 130 after Ctrl-C (SIGINT); 143 after SIGTERM. Every error is one line
on stderr, ``kg: error: <file>[:<line>]: <what is wrong>``, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, BinaryIO, NoReturn

from kg import __version__
from kg.defaults import DEFAULT_BASE
from kg.errors import KGError, ProblemsError
from kg.formats import LOOKUP_FORMATS, NETWORK_FORMATS, QUERY_FORMATS, format_for
from kg.signals import DEFAULT_TIMEOUT, Terminated, handle_termination

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (exit 2), as every other kg error."""

    def error(self, message: str) -> NoReturn:
        print(f"kg: error: {message} (see '{self.prog} --help')", file=sys.stderr)
        sys.exit(2)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 for no limit: {text!r}")
    return value


def _base(text: str) -> str:
    from kg.iris import check_base

    try:
        return check_base(text)
    except KGError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parents() -> dict[str, _Parser]:
    """The shared options, each defined once: graph, timeout, out, the inputs of a build, formats."""
    graph = _Parser(add_help=False)
    graph.add_argument("--graph", metavar="PATH", help="graph file (default: build/kg.ttl, built first if missing)")
    graph.add_argument(
        "--allow-remote-context", action="store_true", help="let a JSON-LD graph load the @context documents it names"
    )
    timeout = _Parser(add_help=False)
    timeout.add_argument(
        "--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"stop a query or lookup that runs longer (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )  # fmt: skip
    out = _Parser(add_help=False)
    out.add_argument("--out", metavar="PATH", help="output file, or - for standard output (default: -)")
    inputs = _Parser(add_help=False)
    inputs.add_argument("--report", metavar="PATH", help="Markdown report (default: the bundled corpus)")
    inputs.add_argument("--bib", metavar="PATH", help="BibTeX file (default: the bundled references.bib)")
    inputs.add_argument("--claims", metavar="PATH", help="claims file (default: <report>.claims.yaml beside it)")
    inputs.add_argument("--concepts", metavar="PATH", help="concept scheme (default: concepts.yaml beside the report)")
    inputs.add_argument("--base", metavar="IRI", type=_base, default=DEFAULT_BASE, help=f"base IRI ({DEFAULT_BASE})")
    return {"graph": graph, "timeout": timeout, "out": out, "inputs": inputs}


def _format(formats: Mapping[str, str], default: str) -> _Parser:
    """The ``--format`` option over one registry of :mod:`kg.formats`."""
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--format", choices=list(formats), help=f"output format (default: from the --out suffix, else {default})"
    )
    return parent


def _parser() -> _Parser:
    parser = _Parser(prog="kg", description="Literature-reference knowledge graphs.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = _parents()
    reading = [p["graph"], p["timeout"], p["out"]]
    lookup = [*reading, _format(LOOKUP_FORMATS, "table")]

    build = commands.add_parser("build", parents=[p["inputs"]], help="build a report and its references into RDF")
    build.add_argument("--out", metavar="DIR", default="build", help="output directory (default: build)")
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
    cites.add_argument("ref", metavar="REF", help="printed reference number, BibTeX key, DOI or work IRI")
    sources = commands.add_parser("sources", parents=lookup, help="the works behind a claim, as printed")
    sources.add_argument("claim", metavar="CLAIM", help="the claim's identifier")
    trace = commands.add_parser("trace", parents=lookup, help="a claim's evidence trail: sentence to work")
    trace.add_argument("claim", metavar="CLAIM", help="the claim's identifier")
    impact = commands.add_parser("impact", parents=lookup, help="rank works by the claims resting on them")
    impact.add_argument("work", nargs="?", metavar="WORK", help="a work's BibTeX key, title or IRI")
    impact.add_argument("--single-source", action="store_true", help="list the claims that rest on a single work")
    path = commands.add_parser("path", parents=lookup, help="the shortest chain of evidence links between two nodes")
    path.add_argument("source", metavar="A", help="an IRI or a label, e.g. 'CSF cytology'")
    path.add_argument("target", metavar="B", help="an IRI or a label, e.g. 'breast cancer'")
    commands.add_parser(
        "export", parents=[*reading, _format(NETWORK_FORMATS, "graphml")],
        help="write the networkx projection for Gephi or Cytoscape (default: build/kg.<format>)",
    )  # fmt: skip
    return parser


def _build(args: argparse.Namespace) -> int:
    from kg.outputs import STDOUT
    from kg.pipeline import build

    if args.out == STDOUT:
        raise KGError("kg build writes several files: --out takes a folder, not - (see kg query for one result)")

    result = build(args.report, args.bib, args.out, args.base, args.claims, args.concepts)
    meta = result.report.meta
    print(f"built {meta.id}: {meta.title}")
    for name, count in result.summary.items():
        print(f"  {name:<11} {count}")
    for written in result.outputs:
        print(f"  wrote       {written}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.graph:
        from kg.validation import check_file

        count = check_file(args.graph, args.allow_remote_context)
        print(f"{args.graph}: conforms ({count} triples)")
        return 0
    from kg.pipeline import check_inputs

    report, count = check_inputs(args.report, args.bib, args.base, args.claims, args.concepts)
    print(f"{report}: claims fit the text; the graph conforms ({count} triples)")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.sparql import QueryError, load_query, named_queries, parse_params, run_query

    if args.list:
        if args.spec:
            raise QueryError(f"--list takes no query, not {args.spec!r}")
        for named in named_queries().values():
            params = " ".join(f"--param {p.name}=<{p.kind}>" for p in named.params)
            print(f"{named.name}{'  ' + params if params else ''}\n    {named.description}")
        return 0
    if not args.spec:
        raise QueryError("give a query name, a .rq file or - (see kg query --list)")
    _check_out(args.out)
    query = load_query(args.spec, _stdin() if args.spec == "-" else None)
    values = parse_params(args.param)
    from kg.store import load
    from kg.tables import default_format, format_result

    graph = load(args.graph, named_graphs=True, allow_remote_context=args.allow_remote_context)
    result = run_query(graph, query, values, allow_service=args.allow_service, timeout=args.timeout)
    fmt = format_for(args.out, QUERY_FORMATS, args.format, default_format(result))
    _emit(args.out, format_result(result, fmt))
    return 0


def _lookup(args: argparse.Namespace) -> int:
    from kg import answers
    from kg.signals import time_limit
    from kg.store import load
    from kg.tables import format_records

    calls: dict[str, Callable[[Any], answers.Rows]] = {
        "cites": lambda g: answers.cites_rows(g, args.ref),
        "sources": lambda g: answers.sources_rows(g, args.claim),
        "trace": lambda g: answers.trace_rows(g, args.claim),
        "impact": lambda g: answers.impact_rows(g, args.work, args.single_source),
        "path": lambda g: answers.path_rows(g, args.source, args.target),
    }
    fmt = format_for(args.out, LOOKUP_FORMATS, args.format, "table")
    _check_out(args.out)
    graph = load(args.graph, allow_remote_context=args.allow_remote_context)
    with time_limit(args.timeout, f"kg {args.command}"):
        rows = calls[args.command](graph)
    _emit(args.out, format_records(rows.records, rows.columns, fmt))
    return 0


def _export(args: argparse.Namespace) -> int:
    from kg import network as nw
    from kg.signals import time_limit
    from kg.store import load

    fmt = format_for(args.out, NETWORK_FORMATS, args.format, "graphml")
    out = args.out or f"build/kg{NETWORK_FORMATS[fmt]}"
    _check_out(out, create_parent=True)
    graph = load(args.graph, allow_remote_context=args.allow_remote_context)
    with time_limit(args.timeout, "kg export"):
        net = nw.to_networkx(graph)
    written = nw.write_network(net, out, fmt)
    summary = f"wrote {written} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)"
    print(summary, file=sys.stderr if written == "-" else sys.stdout)
    return 0


def _stdin() -> str:
    """Standard input as UTF-8 text (a query given as ``-``)."""
    from kg.sparql import QueryError

    if sys.stdin is None:
        raise QueryError("<stdin>: no standard input to read the query from")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"<stdin>: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _check_out(out: str | None, create_parent: bool = False) -> None:
    """Refuse an output that cannot be written before any work is done."""
    from kg.outputs import STDOUT, check_target

    if out and out != STDOUT:
        check_target(out, create_parent)


def _emit(out: str | None, text: str) -> None:
    from kg.outputs import write_output

    data = text.encode("utf-8")
    write_output(out or "-", lambda handle: _write(handle, data))


def _write(handle: BinaryIO, data: bytes) -> None:
    handle.write(data)


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _build,
    "validate": _validate,
    "query": _query,
    "cites": _lookup,
    "sources": _lookup,
    "trace": _lookup,
    "impact": _lookup,
    "path": _lookup,
    "export": _export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status (see the module docstring).
    """
    handle_termination()
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)  # kg reports faults itself, in one line
    args: argparse.Namespace | None = None
    try:
        args = _parser().parse_args(argv)
        return _COMMANDS[args.command](args)
    except ProblemsError as exc:
        for problem in exc.problems:
            print(f"kg: error: {problem}", file=sys.stderr)
        written = "; nothing written" if getattr(args, "command", None) == "build" else ""
        print(f"kg: {len(exc.problems)} problem(s){written}", file=sys.stderr)
        return 1
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("kg: terminated", file=sys.stderr)
        return 143
    except BrokenPipeError:  # the reader of a pipe closed it early, e.g. `kg query ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        print(f"kg: error: {exc.filename or 'system'}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except MemoryError:
        print("kg: error: out of memory", file=sys.stderr)
        return 1
    except Exception as exc:  # a fault kg did not foresee: still one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:300]
        print(f"kg: error: internal error ({type(exc).__name__}: {message}); KG_DEBUG=1 shows more", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
