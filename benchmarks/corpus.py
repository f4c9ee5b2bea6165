"""Build synthetic corpora of 1, 10, 100 and 1,000 articles through the real pipeline, and bulk-load the output.

Each article is a synthetic report (:mod:`kg.synthetic`) in a folder of its own with its
bibliography, claims and concepts; the articles cite works drawn from one shared pool, so works
repeat across articles as they do in a real corpus. For each size, one ``kg build FOLDER`` runs
in a fresh process (its peak RSS measured by the process itself), then, in the same run, the
N-Quads output is bulk-loaded into an in-memory ``pyoxigraph`` store (an optional benchmark
dependency) as the baseline: the ratio of build time to load time is the figure to watch. A
build of several articles writes each article's graph as it is built, so its peak RSS should stay
near that of one article: the last column divides each peak by the one-article build's.

Run from the project root::

    python benchmarks/corpus.py [--sizes 1 10 100 1000] [--kb 4] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.synthetic import write_corpus

#: Runs kg's command line and reports the process's own peak RSS (kB) on its last stderr line.
_MEASURED = (
    "import resource, sys\n"
    "from kg.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(f'peak-rss-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def build(folder: Path, out: Path) -> dict[str, float]:
    """One ``kg build`` in a fresh process: wall seconds, triples and peak RSS."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "build", str(folder), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"corpus: the build of {folder} failed:\n{done.stderr.strip()}")
    triples = re.findall(r"^  triples\s+(\d+)$", done.stdout, flags=re.M)
    rss = re.findall(r"^peak-rss-kb (\d+)$", done.stderr, flags=re.M)
    works = json.loads((out / "kg.quality.json").read_text(encoding="utf-8"))["works"]
    return {
        "seconds": seconds,
        "triples": float(triples[-1]),
        "rss_mb": int(rss[-1]) / 1024,
        "works": float(works["works"]),
        "shared": float(works["cited by several articles"]),
    }


def bulk_load(nquads: Path) -> float | None:
    """Seconds ``pyoxigraph`` takes to bulk-load ``nquads`` into an in-memory store (None without it)."""
    try:
        import pyoxigraph
    except ImportError:
        return None
    store = pyoxigraph.Store()
    started = time.perf_counter()
    store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    return time.perf_counter() - started


def main() -> None:
    """Build each corpus size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000], help="articles per corpus")
    parser.add_argument("--kb", type=float, default=4.0, help="size of each article's Markdown (default: 4)")
    parser.add_argument("--keep", type=Path, help="write the corpora here instead of a temporary folder")
    args = parser.parse_args()
    print(f"kg corpus benchmark: Python {sys.version.split()[0]}, articles of about {args.kb:g} kB")
    print(f"{'articles':>8} {'works':>6} {'shared':>6} {'triples':>9} {'build s':>8} {'s/article':>9} "
          f"{'triples/s':>9} {'peak RSS MB':>11} {'RSS/1':>6} {'oxigraph s':>10} {'build/load':>10}")  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        single: float | None = None
        for size in sorted(args.sizes):
            folder = root / f"corpus-{size}"
            write_corpus(folder, size, args.kb)
            measured = build(folder, root / f"build-{size}")
            load = bulk_load(root / f"build-{size}" / "kg.nq")
            single = single or measured["rss_mb"]
            ratio = f"{measured['seconds'] / load:10.1f}" if load else f"{'-':>10}"
            loaded = f"{load:10.2f}" if load is not None else f"{'n/a':>10}"
            print(f"{size:>8} {measured['works']:>6.0f} {measured['shared']:>6.0f} {measured['triples']:>9.0f} "
                  f"{measured['seconds']:>8.1f} {measured['seconds'] / size:>9.3f} "
                  f"{measured['triples'] / measured['seconds']:>9.0f} {measured['rss_mb']:>11.0f} "
                  f"{measured['rss_mb'] / single:>6.2f} {loaded} {ratio}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
