"""The synthetic reports of the size sweep: deterministic, and they build and conform."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from rdflib import Literal, URIRef

from kg.namespaces import BIRO
from kg.pipeline import load_inputs
from kg.vocabulary import KG


def _synthetic() -> ModuleType:
    import kg.synthetic

    return kg.synthetic


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    write = _synthetic().write_synthetic
    first, second = write(tmp_path / "a", 6), write(tmp_path / "b", 6)
    for a, b in zip(
        (first.report, first.bibliography, first.claims, first.concepts),
        (second.report, second.bibliography, second.claims, second.concepts),
        strict=True,
    ):
        assert a.read_bytes() == b.read_bytes(), a.name
    other = write(tmp_path / "c", 6, seed=2)
    assert other.report.read_bytes() != first.report.read_bytes()


def test_report_has_the_size_asked_and_builds(tmp_path: Path) -> None:
    made = _synthetic().write_synthetic(tmp_path, 6)
    assert 5500 < made.report.stat().st_size < 7500
    result = load_inputs(made.report, made.bibliography, claims=made.claims, concepts=made.concepts)
    summary = result.summary
    assert summary["references"] == made.references
    assert summary["claims"] == made.claim_count > 10
    assert summary["claims"] > summary["uncited"] > 0
    assert summary["markers"] > 5


def test_reports_drawn_from_one_pool_share_their_works(tmp_path: Path) -> None:
    module = _synthetic()
    pool = module.reference_pool(30, seed=7)
    first = module.write_synthetic(tmp_path / "a", 4, seed=1, report_id="first", pool=pool)
    second = module.write_synthetic(tmp_path / "b", 4, seed=2, report_id="second", pool=pool)
    result = load_inputs([first.report, second.report], validate=False)
    assert [b.article.id for b in result.articles] == ["first", "second"]
    keys = [{r.work.key or "" for r in b.article.references} for b in result.articles]
    shared = sorted(keys[0] & keys[1])
    assert shared  # some works are cited by both reports
    assert result.graph is not None
    entries = set(result.graph.subjects(KG.citationKey, Literal(shared[0])))
    assert len(entries) == 2  # an entry in each report ...
    (work,) = {result.graph.value(e, BIRO.references) for e in entries}  # ... and one work node
    assert isinstance(work, URIRef)
    assert "/work/" in work
