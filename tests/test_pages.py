"""Evidence pages: the article's text with every claim marked, its citations linked, read from the store alone."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

import kg
from kg.cli import main
from kg.pages import article_page, corpus_pages

from .conftest import ARTICLE, SCOPE
from .pages import Page

C4O = Namespace("http://purl.org/spar/c4o/")
DOCO = Namespace("http://purl.org/spar/doco/")
MP = Namespace("http://purl.org/mp/")
OA = Namespace("http://www.w3.org/ns/oa#")
KG = Namespace("http://example.org/kg/ontology/")
CITO = Namespace("http://purl.org/spar/cito/")
EXTERNAL = Path(os.environ.get("KG_EXTERNAL_ARTICLES") or Path(__file__).resolve().parents[2] / "shared" / "external")


@pytest.fixture(scope="module")
def bundled(built_store: Path) -> str:
    return article_page(built_store)


@pytest.fixture(scope="module")
def bundled_graph(built_graph_file: Path) -> Graph:
    graph = Graph()
    graph.parse(built_graph_file)
    return graph


def _texts(graph: Graph, kind: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(o) for s in graph.subjects(RDF.type, kind) for o in graph.objects(s, predicate))


def _structure_holds(page: Page) -> None:
    """Ids unique, every link within the page lands on an id, one h1, headings never skip a level."""
    assert len(page.ids) == len(set(page.ids))
    targets = set(page.ids)
    assert [link for link in page.links if link.startswith("#") and link[1:] not in targets] == []
    assert [level for level, _ in page.headings].count(1) == 1
    levels = [level for level, _ in page.headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert all(text for _, text in page.headings)


def test_every_sentence_of_the_article_is_on_the_page_verbatim(bundled: str, bundled_graph: Graph) -> None:
    page = Page(bundled)
    assert sorted(page.sentences.values()) == _texts(bundled_graph, DOCO.Sentence, C4O.hasContent)


def test_every_claim_has_a_card_and_its_quote_is_marked_verbatim(bundled: str, bundled_graph: Graph) -> None:
    page = Page(bundled)
    cards = {a["id"]: a for a in page.tags["article"] if "claim" in a.get("class", "")}
    ids = _texts(bundled_graph, MP.Claim, DCTERMS.identifier)
    assert sorted(a["id"].removeprefix("claim-") for a in cards.values()) == ids
    for claim in bundled_graph.subjects(RDF.type, MP.Claim):
        anchor = f"claim-{bundled_graph.value(claim, DCTERMS.identifier)}"
        quotes = {str(bundled_graph.value(s, OA.exact)) for q in bundled_graph.objects(claim, KG.hasQuote)
                  for s in bundled_graph.objects(q, OA.hasSelector) if bundled_graph.value(s, OA.exact)}  # fmt: skip
        marked = list(page.marked[anchor].values())
        assert all(any(m in q for q in quotes) for m in marked), anchor  # a quote, or its part in one sentence
        assert any(m in quotes for m in marked), anchor  # at least one quote marked whole, as the graph holds it


def test_uncited_claims_are_marked_by_text_and_listed(bundled: str, bundled_graph: Graph) -> None:
    page = Page(bundled)
    cited = {c for c in bundled_graph.subjects(RDF.type, MP.Claim) if (None, CITO.hasCitingEntity, c) in bundled_graph}
    uncited = {f"claim-{bundled_graph.value(c, DCTERMS.identifier)}" for c in bundled_graph.subjects(RDF.type, MP.Claim)
               if c not in cited}  # fmt: skip
    cards = {a["id"]: a for a in page.tags["article"] if "claim" in a.get("class", "")}
    assert {i for i, a in cards.items() if a["data-cited"] == "uncited"} == uncited
    assert len(uncited) == 49
    assert bundled.count('<span class="badge">No citation</span>') == len(uncited)  # said in words, not colour alone
    panel = bundled[bundled.index('<section id="uncited"') : bundled.index('<section id="references"')]
    assert {p.split('"', 1)[0] for p in panel.split('href="#')[1:]} == uncited


def test_citations_link_to_reference_list_entries_with_their_identifiers(bundled: str) -> None:
    page = Page(bundled)
    card = bundled[bundled.index('id="claim-iscm-meningeal-carcinomatosis-co-occurrence"') :]
    card = card[: card.index("</article>")]
    assert "cites as evidence" in card or "cites for information" in card or "obtains" in card
    assert 'href="#ref-9"' in card
    entry = bundled[bundled.index('<li id="ref-9">') :]
    entry = entry[: entry.index("</li>")]
    assert "Kalita O (2011) Current insights into surgery for intramedullary spinal cord metastases" in entry
    assert 'href="https://doi.org/10.1155/2011/989506"' in entry
    assert 'href="#claim-iscm-meningeal-carcinomatosis-co-occurrence"' in entry
    assert len([i for i in page.ids if i.startswith("ref-")]) == 13


def test_the_summary_gives_the_notebooks_figures(bundled: str, built_store: Path) -> None:
    store = kg.open_store(built_store)
    cited = len({r["claim"] for r in kg.query(store, "claim-citations")})
    uncited = len(kg.query(store, "uncited-claims"))
    summary = bundled[bundled.index('<section id="summary"') : bundled.index("</section>")]
    assert f"{cited + uncited} claims: {cited} cited, {uncited} without citation. 13 references" in summary
    assert '<td>case observation</td><td class="n">24</td><td class="n">0</td><td class="n">24</td>' in summary


def test_the_page_loads_nothing_and_is_accessible(bundled: str) -> None:
    page = Page(bundled)
    _structure_holds(page)
    assert page.tags["html"][0]["lang"] == "en"
    assert "link" not in page.tags
    assert "img" not in page.tags
    assert "iframe" not in page.tags
    assert [s for s in page.tags["script"] if "src" in s] == []
    assert len(page.scripts) == 1
    policy = next(m["content"] for m in page.tags["meta"] if m.get("http-equiv") == "Content-Security-Policy")
    assert policy.startswith("default-src 'none';")
    assert "http" not in "".join(page.scripts)
    assert "url(" not in bundled
    assert "@import" not in bundled
    assert "@media print" in bundled
    assert all(t.get("scope") == "col" for t in page.tags["th"])
    assert page.headings[0] == (1, "Drop metastasis seeding the intramedullary conus medullaris in a patient with "
                                   "breast cancer and brain metastasis")  # fmt: skip
    assert '<form id="filters" hidden>' in bundled  # the filters only appear with JavaScript


def test_the_same_store_gives_the_same_bytes(built_store: Path, bundled: str, tmp_path: Path) -> None:
    assert article_page(built_store) == bundled
    kg.build(out_dir=tmp_path)  # a second build of the same inputs
    assert article_page(tmp_path / "oxigraph") == bundled


def test_a_graph_file_gives_the_same_page(built_graph_file: Path, bundled: str) -> None:
    assert article_page(built_graph_file) == bundled


def test_a_jats_article_page(tmp_path: Path) -> None:
    source = EXTERNAL / "1471-2180-11-174.nxml"
    kg.build([source], out_dir=tmp_path)
    html = article_page(tmp_path / "oxigraph")
    page = Page(html)
    _structure_holds(page)
    graph = Graph()
    graph.parse(tmp_path / "kg.ttl")
    assert sorted(page.sentences.values()) == _texts(graph, DOCO.Sentence, C4O.hasContent)
    assert page.headings[0] == (1, "Factors influencing lysis time stochasticity in bacteriophage λ")
    assert "<bdi>John J Dennehy</bdi>, <bdi>Ing-Nang Wang</bdi>" in html
    assert 'href="https://doi.org/10.1186/1471-2180-11-174"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/21810267/"' in html
    levels = [level for level, _ in page.headings]
    assert 3 in levels  # subsections under their sections
    assert "<figcaption>" in html


def test_a_corpus_gets_an_index_page_and_one_page_per_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kg.write_corpus(tmp_path / "in", 3, kilobytes=1.0)
    kg.build(sorted((tmp_path / "in").iterdir()), out_dir=tmp_path / "out")
    store = str(tmp_path / "out" / "oxigraph")
    assert main(["page", "--store", store, "--out", str(tmp_path / "pages") + "/"]) == 0
    assert "wrote 4 pages" in capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert names == ["index.html", "synthetic-00001.html", "synthetic-00002.html", "synthetic-00003.html"]
    index = Page((tmp_path / "pages" / "index.html").read_text(encoding="utf-8"))
    _structure_holds(index)
    assert sorted(link for link in index.links if link.endswith(".html")) == names[1:]
    rows = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    assert "Most-cited works" in rows
    assert "Articles (3)" in rows
    for name in names[1:]:
        html = (tmp_path / "pages" / name).read_text(encoding="utf-8")
        _structure_holds(Page(html))
        assert 'href="index.html"' in html
    assert corpus_pages(store) == {n: (tmp_path / "pages" / n).read_text(encoding="utf-8") for n in names}


def test_kg_page_writes_a_file_or_stdout_and_says_what_is_wrong(
    built_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "page.html"
    assert main(["page", "--store", str(built_store), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == article_page(built_store)
    assert capsys.readouterr().out == f"wrote {out}; open it in a browser\n"
    assert main(["page", "chiang-2013-iscm", "--store", str(built_store), "--out", "-"]) == 0
    assert capsys.readouterr().out == article_page(built_store)
    assert main(["page", "nope", "--store", str(built_store), "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith("kg: error: no article 'nope' in the graph")
    kg.write_corpus(tmp_path / "in", 2, kilobytes=1.0)
    kg.build(sorted((tmp_path / "in").iterdir()), out_dir=tmp_path / "out")
    assert main(["page", "--store", str(tmp_path / "out" / "oxigraph"), "--out", "-"]) == 1
    assert "the store holds several articles" in capsys.readouterr().err
    done = subprocess.run([sys.executable, "-m", "kg.cli", "page"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "--out" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_hostile_article_renders_as_text(hostile_store: Path) -> None:
    html = article_page(hostile_store)
    page = Page(html)
    _structure_holds(page)
    assert len(page.scripts) == 1
    assert "alert" not in page.scripts[0]
    assert "img" not in page.tags
    assert "b" not in page.tags
    assert "i" not in page.tags
    assert page.headings[0] == (1, "<script>alert('title')</script> & \"quoted\" title")
    texts = list(page.sentences.values())
    assert 'The marker <script>document.title = "pwned"</script> stays text [1].' in texts
    assert any(t.startswith('A quote " onmouseover="alert(1)" x=" must not break an attribute') for t in texts)
    assert any(len(t) > 20_000 for t in texts)
    assert "&lt;script&gt;document.title" in html
    assert "<script>document.title" not in html
    assert len([i for i in page.ids if i.startswith("ref-")]) == 2000
    assert "&lt;/article&gt;&lt;/main&gt;&lt;b&gt;not bold&lt;/b&gt;" in html
    assert list(page.marked["claim-scripted-claim"].values()) == [
        'The marker <script>document.title = "pwned"</script> stays text'
    ]


def test_a_graph_built_elsewhere_gets_its_page(tmp_path: Path) -> None:
    """A page is read from the store through queries: a hand-made graph in kg's vocabularies is shown."""
    base = "http://example.org/elsewhere/"
    graph = Graph()
    article, section, sentence = URIRef(base + "a"), URIRef(base + "s"), URIRef(base + "t")
    graph.add((article, DCTERMS.title, Literal("Made elsewhere")))
    graph.add((article, URIRef("http://purl.org/vocab/frbr/core#part"), section))
    graph.add((section, RDF.type, DOCO.Section))
    graph.add((section, DCTERMS.title, Literal("Only section")))
    graph.add((section, URIRef("http://purl.org/vocab/frbr/core#part"), sentence))
    graph.add((sentence, RDF.type, DOCO.Sentence))
    graph.add((sentence, OA.hasSource, article))
    graph.add((sentence, C4O.hasContent, Literal("One sentence, no claim.")))
    path = tmp_path / "elsewhere.ttl"
    graph.serialize(path, format="turtle")
    page = Page(article_page(path))
    _structure_holds(page)
    assert list(page.sentences.values()) == ["One sentence, no claim."]
    assert (2, "Only section") in page.headings


def _edited(built_graph_file: Path, tmp_path: Path, edit: Any) -> Path:
    """The bundled graph with ``edit(graph)`` applied, as a Turtle file."""
    graph = Graph()
    graph.parse(built_graph_file)
    edit(graph)
    path = tmp_path / "edited.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_an_article_without_a_title_is_headed_by_its_id(built_graph_file: Path, tmp_path: Path) -> None:
    path = _edited(built_graph_file, tmp_path, lambda g: g.remove((URIRef(ARTICLE), DCTERMS.title, None)))
    page = Page(article_page(path))
    _structure_holds(page)
    assert page.headings[0] == (1, "chiang-2013-iscm")


def test_a_cycle_of_sections_ends_and_shows_every_section(built_graph_file: Path, tmp_path: Path) -> None:
    part = URIRef("http://purl.org/vocab/frbr/core#part")
    two, three = URIRef(f"{SCOPE}/section/2"), URIRef(f"{SCOPE}/section/3")
    path = _edited(built_graph_file, tmp_path, lambda g: (g.add((two, part, three)), g.add((three, part, two))))
    page = Page(article_page(path))
    _structure_holds(page)
    assert (2, "Introduction") in page.headings
    assert (2, "Case Report") in page.headings
    assert len(page.sentences) == 63


def test_ids_stay_unique_whatever_the_claims_are_called(built_graph_file: Path, tmp_path: Path) -> None:
    def rename(graph: Graph) -> None:
        claims = sorted(graph.subjects(RDF.type, MP.Claim), key=str)[:2]
        for claim, name in zip(claims, ("a", "a-title"), strict=True):
            graph.set((claim, DCTERMS.identifier, Literal(name)))

    page = Page(article_page(_edited(built_graph_file, tmp_path, rename)))
    _structure_holds(page)


def test_control_characters_are_shown_escaped(built_graph_file: Path, tmp_path: Path) -> None:
    sentence = URIRef(f"{SCOPE}/sentence/12")

    def inject(graph: Graph) -> None:
        graph.set((sentence, C4O.hasContent, Literal("Escape \x1b[31mred\x1b[0m and bell \x07 here.")))

    html = article_page(_edited(built_graph_file, tmp_path, inject))
    assert "Escape \\x1b[31mred\\x1b[0m and bell \\x07 here." in html
    assert not any(c in html for c in "\x1b\x07")


def test_a_full_disk_leaves_no_page_no_temporary_file_and_no_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kg.cli

    kg.write_corpus(tmp_path / "in", 2, kilobytes=1.0)
    kg.build(sorted((tmp_path / "in").iterdir()), out_dir=tmp_path / "out")
    written: list[int] = []

    def full(data: bytes) -> Any:
        def write(handle: Any) -> None:
            written.append(len(data))
            if len(written) == 2:
                raise OSError(28, "No space left on device")
            handle.write(data)

        return write

    monkeypatch.setattr(kg.cli, "_writer", full)
    out = tmp_path / "new" / "pages"
    assert main(["page", "--store", str(tmp_path / "out" / "oxigraph"), "--out", f"{out}/"]) == 1
    assert capsys.readouterr().err == f"kg: error: {out}: cannot write: No space left on device\n"
    assert not (tmp_path / "new").exists()


def test_kg_page_refuses_a_store_folder_as_its_output(built_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page", "--store", str(built_store), "--out", str(built_store)]) == 1
    assert "an Oxigraph store's folder, not one for pages" in capsys.readouterr().err
    assert not (built_store / "index.html").exists()


def test_an_article_is_named_by_its_pmcid_with_or_without_its_prefix(tmp_path: Path) -> None:
    kg.build([EXTERNAL / "1471-2180-11-174.nxml"], out_dir=tmp_path)
    store = tmp_path / "oxigraph"
    page = article_page(store)
    for name in ("PMC3166277", "PMCID:PMC3166277", "pmcid: PMC3166277", "3166277", "PMID:21810267"):
        assert article_page(store, name) == page, name


def test_a_caption_of_several_paragraphs_is_one_figure(tmp_path: Path) -> None:
    """PLOS captions hold a title and paragraphs: all of them belong to the figure, shown in one; a table's rows too."""
    from kg.readers.jats import read_jats

    source = EXTERNAL / "pntd.0002065.nxml"
    (article,) = read_jats(source)
    figure = next(c for c in article.captions if c.label == "Figure 1")
    assert len((figure.paragraph, *figure.more)) == 2
    kg.build([source], out_dir=tmp_path)
    html = article_page(tmp_path / "oxigraph")
    first = html[html.index("<figure>") : html.index("</figure>")]
    assert (
        '<span class="label">Figure 1.</span> <span class="sentence" id="s-9-1">Location of the study areas.' in first
    )
    assert "Figure 1 shows the map of the Zambézia Province" in first
    assert first.count('<p class="caption">') == 2
    table = html[html.index('<span class="label">Table 1.</span>') :]
    table = table[: table.index("</figure>")]
    assert "</figcaption>" in table  # the caption, then the table's rows inside the same figure
    assert (
        '<p class="row"><span class="sentence" id="s-25-1">Mocuba 59 0.0a 0.0, 4.9 181 13.8a 9.5, 19.7</span>' in table
    )
    assert table.count('<p class="row">') == len(article.captions[1].body)
    _structure_holds(Page(html))


def test_a_folder_of_pages_written_again_keeps_no_page_of_an_article_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kg.write_corpus(tmp_path / "in", 3, kilobytes=1.0)
    kg.build(sorted((tmp_path / "in").iterdir()), out_dir=tmp_path / "three")
    kg.build(sorted((tmp_path / "in").iterdir())[:2], out_dir=tmp_path / "two")
    pages = tmp_path / "pages"
    assert main(["page", "--store", str(tmp_path / "three" / "oxigraph"), "--out", f"{pages}/"]) == 0
    (pages / "notes.html").write_text("<p>the user's own file</p>", encoding="utf-8")
    assert main(["page", "--store", str(tmp_path / "two" / "oxigraph"), "--out", f"{pages}/"]) == 0
    names = sorted(p.name for p in pages.iterdir())
    assert names == ["index.html", "notes.html", "synthetic-00001.html", "synthetic-00002.html"]
    capsys.readouterr()


@pytest.mark.parametrize("name", ["1471-2180-11-174", "1472-6831-8-11", "pntd.0002065"])
def test_every_in_text_marker_links_to_the_entry_it_prints(name: str, tmp_path: Path) -> None:
    """A marker links to the entry whose label it prints; the middle of a range names its entries beside it."""
    import re

    kg.build([EXTERNAL / f"{name}.nxml"], out_dir=tmp_path)
    html = article_page(tmp_path / "oxigraph")
    labels = dict(re.findall(r'<li id="([^"]+)"><span class="label">([^<]*)\.</span>', html))
    links = re.findall(r'<a class="pointer" href="#([^"]+)">([^<]*)</a>', html)
    assert links
    for anchor, text in links:
        assert labels[anchor] in re.findall(r"[A-Za-z]*\d+[A-Za-z]*", text), (anchor, text)
    for listed in re.findall(r'<sup class="range">\(references? (.*?)\)</sup>', html):
        for anchor, label in re.findall(r'<a href="#([^"]+)">([^<]*)</a>', listed):
            assert labels[anchor] == label
    if name == "pntd.0002065":
        assert '<a class="pointer" href="#ref-4">[4]</a>' in html
        assert '<sup class="range">(references <a href="#ref-5">5</a>, <a href="#ref-6">6</a>)</sup>' in html


def test_one_article_into_a_folder_of_pages_removes_nothing_and_copies_are_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kg.write_corpus(tmp_path / "in", 3, kilobytes=1.0)
    kg.build(sorted((tmp_path / "in").iterdir()), out_dir=tmp_path / "three")
    kg.build(sorted((tmp_path / "in").iterdir())[:2], out_dir=tmp_path / "two")
    pages, store = tmp_path / "pages", str(tmp_path / "three" / "oxigraph")
    assert main(["page", "--store", store, "--out", f"{pages}/"]) == 0
    assert main(["page", "synthetic-00002", "--store", store, "--out", f"{pages}/"]) == 0  # one page: nothing goes
    assert len(list(pages.iterdir())) == 4
    one = (pages / "synthetic-00002.html").read_text(encoding="utf-8")
    assert one == corpus_pages(store)["synthetic-00002.html"]  # named and linked as in the whole set
    (pages / "copy.html").write_bytes((pages / "synthetic-00003.html").read_bytes())  # the user's copy of a page
    assert main(["page", "--store", str(tmp_path / "two" / "oxigraph"), "--out", f"{pages}/"]) == 0
    names = sorted(p.name for p in pages.iterdir())
    assert names == ["copy.html", "index.html", "synthetic-00001.html", "synthetic-00002.html"]
    assert main(["page", "--store", store, "--out", str(tmp_path / "three" / "oxigraph" / "sub") + "/"]) == 1
    assert "in an Oxigraph store's folder, not one for pages" in capsys.readouterr().err


def test_page_names_are_unique_and_never_another_articles_own() -> None:
    from kg.pages import page_names

    names = page_names({"a": "upper", "b": "upper-2", "c": "UPPER", "d": "index", "e": "upper"})
    assert names["b"] == "upper-2.html"  # article upper-2's own name
    assert len({n.lower() for n in names.values()}) == 5
    assert "index.html" not in names.values()
