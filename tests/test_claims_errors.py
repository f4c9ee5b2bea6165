"""Every claims-file error, end to end through ``kg build``: each problem named, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main

from .conftest import REPORT

CLAIMS = REPORT.with_name("chiang-2013-iscm.claims.yaml")
TEXT = CLAIMS.read_text(encoding="utf-8")


def line_of(fragment: str) -> int:
    return TEXT[: TEXT.index(fragment)].count("\n") + 1


#: name → (text to replace, replacement, expected message fragment)
CASES = {
    "quote-not-verbatim": (
        '"nearly 50% of ISCMs arise from primary lung cancer"',
        '"nearly 50 % of ISCMs arise from primary lung cancer"',
        "claim 'iscm-lung-primary': quote \"nearly 50 % of ISCMs arise from primary lung cancer\" is not verbatim "
        'in any sentence; nearest sentence: "Intramedullary spinal cord metastasis (ISCM) is rare',
    ),
    "quote-in-two-sentences": (
        '"But the three mechanisms about the pathophysiology of metastasis to spinal cord are no clear."',
        '"the spinal cord"',
        "claim 'mechanisms-unclear': quote \"the spinal cord\" occurs 5 times (at 44:431, 44:1136, 44:1326, 44:1373, 44:1595): quote more of it",
    ),
    "cited-number-not-a-marker": (
        "{ref: 9, intent: citesAsEvidence}",
        "{ref: 8, intent: citesAsEvidence}",
        "claim 'iscm-meningeal-carcinomatosis-co-occurrence' cites reference 8, which is not a marker of its quoted "
        "sentence (markers there: 9)",
    ),
    "unknown-concept": (
        "concepts: [iscm, meningeal-carcinomatosis]\n    quantities:\n      - {name: share of ISCM cases",
        "concepts: [iscm, meningeal-carcinomatoss]\n    quantities:\n      - {name: share of ISCM cases",
        "claim 'iscm-meningeal-carcinomatosis-co-occurrence': unknown concept 'meningeal-carcinomatoss' "
        "(did you mean 'meningeal-carcinomatosis'?)",
    ),
    "duplicate-id": (
        "- id: iscm-lung-primary",
        "- id: iscm-share-of-spinal-cord-neoplasms",
        "claim 'iscm-share-of-spinal-cord-neoplasms': id repeated (first on line 9)",
    ),
    "unknown-kind": ("kind: novelty", "kind: news", "unknown kind 'news' (known: epidemiological, diagnostic,"),
    "unknown-intent": ("{ref: 8, intent: citesAsAuthority}", "{ref: 8, intent: citesAsProof}", "unknown intent 'citesAsProof'"),
    "malformed-cite": (
        "{ref: 9, intent: citesAsEvidence}",
        "{ref: [9], intent: citesAsEvidence}",
        "claim 'iscm-meningeal-carcinomatosis-co-occurrence': each cite needs 'ref' (a printed number or reference id)",
    ),
    "min-above-max": (
        "min: 15, max: 55",
        "min: 55, max: 15",
        "quantity 'share of ISCM cases with meningeal carcinomatosis': min 55 is greater than max 15",
    ),
    "unknown-unit": ("{name: total radiation dose, value: 30, unit: gray}", "{name: total radiation dose, value: 30, unit: Gy}",
                     "quantity 'total radiation dose': unknown unit 'Gy'"),
    "bad-vertebral-level": ("{name: laminectomy levels, min: T12,", "{name: laminectomy levels, min: T13,",
                            "quantity 'laminectomy levels': 'T13' is not a vertebral level"),
    "wrong-report": ("report: chiang-2013-iscm", "report: another-report",
                     "claims.yaml:1: claims are for report 'another-report', not 'chiang-2013-iscm'"),
    "repeated-key": ("    kind: literature\n", "    kind: literature\n    kind: literature\n", "key 'kind' repeated"),
    "missing-statement": ("    statement: Most ISCMs are well encapsulated.\n", "", "claim 'iscm-mostly-encapsulated': needs a one-line 'statement'"),
}  # fmt: skip


def test_case_count() -> None:
    assert len(CASES) == 14


@pytest.mark.parametrize("case", CASES)
def test_claims_error(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new, message = CASES[case]
    assert old in TEXT, old
    claims = tmp_path / "claims.yaml"
    claims.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--claims", str(claims), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert f"{claims}:" in err
    assert not out.exists()


def test_problems_are_all_reported_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TEXT.replace("{ref: 9, intent: citesAsEvidence}", "{ref: 8, intent: citesAsEvidence}", 1)
    text = text.replace('"nearly 50% of ISCMs', '"nearly 50 % of ISCMs', 1)
    claims = tmp_path / "claims.yaml"
    claims.write_text(text, encoding="utf-8")
    assert main(["build", "--claims", str(claims), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3, err
    assert err[0].startswith(f"kg: error: {claims}:{line_of('- id: iscm-lung-primary')}: claim 'iscm-lung-primary'")
    assert err[1].startswith(
        f"kg: error: {claims}:{line_of('{ref: 9, intent: citesAsEvidence}')}: claim 'iscm-meningeal"
    )
    assert err[2] == "kg: 2 problem(s); nothing written"


def test_structural_and_text_problems_are_reported_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TEXT.replace(
        '"nearly 50% of ISCMs arise from primary lung cancer"', '"nearly 50 % of ISCMs arise from primary lung cancer"'
    ).replace("    kind: novelty\n", "    kind: noveltyy\n", 1)
    claims = tmp_path / "claims.yaml"
    claims.write_text(text, encoding="utf-8")
    assert main(["build", "--claims", str(claims), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3, err
    assert "claim 'iscm-lung-primary': quote \"nearly 50 % of ISCMs" in err[0]  # in line order
    assert "claim 'first-conus-iscm-from-breast-with-brain-metastasis': unknown kind 'noveltyy'" in err[1]
    assert err[2] == "kg: 2 problem(s); nothing written"
    assert not (tmp_path / "out").exists()


def test_an_item_that_is_not_a_claim_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("report: chiang-2013-iscm\nclaims:\n  - 1\n  - just text\n", encoding="utf-8")
    assert main(["build", "--claims", str(claims), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f"kg: error: {claims}:{n}: each claim must be a mapping (with id, kind, statement, quotes, ...)" for n in (3, 4)
    ]
