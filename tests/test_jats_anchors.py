"""The graph of a JATS article anchors every segment in its source: XPath selectors refined by offsets."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

import kg
from kg.namespaces import BIRO, C4O, DOCO, OA

EXTERNAL = Path(os.environ.get("KG_EXTERNAL_ARTICLES") or Path(__file__).resolve().parents[2] / "shared" / "external")
ARTICLES = ["pntd.0002065", "1472-6831-8-11"]
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
pytestmark = pytest.mark.skipif(not EXTERNAL.is_dir(), reason="the external articles are not present")


def anchored(g: Graph) -> dict[Node, tuple[str, int, int, str]]:
    """Each node with an XPath selector: the XPath, the refined offsets, and its quote selector's exact text."""
    found = {}
    for selector in g.subjects(RDF.type, OA.XPathSelector):
        (node,) = g.subjects(OA.hasSelector, selector)
        refined = g.value(selector, OA.refinedBy)
        (quote,) = (q for q in g.objects(node, OA.hasSelector) if (q, RDF.type, OA.TextQuoteSelector) in g)
        found[node] = (
            str(g.value(selector, RDF.value)),
            int(str(g.value(refined, OA.start))),
            int(str(g.value(refined, OA.end))),
            str(g.value(quote, OA.exact)),
        )
    return found


@cache
def graph(stem: str) -> Graph:
    return kg.load_inputs(EXTERNAL / f"{stem}.nxml").graph


@pytest.mark.parametrize("stem", ARTICLES)
def test_every_xpath_selector_slices_its_element_to_the_quoted_text(stem: str) -> None:
    tree = etree.parse(str(EXTERNAL / f"{stem}.nxml"), SAFE)
    g = graph(stem)
    rows = anchored(g)
    assert len(rows) > 300
    for node, (xpath, start, end, exact) in rows.items():
        found = tree.xpath(xpath)
        assert isinstance(found, list)
        assert len(found) == 1, xpath
        element = found[0]
        assert isinstance(element, etree._Element)
        text = "".join(str(t) for t in element.itertext())[start:end]
        # white space aside (fields of an entry and cells of a table row are spaced apart in the text),
        # the element's text at the refined offsets is the quoted text, character for character
        assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", exact), node


@pytest.mark.parametrize("stem", ARTICLES)
def test_every_sentence_pointer_and_entry_has_an_xpath_selector(stem: str) -> None:
    g = graph(stem)
    located = set(anchored(g))
    sentences = set(g.subjects(RDF.type, DOCO.Sentence))
    pointers = set(g.subjects(RDF.type, C4O.InTextReferencePointer))
    entries = set(g.subjects(RDF.type, BIRO.BibliographicReference))
    quotes = set(g.subjects(OA.hasScope, None))
    assert sentences
    assert pointers
    assert entries
    assert quotes
    for kind, nodes in (("sentence", sentences), ("pointer", pointers), ("entry", entries), ("quote", quotes)):
        assert nodes <= located, (kind, sorted(str(n) for n in nodes - located)[:3])
