"""Pictures of a built graph: the claim–reference network, reported percentages, support, timeline.

Each function takes a graph (from :func:`kg.load`) and returns a matplotlib ``Figure`` made
without pyplot's global state, so it works in notebooks, scripts and tests alike. The data come
from the library's named queries and traversals; the functions only draw.
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from rdflib import Graph

__all__ = ["INTENT_COLOURS", "case_timeline", "claim_network", "quantity_forest", "reference_support"]

#: Colour of each CiTO intent in the pictures (colour-blind-safe Okabe–Ito palette).
INTENT_COLOURS = {
    "citesAsEvidence": "#0072B2",
    "citesForInformation": "#E69F00",
    "citesAsAuthority": "#009E73",
    "discusses": "#CC79A7",
    "citesAsDataSource": "#56B4E9",
    "citesAsRelated": "#D55E00",
    "obtainsBackgroundFrom": "#F0E442",
    "obtainsSupportFrom": "#000000",
}
_QUALIFIER_STYLE: dict[str, tuple[Any, str, Any]] = {
    "exact": ("-", "o", "full"),
    "approximate": ("--", "o", "none"),
    "vague": (":", "s", "none"),
}


def _rows(graph: Graph, name: str) -> list[dict[str, Any]]:
    from kg import query

    return query(graph, name)


def claim_network(graph: Graph) -> Figure:
    """Cited claims (left) and the works they cite (right), edges coloured by CiTO intent.

    Returns:
        The figure; its one axes holds one line per citation, in ``INTENT_COLOURS``.
    """
    rows = _rows(graph, "claim-citations")
    works = sorted({(int(r["reference"]), r["key"] or r["work"]) for r in rows})
    claims: list[str] = []
    for row in rows:  # ordered by reference, so claims line up with what they cite
        if row["claim"] not in claims:
            claims.append(row["claim"])
    height = max(len(claims), len(works))
    fig = Figure(figsize=(11, 0.42 * height + 1.5), layout="constrained")
    ax = fig.add_subplot()
    claim_y = {c: height - 1 - i * (height - 1) / max(len(claims) - 1, 1) for i, c in enumerate(claims)}
    work_y = {n: height - 1 - i * (height - 1) / max(len(works) - 1, 1) for i, (n, _) in enumerate(works)}
    for row in rows:
        colour = INTENT_COLOURS.get(row["intent"], "#777777")
        ax.plot([0, 1], [claim_y[row["claim"]], work_y[int(row["reference"])]], color=colour, lw=1.6, alpha=0.85)
    ax.scatter([0] * len(claims), list(claim_y.values()), s=30, color="#444444", zorder=3)
    ax.scatter([1] * len(works), list(work_y.values()), s=60, marker="s", color="#444444", zorder=3)
    for claim, y in claim_y.items():
        ax.text(-0.02, y, claim, ha="right", va="center", fontsize=8)
    for number, label in works:
        ax.text(1.02, work_y[number], f"[{number}] {label}", ha="left", va="center", fontsize=8)
    used = sorted({r["intent"] for r in rows})
    handles = [Line2D([0], [0], color=INTENT_COLOURS.get(i, "#777777"), lw=2, label=i) for i in used]
    ax.legend(handles=handles, title="CiTO intent", loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=len(used))
    ax.set_xlim(-0.9, 1.7)
    ax.set_ylim(-1, height)
    ax.set_axis_off()
    ax.set_title("Claims and the references they cite")
    return fig


def quantity_forest(graph: Graph, unit_code: str = "P1") -> Figure:
    """Reported numbers in one unit (default percent) as ranges, with the references behind each.

    Lines span min–max; a point marks a single value. Solid: exact; dashed: approximate;
    dotted: vague ("most"). Each row is labelled with its quantity and the cited references, and
    the numbers are printed beside it. The axis is logarithmic, so 0.1–0.4 % and 15–55 % both show.
    """
    quantities = [q for q in _rows(graph, "quantitative-claims") if q["unitCode"] == unit_code]
    cited: dict[str, list[int]] = {}
    for row in _rows(graph, "claim-citations"):
        cited.setdefault(row["claim"], []).append(int(row["reference"]))
    fig = Figure(figsize=(10, 0.6 * len(quantities) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    labels = []
    for y, q in enumerate(reversed(quantities)):
        style, marker, fill = _QUALIFIER_STYLE[q["qualifier"]]
        low = float(q["min"] if q["min"] is not None else q["value"])
        high = float(q["max"] if q["max"] is not None else q["value"])
        ax.plot([low, high], [y, y], linestyle=style, color="#0072B2", lw=2.5, marker="|", ms=10)
        if q["value"] is not None:
            ax.plot([float(q["value"])], [y], marker=marker, fillstyle=fill, color="#0072B2", ms=9)
        shown = f"{low:g}–{high:g}" if low != high else f"{low:g}"
        ax.annotate(
            f"{shown} {q['unit']}", (high, y), xytext=(8, 0), textcoords="offset points", va="center", fontsize=8
        )
        refs = cited.get(q["claim"])
        source = "[" + ", ".join(map(str, sorted(set(refs)))) + "]" if refs else "(uncited)"
        wording = f" ({q['wording']})" if q["wording"] else ""
        labels.append(textwrap.fill(f"{q['quantity']}{wording} {source}", 48))
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_xlabel(q["unit"] if quantities else unit_code)
    ax.set_xscale("log")
    ax.set_xlim(0.05, 400)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    handles = [
        Line2D([0], [0], linestyle=s, color="#0072B2", lw=2, label=k) for k, (s, _, _) in _QUALIFIER_STYLE.items()
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8)
    ax.set_title("Reported proportions and their sources")
    return fig


def reference_support(graph: Graph) -> Figure:
    """References by the number of claims that cite them, with in-text pointers for comparison."""
    counts = sorted(_rows(graph, "citation-counts"), key=lambda r: (-int(r["claims"]), int(r["reference"])))
    keys = {r["work"]: r["key"] for r in _rows(graph, "claim-citations")}
    labels = [f"[{r['reference']}] {keys.get(r['work'], r['work'].rsplit('/', 1)[-1])}" for r in counts]
    fig = Figure(figsize=(9, 0.35 * len(counts) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    ys = range(len(counts))[::-1]
    ax.barh([y + 0.2 for y in ys], [int(r["claims"]) for r in counts], height=0.4, color="#0072B2", label="claims")
    ax.barh([y - 0.2 for y in ys], [int(r["pointers"]) for r in counts], height=0.4, color="#E69F00", label="pointers")
    ax.set_yticks(list(ys), labels, fontsize=8)
    ax.set_xlabel("count")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right")
    ax.set_title("Claims supported by each reference")
    return fig


def case_timeline(graph: Graph) -> Figure:
    """The case report's facts in time order, placed by the latest year stated up to each fact."""
    facts = _rows(graph, "case-timeline")
    years = sorted({int(f["latestYear"]) for f in facts if f["latestYear"] is not None})
    fig = Figure(figsize=(11, 0.32 * len(facts) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    xs = [years.index(int(f["latestYear"])) + 1 if f["latestYear"] is not None else 0 for f in facts]
    ys = list(range(len(facts)))[::-1]
    ax.scatter(xs, ys, color="#009E73", zorder=3)
    for x, y, fact in zip(xs, ys, facts, strict=True):
        ax.text(x + 0.08, y, textwrap.shorten(fact["statement"], 95), va="center", fontsize=7.5)
    ax.set_xticks(range(len(years) + 1), ["before", *(str(y) for y in years)])
    ax.set_xlabel("latest calendar year stated up to the fact")
    ax.set_xlim(-0.3, len(years) + 3.2)
    ax.set_yticks([])
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"Case timeline ({len(facts)} facts; years as stated in the report)")
    return fig
