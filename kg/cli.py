"""The ``kg`` command line: a thin layer over the library.

Exit codes: 0 success (a graph that conforms), 1 invalid input or a non-conformant graph,
2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.defaults import DEFAULT_BASE
from kg.errors import KGError, ProblemsError

__all__ = ["main"]


def _inputs(parser: argparse.ArgumentParser) -> None:
    """The options naming a build's inputs, shared by ``build`` and ``validate``."""
    parser.add_argument("--report", metavar="PATH", help="Markdown report (default: the bundled corpus)")
    parser.add_argument("--bib", metavar="PATH", help="BibTeX file (default: the bundled references.bib)")
    parser.add_argument("--claims", metavar="PATH", help="claims file (default: <report>.claims.yaml beside it)")
    parser.add_argument("--concepts", metavar="PATH", help="concept scheme (default: concepts.yaml beside the report)")
    parser.add_argument("--base", metavar="IRI", default=DEFAULT_BASE, help=f"base IRI (default: {DEFAULT_BASE})")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Literature-reference knowledge graphs.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build a report, its references and claims into RDF files")
    _inputs(build)
    build.add_argument("--out", metavar="DIR", default="build", help="output directory (default: build)")
    validate = commands.add_parser(
        "validate", help="check a built graph (or the inputs of a build) against the SHACL shapes"
    )
    validate.add_argument(
        "graph", nargs="?", metavar="GRAPH", help="a graph file (ttl, nt, jsonld); default: the inputs"
    )
    _inputs(validate)

    from kg.tables import LOOKUP_FORMATS, QUERY_FORMATS

    query = commands.add_parser("query", help="run a named SPARQL query, a .rq file, or SPARQL from stdin (-)")
    query.add_argument("spec", nargs="?", metavar="NAME|FILE|-", help="a named query, a .rq file, or - for stdin")
    query.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    query.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a variable (repeatable)"
    )
    query.add_argument("--format", choices=QUERY_FORMATS, default="table", help="output format (default: table)")
    query.add_argument(
        "--allow-service", action="store_true", help="allow SERVICE clauses (requests to other endpoints)"
    )
    _graph(query)
    cites = commands.add_parser("cites", help="the claims that cite a reference (number, BibTeX key or DOI)")
    cites.add_argument("ref", metavar="REF", help="printed reference number, BibTeX key, DOI or work IRI")
    cites.add_argument("--format", choices=LOOKUP_FORMATS, default="table", help="output format (default: table)")
    _graph(cites)
    sources = commands.add_parser("sources", help="the works behind a claim, as the report prints them")
    sources.add_argument("claim", metavar="CLAIM", help="the claim's identifier")
    sources.add_argument("--format", choices=LOOKUP_FORMATS, default="table", help="output format (default: table)")
    _graph(sources)
    trace = commands.add_parser("trace", help="the evidence trail of a claim: sentence, pointer, reference, work")
    trace.add_argument("claim", metavar="CLAIM", help="the claim's identifier")
    impact = commands.add_parser("impact", help="rank works by the claims they support, or show what rests on one")
    impact.add_argument("work", nargs="?", metavar="WORK", help="a work's BibTeX key, title or IRI")
    impact.add_argument("--single-source", action="store_true", help="list the claims that rest on a single work")
    path = commands.add_parser("path", help="the shortest chain of evidence links between two nodes")
    path.add_argument("source", metavar="A", help="an IRI or a label, e.g. 'CSF cytology'")
    path.add_argument("target", metavar="B", help="an IRI or a label, e.g. 'breast cancer'")
    for sub in (trace, impact, path):
        sub.add_argument("--format", choices=LOOKUP_FORMATS, default="table", help="output format (default: table)")
        _graph(sub)
    export = commands.add_parser("export", help="write the networkx projection for Gephi or Cytoscape")
    export.add_argument(
        "--format", choices=("graphml", "gexf"), default="graphml", help="file format (default: graphml)"
    )
    export.add_argument("--out", metavar="PATH", help="output file (default: build/kg.<format>)")
    _graph(export)
    return parser


def _graph(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", metavar="PATH", help="graph file (default: build/kg.ttl, built first if missing)")


def _build(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    result = build(args.report, args.bib, args.out, args.base, args.claims, args.concepts)
    meta = result.report.meta
    print(f"built {meta.id}: {meta.title}")
    for name, count in result.summary.items():
        print(f"  {name:<11} {count}")
    for path in result.outputs:
        print(f"  wrote       {path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.graph:
        from kg.graph_file import read_graph
        from kg.validation import check_graph

        graph = read_graph(args.graph)
        check_graph(graph)
        print(f"{args.graph}: conforms ({len(graph)} triples)")
        return 0
    from kg.pipeline import default_bibliography, default_report, load_inputs

    report = args.report or default_report()
    result = load_inputs(report, args.bib or default_bibliography(), args.base, args.claims, args.concepts)
    print(f"{report}: claims fit the text; the graph conforms ({len(result.graph)} triples)")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.sparql import QueryError, load_query, named_queries, run_query

    if args.list:
        for named in named_queries().values():
            params = " ".join(f"--param {p.name}=<{p.kind}>" for p in named.params)
            print(f"{named.name}{'  ' + params if params else ''}\n    {named.description}")
        return 0
    if not args.spec:
        raise QueryError("give a query name, a .rq file or - (see kg query --list)")
    values = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes NAME=VALUE, not {item!r}")
        values[name] = value
    query = load_query(args.spec, sys.stdin.read() if args.spec == "-" else None)
    from kg.store import load
    from kg.tables import format_result

    result = run_query(load(args.graph), query, values, allow_service=args.allow_service)
    sys.stdout.write(format_result(result, args.format))
    return 0


def _lookup(args: argparse.Namespace) -> int:
    from kg.lookup import CITES_COLUMNS, SOURCES_COLUMNS, cites, sources
    from kg.store import load
    from kg.tables import format_records

    graph = load(args.graph)
    if args.command == "cites":
        text = format_records(cites(graph, args.ref), CITES_COLUMNS, args.format)
    else:
        text = format_records(sources(graph, args.claim), SOURCES_COLUMNS, args.format)
    sys.stdout.write(text)
    return 0


def _network(args: argparse.Namespace) -> int:
    from kg import network as nw
    from kg.store import load
    from kg.tables import format_records

    net = nw.to_networkx(load(args.graph))

    if args.command == "export":
        out = Path(args.out or f"build/kg.{args.format}")
        nw.write_network(net, out, args.format)
        print(f"wrote {out} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)")
        return 0
    records: list[dict[str, Any]]
    if args.command == "trace":
        records = [
            {"trail": i, "step": step, **d}
            for i, trail in enumerate(nw.evidence_trails(net, args.claim), start=1)
            for step, d in enumerate(nw.describe(net, trail), start=1)
        ]
        columns: tuple[str, ...] = ("trail", "step", "type", "label")
    elif args.command == "path":
        path = nw.describe(net, nw.shortest_path(net, args.source, args.target))
        records = [{"step": i, **d} for i, d in enumerate(path, start=1)]
        columns = ("step", "type", "label")
    elif args.single_source:
        records, columns = nw.single_source_claims(net), ("claim", "label")
    elif args.work:
        records = [{"kind": k, **d} for k, ns in nw.dependents(net, args.work).items() for d in nw.describe(net, ns)]
        columns = ("kind", "type", "label")
    else:
        records = [{"rank": i, **r} for i, r in enumerate(nw.rank_works(net), start=1)]
        columns = ("rank", "label", "claims", "pagerank")
    sys.stdout.write(format_records(records, columns, args.format))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status.
    """
    args = _parser().parse_args(argv)
    commands = {
        "build": _build,
        "validate": _validate,
        "query": _query,
        "cites": _lookup,
        "sources": _lookup,
        "trace": _network,
        "impact": _network,
        "path": _network,
        "export": _network,
    }
    try:
        return commands[args.command](args)
    except ProblemsError as exc:
        for problem in exc.problems:
            print(f"kg: error: {problem}", file=sys.stderr)
        print(f"kg: {len(exc.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # e.g. a malformed --base
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
