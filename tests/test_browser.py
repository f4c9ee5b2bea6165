"""Evidence pages in a real browser: headless Chromium renders them, runs the filter script, and takes a screenshot.

Debian's ``chromium`` package is the browser (``.ci/run`` installs it where it is missing). On a
machine without it the tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.pages import article_page

from .pages import Page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no chromium on this machine (apt-get install chromium)"
)


def chromium(page: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a page file, with nothing reached but that file."""
    assert CHROMIUM is not None, "CI runs the browser tests: install Debian's chromium package"
    profile = page.parent / "profile"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--hide-scrollbars", f"--user-data-dir={profile}", "--virtual-time-budget=3000", *options, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def rendered_dom(store: Path, page: Path) -> str:
    """The DOM Chromium renders from the evidence page of ``store``, written to ``page``, once its script ran."""
    page.write_text(article_page(store), encoding="utf-8")
    done = chromium(page, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_page_renders_and_its_filters_work_in_chromium(built_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    dom = rendered_dom(built_store, page)
    assert 'data-filters="ready"' in dom  # the script ran: the Content-Security-Policy allows it
    assert '<form id="filters">' in dom  # and showed the filters it hides without JavaScript
    assert "63 of 63 claims shown" in dom
    rendered = Page(dom)
    assert len(rendered.sentences) == 63
    assert [level for level, _ in rendered.headings].count(1) == 1
    shot = tmp_path / "page.png"
    done = chromium(page, f"--screenshot={shot}", "--window-size=1280,1800")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a page with text on it, not a blank one


def test_a_hostile_page_runs_none_of_its_own_markup(hostile_store: Path, tmp_path: Path) -> None:
    dom = rendered_dom(hostile_store, tmp_path / "hostile.html")
    rendered = Page(dom)
    assert rendered.tags["title"]
    assert "pwned" not in dom.split("</title>")[0]
    assert len(rendered.scripts) == 1
    assert "img" not in rendered.tags
    assert "b" not in rendered.tags
    assert 'data-filters="ready"' in dom
    assert len([i for i in rendered.ids if i.startswith("ref-")]) == 2000
    assert any(t.startswith('A quote " onmouseover="alert(1)" x=" must not break') for t in rendered.sentences.values())
