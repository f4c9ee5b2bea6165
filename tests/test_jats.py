"""The JATS reader on small hand-written fixtures, one per hard case (tests/data/jats/)."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pytest
from lxml import etree

from kg.errors import InputError
from kg.readers.jats import is_jats, parse_jats, read_jats
from kg.readers.jats.fields import line_of
from kg.records import Article, Citation

JATS = Path(__file__).resolve().parent / "data" / "jats"
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def elements(tree: etree._ElementTree, path: str) -> list[etree._Element]:
    """The elements an XPath selects (anything else it returns fails the test)."""
    found = tree.xpath(path)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def assert_locatable(article: Article, path: Path) -> tuple[int, int]:
    """Every sentence, pointer and reference lies in one element, at the offsets its locator gives.

    Every character of a span that is not white space maps, through its region's pieces, to the
    same character of the element's string value (a space the reader put between two fields
    the source runs together maps to none). The element's string value from the locator's start
    to its end is the span's text up to white space, or, when the span takes in text the reader
    left out (a formula), once the left-out stretches between the region's pieces are cut.

    Returns:
        How many spans matched as they stand, and how many once left-out text was cut.
    """
    tree = etree.parse(str(path), SAFE)
    spans = [(s.start, s.end) for s in article.sentences]
    spans += [(p.start, p.end) for _, c in article.citations for p in c.pointers if p.end > p.start]
    spans += [(r.start, r.end) for r in article.references if r.start is not None and r.end is not None]
    literal = cut = 0
    for start, end in spans:
        loc = article.locate(start, end)
        assert loc is not None, article.text[start:end]
        (element,) = elements(tree, loc.xpath)
        value = "".join(str(t) for t in element.itertext())
        want = article.text[start:end]
        (region,) = [r for r in article.regions if r.start <= start and end <= r.end]
        mapped = "".join(c if c.isspace() else value[region.element_offset(i)] for i, c in enumerate(want, start))
        assert mapped == want
        if squeeze(value[loc.start : loc.end]) == squeeze(want):
            literal += 1
        else:
            assert squeeze(_pieces_text(article, value, start, end)) == squeeze(want)
            cut += 1
    return literal, cut


def _pieces_text(article: Article, value: str, start: int, end: int) -> str:
    (region,) = [r for r in article.regions if r.start <= start and end <= r.end]
    bounds = [*region.pieces, (region.end, -1)]
    parts = []
    for (text_at, element_at), (next_at, _) in itertools.pairwise(bounds):
        low, high = max(text_at, start), min(next_at, end)
        if low < high:
            part = value[element_at + low - text_at : element_at + high - text_at]
            if high == next_at and article.text[high - 1] == " ":
                part = part[:-1]  # a space the reader put between pieces, not the source's
            parts.append(part)
    return "".join(parts)


def _printed_tag(article: Article, tree: etree._ElementTree, start: int | None) -> str | None:
    if start is None:
        return None
    loc = article.locate(start, start + 1)
    return None if loc is None else str(elements(tree, loc.xpath)[0].tag)


def read_one(name: str) -> Article:
    (article,) = read_jats(JATS / f"{name}.xml")
    assert_locatable(article, JATS / f"{name}.xml")
    return article


def cited(article: Article) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    return [(c.text, [(p.reference, p.text, p.expanded) for p in c.pointers]) for _, c in article.citations]


def kinds(article: Article) -> list[str]:
    return [n.kind for n in article.notes if n.kind != "uncited-reference"]


# --- refusals -------------------------------------------------------------------------------------

REFUSED = {
    "billion-laughs": r"billion-laughs\.xml:2: the DOCTYPE declares entities",
    "external-entity": r"external-entity\.xml:2: the DOCTYPE declares entities",
    "nbsp": r"nbsp\.xml:4: not well-formed XML: Entity 'nbsp' not defined",
    "nbsp-public-doctype": r"nbsp-public-doctype\.xml:5: undefined entity &nbsp; \(no DTD is loaded\)",
    "not-well-formed": r"not-well-formed\.xml:5: not well-formed XML",
    "not-jats": r"not-jats\.xml:2: the root element is <html>",
    "no-body": r"no-body\.xml:3: the article has no <body>",
    "no-ref-list": r"no-ref-list\.xml:3: the article has no reference list",
    "empty-ref-list": r"empty-ref-list\.xml:3: the article has an empty reference list",
    "no-title": r"no-title\.xml:3: the article has no title \(<article-title>\)",
    "duplicate-id": r"duplicate-id\.xml:\d+: two <ref> elements have the id 'r1' \(the first on line \d+\)",
    "deep": r"deep\.xml:\d+: elements nest more than 256 deep",
}


def test_refusal_count() -> None:
    assert len(REFUSED) == 12


@pytest.mark.parametrize(("name", "message"), REFUSED.items(), ids=REFUSED.keys())
def test_refused(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as error:
        read_jats(JATS / f"{name}.xml")
    assert "\n" not in str(error.value)


def test_external_entity_is_never_read() -> None:
    with pytest.raises(InputError) as error:
        read_jats(JATS / "external-entity.xml")
    assert "root:" not in str(error.value)


def test_namespaced_root_is_refused() -> None:
    with pytest.raises(InputError, match=r"<string>:1: <article> is in namespace urn:x; JATS has none"):
        parse_jats(b'<article xmlns="urn:x"><body/></article>')


def test_ali_license_ref() -> None:
    data = (
        (JATS / "rid-list.xml")
        .read_bytes()
        .replace(
            b"</title-group>",
            b'</title-group><permissions><license xmlns:ali="http://www.niso.org/schemas/ali/1.0/">'
            b"<ali:license_ref>https://creativecommons.org/licenses/by/4.0/</ali:license_ref></license></permissions>",
        )
    )
    (article,) = parse_jats(data)
    assert article.license == "https://creativecommons.org/licenses/by/4.0/"


def test_missing_file() -> None:
    with pytest.raises(InputError, match=r"nowhere\.xml: cannot read the file"):
        read_jats(JATS / "nowhere.xml")


def test_public_doctype_is_accepted_and_not_loaded() -> None:
    data = (JATS / "rid-list.xml").read_bytes()
    assert b"JATS-archivearticle1.dtd" in data
    (article,) = parse_jats(data)
    assert article.path == Path("<string>")


IS_JATS = {
    "declaration-doctype": (b'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "x" "y.dtd">\n<article>', True),
    "comment-pi": (b"<!-- c --><?pi x?>\n<articles xmlns:x='y'>", True),
    "internal-subset": (b"<!DOCTYPE article [<!ELEMENT article ANY>]><article/>", True),
    "bare": (b"<article article-type='x'>", True),
    "other-root": (b"<?xml version='1.0'?><html>", False),
    "prefix-only": (b"<articlex>", False),
    "markdown": (b"# Title\n", False),
}


@pytest.mark.parametrize(("head", "expected"), IS_JATS.values(), ids=IS_JATS.keys())
def test_is_jats(head: bytes, expected: bool) -> None:
    assert is_jats(head) is expected


# --- articles -------------------------------------------------------------------------------------


def test_articles_wrapper_yields_each_article_with_unique_ids() -> None:
    path = JATS / "articles.xml"
    first, second = read_jats(path)
    assert (first.id, second.id) == ("10-1234-same-article", "10-1234-same-article-2")
    assert (first.meta.title, second.meta.title) == ("First of two", "Second of two")
    assert first.regions[0].xpath.startswith("/articles/article[1]/")
    assert second.regions[0].xpath.startswith("/articles/article[2]/")
    assert assert_locatable(first, path)[0]
    assert assert_locatable(second, path)[0]


# --- citations ------------------------------------------------------------------------------------

CITATIONS = {
    "rid-list": [("1,2", [("r1", "1,2", False), ("r2", "1,2", False)])],
    "text-dash-range": [("[1–4]", [("r1", "1", False), ("r2", "1–4", True), ("r3", "1–4", True), ("r4", "4", False)])],
    "xref-dash-range": [("[1–4]", [("r1", "1", False), ("r2", "–", False), ("r3", "–", False), ("r4", "4", False)])],
    "bracket-range": [
        ("[4]–[7]", [("r4", "[4]", False), ("r5", "[4]–[7]", True), ("r6", "[4]–[7]", True), ("r7", "[7]", False)])
    ],
    "label-range": [
        ("4-6", [("r4", "4-6", False), ("r5", "4-6", True), ("r6", "4-6", True)]),
        ("6,9,11", [("r6", "6,9,11", False), ("r9", "6,9,11", True), ("r11", "6,9,11", True)]),
    ],
    "brackets": [
        ("[1]", [("r1", "[1]", False)]),
        ("[2]", [("r2", "2", False)]),
        ("(3, 4)", [("r3", "3", False), ("r4", "4", False)]),
    ],
    "superscript": [("1,2", [("r1", "1", False), ("r2", "2", False)]), ("[3]", [("r3", "3", False)])],
    "floats": [("[1]", [("r1", "[1]", False)]), ("[2]", [("r2", "[2]", False)]), ("[3]", [("r3", "[3]", False)])],
    "dangling": [("[1]", [("r1", "[1]", False)]), ("[3]", [("r2", "[3]", False)])],
    "backward": [
        ("[5–2]", [("r5", "5", False), ("r2", "2", False)]),
        ("[6–9]", [("r6", "6", False), ("r8", "9", False)]),
    ],
    "author-year": [
        (
            "(Smith et al., 2001; Jones and Lee, 2003)",
            [("bib3", "Smith et al., 2001", False), ("bib2", "Jones and Lee, 2003", False)],
        ),
        ("Smith et al. (2001)", [("bib3", "Smith et al. (2001)", False)]),
        ("(1999, 2005)", [("bib1", "1999", False), ("bib4", "2005", False)]),
        ("Smith et al.", [("bib3", "Smith et al.", False)]),
    ],
    "nature-superscript": [
        ("1,2", [("b1", "1", False), ("b2", "2", False)]),
        ("3–5", [("b3", "3", False), ("b4", "3–5", True), ("b5", "5", False)]),
        ("6", [("b6", "6", False)]),
        ("7", [("b7", "7", False)]),
        ("Author8 (2008)", [("b8", "Author8 (2008)", False)]),
    ],
    "doi-forms": [
        ("[1], [2]", [("r1", "[1]", False), ("r2", "[2]", False)]),
        ("[3,4]", [("r3", "[3,4]", False), ("r4", "[3,4]", False)]),
        ("[5]", [("r5", "[5]", False)]),
    ],
    "floats-group": [(f"[{n}]", [(f"r{n}", f"[{n}]", False)]) for n in (1, 1, 2, 3, 4, 5, 6)],
    "printed-text": [("1-4", [("p1", "1", False), ("p2", "1-4", True), ("p3", "1-4", True), ("p4", "4", False)])],
}


def test_citation_case_count() -> None:
    assert len(CITATIONS) == 15


@pytest.mark.parametrize(("name", "expected"), CITATIONS.items(), ids=CITATIONS.keys())
def test_citations(name: str, expected: list[tuple[str, list[tuple[str, str, bool]]]]) -> None:
    assert cited(read_one(name)) == expected


NOTES = {
    "label-range": ["expanded-by-label", "expanded-by-label"],
    "dangling": ["dangling-rid", "dangling-rid", "rid-label-disagreement"],
    "backward": ["backward-range", "cross-label-range"],
    "formula": ["skipped", "skipped"],
    "free-text": ["free-text-reference", "free-text-reference"],
    "bracket-range": [],
    "author-year": [],
    "nature-superscript": [],
    "doi-forms": ["extra-identifier", "free-text-reference", "dangling-rid", "dangling-rid"],
    "floats-group": ["skipped"],
}


@pytest.mark.parametrize(("name", "expected"), NOTES.items(), ids=NOTES.keys())
def test_notes(name: str, expected: list[str]) -> None:
    assert kinds(read_one(name)) == expected


def test_dangling_rid_is_named() -> None:
    messages = [n.message for n in read_one("dangling").notes if n.kind == "dangling-rid"]
    assert messages == ["xref rid 'r99' names no reference", "xref rid 'missing' names no reference"]


def test_uncited_references_are_noted() -> None:
    uncited = [n.message for n in read_one("dangling").notes if n.kind == "uncited-reference"]
    assert uncited == ["reference 'r3' is never cited"]


def test_skipped_elements_are_named_with_counts() -> None:
    article = read_one("formula")
    assert [n.message for n in article.notes if n.kind == "skipped"] == [
        "left out 1 <inline-formula> element",
        "left out 1 <disp-formula> element",
    ]
    assert [s.text for s in article.sentences] == ["The rate grew [1] as shows.", "Next sentence [2].", "Table S1."]
    assert assert_locatable(article, JATS / "formula.xml")[1] == 1  # the first sentence spans both formulas


def noted_element(name: str, kind: str) -> tuple[etree._Element, ...]:
    """The element each note of ``kind`` names by XPath on fixture ``name`` (each XPath selects one)."""
    tree = etree.parse(str(JATS / f"{name}.xml"), SAFE)
    found: list[etree._Element] = []
    for note in read_one(name).notes:
        if note.kind == kind:
            assert note.xpath is not None, note
            (element,) = elements(tree, note.xpath)
            assert line_of(element) == note.line
            found.append(element)
    return tuple(found)


def test_a_note_names_its_element_by_xpath() -> None:
    dangling = noted_element("dangling", "dangling-rid")
    assert [(e.tag, e.get("rid")) for e in dangling] == [("xref", "r1 r99"), ("xref", "missing")]
    uncited = noted_element("dangling", "uncited-reference")
    assert [(e.tag, e.get("id")) for e in uncited] == [("ref", "r3")]
    formulas = noted_element("formula", "skipped")
    assert [e.tag for e in formulas] == ["inline-formula", "disp-formula"]
    (disp,) = etree.parse(str(JATS / "formula.xml"), SAFE).iter("disp-formula")
    assert etree.tostring(formulas[1]) == etree.tostring(disp)


def test_every_note_on_every_fixture_names_an_element() -> None:
    for path in sorted(JATS.glob("*.xml")):
        try:
            articles = read_jats(path)
        except InputError:
            continue
        tree = etree.parse(str(path), SAFE)
        for note in (n for a in articles for n in a.notes):
            assert note.xpath is not None, (path.name, note)
            assert len(elements(tree, note.xpath)) == 1, (path.name, note)


def test_citation_text_and_pointer_text_index_the_article_text() -> None:
    for name in CITATIONS:
        article = read_one(name)
        for _, citation in article.citations:
            assert isinstance(citation, Citation)
            assert article.text[citation.start : citation.end] == citation.text
            for pointer in citation.pointers:
                assert article.text[pointer.start : pointer.end] == pointer.text


# --- sentences ------------------------------------------------------------------------------------

SENTENCES = {
    "superscript": ["It is a zoonotic disease.1,2", "Next comes the vector.[3]", "Then the host."],
    "et-al": [
        "As Smith et al. showed [1], Y. pestis and E. coli differ, e.g. in growth, cf. Fig. 2 and Figs. 3 vs. 4"
        " (approx. 5 spp. in total).",
        "Next sentence.",
    ],
    "brackets": ["Inside [1], outside [2], and round (3, 4).", "Next sentence."],
}


@pytest.mark.parametrize(("name", "expected"), SENTENCES.items(), ids=SENTENCES.keys())
def test_sentences(name: str, expected: list[str]) -> None:
    article = read_one(name)
    assert [s.text for s in article.sentences] == expected
    assert [s.index for s in article.sentences] == list(range(1, len(expected) + 1))


def test_citation_after_full_stop_belongs_to_the_sentence_it_ends() -> None:
    article = read_one("superscript")
    assert [[c.text for c in s.citations] for s in article.sentences] == [["1,2"], ["[3]"], []]


# --- structure ------------------------------------------------------------------------------------


def test_sections_roles_and_nesting() -> None:
    article = read_one("sections")
    got = [(s.index, s.title, s.parent, s.role) for s in article.sections]
    assert got == [
        (0, "Abstract", None, "abstract"),
        (1, "Background", 0, None),
        (2, "Methods", 0, None),
        (3, "Author Summary", None, "abstract"),
        (4, "", None, None),
        (5, "Background", None, "introduction"),
        (6, "Materials and Methods", None, "methods"),
        (7, "Study area", 6, None),
        (8, "Sampling", 7, None),
        (9, "Results and Discussion", None, None),
        (10, "2. Discussion", None, "discussion"),
        (11, "Summary", None, "conclusion"),
        (12, "Acknowledgements", None, "acknowledgements"),
        (13, "Notes", None, None),
    ]
    methods = article.sections[6]
    assert [(p.kind, article.text[p.start : p.end]) for p in methods.paragraphs] == [
        ("paragraph", "Methods text."),
        ("list-item", "First item."),
        ("list-item", "Second item."),
    ]
    assert [(p.kind, article.text[p.start : p.end]) for p in article.sections[13].paragraphs] == [
        ("footnote", "Competing interests: none.")
    ]
    assert [n.message for n in article.notes if n.kind == "skipped"] == []


def test_front_matter() -> None:
    article = read_one("sections")
    meta = article.meta
    assert article.id == meta.pmcid == "PMC3425322"
    assert (meta.doi, meta.pmid, meta.year, meta.journal) == (
        "10.1371/journal.pntd.0002065",
        "23469300",
        2013,
        "PLoS Negl Trop Dis",
    )
    assert (meta.volume, meta.issue, meta.article_number, meta.kind) == ("7", "2", "e2065", "journal-article")
    assert [a.display for a in meta.authors] == ["José Fafetine", "Luis Neves"]
    assert (article.received, article.published, article.genre) == ("2012-07-18", "2013-02-28", "research-article")
    assert article.license == "http://creativecommons.org/licenses/by/4.0/"
    assert article.reference_list_title == "References"


def test_front_matter_authors_string_name_and_collab() -> None:
    meta = read_one("authors").meta
    assert [(a.family, a.given) for a in meta.authors] == [("Ng", "Wei"), ("The Study Consortium", "")]


def test_floats_captions_rows_and_footnotes() -> None:
    article = read_one("floats")
    (section,) = article.sections
    assert [(p.kind, article.text[p.start : p.end]) for p in section.paragraphs] == [
        ("paragraph", "See Figure 1."),
        ("caption", "Cases by year."),
        ("caption", "Counts as in [1]."),
        ("caption", "Prevalence."),
        ("table-row", "Site Source"),
        ("table-row", "Mocuba Survey [2]"),
        ("footnote", "Data from [3]."),
    ]
    assert [(c.kind, c.label, c.number, c.paragraph) for c in article.captions] == [
        ("figure", "Figure 1", "1", 2),
        ("table", "Table 2", "2", 4),
    ]
    assert section.role == "results"


def test_boxed_text_paragraphs_are_paragraphs() -> None:
    article = read_one("boxed-text")
    assert [article.text[p.start : p.end] for p in article.sections[0].paragraphs] == [
        "Before the box.",
        "Box 1. Key points",
        "Boxed point one [1].",
        "Boxed point two.",
        "After the box.",
    ]


def test_text_is_blocks_joined_by_blank_lines_then_references() -> None:
    article = read_one("rid-list")
    assert article.text.startswith("Both were reported 1,2. Next.\n\nAuthor1 A. Title 1. J Test. 2001;1:10-19.")
    first = article.references[0]
    assert first.start is not None
    assert article.text[first.start : first.end] == first.text


# --- references -----------------------------------------------------------------------------------


def test_identifiers_from_ext_link_comment_and_object_id() -> None:
    refs = {r.id: r.work for r in read_one("identifiers").references}
    assert (refs["x1"].doi, refs["x1"].pmid, refs["x1"].article_number) == (
        "10.1371/journal.pone.0001234",
        None,
        "e1234",
    )
    assert (refs["x2"].doi, refs["x2"].pmid) == ("10.1016/S0140-6736(05)12345-6", None)
    assert (refs["x3"].doi, refs["x3"].pmid) == (None, "20123456")
    assert (refs["x4"].doi, refs["x4"].pmid) == (None, "10500000")  # the PubMed link, not the bare number


def test_element_citation_text_joins_fields_with_spaces() -> None:
    refs = {r.id: r for r in read_one("identifiers").references}
    assert refs["x3"].text == "Park S Third BMJ 2010 340 c1 20123456"


def test_authors_string_name_collab_etal_and_editors() -> None:
    refs = {r.id: r for r in read_one("authors").references}
    chapter = refs["a2"].work
    assert [(a.family, a.given) for a in chapter.authors] == [("Smith", "J"), ("Jones", "B"), ("WHO Study Group", "")]
    assert (chapter.et_al, chapter.kind, chapter.title, chapter.pages) == (True, "chapter", "A chapter", "5-9")
    book = refs["a3"].work
    assert (book.kind, book.title, book.journal, book.year) == ("book", "Rift Valley fever fact sheet", None, 2008)
    assert [a.family for a in book.authors] == ["World Health Organization"]


def test_free_text_reference() -> None:
    refs = {r.id: r for r in read_one("free-text").references}
    murphy = refs["f2"]
    assert murphy.free_text
    assert murphy.text.startswith("Murphy FA, Gibbs EPJ (1999) Veterinary Virology.")
    assert (murphy.work.year, murphy.work.doi, murphy.work.title, murphy.work.authors) == (
        1999,
        "10.1016/B978-0-12-511340-3.50001-2",
        None,
        (),
    )
    report = refs["f3"]
    assert (report.free_text, report.work.year, report.work.pmid) == (True, 2007, None)


def test_citation_alternatives_prefer_structured_fields_and_printed_text() -> None:
    ref = {r.id: r for r in read_one("alternatives").references}["c2"]
    assert ref.text == "Alt A. Structured title. J Alt. 2015;3:1-4."
    assert (ref.work.title, ref.work.doi, ref.work.pages, ref.free_text) == (
        "Structured title",
        "10.5555/alt.2015",
        "1-4",
        False,
    )


def test_reference_sequence_from_label() -> None:
    article = read_one("backward")
    assert [(r.id, r.sequence, r.label) for r in article.references][-2:] == [("r8", "9", "9"), ("r7", "7", "7")]


def test_no_identifier_is_invented() -> None:
    for path in sorted(JATS.glob("*.xml")):
        if path.stem in REFUSED:
            continue
        data = html.unescape(etree.tostring(etree.parse(str(path), SAFE), encoding="unicode"))  # as the text reads
        for article in read_jats(path):
            for ref in article.references:
                for value in (ref.work.doi, ref.work.pmid):
                    assert value is None or value in data


def test_printed_text_sets_apart_fields_the_xml_runs_together() -> None:
    refs = {r.id: r.text for r in read_one("printed-text").references}
    assert refs == {
        "p1": "Rich KM, Wanyoike F (2010) Losses of H2O in Aedes+ cells. Am J Trop Med Hyg 83: 52–57 20682906",
        "p2": "Avery SV Microbial cell individuality Nat Rev Microbiol 2006 4 577 587 10.1038/nrmicro1460",
        "p3": "Lee J. Marked up over lines. J Test. 2003.",
        "p4": "WHO Fact sheet Geneva WHO 2008",
    }


def test_doi_forms_and_two_printed_citations() -> None:
    article = read_one("doi-forms")
    assert article.meta.doi == "10.5555/FIXTURE.2020"
    refs = {r.id: r for r in article.references}
    got = {ref_id: (r.work.doi, r.work.pmid) for ref_id, r in refs.items()}
    assert got == {
        "r1": ("10.1000/ABC.1", "11111111"),  # resolver prefix dropped, case kept; PMID from the second citation
        "r2": ("10.1000/XYZ-2", None),
        "r3": ("10.1000/uri.3", None),
        "r4": ("10.1000/text.4", "22222222"),  # as printed, no markup
        "r5": ("10.1000/part.1", None),
        "r6": ("10.1002/(SICI)1097-4636(199812)43:4<448::AID-JBM13>3.0.CO;2-#", None),  # whole: an element's DOI
        "r7": ("10.1002/(SICI)1097-4636(199812)43:4<457::AID-JBM14>3.0.CO;2-T", None),  # another work
        "r8": ("10.1002/(SICI)1097-4636(199812)43:4<510::AID-JBM15>3.0.CO;2-X", None),  # in free text, whole
    }
    assert refs["r1"].text.startswith("Ada A. First form.")
    assert refs["r1"].text.endswith("PMID: 11111111")
    assert refs["r1"].work.title == "First form"
    assert [n.message for n in article.notes if n.kind == "extra-identifier"] == [
        "reference r5 holds several DOIs: 10.1000/part.1 and 10.1000/part.2 (all kept on its work)"
    ]
    assert refs["r5"].work.other_dois == ("10.1000/part.2",)


def test_floats_group_nested_ref_lists_and_back_matter_sec() -> None:
    article = read_one("floats-group")
    assert [(s.index, s.title, s.parent, s.role) for s in article.sections] == [
        (0, "Abstract", None, "abstract"),
        (1, "Abstract (pt)", None, "abstract"),
        (2, "", None, None),
        (3, "", None, None),
    ]
    body, floats = article.sections[2:]
    assert [(p.kind, article.text[p.start : p.end]) for p in body.paragraphs] == [
        ("paragraph", "Only paragraphs here, see Figure 1 and Table 1."),
        ("paragraph", "The steps were: and then stop. The rate is in which r is fixed."),
        ("list-item", "collect [2];"),
        ("list-item", "count."),
        ("paragraph", "Quoted words [3]."),
        ("paragraph", "A. Speaker"),
        ("list-item", "RVF"),
        ("list-item", "Rift Valley fever [4]."),
    ]
    assert [(p.kind, article.text[p.start : p.end]) for p in floats.paragraphs] == [
        ("caption", "Cases by year."),
        ("caption", "Counts as in [5]."),
        ("caption", "Sources."),
        ("table-row", "Site Source"),
        ("table-row", "Mocuba Gaza Survey [6]"),
    ]
    assert [(c.kind, c.label, c.paragraph) for c in article.captions] == [
        ("figure", "Figure 1", 11),
        ("table", "Table 1", 13),
    ]
    assert [r.id for r in article.references] == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert article.reference_list_title == "Literature cited"
    assert [n.message for n in article.notes if n.kind != "uncited-reference"] == ["left out 1 <disp-formula> element"]


def test_each_table_row_is_one_block_and_citations_stay_in_their_cell() -> None:
    article = read_one("tables")
    (section,) = article.sections
    assert [(p.kind, article.text[p.start : p.end]) for p in section.paragraphs] == [
        ("caption", "Strains."),
        ("table-row", "Strain Host Ref."),
        ("table-row", "KT2440 soil [1]"),
        ("table-row", "F1 water [2] [3]"),
        ("table-row", "S12 clinical [4]–[6]"),
        ("table-row", "Mix"),
        ("table-row", "inner [7]"),
        ("table-row", "Rate per day [8]"),
        ("caption", "Odd markup."),
        ("table-cell", "Loose cell [1]"),
        ("table", "Bare table text [2]"),
    ]
    assert cited(article)[1:4] == [
        ("[2]", [("r2", "[2]", False)]),
        ("[3]", [("r3", "[3]", False)]),
        ("[4]–[6]", [("r4", "[4]", False), ("r5", "[4]–[6]", True), ("r6", "[6]", False)]),
    ]
    tree = etree.parse(str(JATS / "tables.xml"), SAFE)
    rows = [r for r in article.regions if "/tr" in r.xpath]
    assert len(rows) == 7
    assert [elements(tree, r.xpath)[0].tag for r in rows] == ["tr"] * 7


def test_sub_article_is_read_as_a_section_with_its_references() -> None:
    data = (
        (JATS / "rid-list.xml")
        .read_bytes()
        .replace(
            b"</article>",
            b'<sub-article article-type="reply" id="sa1"><front-stub><title-group><article-title>Author response'
            b'</article-title></title-group></front-stub><body><p>We now cite it <xref ref-type="bibr" rid="s1">[S1]'
            b'</xref>.</p></body><back><ref-list><ref id="s1"><mixed-citation>Sub A. Reply. 2020.</mixed-citation></ref>'
            b"</ref-list></back></sub-article></article>",
        )
    )
    (article,) = parse_jats(data)
    reply = article.sections[-1]
    assert (reply.title, reply.parent) == ("Author response", None)
    assert [s.text for p in reply.paragraphs for s in p.sentences] == ["We now cite it [S1]."]
    assert article.references[-1].id == "s1"
    assert [c.references for _, c in article.citations][-1] == ("s1",)


ENCODINGS = {"no-doctype": "PMC9000002", "latin1": "PMC9000003", "utf16": "PMC9000004"}


@pytest.mark.parametrize(("name", "pmcid"), ENCODINGS.items(), ids=ENCODINGS.keys())
def test_declarations_and_encodings(name: str, pmcid: str) -> None:
    path = JATS / f"{name}.xml"
    assert is_jats(path.read_bytes()[:4096])
    article = read_one(name)
    assert article.id == pmcid
    assert [s.text for s in article.sentences] == ["Café são Zürich [1].", "Next."]
    assert article.references[0].text == "Müller A. Title 1. J Test. 2001;1:10."


def test_wrong_encoding_is_one_line() -> None:
    data = (JATS / "latin1.xml").read_bytes().replace(b"ISO-8859-1", b"UTF-8")
    with pytest.raises(InputError, match=r"<string>:\d+: not well-formed XML") as error:
        parse_jats(data)
    assert "\n" not in str(error.value)


def test_citations_in_supplementary_captions_arrays_attributions_media_and_glossaries() -> None:
    article = read_one("odd-places")
    assert [(p.kind, article.text[p.start : p.end]) for p in article.sections[0].paragraphs] == [
        ("paragraph", "Data are in Table S1 as before."),
        ("caption", "Protocol."),
        ("caption", "Adapted from [2]."),
        ("table-row", "Strain [3]"),
        ("caption", "Map."),
        ("caption", "Redrawn from [2]."),
        ("paragraph", "Watch closely."),
        ("caption", "Video of [3]."),
        ("list-item", "WT"),
        ("list-item", "wild type [2]"),
    ]
    assert [c.references for _, c in article.citations] == [("r2",), ("r3",), ("r2",), ("r3",), ("r2",)]
    assert [(n.kind, n.message) for n in article.notes] == [
        ("empty-xref", "xref to 'r1' prints no text; no pointer made"),
        ("uncited-reference", "reference 'r1' is never cited"),
    ]


def test_a_section_title_that_cites_is_text_and_an_article_title_citation_is_noted() -> None:
    (article,) = read_jats(JATS / "cited-titles.xml")
    assert [(s.text, c.references) for s, c in article.citations] == [
        ("The model of Smith [2]", ("r2",)),
        ("It holds [1].", ("r1",)),
    ]
    (section,) = article.sections
    assert section.title == "The model of Smith [2]"
    assert [p.kind for p in section.paragraphs] == ["title", "paragraph"]
    skipped = [n for n in article.notes if n.kind == "skipped"]
    assert [(n.message, n.line) for n in skipped] == [
        ("left out 1 <xref> (a citation in the article title, which is metadata, not text) element", 6)
    ]


def test_superscript_digits_in_labels_and_dates_are_text_not_numbers(tmp_path: Path) -> None:
    fixture = (JATS / "rid-list.xml").read_text(encoding="utf-8")
    fixture = fixture.replace("<label>1</label>", "<label>¹</label>").replace(
        "</article-meta>",
        '<pub-date pub-type="epub"><day>1</day><month>²</month><year>2020</year></pub-date></article-meta>',
    )
    path = tmp_path / "odd-digits.xml"
    path.write_text(fixture, encoding="utf-8")
    (article,) = read_jats(path)
    assert article.references[0].sequence == "¹"
    assert article.meta.year == 2020
    assert article.published is None  # no real month: not a full date
