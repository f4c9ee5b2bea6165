"""Measure kg's JATS reader beside pubmed_parser on the same articles, against the XML's own markup.

Run from the project root (pubmed_parser is optional: ``python -m pip install pubmed_parser``)::

    python benchmarks/peers.py [FILES...]

FILES default to ``../shared/external/*.nxml`` beside the repository. For each tool and article:

* time: median wall time of reading the article (5 runs after one warm-up). kg reads the whole
  article (``kg.readers.jats.read_jats``); pubmed_parser runs what gives the same facts:
  ``parse_pubmed_xml`` (metadata), ``parse_pubmed_paragraph`` (citations per paragraph) and
  ``parse_pubmed_references`` (the reference list).
* pointers: in-text pointers found, per reference, against those the markup implies (read by
  ``tests/markup.py``, which shares no code with kg: every ``<xref ref-type="bibr">`` anywhere
  in the article, one per id of its ``rid``, with ranges such as ``[4]–[7]`` expanded). Per
  reference, ``min(found, expected)`` pointers are right; precision is right / found, recall
  right / expected. pubmed_parser gives each paragraph's ``rid`` values; they are split on white
  space and only ids of the reference list are kept (figure and table links are not citations).
* DOIs, PMIDs: references whose identifier the tool gives as the XML holds it, out of the
  references that hold one; "wrong" counts identifiers a tool gives that its reference does not hold.

The markup reader lives in ``tests/`` because the acceptance tests measure kg with it too; this
script imports it from there, so kg itself never depends on test code.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.markup import ArticleMarkup, read_markup  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "external"
REPEAT = 5


@dataclass(frozen=True)
class Found:
    """What one tool read from one article: pointers per reference id, and each reference's ids."""

    pointers: Counter[str]
    dois: dict[str, str]
    pmids: dict[str, str]


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    tool: str
    article: str
    seconds: float
    found: int
    right: int
    expected: int
    dois: int
    dois_held: int
    pmids: int
    pmids_held: int
    wrong_ids: int

    @property
    def precision(self) -> float:
        """Right pointers over pointers found (1 when none were found)."""
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Right pointers over pointers the markup implies (1 when it implies none)."""
        return self.right / self.expected if self.expected else 1.0


def _median_time(run: Callable[[], object]) -> float:
    run()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _score(tool: str, article: str, seconds: float, found: Found, markup: ArticleMarkup) -> Row:
    expected = markup.pointers
    right = sum(min(n, expected.get(ref_id, 0)) for ref_id, n in found.pointers.items())
    refs = {r.id: r for r in markup.refs}
    dois = sum(1 for ref_id, doi in found.dois.items() if ref_id in refs and doi.lower() in refs[ref_id].dois)
    pmids = sum(1 for ref_id, pmid in found.pmids.items() if ref_id in refs and pmid in refs[ref_id].pmids)
    given = len([d for d in found.dois.values() if d]) + len([p for p in found.pmids.values() if p])
    return Row(
        tool=tool,
        article=article,
        seconds=seconds,
        found=sum(found.pointers.values()),
        right=right,
        expected=sum(expected.values()),
        dois=dois,
        dois_held=sum(1 for r in markup.refs if r.dois),
        pmids=pmids,
        pmids_held=sum(1 for r in markup.refs if r.pmids),
        wrong_ids=given - dois - pmids,
    )


def _kg_rows(path: Path, markups: tuple[ArticleMarkup, ...]) -> list[Row]:
    from kg.readers.jats import read_jats

    seconds = _median_time(lambda: read_jats(path)) / max(len(markups), 1)
    articles = read_jats(path)
    rows = []
    for number, markup in enumerate(markups):
        name = path.name if len(markups) == 1 else f"{path.name}#{number + 1}"
        if number >= len(articles):
            rows.append(_score("kg", name, seconds, Found(Counter(), {}, {}), markup))
            continue
        article = articles[number]
        pointers = Counter(p.reference for _, citation in article.citations for p in citation.pointers)
        dois = {r.id: r.work.doi for r in article.references if r.work.doi}
        pmids = {r.id: r.work.pmid for r in article.references if r.work.pmid}
        rows.append(_score("kg", name, seconds, Found(pointers, dois, pmids), markup))
    return rows


def _pubmed_parser_found(pp: ModuleType, path: Path, ref_ids: Iterable[str]) -> Found:
    known = set(ref_ids)
    pointers: Counter[str] = Counter()
    for paragraph in pp.parse_pubmed_paragraph(str(path), all_paragraph=True):
        for rid in paragraph["reference_ids"]:
            pointers.update(r for r in rid.split() if r in known)
    refs: list[dict[str, Any]] = pp.parse_pubmed_references(str(path)) or []
    dois = {r["ref_id"]: r["doi_cited"].strip() for r in refs if r.get("doi_cited")}
    pmids = {r["ref_id"]: r["pmid_cited"].strip() for r in refs if r.get("pmid_cited")}
    return Found(pointers, dois, pmids)


def _pubmed_parser_rows(pp: ModuleType, path: Path, markups: tuple[ArticleMarkup, ...]) -> list[Row]:
    if len(markups) != 1:  # pubmed_parser reads one article per file
        return []

    def run() -> None:
        pp.parse_pubmed_xml(str(path))
        pp.parse_pubmed_paragraph(str(path), all_paragraph=True)
        pp.parse_pubmed_references(str(path))

    seconds = _median_time(run)
    return [_score("pubmed_parser", path.name, seconds, _pubmed_parser_found(pp, path, markups[0].ref_ids), markups[0])]


def _table(rows: list[Row]) -> str:
    header = (
        "tool",
        "article",
        "ms",
        "pointers",
        "right",
        "markup",
        "precision",
        "recall",
        "DOIs",
        "PMIDs",
        "wrong ids",
    )
    cells = [
        (
            r.tool,
            r.article,
            f"{r.seconds * 1000:.1f}",
            str(r.found),
            str(r.right),
            str(r.expected),
            f"{r.precision:.3f}",
            f"{r.recall:.3f}",
            f"{r.dois}/{r.dois_held}",
            f"{r.pmids}/{r.pmids_held}",
            str(r.wrong_ids),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    left = {0, 1}

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(
            v.ljust(w) if i in left else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(c) for c in cells)])


def _totals(rows: list[Row]) -> str:
    parts = []
    for tool in dict.fromkeys(r.tool for r in rows):
        mine = [r for r in rows if r.tool == tool]
        found, right, expected = (sum(getattr(r, f) for r in mine) for f in ("found", "right", "expected"))
        precision = right / found if found else 1.0
        recall = right / expected if expected else 1.0
        dois = f"{sum(r.dois for r in mine)}/{sum(r.dois_held for r in mine)}"
        pmids = f"{sum(r.pmids for r in mine)}/{sum(r.pmids_held for r in mine)}"
        ms = sum(r.seconds for r in mine) * 1000
        parts.append(
            f"{tool}: {len(mine)} articles, {ms:.1f} ms, pointers {right}/{expected} right of {found} found "
            f"(precision {precision:.3f}, recall {recall:.3f}), DOIs {dois}, PMIDs {pmids}, "
            f"wrong ids {sum(r.wrong_ids for r in mine)}"
        )
    return "totals: " + "; ".join(parts)


def main(argv: list[str] | None = None) -> None:
    """Read each file with every available tool and print one table and its totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path, help="JATS files (default: ../shared/external/*.nxml)")
    files: list[Path] = parser.parse_args(argv).files or sorted(EXTERNAL.glob("*.nxml"))
    if not files:
        sys.exit(f"benchmarks: no JATS files given and none in {EXTERNAL}")
    try:
        pp: ModuleType | None = importlib.import_module("pubmed_parser")
    except ImportError:
        pp = None
    try:
        importlib.import_module("kg.readers.jats")
        has_kg = True
    except ImportError:
        has_kg = False
    rows: list[Row] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pubmed_parser warns about lxml's getchildren
        for path in files:
            markups = read_markup(path)
            if has_kg:
                rows.extend(_kg_rows(path, markups))
            if pp is not None:
                rows.extend(_pubmed_parser_rows(pp, path, markups))
    rows.sort(key=lambda r: (r.article, r.tool))
    if rows:
        print(_table(rows))
        print(_totals(rows))
    if not has_kg:
        print("kg.readers.jats is not importable: no kg rows (python -m pip install -e .)")
    if pp is None:
        print("pubmed_parser is not installed: no pubmed_parser rows (python -m pip install pubmed_parser)")


if __name__ == "__main__":
    main()
