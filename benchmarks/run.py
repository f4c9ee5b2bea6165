"""Time every kg command and Python lookup on the bundled build's store, next to the interpreter's own start.

Run from the project root after ``python -m pip install -e .``::

    python benchmarks/run.py [--repeat N]

Each CLI command runs N times in a fresh process (median and best wall time); each Python call
runs N times in this process after one warm-up. Ratios are to the bare interpreter start and to a
bare ``import rdflib``, both measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CLAIM = "iscm-meningeal-carcinomatosis-co-occurrence"


def _time(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def _process(args: list[str], cwd: Path) -> Callable[[], object]:
    return lambda: subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default: 5)")
    repeat = parser.parse_args().repeat
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")
    if kg is None:
        sys.exit("benchmarks: the kg command is not installed (python -m pip install -e .)")
    python = sys.executable
    package = str(Path(__file__).resolve().parent.parent / "kg")
    subprocess.run([python, "-m", "compileall", "-q", package], check=True, capture_output=True)  # as installed
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    subprocess.run([kg, "build", "--out", str(work / "build")], check=True, capture_output=True)
    graph = str(work / "build" / "kg.ttl")

    rows: list[tuple[str, float, float]] = []
    baseline = {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import rdflib'": [python, "-c", "import rdflib"],
    }
    commands = {
        "kg --help": [kg, "--help"],
        "kg build": [kg, "build", "--out", str(work / "again")],
        "kg validate GRAPH": [kg, "validate", graph],
        "kg query citation-counts": [kg, "query", "citation-counts"],
        "kg cites 9": [kg, "cites", "9"],
        "kg cites 9 --graph GRAPH": [kg, "cites", "9", "--graph", graph],
        f"kg sources {CLAIM[:20]}…": [kg, "sources", CLAIM],
        "kg trace": [kg, "trace", CLAIM],
        "kg impact": [kg, "impact"],
        "kg path": [kg, "path", "CSF cytology", "breast cancer"],
        "kg export --format graphml": [kg, "export", "--out", str(work / "kg.graphml")],
        "kg page": [kg, "page", "--out", str(work / "page.html")],
    }
    for name, args in {**baseline, **commands}.items():
        rows.append((name, *_time(_process(args, work), repeat)))

    import kg as api

    store = api.open_store(work / "build" / "oxigraph")
    network = api.to_networkx(store)
    calls: dict[str, Callable[[], object]] = {
        "kg.open_store(STORE)": lambda: api.open_store(work / "build" / "oxigraph"),
        "kg.open_store(graph=GRAPH)": lambda: api.open_store(graph=graph),
        "kg.cites(store, '9')": lambda: api.cites(store, "9"),
        "kg.sources(store, CLAIM)": lambda: api.sources(store, CLAIM),
        "kg.query(store, 'citation-counts')": lambda: api.query(store, "citation-counts"),
        "kg.to_networkx(store)": lambda: api.to_networkx(store),
        "kg.evidence_trails(net, CLAIM)": lambda: api.evidence_trails(network, CLAIM),
        "kg.rank_works(net)": lambda: api.rank_works(network),
        "kg.shortest_path(net, A, B)": lambda: api.shortest_path(network, "CSF cytology", "breast cancer"),
    }
    for name, call in calls.items():
        call()  # warm-up
        rows.append((name, *_time(call, repeat)))

    bare, rdflib = rows[0][1], rows[1][1]
    print(f"kg benchmarks: {repeat} runs each, Python {sys.version.split()[0]}, {len(store)} triples")
    print(f"{'what':<40} {'median ms':>10} {'best ms':>8} {'× python':>9} {'× rdflib':>9}")
    for name, median, best in rows:
        print(f"{name:<40} {median * 1e3:>10.1f} {best * 1e3:>8.1f} {median / bare:>9.2f} {median / rdflib:>9.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
