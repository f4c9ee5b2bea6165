from __future__ import annotations

import itertools
import re

import pytest

from kg.errors import InputError
from kg.readers.markers import MAX_DIGITS, expand, find_markers, first_unprinted, scan_brackets

PRINTED = list(range(1, 20))

CASES = {
    "single": ("see [1].", ["[1]"], [(1,)]),
    "pair": ("quality of life [6,7].", ["[6,7]"], [(6, 7)]),
    "pair-space": ("studies [12, 13].", ["[12, 13]"], [(12, 13)]),
    "hyphen-range": ("many [4-9].", ["[4-9]"], [(4, 5, 6, 7, 8, 9)]),
    "en-dash-range": ("many [4–9].", ["[4–9]"], [(4, 5, 6, 7, 8, 9)]),
    "em-dash-range": ("many [4—6].", ["[4—6]"], [(4, 5, 6)]),
    "mixed": ("mixed [1,3-5].", ["[1,3-5]"], [(1, 3, 4, 5)]),
    "run": ("a run [4]–[7] here.", ["[4]–[7]"], [(4, 5, 6, 7)]),
    "semicolon": ("a list [2; 5].", ["[2; 5]"], [(2, 5)]),
    "two-markers": ("one [11] and two [12,13].", ["[11]", "[12,13]"], [(11,), (12, 13)]),
    "not-a-marker": ("a [sic] remark and [a], [ ], [-], [1.5] and [1a]", [], []),
    "duplicate-number": ("dup [3,3].", ["[3,3]"], [(3,)]),
    "wrapped": ("wrapped [6,\n7].", ["[6,\n7]"], [(6, 7)]),
    "escaped": (r"in \[2013] and [2]", ["[2]"], [(2,)]),
    "escaped-backslash": (r"a literal backslash \\[2]", ["[2]"], [(2,)]),
    "escaped-run-start": (r"\[4]–[7]", ["[7]"], [(7,)]),
    "inner-bracket": ("[see [1]]", ["[1]"], [(1,)]),
}


def test_case_count() -> None:
    assert len(CASES) == 17


@pytest.mark.parametrize(("text", "markers", "numbers"), CASES.values(), ids=CASES.keys())
def test_markers(text: str, markers: list[str], numbers: list[tuple[int, ...]]) -> None:
    found = find_markers(text, PRINTED)
    assert [text[a:b] for a, b, _ in found] == markers
    assert [n for _, _, n in found] == numbers


MALFORMED = ["[1,,2]", "[1-]", "[,3]", "[1 2]", "[2-3-4]", "[1,]", "[-1]", "[1;;2]", "[1 -- 2]", "[1, 2 3]"]


@pytest.mark.parametrize("marker", MALFORMED)
def test_malformed_citation_like_brackets_are_errors(marker: str) -> None:
    with pytest.raises(InputError, match=rf"citation marker {re.escape(marker)} is malformed: .*\(write \\"):
        find_markers(f"see {marker}.", PRINTED)


def test_backwards_range_is_an_error() -> None:
    with pytest.raises(InputError, match=r"\[9-4\] has a range that runs backwards"):
        find_markers("bad [9-4].", PRINTED)
    with pytest.raises(InputError, match=r"\[7\]–\[4\] has a range that runs backwards"):
        find_markers("bad [7]–[4].", PRINTED)


def test_unprinted_number_is_an_error() -> None:
    with pytest.raises(InputError, match=r"citation marker \[1-99\] cites reference 20, which is not printed"):
        find_markers("too far [1-99].", PRINTED)


def test_too_many_digits_is_an_error() -> None:
    marker = f"[{'9' * (MAX_DIGITS + 1)}]"
    [bracket] = scan_brackets(marker)
    assert bracket.problem == f"citation marker {marker} has a number of more than {MAX_DIGITS} digits"
    assert scan_brackets("[" + "9" * 5000 + "]")[0].problem  # no int() of a huge digit string


def test_ranges_are_checked_before_they_are_expanded() -> None:
    """The work is bounded by the printed list, not by the numbers in the marker."""
    assert first_unprinted([(1, 999_999_999)], range(1, 14)) == 14
    assert first_unprinted([(1, 999_999_999)], [1, 999_999_999]) == 2
    assert first_unprinted([(5, 5), (1, 3)], [1, 2, 3, 5]) is None
    assert first_unprinted([(1, 4)], [1, 2, 3, 5]) == 4
    assert first_unprinted([(0, 0)], [1]) == 0
    assert expand([(3, 5), (1, 1), (4, 4)], PRINTED) == (3, 4, 5, 1)
    with pytest.raises(InputError, match="reference 20 is cited but not printed"):
        expand([(1, 10**12)], PRINTED)


# --- the class, not just examples: every short bracket of the citation alphabet ---

_ALPHABET = "12,;-– "
_RANGE = re.compile(r"(\d+)\s*[-–—]\s*(\d+)")


def _oracle(content: str) -> tuple[tuple[int, int], ...] | None:
    """A second, independent reading of the grammar: None when the content is malformed."""
    ranges = []
    for part in re.split("[,;]", content):
        part = part.strip()
        if part.isdigit():
            ranges.append((int(part), int(part)))
        elif (match := _RANGE.fullmatch(part)) is not None:
            ranges.append((int(match.group(1)), int(match.group(2))))
        else:
            return None
    return tuple(ranges)


def _contents() -> list[str]:
    return ["".join(chars) for size in range(1, 6) for chars in itertools.product(_ALPHABET, repeat=size)]


def test_every_citation_like_bracket_is_a_marker_or_a_reported_problem() -> None:
    checked = 0
    for content in _contents():
        text = f"x [{content}] y"
        found = scan_brackets(text)
        if not any(c.isdigit() for c in content):
            assert found == [], content
            continue
        checked += 1
        assert len(found) == 1, content
        bracket = found[0]
        assert (bracket.start, bracket.end, bracket.text) == (2, len(text) - 2, f"[{content}]")
        expected = _oracle(content)
        if expected is None or any(last < first for first, last in expected):
            assert bracket.problem is not None, content
            assert bracket.ranges == (), content
        else:
            assert bracket.problem is None, content
            assert bracket.ranges == expected, content
    assert checked > 10_000


def test_every_escaped_citation_like_bracket_is_text() -> None:
    for content in _contents():
        assert scan_brackets(f"x \\[{content}] y") == [], content


@pytest.mark.parametrize("digits", ["١", "١٢", "１", "߁"], ids=["arabic-indic", "arabic-indic-12", "fullwidth", "nko"])
def test_digits_of_other_scripts_are_text_not_citations(digits: str) -> None:
    text = f"a scale [{digits}] and a citation [1]."
    start = text.index("[1]")
    assert find_markers(text, PRINTED) == [(start, start + 3, (1,))]
