from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.markers import find_markers

CASES = {
    "single": ("see [1].", ["[1]"], [(1,)]),
    "pair": ("quality of life [6,7].", ["[6,7]"], [(6, 7)]),
    "pair-space": ("studies [12, 13].", ["[12, 13]"], [(12, 13)]),
    "hyphen-range": ("many [4-9].", ["[4-9]"], [(4, 5, 6, 7, 8, 9)]),
    "en-dash-range": ("many [4–9].", ["[4–9]"], [(4, 5, 6, 7, 8, 9)]),
    "mixed": ("mixed [1,3-5].", ["[1,3-5]"], [(1, 3, 4, 5)]),
    "run": ("a run [4]–[7] here.", ["[4]–[7]"], [(4, 5, 6, 7)]),
    "semicolon": ("a list [2; 5].", ["[2; 5]"], [(2, 5)]),
    "two-markers": ("one [11] and two [12,13].", ["[11]", "[12,13]"], [(11,), (12, 13)]),
    "not-a-marker": ("a [sic] remark and [a]", [], []),
    "duplicate-number": ("dup [3,3].", ["[3,3]"], [(3,)]),
}


def test_case_count() -> None:
    assert len(CASES) == 11


@pytest.mark.parametrize(("text", "markers", "numbers"), CASES.values(), ids=CASES.keys())
def test_markers(text: str, markers: list[str], numbers: list[tuple[int, ...]]) -> None:
    found = find_markers(text)
    assert [text[a:b] for a, b, _ in found] == markers
    assert [n for _, _, n in found] == numbers


def test_backwards_range_is_an_error() -> None:
    with pytest.raises(InputError, match=r"\[9-4\] has a range that runs backwards"):
        find_markers("bad [9-4].")
