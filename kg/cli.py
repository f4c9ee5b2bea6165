"""The ``kg`` command line: a thin layer over the library.

Each command parses its options and makes one library call; shared options are defined once
(in :mod:`kg.arguments`) and their choices come from :mod:`kg.formats`. Nothing heavy is
imported before a command runs, so ``kg --help`` stays fast.

Exit codes: 0 success; 1 bad input, a failed check, a time limit or an interruption of the
work; 2 usage error; 130 after Ctrl-C (SIGINT); 143 after SIGTERM. Every error is one line
on stderr, ``kg: error: <file>[:<line>]: <what is wrong>``, never a traceback.
"""

from __future__ import annotations

import os
import sys

from kg.argv import arguments, plain_lookup, print_error
from kg.errors import KGError, ProblemsError
from kg.formats import LOOKUP_FORMATS, NETWORK_FORMATS, QUERY_FORMATS, format_for
from kg.signals import Terminated, handle_termination

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any, BinaryIO

    from kg.corpus import BuiltArticle

#: Commands that never load rdflib: its logger need not be quietened for them.
_LEAN = frozenset({"cites", "sources", "query", "page", "serve", "load", "publish"})

__all__ = ["main"]


def _build(args: argparse.Namespace) -> int:
    from kg.pipeline import build
    from kg.write.results import printable
    from kg.write.stdout import STDOUT

    if args.out == STDOUT:
        raise KGError("kg build writes several files: --out takes a folder, not - (see kg query for one result)")

    if args.report and args.inputs:
        raise KGError("give the input once: as INPUT or as --report, not both")
    inputs = args.inputs or ([args.report] if args.report else None)
    terminal = sys.stderr is not None and sys.stderr.isatty()
    result = build(inputs, args.bib, args.out, args.base, args.claims, args.concepts, args.strict, terminal)
    for built in result.built:
        print(printable(f"built {built.id}: {built.title or '(untitled)'}"))
        for name, count in built.summary.items():
            print(f"  {name:<11} {count}")
        _notes(built)
    works = result.works
    if len(result.built) > 1:
        print(f"total: {len(result.built)} articles")
        for name, count in result.summary.items():
            print(f"  {name:<11} {count}")
        print(f"  {'works':<11} {works['works']} ({works['cited by several articles']} cited by several articles)")
    conflicts = works.get("conflicts", [])
    if conflicts:
        print_error(
            f"kg: note: {len(conflicts)} conflict(s) between works' identifiers or data (details in kg.quality.json)"
        )
    for written in result.outputs:
        print(f"  wrote       {written}")
    for failure in result.failures:
        for problem in failure.problems:
            print_error(f"kg: error: {problem}")
        print_error(f"kg: skipped {failure.path} ({len(failure.problems)} problem(s)); the other inputs were built")
    return 1 if result.failures else 0


def _notes(article: BuiltArticle) -> None:
    """The reader's data-quality notes, counted by kind on standard error (the JSON report has them all)."""
    from collections import Counter

    from kg.quality import QUALITY_FILE

    counts = Counter(note.kind for note in article.notes)
    if counts:
        listed = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
        print_error(f"kg: note: {article.path}: {article.id}: {listed} (details in {QUALITY_FILE})")


def _validate(args: argparse.Namespace) -> int:
    inputs = [f"--{name}" for name in ("report", "bib", "claims", "concepts") if getattr(args, name)]
    if args.graph and inputs:
        raise KGError(f"validate checks either a GRAPH file or the inputs of a build, not both ({inputs[0]})")
    if args.graph:
        from kg.validation import check_file

        count = check_file(args.graph, args.allow_remote_context)
        print(f"{args.graph}: conforms ({count} triples)")
        return 0
    from kg.pipeline import load_inputs

    result = load_inputs(args.report, args.bib, args.base, args.claims, args.concepts)
    print(f"{result.report.path}: claims fit the text; the graph conforms ({len(result.graph)} triples)")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.queries.sparql import QueryError, load_query, parse_params, run_query

    if args.list:
        if args.spec:
            raise QueryError(f"--list takes no query, not {args.spec!r}")
        if args.format and args.format not in LOOKUP_FORMATS:
            raise QueryError(f"--list is written as {', '.join(LOOKUP_FORMATS)}, not {args.format}")
        _check_out(args.out)
        from kg.queries.answers import query_list

        fmt = format_for(args.out, LOOKUP_FORMATS, args.format, "text")
        _emit(args.out, query_list(fmt))
        return 0
    if not args.spec:
        raise QueryError("give a query name, a .rq file or - (see kg query --list)")
    _check_out(args.out)
    query = load_query(args.spec)
    values = parse_params(args.param)
    from kg.write.results import default_format, format_result

    store = _open(args)
    result = run_query(store, query, values, allow_service=args.allow_service, timeout=args.timeout)
    fmt = format_for(args.out, QUERY_FORMATS, args.format, default_format(result))
    _emit(args.out, format_result(result, fmt))
    return 0


def _lookup(args: argparse.Namespace) -> int:
    from kg.queries import answers
    from kg.signals import time_limit
    from kg.write.results import format_records

    calls: dict[str, Callable[[Any], answers.Rows]] = {
        "cites": lambda g: answers.cites_rows(g, args.ref, args.article),
        "sources": lambda g: answers.sources_rows(g, args.claim, args.article),
        "trace": lambda g: answers.trace_rows(g, args.claim, args.article),
        "impact": lambda g: answers.impact_rows(g, args.work, args.single_source, args.article),
        "path": lambda g: answers.path_rows(g, args.source, args.target),
    }
    fmt = format_for(args.out, LOOKUP_FORMATS, args.format, "table")
    _check_out(args.out)
    store = _open(args)
    with time_limit(args.timeout, f"kg {args.command}"):
        rows = calls[args.command](store)
    _emit(args.out, format_records(rows.records, rows.columns, fmt))
    return 0


def _export(args: argparse.Namespace) -> int:
    from kg.queries import network as nw
    from kg.signals import time_limit

    fmt = format_for(args.out, NETWORK_FORMATS, args.format, "graphml")
    out = args.out or f"build/kg{NETWORK_FORMATS[fmt]}"
    _check_out(out, create_parent=True)
    store = _open(args)
    with time_limit(args.timeout, "kg export"):
        net = nw.to_networkx(store)
    written = nw.write_network(net, out, fmt)
    summary = f"wrote {written} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)"
    if written == "-":
        print_error(summary)
    else:
        print(summary)
    return 0


def _load(args: argparse.Namespace) -> int:
    import time

    from kg.stores.loading import load_files

    started = time.perf_counter()
    count = load_files(args.store, args.files)
    seconds = time.perf_counter() - started
    rate = f", {count / seconds:,.0f} triples/s" if seconds > 0 and count else ""
    print(f"loaded {count} triples from {len(args.files)} file(s) into {args.store} in {seconds:.2f} s{rate}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from kg.stores.endpoint import publish

    sent = publish(args.files, args.endpoint, args.retries)
    for graph, count in sent:
        print(f"  put         {graph} ({count} triples)")
    print(f"published {len(sent)} graph(s), {sum(c for _, c in sent)} triples, to {args.endpoint}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import os

    from kg.defaults import STORE_FOLDER
    from kg.server import serve

    store = args.store or os.path.join("build", STORE_FOLDER)

    def ready(url: str) -> None:
        cors = "; CORS allowed" if args.cors else ""
        pages = url.removesuffix("/sparql") + "/pages/"
        print(f"serving {store} read-only at {url} (query time limit {args.timeout:g} s{cors}); Ctrl-C stops")
        print(f"evidence pages at {pages}")
        sys.stdout.flush()

    serve(store, args.host, args.port, args.timeout or 3600.0, args.cors, ready)
    return 0


def _page(args: argparse.Namespace) -> int:
    """Write an article's evidence page, or (to a folder) every article's and an index page."""
    from kg.pages import INDEX, article_page, folder_pages
    from kg.queries.lookup import articles
    from kg.signals import time_limit
    from kg.stores.oxigraph import within_store
    from kg.write.stdout import STDOUT

    folder = args.out != STDOUT and (os.path.isdir(args.out) or args.out.endswith(("/", os.sep)))
    if args.out != STDOUT and within_store(args.out if folder else os.path.dirname(args.out) or "."):
        raise KGError(f"{args.out}: in an Oxigraph store's folder, not one for pages (give the store as --store)")
    _check_out(None if folder else args.out)
    store = _open(args)
    with time_limit(args.timeout, "kg page"):
        if folder:
            pages = folder_pages(store, args.out, args.article)
        elif args.article is None and len(articles(store)) > 1:
            raise KGError(
                f"{args.out}: the store holds several articles: give --out a folder for every article's page "
                "and an index page, or name one article"
            )
        else:
            _emit(args.out, article_page(store, args.article))
            if args.out != STDOUT:
                print(f"wrote {args.out}; open it in a browser")
            return 0
    from pathlib import Path

    from kg.pages import stale_pages
    from kg.write.outputs import write_files

    old = stale_pages(args.out, pages)  # of articles gone since the folder's index was written
    write_files({Path(args.out) / name: _writer(page.encode("utf-8")) for name, page in pages.items()}, remove=old)
    first = Path(args.out) / (INDEX if INDEX in pages else next(iter(pages)))
    print(f"wrote {len(pages)} page{'s' if len(pages) != 1 else ''} to {args.out}; open {first} in a browser")
    return 0


def _open(args: argparse.Namespace) -> Any:
    """The store a reading command reads: ``--store``, ``--graph``, or the default store."""
    from kg.stores import open_store

    return open_store(args.store, args.graph, args.allow_remote_context, args.timeout or None)


def _check_out(out: str | None, create_parent: bool = False) -> None:
    """Refuse an output that cannot be written before any work is done."""
    from kg.write.stdout import STDOUT

    if out and out != STDOUT:
        from kg.write.outputs import check_target

        check_target(out, create_parent)


def _emit(out: str | None, text: str) -> None:
    from kg.write.stdout import STDOUT, write_stdout

    if not out or out == STDOUT:
        if sys.stdout is not None and sys.stdout.isatty() and not text.isprintable():
            from kg.write.results import terminal_safe

            text = terminal_safe(text)  # article text could otherwise drive the terminal
        data = text.encode("utf-8")
        write_stdout(lambda handle: _write(handle, data))
        return
    data = text.encode("utf-8")
    from kg.write.outputs import write_output

    write_output(out, lambda handle: _write(handle, data))


def _writer(data: bytes) -> Callable[[BinaryIO], None]:
    return lambda handle: _write(handle, data)


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
    "page": _page,
    "load": _load,
    "publish": _publish,
    "serve": _serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status (see the module docstring).
    """
    args: Any = None  # an argparse Namespace, or the plain lookups' own (kg.argv)
    try:
        given = arguments(argv)
        args = plain_lookup(given)
        if args is None:
            handle_termination()
            from kg.arguments import parser

            args = parser(next((a for a in given if not a.startswith("-")), None)).parse_args(given)
        elif args.out not in (None, "-"):  # a plain lookup to standard output writes no file to clean up
            handle_termination()
        if args.command not in _LEAN or "rdflib" in sys.modules:
            import logging

            logging.getLogger("rdflib").setLevel(logging.CRITICAL)  # kg reports faults itself, in one line
        status = _COMMANDS[args.command](args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
        return status
    except ProblemsError as exc:
        for problem in exc.problems:
            print_error(f"kg: error: {problem}")
        written = "; nothing written" if getattr(args, "command", None) == "build" else ""
        print_error(f"kg: {len(exc.problems)} problem(s){written}")
        return 1
    except KGError as exc:
        print_error(f"kg: error: {exc}")
        return 1
    except KeyboardInterrupt:
        print_error("kg: interrupted")
        return 130
    except Terminated:
        print_error("kg: terminated")
        return 143
    except BrokenPipeError:  # the reader of a pipe closed it early, e.g. `kg query ... | head`
        try:  # noqa: SIM105  (contextlib is not loaded for a lookup)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # no file descriptor behind stdout
            pass
        return 1
    except OSError as exc:
        print_error(f"kg: error: {exc.filename or '<stdout>'}: {exc.strerror or exc}")
        return 1
    except MemoryError:
        print_error("kg: error: out of memory")
        return 1
    except Exception as exc:  # a fault kg did not foresee: still one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:300]
        print_error(f"kg: error: internal error ({type(exc).__name__}: {message}); KG_DEBUG=1 shows more")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
