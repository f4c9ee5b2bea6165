"""Make ``docs/evidence-page.png``, the README's picture of the bundled report's evidence page.

Headless Chromium (Debian's ``chromium``) renders the page ``kg page`` writes; the picture is its
head (title, authors, identifiers, contents) above its first paragraph with a cited claim, and
the claim cards that follow. Run from the project root after ``kg build``::

    python docs/screenshot.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from kg.pages import article_page

#: The background of a cited claim's quote (``--cited`` in the page's stylesheet).
CITED = (255, 241, 166)
WIDTH, HEAD, BODY = 1100, 300, 980


def main() -> None:
    """Render, screenshot and crop the page into ``docs/evidence-page.png``."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("docs/screenshot.py: needs Debian's chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        page, shot = Path(folder) / "page.html", Path(folder) / "page.png"
        page.write_text(article_page("build/oxigraph"), encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={folder}/profile", f"--window-size={WIDTH},14000", f"--screenshot={shot}",
                        page.as_uri()], check=True, capture_output=True)  # fmt: skip
        image = Image.open(shot).convert("RGB")
        pixels = image.load()
        top = next(y for y in range(HEAD, image.height) if any(pixels[x, y] == CITED for x in range(0, WIDTH, 4)))
        start = max(HEAD, top - 90)  # from the heading of that section
        picture = Image.new("RGB", (WIDTH, HEAD + BODY), "white")
        picture.paste(image.crop((0, 0, WIDTH, HEAD)), (0, 0))
        picture.paste(image.crop((0, start, WIDTH, start + BODY)), (0, HEAD))
        picture.save("docs/evidence-page.png", optimize=True)


if __name__ == "__main__":
    main()
