from __future__ import annotations

import pytest

from kg import InputError, parse_bibliography, read_bibliography
from kg.records import Person

from .conftest import BIB


@pytest.fixture(scope="module")
def entries() -> dict[str, object]:
    return {e.key: e for e in read_bibliography(BIB)}


def test_thirteen_entries(entries: dict[str, object]) -> None:
    assert len(entries) == 13


def test_latex_accents_become_unicode(entries: dict) -> None:  # type: ignore[type-arg]
    families = [p.family for p in entries["kalayci2004intramedullary"].authors]
    assert families == ["Kalayci", "Cağavi", "Gül", "Yenidünya", "Açikgöz"]
    assert entries["schiff1996intramedullary"].authors[1] == Person("O’Neill", "B. P.")


def test_names_split_with_particles(entries: dict) -> None:  # type: ignore[type-arg]
    authors = entries["gasser2005surgical"].authors
    assert authors[2] == Person("El Hamalawi", "B.")
    assert authors[3] == Person("van de Nes", "J. A.")
    assert entries["gasser2005surgical"].et_al is True
    assert entries["schiff1996intramedullary"].et_al is False


def test_fields(entries: dict) -> None:  # type: ignore[type-arg]
    hsu = entries["hsu2012conus"]
    assert (hsu.year, hsu.journal, hsu.volume, hsu.page_range) == (2012, "Surg Today", "43", ("910", "914"))
    assert "2013 volume" in hsu.note
    rostami = entries["rostami2013intramedullary"]
    assert (rostami.doi, rostami.pmid) == ("10.1016/j.jns.2013.05.032", "23778028")
    assert entries["kalita2011current"].eid == "989506"
    assert entries["guppy2006metastasis"].page_range == ("E1148", None)
    assert entries["kalayci2004intramedullary"].title.endswith("treatment—an illustrated review")


def test_lines_are_one_based(entries: dict) -> None:  # type: ignore[type-arg]
    lines = BIB.read_text(encoding="utf-8").splitlines()
    for entry in entries.values():
        assert lines[entry.line - 1].startswith(f"@article{{{entry.key},")


GOOD = "@article{a,\n  author = {Smith, J.},\n  title = {T},\n  year = {2000}\n}\n"
ERRORS = {
    "empty": ("", r"refs\.bib: no BibTeX entries found"),
    "comments-only": ("% nothing here\n", r"refs\.bib: no BibTeX entries found"),
    "duplicate-key": (GOOD + "\n" + GOOD, r"refs\.bib:7: duplicate BibTeX key 'a' \(first defined on line 1\)"),
    "unclosed": (GOOD + "\n@article{b,\n  title = {x,\n  year = {2001}\n", r"refs\.bib:7: malformed BibTeX entry 'b'"),
    "missing-comma": ("@article{c title = {x}}\n", r"refs\.bib:1: malformed BibTeX entry 'c"),
    "no-title": ("@article{d,\n  author = {A, B},\n  year = {2000}\n}\n", r"refs\.bib:1: entry 'd' has no title"),
    "no-author-year": ("@article{e,\n  title = {T}\n}\n", r"refs\.bib:1: entry 'e' has no author, year"),
    "bad-year": (
        "@article{f, author = {A, B}, title = {T}, year = {20x0}}\n",
        r"refs\.bib:1: entry 'f' has year '20x0'",
    ),
    "bad-name": (
        "@article{g, author = {A, B, C, D}, title = {T}, year = {2000}}\n",
        r"refs\.bib:1: entry 'g': .*Too many commas",
    ),
}


def test_error_case_count() -> None:
    assert len(ERRORS) == 9


@pytest.mark.parametrize(("text", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_name_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_bibliography(text, "refs.bib")


def test_others_is_et_al_not_an_author() -> None:
    (entry,) = parse_bibliography("@article{a, author = {Smith, J. and others}, title = {T}, year = {2000}}")
    assert entry.authors == (Person("Smith", "J."),)
    assert entry.et_al


def test_an_entry_without_a_key_is_an_error() -> None:
    text = "@article{,\n  author = {Roe, J},\n  title = {Spinal things},\n  year = {2001}\n}\n"
    with pytest.raises(InputError, match=r"^x\.bib:1: entry has no key"):
        parse_bibliography(text, "x.bib")


def test_keys_that_differ_only_in_case_are_one_key() -> None:
    entry = "@article{{{key},\n  author = {{Roe, J}},\n  title = {{Spinal things {n}}},\n  year = {{2001}}\n}}\n"
    text = entry.format(key="roe2001spinal", n=1) + entry.format(key="Roe2001Spinal", n=2)
    with pytest.raises(InputError, match=r"^x\.bib:6: BibTeX key 'Roe2001Spinal' is 'roe2001spinal' \(line 1\)"):
        parse_bibliography(text, "x.bib")


@pytest.mark.parametrize("written", ["10.9999/p%20q", r"10.9999/p\%20q"])
def test_a_percent_sign_in_a_doi_is_part_of_it(written: str) -> None:
    """In a DOI or URL field ``%`` is a character, not the start of a LaTeX comment."""
    text = "@article{a,\n  author = {Roe, A.},\n  title = {T},\n  year = {2001},\n  doi = {" + written + "}\n}\n"
    (entry,) = parse_bibliography(text, "x.bib")
    assert entry.doi == "10.9999/p%20q"
