from __future__ import annotations

import pytest

from kg.readers.sentences import split_sentences

CASES = {
    "et-al": ("Gasser et al. (2005) reported it. It held.", ["Gasser et al. (2005) reported it.", "It held."]),
    "e.g.": ("Markers, e.g. CK7, were seen. Then more.", ["Markers, e.g. CK7, were seen.", "Then more."]),
    "i.e.": ("Consistent, i.e. CK7 (+), with it. Done.", ["Consistent, i.e. CK7 (+), with it.", "Done."]),
    "decimals": ("It is 0.1–0.4% and 3.9 × 1.4 cm. Next.", ["It is 0.1–0.4% and 3.9 × 1.4 cm.", "Next."]),
    "fig": ("As in Fig. 2 and Figs. 3. Next.", ["As in Fig. 2 and Figs. 3.", "Next."]),
    "initials": ("By J. A. Smith and B. Jones. Next.", ["By J. A. Smith and B. Jones.", "Next."]),
    "bracket-end": (
        "It remains controversial [5]. ISCM can be excised.",
        ["It remains controversial [5].", "ISCM can be excised."],
    ),
    "paren-end": (
        "No epidural tumors (Figure 1). Muscle strength fell.",
        ["No epidural tumors (Figure 1).", "Muscle strength fell."],
    ),
    "lowercase-next": ("It was 5 vs. 2. and more text here.", ["It was 5 vs. 2. and more text here."]),
    "question": ("Is it rare? Yes [1].", ["Is it rare?", "Yes [1]."]),
    "no-final-stop": ("One. Two without stop", ["One.", "Two without stop"]),
    "digit-start": ("Done in 2009. 30 patients were seen.", ["Done in 2009.", "30 patients were seen."]),
}


def test_case_count() -> None:
    assert len(CASES) == 12


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_split(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == expected


def test_offsets_are_shifted_into_the_file() -> None:
    assert split_sentences("  One. Two.", offset=100) == [(102, 106), (107, 111)]
