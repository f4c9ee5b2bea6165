"""The ``kg`` command line: a thin layer over the library.

Exit codes: 0 success (a graph that conforms), 1 invalid input or a non-conformant graph,
2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kg.errors import KGError, ProblemsError
from kg.iris import DEFAULT_BASE

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
    return parser


def _build(args: argparse.Namespace) -> int:
    from kg.build import build

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
    from kg.build import default_bibliography, default_report, load_inputs

    report = args.report or default_report()
    result = load_inputs(report, args.bib or default_bibliography(), args.base, args.claims, args.concepts)
    print(f"{report}: claims fit the text; the graph conforms ({len(result.graph)} triples)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status.
    """
    args = _parser().parse_args(argv)
    commands = {"build": _build, "validate": _validate}
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
