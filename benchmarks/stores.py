"""Stores, lookups, builds and validation, each as a ratio to a baseline measured in the same run.

Measured on this machine, each CLI call in a fresh process (the median of ``--repeat`` runs):

- a CLI lookup (``kg cites 9`` on the default store) against ``python -c "import pyoxigraph"``;
- ``kg build`` against ``python -c "import rdflib"``;
- validation of the bundled graph (the compiled checks, from the N-Triples a build writes, and
  from an rdflib graph) against pySHACL on the same graph, and whether both report the same
  violations on a graph with faults injected;
- ``kg load`` in triples per second;
- on unions of synthetic articles (about 200k and 1M triples by default): ``kg query
  citation-counts`` against ``import pyoxigraph``, and ``kg cites <work IRI>`` (the most-cited
  work of an article) against the same lookup on the store of that article alone.

Run from the project root after ``python -m pip install -e .``::

    python benchmarks/stores.py [--repeat N] [--unions 200000 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: Triples one synthetic article of 4 kB holds, about (for choosing how many make a union).
_TRIPLES_PER_ARTICLE = 2_500


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _paired(subject: Callable[[], object], baseline: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The median time of ``subject``, and the median ratio to ``baseline``, the two run in turn.

    Running them in turn, each ratio from a pair of neighbouring runs, keeps a shared machine's
    drift out of the ratio.
    """
    times, ratios = [], []
    for _ in range(repeat):
        base = _median(baseline, 1)
        took = _median(subject, 1)
        times.append(took)
        ratios.append(took / base)
    return statistics.median(times), statistics.median(ratios)


def _cli(args: list[str], cwd: Path) -> Callable[[], object]:
    return lambda: subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def _row(what: str, seconds: float, baseline: str, ratio: float, target: str) -> str:
    return f"| {what} | {seconds * 1000:,.1f} ms | {baseline} | {ratio:.2f}× | {target} |"


def _validation(repeat: int) -> list[str]:
    """The compiled checks against pySHACL on the bundled graph, and their answers on injected faults."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS

    import kg
    from kg.validation import validate_graph
    from kg.write.rdf import ntriples_lines

    graph = kg.load_inputs().graph
    written = "".join(ntriples_lines(graph)).encode("utf-8")  # a build writes these lines anyway
    as_built = _median(lambda: validate_graph(graph, ntriples=written), repeat)
    compiled = _median(lambda: validate_graph(graph), repeat)
    reference = _median(lambda: validate_graph(graph, reference=True), max(1, repeat // 2))
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    for claim in list(broken.subjects(DCTERMS.identifier, None))[:20]:  # twenty faults of several kinds
        if isinstance(claim, URIRef):
            broken.remove((claim, DCTERMS.identifier, None))
    same = validate_graph(broken) == validate_graph(broken, reference=True)
    found = len(validate_graph(broken))
    return [
        _row(
            f"validate the bundled graph ({len(graph)} triples) as a build does",
            as_built,
            "pySHACL",
            as_built / reference,
            "≤ 1/25 (0.04×)",
        ),
        _row(
            "validate an rdflib graph (its triples indexed first)",
            compiled,
            "pySHACL",
            compiled / reference,
            "— (a build validates as above)",
        ),
        f"| the same violations as pySHACL on a graph with faults ({found} violations) | | | {same} | True |",
    ]


def _union(work: Path, triples: int, kg: str) -> tuple[Path, Path, int]:
    """A corpus of synthetic articles of about ``triples``, built; its N-Quads, its store, its size."""
    from kg.synthetic import write_corpus

    folder = work / f"union-{triples}"
    articles = max(2, triples // _TRIPLES_PER_ARTICLE)
    write_corpus(folder / "in", articles)
    subprocess.run([kg, "build", str(folder / "in"), "--out", str(folder / "out")], check=True, capture_output=True)
    nq = folder / "out" / "kg.nq"
    count = nq.read_bytes().count(b"\n")
    return nq, folder / "out" / "oxigraph", count


def _cited(nq: Path) -> dict[str, set[str]]:
    """Each work cited in a build's N-Quads, with the graphs (articles) that cite it."""
    counts: dict[str, set[str]] = {}
    pattern = re.compile(rb"^<[^>]+> <http://purl.org/spar/biro/references> <([^>]+)> <([^>]+)> \.$")
    with nq.open("rb") as handle:
        for line in handle:
            found = pattern.match(line)
            if found:
                counts.setdefault(found.group(1).decode(), set()).add(found.group(2).decode())
    return counts


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="runs per measurement (default: 11)")
    parser.add_argument("--unions", type=int, nargs="*", default=[200_000, 1_000_000], help="union sizes in triples")
    parser.add_argument("--keep", type=Path, help="write the corpora and stores here and keep them")
    options = parser.parse_args()
    repeat = options.repeat
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")
    if kg is None:
        sys.exit("benchmarks: the kg command is not installed (python -m pip install -e .)")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parent.parent / "kg")], check=True,
                   capture_output=True)  # fmt: skip  # as an installed package is: compiled, not parsed per run
    work = options.keep or Path(tempfile.mkdtemp(prefix="kg-bench-stores-"))
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    import_oxigraph = _cli([python, "-c", "import pyoxigraph"], work)
    import_rdflib = _cli([python, "-c", "import rdflib"], work)
    oxigraph = _median(import_oxigraph, repeat)
    rdflib = _median(import_rdflib, repeat)
    build, build_ratio = _paired(_cli([kg, "build", "--out", str(work / "build")], work), import_rdflib, repeat)
    lookup, lookup_ratio = _paired(_cli([kg, "cites", "9"], work), import_oxigraph, repeat)
    rows = [
        "| what | time | against | ratio | target |",
        "|---|---|---|---|---|",
        f'| `python -c "import pyoxigraph"` | {oxigraph * 1000:.1f} ms | | | |',
        f'| `python -c "import rdflib"` | {rdflib * 1000:.1f} ms | | | |',
        _row("`kg cites 9` (the default store)", lookup, "import pyoxigraph", lookup_ratio, "≤ 2.5×"),
        _row("`kg build` (the bundled report)", build, "import rdflib", build_ratio, "≤ 5×"),
        *_validation(repeat),
    ]
    for size in options.unions:
        nq, store, count = _union(work, size, kg)
        single = work / f"single-{size}"  # the corpus's first article built alone, and its most-cited work
        first = sorted((nq.parent.parent / "in").iterdir())[0]
        subprocess.run([kg, "build", str(first), "--out", str(single)], check=True, capture_output=True)
        shared = _cited(nq)
        work_iri = max(sorted(_cited(single / "kg.nq")), key=lambda w: len(shared.get(w, ())))
        loaded = work / f"loaded-{size}"
        shutil.rmtree(loaded, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([kg, "load", str(nq), "--store", str(loaded)], check=True, capture_output=True)
        rate = count / (time.perf_counter() - started)
        query = _cli([kg, "query", "citation-counts", "--store", str(store)], work)
        counts, counts_ratio = _paired(query, import_oxigraph, repeat)
        alone = _cli([kg, "cites", work_iri, "--store", str(single / "oxigraph")], work)
        per_work, per_work_ratio = _paired(_cli([kg, "cites", work_iri, "--store", str(store)], work), alone, repeat)
        rows += [
            f"| `kg load` of {count:,} triples | {count / rate:.2f} s | | {rate:,.0f} triples/s | ≥ 100,000/s |",
            _row(f"`kg query citation-counts`, {count:,} triples", counts, "import pyoxigraph", counts_ratio, "≤ 5×"),
            _row(
                f"`kg cites <work>` ({len(shared[work_iri])} articles cite it), {count:,} triples",
                per_work,
                "the same on one article",
                per_work_ratio,
                "≤ 3×",
            ),
        ]
    print(f"kg stores benchmark: median of {repeat} runs, Python {sys.version.split()[0]}\n")
    print("\n".join(rows))
    if options.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
