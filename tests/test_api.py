"""The Python API: every documented name importable from ``kg``, and ``import kg`` staying light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg

#: A query that runs for seconds, not forever: an embedded Oxigraph query cannot be cancelled, only
#: left behind when its time is up (it ends by itself; the command line exits), so tests keep it finite.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


def test_all_names_resolve() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert set(kg.__all__) == set(kg._WHERE) | {"query"}


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = "import sys, kg.cli; print(sorted(m for m in ('rdflib', 'networkx', 'pyshacl', 'bibtexparser', 'yaml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_query_returns_dicts_with_every_variable(built_graph_file: Path) -> None:
    graph = kg.load(built_graph_file)
    rows = kg.query(graph, "works-behind-claim", claim="iscm-meningeal-carcinomatosis-co-occurrence")
    assert rows == [
        {
            "article": "http://example.org/kg/work/doi/10.4172/2329-9126.1000119",
            "reference": "9",
            "work": "http://example.org/kg/work/doi/10.1155/2011/989506",
            "key": "kalita2011current",
            "intent": "citesAsEvidence",
            "printed": "Kalita O (2011) Current insights into surgery for intramedullary spinal cord metastases: "
            "a literature review. Int J Surg Oncol.",
            "doi": "10.1155/2011/989506",
            "pmid": None,
        }
    ]


def test_no_exported_name_is_shadowed_by_a_submodule() -> None:
    """``kg.build`` must stay the function even after ``import kg.<module>``."""
    modules = {p.stem for p in Path(kg.__file__).parent.glob("*.py")}
    assert not set(kg.__all__) & modules


def test_time_limit_stops_a_query_in_the_library(built_graph_file: Path, tmp_path: Path) -> None:
    runaway = tmp_path / "runaway.rq"
    runaway.write_text(RUNAWAY, encoding="utf-8")
    graph = kg.load(built_graph_file)
    with pytest.raises(kg.TimeLimitError, match=r"time limit of 0\.5 s"):
        kg.query(graph, str(runaway), timeout=0.5)
    with pytest.raises(kg.TimeLimitError), kg.time_limit(0.5, "walk"):
        kg.query(graph, str(runaway))
    assert kg.query(graph, "citation-counts", timeout=30)[0]["reference"] == "1"  # the limit is lifted after


def test_time_limit_works_in_a_thread_and_leaves_the_callers_timer(built_graph_file: Path, tmp_path: Path) -> None:
    import signal
    import threading

    runaway = tmp_path / "runaway.rq"
    runaway.write_text(RUNAWAY, encoding="utf-8")
    graph = kg.load(built_graph_file)
    caught: list[BaseException] = []

    def work() -> None:
        try:
            kg.query(graph, str(runaway), timeout=0.5)
        except kg.TimeLimitError as exc:
            caught.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert len(caught) == 1
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        kg.query(graph, "citation-counts", timeout=5)
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 20  # the caller's own timer still runs
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_time_limit_keeps_the_blocks_own_error_and_leaves_nothing_behind() -> None:
    import time

    with pytest.raises(KeyError, match="own"), kg.time_limit(5, "walk"):
        raise KeyError("own")
    with kg.time_limit(0.2, "walk"):
        pass
    time.sleep(0.4)  # past the limit of the block that ended in time: nothing is raised here
    with pytest.raises(kg.TimeLimitError, match=r"walk stopped after its time limit of 0\.2 s"):
        _sleep_within(0.2)


def _sleep_within(seconds: float) -> None:
    import time

    with kg.time_limit(seconds, "walk"):
        while True:
            time.sleep(0.01)


def test_a_negative_time_limit_is_refused() -> None:
    with pytest.raises(kg.KGError, match="positive number of seconds"), kg.time_limit(-1):
        pass


def test_an_empty_graph_does_not_conform() -> None:
    from rdflib import Graph

    assert kg.validate_graph(Graph()) == ["the graph holds no triples; nothing to validate"]
