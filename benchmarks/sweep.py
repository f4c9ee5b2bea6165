"""Build synthetic reports of growing size and show that build time and memory grow linearly.

Run from the project root after ``python -m pip install -e .``::

    python benchmarks/sweep.py [--kb 10 100 1000] [--seed 1] [--repeat 3] [--timeout 600]

Each size is written by :mod:`kg.synthetic` (a report with its bibliography, claims and
concepts) into a temporary folder and built through ``kg.pipeline.build`` (read, anchor the
claims, build, validate against the shapes, write Turtle, N-Triples and JSON-LD) in a fresh
interpreter, so peak RSS is that build's own. The build is timed after the imports and the
shapes are loaded (that fixed start is shown on its own); a build of under ten seconds runs
``--repeat`` times and keeps its best time. The last lines compare the largest run with the
smallest of the same invocation.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kg.synthetic import write_synthetic

#: What each child runs: load everything a build needs, then time one build.
_CHILD = """
import json, resource, sys, time
start = time.perf_counter()
import pyshacl  # noqa: F401  (validation imports it on first use)
from kg.pipeline import build
from kg.validation import shapes
shapes()
ready = time.perf_counter()
report, bib, claims, concepts, out = sys.argv[1:6]
result = build(report, bib, out, claims=claims, concepts=concepts)
done = time.perf_counter()
print(json.dumps({
    "start": ready - start,
    "seconds": done - ready,
    "triples": len(result.graph),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


#: Builds quicker than this (seconds) are repeated, and the best time kept.
_QUICK = 10.0


def _run(kilobytes: float, seed: int, work: Path, timeout: float, repeat: int) -> dict[str, float]:
    """Write one synthetic report and build it in fresh interpreters; its sizes and measurements.

    A build that takes under :data:`_QUICK` seconds runs ``repeat`` times and keeps its best time
    (a short run is the one most disturbed by other work on the machine) and its highest RSS. A
    build that takes longer than ``timeout`` seconds is stopped; its measurements are then missing.
    """
    folder = work / f"{kilobytes:g}kB"
    made = write_synthetic(folder, kilobytes, seed)
    measured: dict[str, float] = {
        "kb": made.report.stat().st_size / 1000,
        "sentences": made.sentences,
        "claims": made.claim_count,
        "references": made.references,
    }
    args = [str(p) for p in (made.report, made.bibliography, made.claims, made.concepts, folder / "build")]
    for attempt in range(repeat):
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return measured
        if done.returncode != 0:
            sys.exit(f"sweep: the build of {made.report} failed:\n{done.stderr.strip()}")
        run: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        if attempt == 0 or run["seconds"] < measured["seconds"]:
            measured.update({k: v for k, v in run.items() if k != "rss_mb"})
        measured["rss_mb"] = max(run["rss_mb"], measured.get("rss_mb", 0.0))
        if run["seconds"] >= _QUICK:
            break
    return measured


def main() -> None:
    """Run the sweep and print a table and the largest/smallest ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=float, nargs="+", default=[10, 100, 1000], help="report sizes in kB")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic reports (default: 1)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a build is stopped (default: 600)")
    parser.add_argument("--repeat", type=int, default=3, help=f"runs of a build under {_QUICK:g} s (default: 3)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-sweep-"))
    try:
        runs = [_run(kb, args.seed, work, args.timeout, max(1, args.repeat)) for kb in sorted(args.kb)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"kg size sweep: synthetic reports, Python {platform.python_version()}, each build in a fresh process")
    print(
        f"{'report kB':>9} {'sentences':>9} {'claims':>6} {'refs':>4} {'triples':>8} {'start s':>7} "
        f"{'build s':>7} {'triples/s':>9} {'µs/triple':>9} {'peak RSS MB':>11}"
    )
    for r in runs:
        sizes = f"{r['kb']:9.1f} {r['sentences']:9.0f} {r['claims']:6.0f} {r['references']:4.0f}"
        if "seconds" not in r:
            print(f"{sizes} {'':8} {'':7} {'> ' + format(args.timeout, 'g'):>7}  (stopped)")
            continue
        print(
            f"{sizes} {r['triples']:8.0f} {r['start']:7.2f} {r['seconds']:7.2f} {r['triples'] / r['seconds']:9.0f} "
            f"{1e6 * r['seconds'] / r['triples']:9.1f} {r['rss_mb']:11.0f}"
        )
    finished = [r for r in runs if "seconds" in r]
    if len(finished) > 1:
        small, large = finished[0], finished[-1]
        size, triples, time = (large[k] / small[k] for k in ("kb", "triples", "seconds"))
        print(
            f"largest/smallest: size {size:.1f}x, triples {triples:.1f}x, build time {time:.1f}x, "
            f"peak RSS {large['rss_mb'] / small['rss_mb']:.1f}x"
        )
        print(
            f"build time ratio / size ratio: {time / size:.2f}; time per triple, largest/smallest: {time / triples:.2f}"
        )


if __name__ == "__main__":
    main()
