"""One node per work across articles: what matches, what is kept apart, and what is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg.builder.works import WorkIndex, fold
from kg.records import Article, Person, Reference, Work

BASE = "http://example.org/kg/"


def article(ident: str, *refs: Work, meta: Work | None = None, texts: tuple[str, ...] = ()) -> Article:
    """An article with id ``ident`` whose reference list cites ``refs`` in order (ids r1, r2, ...)."""
    printed = texts or tuple(f"{w.title or ''} {w.year or ''}".strip() for w in refs)
    references = tuple(
        Reference(f"r{i}", str(i), text, work) for i, (work, text) in enumerate(zip(refs, printed, strict=True), 1)
    )
    return Article(ident, Path(f"{ident}.xml"), "", meta or Work(title=f"Article {ident}"), (), references)


def index(*articles: Article) -> WorkIndex:
    return WorkIndex.of(articles, BASE)


SMITH = Work(title="Conus tumours: a review", authors=(Person("Smith", "J"),), year=2001)


def test_a_doi_matches_whatever_its_case_or_form() -> None:
    a = article("a", Work(title="One", doi="10.1000/ABC.1"))
    b = article("b", Work(title="One", doi="https://doi.org/10.1000/abc.1"))
    works = index(a, b)
    assert works.reference("a", "r1").iri == works.reference("b", "r1").iri == URIRef(f"{BASE}work/doi/10.1000/abc.1")
    assert works.reference("b", "r1").basis == "doi"


def test_pmid_then_pmcid_join_entries_that_lack_the_stronger_identifier() -> None:
    a = article("a", Work(title="One", doi="10.1000/x", pmid="123"), Work(title="Two", pmcid="PMC0042"))
    b = article("b", Work(title="One again", pmid="123"), Work(title="Two", pmcid="42"))
    works = index(a, b)
    assert works.reference("b", "r1").iri == URIRef(f"{BASE}work/doi/10.1000/x")  # the strongest identifier's IRI
    assert works.reference("b", "r1").basis == "pmid"
    assert works.reference("b", "r2").iri == works.reference("a", "r2").iri == URIRef(f"{BASE}work/pmcid/PMC42")
    assert works.reference("b", "r2").basis == "pmcid"


def test_metadata_matches_with_case_accents_punctuation_and_spaces_folded() -> None:
    a = article("a", SMITH)
    b = article("b", Work(title="CONUS  TUMOURS - A REVIEW.", authors=(Person("Smíth", "John"),), year=2001))
    works = index(a, b)
    assert works.reference("a", "r1").iri == works.reference("b", "r1").iri
    assert works.reference("b", "r1").basis == "metadata"
    assert works.reference("a", "r1").iri.startswith(f"{BASE}work/meta/smith-2001-conus-tumours-a-")
    assert fold("Ça  va, Ω-3!") == "ca va ω 3"


def test_different_year_or_first_author_is_another_work() -> None:
    later = Work(title=SMITH.title, authors=SMITH.authors, year=2002)
    other = Work(title=SMITH.title, authors=(Person("Jones"),), year=2001)
    works = index(article("a", SMITH, later, other))
    assert len({works.reference("a", r).iri for r in ("r1", "r2", "r3")}) == 3


def test_the_same_printed_entry_matches_when_nothing_else_can() -> None:
    text = "Anon. A report on spinal tumours in three hospitals, 1999."
    works = index(article("a", Work(), texts=(text,)), article("b", Work(), texts=(text,)))
    assert works.reference("a", "r1").iri == works.reference("b", "r1").iri
    assert works.reference("a", "r1").iri.startswith(f"{BASE}work/text/")
    assert works.reference("a", "r1").basis == "text"


def test_an_entry_with_nothing_to_match_on_stays_the_article_s_own() -> None:
    works = index(article("a", Work(), texts=("",)))
    assert works.reference("a", "r1").iri == URIRef(f"{BASE}report/a/cited/r1")
    assert works.reference("a", "r1").basis == "none"


def test_two_dois_on_one_metadata_key_are_kept_apart_and_reported() -> None:
    one = Work(title=SMITH.title, authors=SMITH.authors, year=2001, doi="10.1000/one")
    two = Work(title=SMITH.title, authors=SMITH.authors, year=2001, doi="10.1000/two")
    works = index(article("a", one), article("b", two))
    assert works.reference("a", "r1").iri != works.reference("b", "r1").iri
    (conflict,) = works.conflicts
    assert conflict.kind == "kept apart"
    assert "different DOIs (10.1000/one and 10.1000/two)" in conflict.message
    assert conflict.occurrences == ("a#r1", "b#r1")


def test_a_pmid_on_works_with_two_dois_is_not_a_bridge() -> None:
    works = index(
        article("a", Work(title="One", doi="10.1000/one", pmid="5")),
        article("b", Work(title="Two", doi="10.1000/two", pmid="5")),
        article("c", Work(title="Either", pmid="5")),
    )
    iris = {works.reference(a, "r1").iri for a in "abc"}
    assert len(iris) == 2  # c joins one of them (the first in order), never both
    assert works.reference("c", "r1").iri == works.reference("a", "r1").iri
    assert [c.kind for c in works.conflicts] == ["kept apart", "titles"]  # PMID 5: "One" and "Either"


def test_one_doi_with_two_titles_is_reported_but_stays_one_work() -> None:
    works = index(
        article("a", Work(title="Spinal metastases", doi="10.1000/x")),
        article("b", Work(title="Brain metastases", doi="10.1000/X")),
    )
    assert works.reference("a", "r1").iri == works.reference("b", "r1").iri
    (conflict,) = works.conflicts
    assert conflict.kind == "titles"
    assert conflict.message.startswith("DOI 10.1000/x has 2 titles:")
    assert "'Brain metastases' (b#r1)" in conflict.message


def test_an_entry_with_two_dois_is_reported_and_matched_by_the_first() -> None:
    works = index(article("a", Work(title="One", doi="10.1000/one", other_dois=("10.1000/two",))))
    assert works.reference("a", "r1").iri == URIRef(f"{BASE}work/doi/10.1000/one")
    (conflict,) = works.conflicts
    assert (conflict.kind, conflict.occurrences) == ("dois", ("a#r1",))


def test_an_article_of_the_corpus_is_the_node_of_the_work_others_cite() -> None:
    cited = article("cited", meta=Work(title="Drop metastasis", doi="10.4172/2329-9126.1000119", year=2013))
    citing = article("citing", Work(title="Drop metastasis", doi="10.4172/2329-9126.1000119"))
    works = index(cited, citing)
    assert works.article("cited").iri == works.reference("citing", "r1").iri
    assert works.reference("citing", "r1").work == cited.meta  # described as the article describes itself


def test_two_articles_never_share_a_node() -> None:
    same = Work(title="Twice", authors=(Person("Roe"),), year=2010, doi="10.1000/twice")
    works = index(article("first", meta=same), article("second", meta=same))
    assert works.article("first").iri == URIRef(f"{BASE}work/doi/10.1000/twice")
    assert works.article("second").iri.startswith(f"{BASE}work/meta/roe-2010-twice-")  # its next identity
    assert "each keeps its own node" in works.conflicts[0].message
    bare = Work(doi="10.1000/bare")
    works = index(article("first", meta=bare), article("second", meta=bare))
    assert works.article("second").iri == URIRef(f"{BASE}report/second")  # nothing else identifies it


def test_of_two_articles_with_one_doi_the_one_with_more_identifiers_keeps_it() -> None:
    full = Work(title="Full", doi="10.1000/one", pmid="11", pmcid="PMC22")
    works = index(article("a-copy", meta=Work(title="Copy", doi="10.1000/ONE")), article("z-original", meta=full))
    assert works.article("z-original").iri == URIRef(f"{BASE}work/doi/10.1000/one")
    assert works.article("a-copy").iri == URIRef(f"{BASE}report/a-copy")


def test_matching_does_not_depend_on_the_order_articles_are_added() -> None:
    a = article("a", Work(title="One", pmid="7"))
    b = article("b", Work(title="One", doi="10.1000/one", pmid="7"), SMITH)
    c = article("c", SMITH)
    forward, backward = index(a, b, c), index(c, b, a)
    for name, ref in (("a", "r1"), ("b", "r1"), ("b", "r2"), ("c", "r1")):
        assert forward.reference(name, ref) == backward.reference(name, ref)
    assert forward.summary() == backward.summary()


def test_summary_counts_works_shared_by_articles_and_bases() -> None:
    summary = index(article("a", SMITH, Work(title="Solo", doi="10.1000/solo")), article("b", SMITH)).summary()
    assert summary["cited"] == 2
    assert summary["cited by several articles"] == 1
    assert summary["references by basis"] == {"doi": 1, "metadata": 2}


def test_an_article_is_added_once() -> None:
    works = index(article("a"))
    with pytest.raises(ValueError, match="in the index already"):
        works.add(article("a"))


def test_a_doi_is_kept_bare_whatever_prefix_the_source_gives(tmp_path: Path) -> None:
    from kg.readers.markdown import read_markdown
    from kg.records import bare_doi

    from .conftest import BIB, REPORT

    assert bare_doi(" https://doi.org/10.1000/ABC ") == "10.1000/ABC"  # the case as given
    assert bare_doi("DOI: 10.1000/x") == bare_doi("http://dx.doi.org/10.1000/x") == "10.1000/x"
    assert bare_doi("doi:") is None
    text = REPORT.read_text(encoding="utf-8").replace("doi: 10.4172/", "doi: https://doi.org/10.4172/", 1)
    assert "https://doi.org/10.4172/" in text
    report = tmp_path / "report.md"
    report.write_text(text, encoding="utf-8")
    bib = BIB.read_text(encoding="utf-8").replace("doi     = {10.1155/", "doi     = {doi:10.1155/", 1)
    assert "doi:10.1155/" in bib
    (tmp_path / "references.bib").write_text(bib, encoding="utf-8")
    article = read_markdown(report)
    assert article.meta.doi == "10.4172/2329-9126.1000119"
    assert "10.1155/2011/989506" in {r.work.doi for r in article.references}


def test_an_identifier_on_two_works_kept_apart_names_no_single_one(tmp_path: Path) -> None:
    import kg

    from .conftest import DATA

    source = (DATA / "jats" / "rid-list.xml").read_text(encoding="utf-8")
    paths = []
    for pmc, doi in (("2691469", "10.1000/one"), ("1000002", "10.1000/two")):
        ids = f'<pub-id pub-id-type="pmid">555</pub-id> <pub-id pub-id-type="doi">{doi}</pub-id>'
        text = source.replace('pub-id-type="pmc">2691469', f'pub-id-type="pmc">{pmc}')
        text = text.replace(
            "<fpage>10</fpage>-<lpage>19</lpage>.</mixed-citation>", f"<fpage>10</fpage>. {ids}</mixed-citation>"
        )
        paths.append(tmp_path / f"{pmc}.xml")
        paths[-1].write_text(text, encoding="utf-8")
    result = kg.load_inputs(paths)
    assert [c["kind"] for c in result.works["conflicts"]] == ["kept apart"]  # PMID 555 on two DOIs
    with pytest.raises(kg.UnknownError, match=r"'PMID:555' is on 2 works .*; give the work's IRI"):
        kg.cites(result.graph, "PMID:555")
    assert {r["article"] for r in kg.cites(result.graph, "10.1000/TWO")} == {"PMC1000002"}
