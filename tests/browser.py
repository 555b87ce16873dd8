"""Headless Chromium for the tests of printed HTML and of its accessibility (axe-core)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "chromium"
#: axe-core's rules run: WCAG 2.0, 2.1 and 2.2 A and AA, and the best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [CHROMIUM, "--headless", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", f"--user-data-dir={profile}", *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def print_to_pdf(page: Path, pdf: Path) -> Path:
    """The page printed as a browser prints it (A4 from the page's own @page rules), without
    the browser's own header and footer."""
    _chromium(pdf.parent / "chromium-profile", "--no-pdf-header-footer",
              f"--print-to-pdf={pdf}", page.resolve().as_uri())
    return pdf


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_height: float

    def overlaps(self, other: Word) -> bool:
        return self.page == other.page and self.x_min < other.x_max and \
            other.x_min < self.x_max and self.y_min < other.y_max and other.y_min < self.y_max


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its page and box, read by `pdftotext -bbox`."""
    import html
    import re

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page [^>]*>.*?</page>", out, re.S), start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">(.*?)</word>', page):
            x0, y0, x1, y1 = map(float, match.group(1, 2, 3, 4))
            found.append(Word(html.unescape(match.group(5)), number, x0, y0, x1, y1, height))
    return found


def axe_violations(page: Path, folder: Path) -> list[dict[str, object]]:
    """axe-core's violations on `page`: a copy of it with axe added is loaded in headless
    Chromium, which runs every rule of AXE_TAGS and writes the result into the page."""
    from importlib.resources import files

    axe = files("axe_core_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS},
                          "resultTypes": ["violations"]})
    script = (
        f"<script>{axe}</script><script>axe.run(document, {options}).then(function (r) {{"
        "var out = document.createElement('pre'); out.id = 'axe-result';"
        "out.textContent = JSON.stringify(r.violations.map(function (v) {"
        "return {id: v.id, help: v.help, nodes: v.nodes.map(function (n) {"
        "return n.target.join(' '); })}; }));"
        "document.documentElement.appendChild(out); }, function (e) {"
        "var out = document.createElement('pre'); out.id = 'axe-result';"
        "out.textContent = JSON.stringify([{id: 'axe-error', help: String(e)}]);"
        "document.documentElement.appendChild(out); });</script>")
    text = page.read_text(encoding="utf-8")
    copy = folder / f"axe-{page.name}"
    copy.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")
    dom = _chromium(folder / "chromium-profile", "--virtual-time-budget=30000", "--dump-dom",
                    copy.resolve().as_uri()).stdout
    import html
    import re

    result = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    assert result is not None, "axe did not run in Chromium"
    violations: list[dict[str, object]] = json.loads(html.unescape(result.group(1)))
    return violations
