"""Pictures of a built graph: the claim–reference network, reported percentages, support, timeline.

Each function takes a graph (from :func:`kg.load`) and returns a matplotlib ``Figure`` made
without pyplot's global state, so it works in notebooks, scripts and tests alike. The data come
from the library's named queries and traversals; the functions only draw. The pictures of one
article take ``article=`` (an id, DOI or IRI) when the graph holds several; those of a corpus
(:func:`most_cited_works`, :func:`shared_works`) draw them all.
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from rdflib import Graph

__all__ = [
    "INTENT_COLOURS",
    "case_timeline",
    "claim_network",
    "most_cited_works",
    "quantity_forest",
    "reference_support",
    "shared_works",
]

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


def _rows(graph: Graph, name: str, article: str | None = None) -> list[dict[str, Any]]:
    """A named query's rows for one article: the one given, or the graph's only one."""
    from kg import query
    from kg.errors import KGError

    if article is not None:
        from kg.queries.lookup import resolve_article

        return query(graph, name, article=str(resolve_article(graph, article)))
    rows = query(graph, name)
    held = sorted({str(r["article"]) for r in rows})
    if len(held) > 1:
        raise KGError(f"the graph holds {len(held)} articles: give article= (an id, DOI or IRI) to draw one")
    return rows


def claim_network(graph: Graph, article: str | None = None) -> Figure:
    """Cited claims (left) and the works they cite (right), edges coloured by CiTO intent.

    Returns:
        The figure; its one axes holds one line per citation, in ``INTENT_COLOURS``.
    """
    rows = _rows(graph, "claim-citations", article)
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


def quantity_forest(graph: Graph, unit_code: str = "P1", article: str | None = None) -> Figure:
    """Reported numbers in one unit (default percent) as ranges, with the references behind each.

    Lines span min–max; a point marks a single value. Solid: exact; dashed: approximate;
    dotted: vague ("most"). Each row is labelled with its quantity and the cited references, and
    the numbers are printed beside it. The axis is logarithmic, so 0.1–0.4 % and 15–55 % both show.
    """
    quantities = [q for q in _rows(graph, "quantitative-claims", article) if q["unitCode"] == unit_code]
    cited: dict[str, list[int]] = {}
    for row in _rows(graph, "claim-citations", article):
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


def reference_support(graph: Graph, article: str | None = None) -> Figure:
    """References by the number of claims that cite them, with in-text pointers for comparison."""
    counts = sorted(_rows(graph, "citation-counts", article), key=lambda r: (-int(r["claims"]), int(r["reference"])))
    keys = {r["work"]: r["key"] for r in _rows(graph, "claim-citations", article)}
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


def case_timeline(graph: Graph, article: str | None = None) -> Figure:
    """The case report's facts in time order, placed by the latest year stated up to each fact."""
    facts = _rows(graph, "case-timeline", article)
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


def _corpus_counts(graph: Graph) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Each article's id, and the citation counts of every article's reference list."""
    from kg import query
    from kg.queries.lookup import articles

    return {str(k): v for k, v in articles(graph).items()}, query(graph, "citation-counts")


def most_cited_works(graph: Graph, top: int = 15) -> Figure:
    """The works most articles of a corpus cite, with the claims that rest on them across the corpus."""
    from kg.queries.network import to_networkx

    _, counts = _corpus_counts(graph)
    citing: dict[str, set[str]] = {}
    claims: dict[str, int] = {}
    for row in counts:
        citing.setdefault(row["work"], set()).add(row["article"])
        claims[row["work"]] = claims.get(row["work"], 0) + int(row["claims"])
    ranked = sorted(citing, key=lambda w: (-len(citing[w]), -claims[w], w))[:top]
    labels = to_networkx(graph).nodes
    fig = Figure(figsize=(9, 0.35 * len(ranked) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    ys = range(len(ranked))[::-1]
    ax.barh([y + 0.2 for y in ys], [len(citing[w]) for w in ranked], height=0.4, color="#0072B2", label="articles")
    ax.barh([y - 0.2 for y in ys], [claims[w] for w in ranked], height=0.4, color="#E69F00", label="claims")
    names = [textwrap.shorten(str(labels[w]["label"]) if w in labels else w, 60) for w in ranked]
    ax.set_yticks(list(ys), names, fontsize=8)
    ax.set_xlabel("count")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right")
    ax.set_title(f"The {len(ranked)} works cited by the most articles")
    return fig


def shared_works(graph: Graph) -> Figure:
    """How many cited works each pair of articles shares (the diagonal: each article's own count)."""
    ids, counts = _corpus_counts(graph)
    cited: dict[str, set[str]] = {}
    for row in counts:
        cited.setdefault(ids.get(row["article"], row["article"]), set()).add(row["work"])
    names = sorted(cited)
    shared = [[len(cited[a] & cited[b]) for b in names] for a in names]
    size = 0.45 * len(names) + 2.5
    fig = Figure(figsize=(size + 1.5, size), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(shared, cmap="Blues")
    ax.set_xticks(range(len(names)), names, rotation=90, fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    dark = max(max(line) for line in shared) / 2 if shared else 0
    for i, line in enumerate(shared):
        for j, value in enumerate(line):
            colour = "white" if value > dark else "black"
            ax.text(j, i, str(value), ha="center", va="center", fontsize=6, color=colour)
    fig.colorbar(image, ax=ax, label="works cited by both")
    ax.set_title("Cited works shared by each pair of articles")
    return fig
