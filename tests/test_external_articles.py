"""Acceptance: real PMC articles (JATS, CC BY) built into graphs that agree with their own markup.

The articles live outside the repository, in ``../shared/external/*.nxml`` (or the folder
``KG_EXTERNAL_ARTICLES`` names); without them these tests are skipped. Each article is built
once, with the command line, and the graph is checked against what ``tests/markup.py`` (lxml
alone, no kg code) reads from the XML: pointers per reference, identifiers, sentences.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from lxml import etree
from rdflib import Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.queries.lookup import articles

from .conftest import ROOT, select
from .markup import ArticleMarkup, parse_file, read_markup

EXTERNAL = Path(os.environ.get("KG_EXTERNAL_ARTICLES", ROOT.parent / "shared" / "external"))
FILES = sorted(EXTERNAL.glob("*.nxml")) if EXTERNAL.is_dir() else []

PREFIXES = """
PREFIX biro: <http://purl.org/spar/biro/>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX doco: <http://purl.org/spar/doco/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX mp: <http://purl.org/mp/>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
CITO = "http://purl.org/spar/cito/"

#: Share of bibr xrefs whose sentence in the graph must contain the xref's text or label.
SENTENCE_SHARE = 0.95


@dataclass(frozen=True)
class Built:
    """One article built into a graph, with what its markup says."""

    source: Path
    out: Path
    graph_file: Path
    graph: Graph
    markup: ArticleMarkup

    @property
    def quick_file(self) -> Path:
        """The N-Triples copy of the graph, which loads fastest, for the lookup commands."""
        nt = self.graph_file.with_suffix(".nt")
        return nt if nt.exists() else self.graph_file


def _query(graph: Graph, body: str, **bindings: Any) -> list[tuple[Any, ...]]:
    return select(graph, PREFIXES + body, **bindings)


def _build(source: Path, out: Path) -> Path:
    """Build ``source`` with the command line into ``out`` and return its graph file (N-Quads for several articles)."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"kg build {source.name} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    written = sorted(p.name for p in out.iterdir())
    assert "kg.nq" in written, f"kg build {source.name} wrote no N-Quads: {written}"
    return out / "kg.ttl" if "kg.ttl" in written else out / "kg.nq"


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Built]:
    """Build each article at most once per test session."""
    cache: dict[Path, Built] = {}

    def get(source: Path) -> Built:
        if source not in cache:
            out = tmp_path_factory.mktemp(source.stem.replace(".", "-"))
            graph_file = _build(source, out)
            (markup,) = read_markup(source)
            cache[source] = Built(source, out, graph_file, Graph().parse(graph_file), markup)
        return cache[source]

    return get


@pytest.fixture(params=FILES, ids=[f.name for f in FILES])
def built(request: pytest.FixtureRequest, build_once: Callable[[Path], Built]) -> Built:
    source: Path = request.param
    return build_once(source)


needs_articles = pytest.mark.skipif(not FILES, reason=f"no external JATS articles in {EXTERNAL}")


def _pointer_counts(graph: Graph) -> Counter[str]:
    rows = _query(
        graph,
        """
        SELECT ?id (COUNT(DISTINCT ?pointer) AS ?n) WHERE {
            ?pointer a c4o:InTextReferencePointer ; c4o:denotes ?entry .
            ?entry a biro:BibliographicReference ; dcterms:identifier ?id .
        } GROUP BY ?id
        """,
    )
    return Counter({str(ref_id): int(n) for ref_id, n in rows})


def _run(*args: str | Path) -> int:
    return main([str(a) for a in args])


# --- 1. pointers -------------------------------------------------------------------------------


@needs_articles
def test_pointer_counts_per_reference_equal_the_markup(built: Built) -> None:
    expected = built.markup.pointers
    found = _pointer_counts(built.graph)
    differ = [
        f"{ref_id}: graph {found.get(ref_id, 0)}, markup {expected.get(ref_id, 0)}"
        for ref_id in dict.fromkeys([*built.markup.ref_ids, *found])
        if found.get(ref_id, 0) != expected.get(ref_id, 0)
    ]
    assert not differ, f"{built.source.name}: pointer counts differ:\n" + "\n".join(differ)
    assert sum(found.values()) == sum(expected.values())


@needs_articles
def test_every_pointer_denotes_an_entry(built: Built) -> None:
    loose = _query(
        built.graph,
        """
        SELECT ?pointer WHERE {
            ?pointer a c4o:InTextReferencePointer .
            FILTER NOT EXISTS { ?pointer c4o:denotes ?entry . ?entry a biro:BibliographicReference }
        }
        """,
    )
    assert not loose, f"pointers denoting no reference entry: {loose[:5]}"


# --- 2. entries and their identifiers ---------------------------------------------------------


@needs_articles
def test_every_ref_is_an_entry_whose_work_carries_its_identifiers(built: Built) -> None:
    rows = _query(
        built.graph,
        """
        SELECT ?id ?sequence ?work ?doi ?pmid WHERE {
            ?entry a biro:BibliographicReference ; dcterms:identifier ?id .
            OPTIONAL { ?entry fabio:hasSequenceIdentifier ?sequence }
            OPTIONAL { ?entry biro:references ?work
                OPTIONAL { ?work prism:doi ?doi }
                OPTIONAL { ?work fabio:hasPubMedId ?pmid } }
        }
        """,
    )
    sequences: dict[str, set[str]] = {}
    works: dict[str, set[str]] = {}
    dois: dict[str, set[str]] = {}
    pmids: dict[str, set[str]] = {}
    for ref_id, sequence, work, doi, pmid in rows:
        key = str(ref_id)
        sequences.setdefault(key, set())
        works.setdefault(key, set())
        if sequence is not None:
            sequences[key].add(str(sequence))
        if work is not None:
            works[key].add(str(work))
        if doi is not None:
            dois.setdefault(key, set()).add(str(doi).lower())
        if pmid is not None:
            pmids.setdefault(key, set()).add(str(pmid))
    problems = []
    for ref in built.markup.refs:
        if ref.id not in sequences:
            problems.append(f"{ref.id}: no entry")
            continue
        if not sequences[ref.id]:
            problems.append(f"{ref.id}: no fabio:hasSequenceIdentifier")
        if not works[ref.id]:
            problems.append(f"{ref.id}: no biro:references work")
        if missing := ref.dois - dois.get(ref.id, set()):
            problems.append(f"{ref.id}: DOI {sorted(missing)} in the XML, graph has {sorted(dois.get(ref.id, ()))}")
        if missing := ref.pmids - pmids.get(ref.id, set()):
            problems.append(f"{ref.id}: PMID {sorted(missing)} in the XML, graph has {sorted(pmids.get(ref.id, ()))}")
    extra = set(sequences) - set(built.markup.ref_ids)
    if extra:
        problems.append(f"entries the XML has no <ref> for: {sorted(extra)}")
    assert not problems, f"{built.source.name}:\n" + "\n".join(problems)


@needs_articles
def test_sequence_identifiers_are_the_printed_labels(built: Built) -> None:
    rows = _query(
        built.graph,
        "SELECT ?id ?sequence WHERE { ?entry a biro:BibliographicReference ; dcterms:identifier ?id ; fabio:hasSequenceIdentifier ?sequence }",
    )
    found = {str(ref_id): str(sequence) for ref_id, sequence in rows}
    expected = {ref.id: ref.printed for ref in built.markup.refs}
    assert found == expected


# --- 3. no identifier the XML does not hold ---------------------------------------------------


@needs_articles
def test_no_identifier_the_xml_does_not_hold(built: Built) -> None:
    rows = _query(
        built.graph,
        """
        SELECT ?work ?property ?value WHERE {
            VALUES ?property { prism:doi fabio:hasPubMedId }
            ?work ?property ?value .
        }
        """,
    )
    assert rows, "no work in the graph carries a DOI or PMID"
    held = {"doi": built.markup.dois, "pmid": built.markup.pmids}
    invented = []
    for work, prop, value in rows:
        kind = "doi" if str(prop).endswith("doi") else "pmid"
        text = str(value).lower() if kind == "doi" else str(value)
        if text not in held[kind]:
            invented.append(f"{work} {kind} {value}")
    assert not invented, f"{built.source.name}: identifiers the XML does not hold:\n" + "\n".join(invented)


@needs_articles
def test_the_citing_article_carries_its_own_identifiers(built: Built) -> None:
    rows = _query(
        built.graph,
        """
        SELECT ?article ?doi ?pmid WHERE {
            ?article a fabio:JournalArticle ; frbr:part ?entry .
            ?entry a biro:BibliographicReference .
            OPTIONAL { ?article prism:doi ?doi }
            OPTIONAL { ?article fabio:hasPubMedId ?pmid }
        }
        """,
    )
    assert rows, "no citing fabio:JournalArticle with reference entries as parts"
    assert len({r[0] for r in rows}) == 1
    dois = {str(r[1]).lower() for r in rows if r[1] is not None}
    pmids = {str(r[2]) for r in rows if r[2] is not None}
    assert dois == set(built.markup.own_dois)
    assert pmids == set(built.markup.own_pmids)


# --- 4. claims ----------------------------------------------------------------------------------


def _claims_citing(graph: Graph) -> dict[str, set[str]]:
    """Per reference id, the identifiers of the claims citing its work with a CiTO property."""
    rows = _query(
        graph,
        f"""
        SELECT ?id ?claimId WHERE {{
            ?entry a biro:BibliographicReference ; dcterms:identifier ?id ; biro:references ?work .
            ?claim a mp:Claim ; ?intent ?work .
            OPTIONAL {{ ?claim dcterms:identifier ?claimId }}
            FILTER(STRSTARTS(STR(?intent), "{CITO}"))
        }}
        """,
    )
    found: dict[str, set[str]] = {}
    for ref_id, claim_id in rows:
        found.setdefault(str(ref_id), set()).add("" if claim_id is None else str(claim_id))
    return found


@needs_articles
def test_every_cited_reference_backs_a_claim(built: Built) -> None:
    claims = _claims_citing(built.graph)
    unbacked = [
        f"{ref_id} ({count} pointers)"
        for ref_id, count in built.markup.pointers.items()
        if count > 0 and not claims.get(ref_id)
    ]
    assert not unbacked, f"{built.source.name}: cited references no claim cites:\n" + "\n".join(unbacked)


# --- 5. sentences -----------------------------------------------------------------------------


def _matching(edges: dict[int, list[int]]) -> int:
    """The size of a maximum matching of a bipartite graph (left node -> right nodes it may take)."""
    taken: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in taken or augment(taken[right], seen):
                taken[right] = left
                return True
        return False

    return sum(1 for left in edges if augment(left, set()))


def _squash(text: str) -> str:
    return " ".join(text.split())


@needs_articles
def test_every_pointer_lies_in_a_sentence(built: Built) -> None:
    orphans = _query(
        built.graph,
        """
        SELECT ?pointer WHERE {
            ?pointer a c4o:InTextReferencePointer .
            FILTER NOT EXISTS { ?pointer c4o:hasContext ?sentence . ?sentence a doco:Sentence ; c4o:hasContent ?text }
        }
        """,
    )
    assert not orphans, f"pointers without a sentence: {orphans[:5]}"


def _sentence_match(built: Built, context: bool) -> None:
    """Match each bibr xref one to one with a pointer to its ref whose sentence shows the xref.

    A sentence shows an xref when it contains the xref's text or its ref's label and, with
    ``context``, also the words before the xref (xrefs with no word before them in their sentence,
    such as the ``[2]`` of "et al. [2]", are left out then). At least :data:`SENTENCE_SHARE` of
    the xrefs must be matched.
    """
    rows = _query(
        built.graph,
        """
        SELECT ?id ?pointer ?text WHERE {
            ?pointer a c4o:InTextReferencePointer ; c4o:denotes ?entry ; c4o:hasContext ?sentence .
            ?entry dcterms:identifier ?id .
            ?sentence a doco:Sentence ; c4o:hasContent ?text .
        }
        """,
    )
    sentences: dict[str, list[str]] = {}
    for ref_id, _pointer, text in sorted(rows):
        sentences.setdefault(str(ref_id), []).append(_squash(str(text)))
    total = matched = 0
    missed: list[str] = []
    for ref_id in built.markup.ref_ids:
        label = built.markup.ref(ref_id).printed
        xrefs = [x for x in built.markup.xrefs if ref_id in x.rids]
        if context:
            xrefs = [x for x in xrefs if re.search(r"\w", x.before)]
        if not xrefs:
            continue
        texts = sentences.get(ref_id, [])
        edges = {
            at: [
                i
                for i, sentence in enumerate(texts)
                if (_squash(x.text) in sentence or label in sentence) and (not context or x.before in sentence)
            ]
            for at, x in enumerate(xrefs)
        }
        found = _matching(edges)
        total += len(xrefs)
        matched += found
        if found < len(xrefs):
            shown = [f"{x.before!r} {x.text!r}" for x in xrefs]
            missed.append(f"{ref_id}: {found} of {len(xrefs)} xrefs ({', '.join(shown)}) in its pointers' sentences")
    assert total > 0
    share = matched / total
    assert share >= SENTENCE_SHARE, (
        f"{built.source.name}: {matched}/{total} xrefs matched ({share:.1%}):\n" + "\n".join(missed)
    )


@needs_articles
def test_pointer_sentences_hold_the_xref_text(built: Built) -> None:
    _sentence_match(built, context=False)


@needs_articles
def test_pointer_sentences_hold_the_words_before_the_xref(built: Built) -> None:
    _sentence_match(built, context=True)


# --- 6. commands ------------------------------------------------------------------------------


@needs_articles
def test_validate_passes(built: Built) -> None:
    assert _run("validate", built.graph_file) == 0


def _csv_rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text)) if row]


def _most_cited(built: Built) -> str:
    counts = built.markup.pointers
    return max(built.markup.ref_ids, key=lambda ref_id: (counts[ref_id], -built.markup.ref_ids.index(ref_id)))


@needs_articles
def test_cites_and_sources_print_rows(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    ref_id = _most_cited(built)
    label = built.markup.ref(ref_id).printed
    capsys.readouterr()
    assert _run("cites", label, "--graph", built.quick_file, "--format", "csv") == 0
    cites = _csv_rows(capsys.readouterr().out)
    assert len(cites) >= 2, f"kg cites {label} printed no rows"
    claim = sorted(_claims_citing(built.graph).get(ref_id, set()) - {""})
    assert claim, f"no claim with an identifier cites {ref_id}"
    assert _run("sources", claim[0], "--graph", built.quick_file, "--format", "csv") == 0
    sources = _csv_rows(capsys.readouterr().out)
    assert len(sources) >= 2, f"kg sources {claim[0]} printed no rows"


def _named_queries(listing: str) -> Iterator[tuple[str, list[str]]]:
    """The query names of ``kg query --list`` with the parameters each needs."""
    for line in listing.splitlines():
        if line and not line[0].isspace():
            name, *rest = line.split()
            yield name, re.findall(r"--param\s+(\w+)=", " ".join(rest))


@needs_articles
def test_every_named_query_runs(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Each named query runs on one of the articles, in turn (every query on every article takes too long)."""
    capsys.readouterr()
    assert _run("query", "--list") == 0
    queries = list(_named_queries(capsys.readouterr().out))
    assert len(queries) >= len(FILES), f"kg query --list lists {len(queries)} queries"
    ref_id = _most_cited(built)
    work = _query(
        built.graph,
        "SELECT ?work WHERE { ?entry dcterms:identifier ?id ; biro:references ?work }",
        id=Literal(ref_id),
    )
    claim = sorted(_claims_citing(built.graph).get(ref_id, set()) - {""})
    assert work, f"{ref_id} references no work"
    assert claim, f"no claim with an identifier cites {ref_id}"
    (article,) = articles(built.graph)
    values = {"work": str(work[0][0]), "claim": claim[0], "label": "virus", "article": str(article)}
    turn = FILES.index(built.source)
    failed = []
    for name, params in queries[turn :: len(FILES)]:
        args = ["query", name, "--graph", str(built.quick_file), "--format", "csv"]
        for param in params:
            assert param in values, f"no value to give query {name} for --param {param}"
            args += ["--param", f"{param}={values[param]}"]
        status = _run(*args)
        capsys.readouterr()
        if status != 0:
            failed.append(f"{name} exited {status}")
    assert not failed, "\n".join(failed)


# --- an <articles> wrapper ------------------------------------------------------------------


@pytest.mark.skipif(len(FILES) < 2, reason=f"fewer than two external JATS articles in {EXTERNAL}")
def test_an_articles_wrapper_builds_two_articles(tmp_path: Path) -> None:
    first, second = sorted(FILES, key=lambda f: f.stat().st_size)[:2]  # the smallest build fastest
    wrapper = etree.Element("articles")
    for source in (first, second):
        wrapper.append(parse_file(source).getroot())
    source = tmp_path / "two.nxml"
    etree.ElementTree(wrapper).write(str(source), xml_declaration=True, encoding="utf-8")
    markups = read_markup(source)
    assert len(markups) == 2
    graph_file = _build(source, tmp_path / "out")
    assert graph_file.name == "kg.nq"  # two articles: one named graph each, no single-graph files
    graph = kg.load(graph_file)
    rows = _query(
        graph,
        """
        SELECT ?article ?id WHERE {
            ?article a fabio:JournalArticle ; frbr:part ?entry .
            ?entry a biro:BibliographicReference ; dcterms:identifier ?id .
        }
        """,
    )
    entries: dict[URIRef, set[str]] = {}
    for article, ref_id in rows:
        entries.setdefault(article, set()).add(str(ref_id))
    assert len(entries) == 2, f"citing articles with entries: {sorted(entries)}"
    assert sorted(entries.values(), key=len) == sorted((set(m.ref_ids) for m in markups), key=len)
    (a, b) = entries
    assert not _entries_of(graph, a) & _entries_of(graph, b), "the two articles share entry nodes"


def _entries_of(graph: Graph, article: URIRef) -> set[str]:
    rows = _query(
        graph,
        "SELECT ?entry WHERE { ?article frbr:part ?entry . ?entry a biro:BibliographicReference }",
        article=article,
    )
    return {str(r[0]) for r in rows}


# --- the yardstick itself ---------------------------------------------------------------------

SAMPLE = dedent(
    """\
    <article xmlns:xlink="http://www.w3.org/1999/xlink">
      <front><article-meta>
        <article-id pub-id-type="doi">10.1000/Self.1</article-id>
        <article-id pub-id-type="pmid">99</article-id>
        <abstract><p>Abstract <xref ref-type="bibr" rid="r1">1</xref>.</p></abstract>
      </article-meta></front>
      <body>
        <p>Range [<xref ref-type="bibr" rid="r1">1</xref>&#x2013;<xref ref-type="bibr" rid="r4">4</xref>].
           Dash xref <xref ref-type="bibr" rid="r2">2</xref><xref ref-type="bibr" rid="r3 r4">-</xref><xref ref-type="bibr" rid="r5">5</xref>.
           Label list <xref ref-type="bibr" rid="r3">3,5-6</xref> and two rids <xref ref-type="bibr" rid="r4 r6">4,6</xref>.
           Not a citation <xref ref-type="fig" rid="f1">1</xref>.</p>
        <table-wrap><table><tr><td>Cell <xref ref-type="bibr" rid="r6">6</xref></td></tr></table></table-wrap>
      </body>
      <back><ref-list>
        <ref id="r1"><label>1</label><mixed-citation><pub-id pub-id-type="doi">10.1000/ABC</pub-id>
          <pub-id pub-id-type="pmid">11</pub-id></mixed-citation></ref>
        <ref id="r2"><label>2.</label><mixed-citation><comment>doi: 10.1000/xyz.</comment></mixed-citation></ref>
        <ref id="r3"><label>[3]</label><mixed-citation><ext-link xlink:href="https://doi.org/10.1000/link)">x</ext-link>
          <pub-id pub-id-type="pmcid">PMC5</pub-id></mixed-citation></ref>
        <ref id="r4"><label>4</label><element-citation><object-id pub-id-type="pmid">44</object-id></element-citation></ref>
        <ref id="r5"><label>5</label><mixed-citation>PMID: 55</mixed-citation></ref>
        <ref id="r6"><label>6</label><mixed-citation><pub-id pub-id-type="pmc">66</pub-id></mixed-citation></ref>
      </ref-list></back>
    </article>
    """
)


def test_markup_reads_pointers_ranges_and_label_lists(tmp_path: Path) -> None:
    path = tmp_path / "sample.nxml"
    path.write_text(SAMPLE, encoding="utf-8")
    (article,) = read_markup(path)
    assert article.ref_ids == ("r1", "r2", "r3", "r4", "r5", "r6")
    assert [r.printed for r in article.refs] == ["1", "2", "3", "4", "5", "6"]
    # r1: abstract, range start; r2: range interior, dash range start; r3: range interior, the dash
    # xref's rid (its range adds nothing more), label list; r4: range end, the dash xref's rid, two-rid
    # xref; r5: dash range end, label list; r6: label list, two-rid xref, table cell
    assert dict(article.pointers) == {"r1": 2, "r2": 2, "r3": 3, "r4": 3, "r5": 2, "r6": 3}
    assert article.ref("r1").dois == {"10.1000/abc"}
    assert article.ref("r1").pmids == {"11"}
    assert article.ref("r2").dois == {"10.1000/xyz"}
    assert article.ref("r3").dois == {"10.1000/link"}
    assert article.ref("r3").pmcids == {"PMC5"}
    assert article.ref("r4").pmids == {"44"}
    assert article.ref("r5").pmids == frozenset()  # free text is not markup for the ref ...
    assert "55" in article.listed_pmids  # ... but the ref list holds it
    assert article.ref("r6").pmcids == {"PMC66"}
    assert article.own_dois == {"10.1000/self.1"}
    assert article.own_pmids == {"99"}


def test_markup_reads_each_article_of_a_wrapper(tmp_path: Path) -> None:
    path = tmp_path / "two.xml"
    path.write_text(f"<articles>{SAMPLE}{SAMPLE}</articles>", encoding="utf-8")
    articles = read_markup(path)
    assert len(articles) == 2
    assert articles[0].pointers == articles[1].pointers
