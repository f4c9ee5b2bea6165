"""kg.plot draws what the graph says: one line per citation, one row per percentage, ..."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import kg
from kg import plot


@pytest.fixture(scope="module")
def graph(built_graph_file: Path) -> Any:
    return kg.load(built_graph_file)


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    return buffer.getvalue()


def test_claim_network_has_a_line_per_citation_coloured_by_intent(graph: Any) -> None:
    fig = plot.claim_network(graph)
    (ax,) = fig.axes
    colours = Counter(to_hex(line.get_color()) for line in ax.get_lines())
    expected = Counter(plot.INTENT_COLOURS[r["intent"]].lower() for r in kg.query(graph, "claim-citations"))
    assert colours == expected
    assert sum(colours.values()) == 16
    legend = ax.get_legend()
    assert legend is not None
    assert sorted(t.get_text() for t in legend.get_texts()) == [
        "citesAsAuthority", "citesAsEvidence", "citesForInformation", "discusses"]  # fmt: skip
    texts = {t.get_text() for t in ax.texts}
    assert "[9] kalita2011current" in texts
    assert "iscm-meningeal-carcinomatosis-co-occurrence" in texts
    assert png(fig).startswith(b"\x89PNG")


def test_quantity_forest_has_a_row_per_percentage_with_its_sources(graph: Any) -> None:
    fig = plot.quantity_forest(graph)
    (ax,) = fig.axes
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(labels) == 6
    assert "share of ISCM cases with meningeal carcinomatosis [9]" in labels
    assert "share of ISCMs arising from primary lung cancer (nearly 50%) (uncited)" in labels
    assert "share of all spinal cord neoplasms [1]" in labels
    assert ax.get_xscale() == "log"
    annotations = {t.get_text() for t in ax.texts}
    assert {"0.1–0.4 %", "15–55 %", "50–100 %", "50 %"} <= annotations
    assert png(fig).startswith(b"\x89PNG")


def test_reference_support_bars_are_the_counts(graph: Any) -> None:
    fig = plot.reference_support(graph)
    (ax,) = fig.axes
    claims = [p for p in ax.patches if isinstance(p, Rectangle) and to_hex(p.get_facecolor()) == "#0072b2"]
    counts = sorted((int(r["claims"]) for r in kg.query(graph, "citation-counts")), reverse=True)
    assert sorted((int(p.get_width()) for p in claims), reverse=True) == counts
    assert ax.get_yticklabels()[0].get_text() == "[3] schiff1996intramedullary"
    assert png(fig).startswith(b"\x89PNG")


def test_case_timeline_places_every_fact(graph: Any) -> None:
    fig = plot.case_timeline(graph)
    (ax,) = fig.axes
    assert len(np.asarray(ax.collections[0].get_offsets())) == 24
    assert [t.get_text() for t in ax.get_xticklabels()] == ["before", "1997", "2009"]
    assert any(t.get_text().startswith("Lung metastasis developed in 2009") for t in ax.texts)
    assert png(fig).startswith(b"\x89PNG")


def test_the_notebooks_calls_work_on_an_uncurated_jats_article() -> None:
    """Tables, traversals and figures of the notebook, on a JATS article whose claims are citation statements."""
    from .conftest import DATA

    jats = kg.load_inputs(DATA / "jats" / "superscript.xml").graph
    net = kg.to_networkx(jats)
    (first, *_) = kg.cites(jats, "1")
    assert first["claim"].startswith("statement-")
    assert kg.sources(jats, first["claim"])
    assert kg.evidence_trails(net, first["claim"])
    assert kg.rank_works(net)[0]["claims"] >= 1
    assert kg.query(jats, "citation-counts")
    for draw in (plot.claim_network, plot.reference_support, plot.quantity_forest, plot.case_timeline):
        assert png(draw(jats)).startswith(b"\x89PNG")  # no quantities or case facts: an empty figure, no error
