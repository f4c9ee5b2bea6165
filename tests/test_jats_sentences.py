"""The sentence splitter's abbreviations and protected spans (the JATS reader's needs)."""

from __future__ import annotations

import pytest

from kg.readers.jats import read_jats
from kg.readers.sentences import split_sentences
from tests.test_jats import JATS

CASES = {
    "et-al-citation": ("Smith et al. [3] showed it. Next.", ["Smith et al. [3] showed it.", "Next."]),
    "genus": (
        "Both Y. pestis and E. coli grew. S. aureus did not.",
        ["Both Y. pestis and E. coli grew.", "S. aureus did not."],
    ),
    "species": ("Several Salmonella spp. Were seen. Next.", ["Several Salmonella spp. Were seen.", "Next."]),
    "sp-var-subsp": (
        "Use Bacillus sp. 12, var. B and subsp. tenuis. Next.",
        ["Use Bacillus sp. 12, var. B and subsp. tenuis.", "Next."],
    ),
    "approx-ca": ("It took approx. 5 h or ca. 300 min. Next.", ["It took approx. 5 h or ca. 300 min.", "Next."]),
    "no-eq-ref-tab": ("See no. 5, Eq. 2, Ref. 7 and Tab. 3. Next.", ["See no. 5, Eq. 2, Ref. 7 and Tab. 3.", "Next."]),
    "dr-prof-suppl": (
        "Dr. Lee and Prof. Kim, Suppl. Table 1. Next.",
        ["Dr. Lee and Prof. Kim, Suppl. Table 1.", "Next."],
    ),
    "et-seq": ("Sections 4 et seq. Apply here. Next.", ["Sections 4 et seq. Apply here.", "Next."]),
    "mol-wt": ("Lysine (mol. wt. 150 K) was used. Next.", ["Lysine (mol. wt. 150 K) was used.", "Next."]),
    "wild-type": ("It was slower than WT. The mutant lysed.", ["It was slower than WT.", "The mutant lysed."]),
    "vs-cf-ie": (
        "Compare A vs. B (cf. Table 2), i.e. less. Next.",
        ["Compare A vs. B (cf. Table 2), i.e. less.", "Next."],
    ),
    "decimals": ("It rose 2.5-fold to 0.95. Next.", ["It rose 2.5-fold to 0.95.", "Next."]),
    "company": (
        "Run in STATA 11 (StataCorp. 2009, College Station, TX) and by Sigma Co. Ltd. Next.",
        ["Run in STATA 11 (StataCorp. 2009, College Station, TX) and by Sigma Co. Ltd.", "Next."],
    ),
    "french-title": ("We thank Pr. W. R. Jacobs. Next.", ["We thank Pr. W. R. Jacobs.", "Next."]),
    "lower-case-openers": (
        "Cells grew. mRNA rose. pH was 7. p53 was up. β-catenin fell. and so on.",
        ["Cells grew.", "mRNA rose.", "pH was 7.", "p53 was up.", "β-catenin fell. and so on."],
    ),
    "months-not-minutes": (
        "Seen in Jan. 2001 and Sept. 2002 for 30 min. Cells were washed.",
        ["Seen in Jan. 2001 and Sept. 2002 for 30 min.", "Cells were washed."],
    ),
}


def test_case_count() -> None:
    assert len(CASES) == 16


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_split(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def spans(text: str, *cited: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for part in cited:
        at = text.index(part, found[-1][1] if found else 0)
        found.append((at, at + len(part)))
    return found


PROTECTED = {
    "superscript-after-stop": ("It is a disease.1,2 Next one.", ["1,2"], ["It is a disease.1,2", "Next one."]),
    "bracket-after-stop": ("It is a disease.[3] Next one.", ["[3]"], ["It is a disease.[3]", "Next one."]),
    "after-stop-and-space": ("It is a disease. [3] Next one.", ["[3]"], ["It is a disease. [3]", "Next one."]),
    "two-after-stop": ("It spreads.4 5 Next one.", ["4", "5"], ["It spreads.4 5", "Next one."]),
    "never-inside": (
        "As in [Ref. 3. Table 2] it held. Next.",
        ["[Ref. 3. Table 2]"],
        ["As in [Ref. 3. Table 2] it held.", "Next."],
    ),
    "question-then-citation": ('Asked "How often?" [28]. Next.', ["[28]"], ['Asked "How often?" [28].', "Next."]),
    "citation-as-subject": ("It was seen. [4] showed it too.", ["[4]"], ["It was seen.", "[4] showed it too."]),
    "last-in-text": ("It is a disease.[3]", ["[3]"], ["It is a disease.[3]"]),
    "author-year-et-al": (
        "Seen (Smith et al. 2001; Li et al., 2003). Next (Wu et al. 2004).",
        ["(Smith et al. 2001; Li et al., 2003)", "(Wu et al. 2004)"],
        ["Seen (Smith et al. 2001; Li et al., 2003).", "Next (Wu et al. 2004)."],
    ),
    "author-year-subject": (
        "It held. Smith et al. (2001) showed it.",
        ["Smith et al. (2001)"],
        ["It held.", "Smith et al. (2001) showed it."],
    ),
    "superscript-range-after-stop": (
        "Clones compete.3–5 10 were seen.",
        ["3–5"],
        ["Clones compete.3–5", "10 were seen."],
    ),
}


@pytest.mark.parametrize(("text", "cited", "expected"), PROTECTED.values(), ids=PROTECTED.keys())
def test_protected(text: str, cited: list[str], expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text, protected=spans(text, *cited))] == expected


def test_protected_spans_index_the_text_before_the_offset() -> None:
    text = "A disease.[3] Next."
    assert split_sentences(text, 100, protected=[(10, 13)]) == [(100, 113), (114, 119)]


ENUMERATED = {
    "number": ("1. Oral health status was rated. It held.", ["1. Oral health status was rated.", "It held."]),
    "letter": ("(a). First point. Second.", ["(a). First point.", "Second."]),
}


@pytest.mark.parametrize(("text", "expected"), ENUMERATED.values(), ids=ENUMERATED.keys())
def test_enumerated(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text, enumerated=True)] == expected
    assert len(split_sentences(text)) == len(expected) + 1  # off by default, as the Markdown reader reads


FIXTURES = {
    "author-year": [
        "Cells divide (Smith et al., 2001; Jones and Lee, 2003).",
        "As Smith et al. (2001) showed, they also die.",
        "Brown (1999, 2005) disagreed.",
        "Later work by Smith et al. agreed.",
        "Then again.",
    ],
    "nature-superscript": [
        "Tumours evolve.1,2",
        "Clones compete.3–5",
        "10 clones were seen6.",
        "Wrapped ones count7, as do Author8 (2008).",
    ],
}


@pytest.mark.parametrize(("name", "expected"), FIXTURES.items(), ids=FIXTURES.keys())
def test_fixture_sentences_and_their_citations(name: str, expected: list[str]) -> None:
    (article,) = read_jats(JATS / f"{name}.xml")
    assert [s.text for s in article.sentences] == expected
    for sentence, citation in article.citations:
        assert sentence.start <= citation.start
        assert citation.end <= sentence.end
