from __future__ import annotations

import pytest

from kg import ResolutionError, parse_bibliography, parse_report, read_bibliography, resolve
from kg.readers.markdown_records import Report
from kg.readers.resolution import first_author, title_score

from .conftest import BIB


def test_bundled_references_resolve_by_content_not_order(report: Report) -> None:
    shuffled = list(reversed(read_bibliography(BIB)))
    keys = {n: e.key for n, e in resolve(report, shuffled).entries.items()}
    assert keys == {
        1: "hsu2012conus",
        2: "kalayci2004intramedullary",
        3: "schiff1996intramedullary",
        4: "gasser2005surgical",
        5: "guppy2006metastasis",
        6: "hrabalek2010intramedullary",
        7: "rostami2013intramedullary",
        8: "damhieu2009retrospective",
        9: "kalita2011current",
        10: "ogino2002successful",
        11: "erkutlu2009spinal",
        12: "carlsen2012paraplegia",
        13: "natale2005anaplastic",
    }


@pytest.mark.parametrize(
    ("printed", "family"),
    [("Hsu KC, Li TY (2012) T.", "Hsu"), ("Dam-Hieu P, Seizeur R (2009) T.", "Dam-Hieu"),
     ("van de Nes JA (2005) T.", "van de Nes"), ("Kalita O (2011) T.", "Kalita"), ("Smith, J. (2000). T.", "Smith")],
)  # fmt: skip
def test_first_author(printed: str, family: str) -> None:
    assert first_author(printed) == family


def test_title_score_ignores_case_accents_and_dashes() -> None:
    assert (
        title_score(
            "Diagnosis and treatment—an illustrated review", "X (2004) diagnosis and treatment-an Illustrated review."
        )
        == 1.0
    )
    assert title_score("Something else entirely", "X (2004) diagnosis.") == 0.0


REPORT = "# T\n\n## A\n\nText [1].\n\n## References\n\n1. Roe B (2001) Spinal tumours in adults. J 1: 1.\n"


def _report(text: str = REPORT) -> Report:
    return parse_report(text, "r.md")


def test_ambiguous_match_names_both_entries() -> None:
    bib = parse_bibliography(
        "@article{a, author={Roe, B.}, title={Spinal tumours in adults}, year={2001}}\n"
        "@article{b, author={Roe, B.}, title={Spinal tumours in adults}, year={2001}}\n",
        "refs.bib",
    )
    with pytest.raises(
        ResolutionError,
        match=r"r\.md:9: printed reference 1 matches more than one entry: 'a' \(refs\.bib:1\), 'b' \(refs\.bib:2\)",
    ):
        resolve(_report(), bib, "refs.bib")


def test_one_entry_matching_two_printed_references_is_an_error() -> None:
    text = REPORT + "2. Roe B (2001) Spinal tumours in adults. J 1: 1.\n"
    bib = parse_bibliography(
        "@article{a, author={Roe, B.}, title={Spinal tumours in adults}, year={2001}}\n", "refs.bib"
    )
    with pytest.raises(
        ResolutionError, match=r"refs\.bib:1: entry 'a' matches printed references 1 and 2 \(r\.md:10\)"
    ):
        resolve(_report(text), bib, "refs.bib")


def test_no_match_says_what_differs_in_the_closest_entry() -> None:
    bib = parse_bibliography(
        "@article{a, author={Roe, B.}, title={Spinal tumours in adults}, year={2002}}\n", "refs.bib"
    )
    with pytest.raises(
        ResolutionError,
        match=r"printed reference 1 matches no entry of refs\.bib "
        r"\(closest: 'a' at refs\.bib:1, differs in year 2002\)",
    ):
        resolve(_report(), bib, "refs.bib")


def test_marker_without_reference_list() -> None:
    with pytest.raises(
        ResolutionError,
        match=r"r\.md:5: citation marker \[1\] cites reference 1, but the reference list \(r\.md\) has no entries",
    ):
        resolve(parse_report("# T\n\n## A\n\nText [1].\n", "r.md"), [], "refs.bib")
