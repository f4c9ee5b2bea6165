"""The ``kg`` command line: a thin layer over the library.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kg.errors import KGError
from kg.iris import DEFAULT_BASE

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Literature-reference knowledge graphs.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build a report and its references into RDF files")
    build.add_argument("--report", metavar="PATH", help="Markdown report (default: the bundled corpus)")
    build.add_argument("--bib", metavar="PATH", help="BibTeX file (default: the bundled references.bib)")
    build.add_argument("--out", metavar="DIR", default="build", help="output directory (default: build)")
    build.add_argument("--base", metavar="IRI", default=DEFAULT_BASE, help=f"base IRI (default: {DEFAULT_BASE})")
    return parser


def _build(args: argparse.Namespace) -> int:
    from kg.build import build

    result = build(args.report, args.bib, args.out, args.base)
    meta = result.report.meta
    print(f"built {meta.id}: {meta.title}")
    for name, count in result.summary.items():
        print(f"  {name:<11} {count}")
    for path in result.outputs:
        print(f"  wrote       {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status.
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # e.g. a malformed --base
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
