"""The JATS reader on three CC BY articles from PubMed Central (read from ../shared/external/)."""

from __future__ import annotations

import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from kg.readers.jats import is_jats, read_jats
from kg.records import Article
from tests.test_jats import SAFE, assert_locatable, elements

EXTERNAL = Path(os.environ.get("KG_EXTERNAL_ARTICLES") or Path(__file__).resolve().parents[2] / "shared" / "external")
FILES = {
    "1471-2180-11-174": "PMC3166277",
    "1472-6831-8-11": "PMC2329613",
    "pntd.0002065": "PMC3585041",
}
pytestmark = pytest.mark.skipif(not EXTERNAL.is_dir(), reason="the external articles are not present")


@cache
def article(stem: str) -> Article:
    (found,) = read_jats(EXTERNAL / f"{stem}.nxml")
    return found


@cache
def tree(stem: str) -> etree._ElementTree:
    return etree.parse(str(EXTERNAL / f"{stem}.nxml"), SAFE)


def test_file_count() -> None:
    assert len(FILES) == 3


@pytest.mark.parametrize(("stem", "pmcid"), FILES.items(), ids=FILES.keys())
def test_detected_and_identified(stem: str, pmcid: str) -> None:
    assert is_jats((EXTERNAL / f"{stem}.nxml").read_bytes()[:4096])
    found = article(stem)
    assert found.id == pmcid == found.meta.pmcid
    assert all((found.meta.title, found.meta.authors, found.meta.doi, found.meta.year))


@pytest.mark.parametrize("stem", FILES, ids=FILES.keys())
def test_every_span_is_located_in_its_element(stem: str) -> None:
    found = article(stem)
    literal, cut = assert_locatable(found, EXTERNAL / f"{stem}.nxml")
    assert cut == 0
    assert literal == len(found.sentences) + len(found.references) + sum(len(c.pointers) for _, c in found.citations)


@pytest.mark.parametrize("stem", FILES, ids=FILES.keys())
def test_every_ref_is_a_reference(stem: str) -> None:
    refs = elements(tree(stem), "//ref")
    assert [r.id for r in article(stem).references] == [r.get("id") for r in refs]
    assert all(r.text and r.start is not None for r in article(stem).references)


@pytest.mark.parametrize("stem", FILES, ids=FILES.keys())
def test_every_xref_rid_is_one_pointer(stem: str) -> None:
    in_xml = Counter(rid for x in elements(tree(stem), "//xref[@ref-type='bibr']") for rid in x.get("rid", "").split())
    found = article(stem)
    explicit = Counter(p.reference for _, c in found.citations for p in c.pointers if not p.expanded)
    assert explicit == in_xml
    cited = {p.reference for _, c in found.citations for p in c.pointers}
    assert cited == {r.id for r in found.references}  # every reference is cited, ranges expanded


EXPANDED = {"1471-2180-11-174": 20, "1472-6831-8-11": 10, "pntd.0002065": 4}


@pytest.mark.parametrize(("stem", "count"), EXPANDED.items(), ids=EXPANDED.keys())
def test_ranges_are_expanded(stem: str, count: int) -> None:
    found = article(stem)
    assert sum(p.expanded for _, c in found.citations for p in c.pointers) == count


def test_range_of_xrefs_with_brackets_inside() -> None:
    texts = [c.text for _, c in article("pntd.0002065").citations]
    assert "[4]–[7]" in texts


@pytest.mark.parametrize("stem", FILES, ids=FILES.keys())
def test_sentences_never_cut_a_citation(stem: str) -> None:
    found = article(stem)
    for sentence, citation in found.citations:
        assert sentence.start <= citation.start <= citation.end <= sentence.end
