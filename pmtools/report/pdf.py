"""Reports as A4 PDF: each report HTML printed by headless Chromium with the print stylesheet.

The page is laid out at the printable width of A4 (so plotly draws every chart to
fit the page), waits for the charts, then prints with Chromium's footer: the
project name and "page N / M". Chinese reports print in the CJK fonts of the
stylesheet (Noto Sans CJK on Linux: fonts-noto-cjk). One browser serves a whole
batch run.

Chromium is the system's (``chromium``, ``chromium-browser``, ``google-chrome``;
``PMTOOLS_CHROMIUM`` names another) or Playwright's own download; without any,
``PdfUnavailable`` says in one line what to install.
"""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pmtools.errors import PmtoolsError
from pmtools.i18n import t
from pmtools.render import escape

__all__ = ["PdfPrinter", "PdfUnavailable", "find_chromium", "pdf_pages"]

#: A4 at 96 dpi minus the stylesheet's 11 mm side margins, in CSS pixels.
PRINT_WIDTH = 710
#: Pages are laid out this much wider and printed scaled down to fit: a report reads at
#: 10 pt and a status report fits on two pages.
SCALE = 0.72

#: A4's printable height (297 mm less the 12 + 14 mm margins) in CSS pixels, and the
#: height a chart may take of it at ``SCALE`` (room left above it for its heading and a
#: sentence).
PRINT_HEIGHT = 1024
CHART_HEIGHT = round(PRINT_HEIGHT / SCALE) - 200

#: Each chart drawn once more as a picture (vector SVG) at the width it has on the page
#: (plotly redraws responsive charts when Chromium lays the page out for print, and a
#: chart caught mid-redraw prints blank), no taller than a page; then each heading kept
#: on the page of the table or chart below it.
_FREEZE_CHARTS = """
async (tallest) => {
  if (!window.Plotly) { return 0; }
  const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
  for (const gd of charts) {
    const width = gd.offsetWidth, height = gd.offsetHeight;
    const url = await window.Plotly.toImage(gd, {format: 'svg', width: width, height: height});
    const img = new Image();
    img.className = 'pmtools-chart';
    img.style.width = 'auto';
    img.style.height = 'auto';
    img.style.maxWidth = '100%';
    img.style.maxHeight = tallest + 'px';  // a tall Gantt chart shrinks to one page
    img.style.display = 'block';
    await new Promise((done) => { img.onload = done; img.onerror = done; img.src = url; });
    const holder = gd.parentElement;  // plotly's wrapper keeps the figure's height
    gd.replaceWith(img);
    if (holder && holder.style.height) { holder.style.height = 'auto'; }
  }
  // a heading stays on the page of what follows it: each cell showing a heading is kept
  // together with the next cell (the table or chart of its section)
  const cells = Array.from(document.querySelectorAll('.jp-Cell'));
  for (let i = 0; i < cells.length - 1; i++) {
    const cell = cells[i], next = cells[i + 1];
    if (!cell.querySelector('h1, h2, h3, h4') || cell.parentNode !== next.parentNode) { continue; }
    const keep = document.createElement('div');
    keep.className = 'pmtools-keep';
    keep.style.breakInside = 'avoid';
    cell.parentNode.insertBefore(keep, cell);
    keep.appendChild(cell);
    keep.appendChild(next);
  }
  return charts.length;
}
"""
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailable(PmtoolsError):
    """No Chromium to print with; ``str()`` is one line saying what to install."""

    def __str__(self) -> str:
        return t("report.pdf.no_chromium")


def find_chromium() -> str | None:
    """The Chromium executable to use, or None for Playwright's own download.

    Raises PdfUnavailable when Playwright is not installed, or when there is
    neither a system Chromium nor Playwright's.
    """
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise PdfUnavailable() from None
    named = os.environ.get("PMTOOLS_CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise PdfUnavailable()
        return named
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found

    def downloaded() -> bool:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            return Path(p.chromium.executable_path).is_file()

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API refuses a running event loop
        if not pool.submit(downloaded).result():
            raise PdfUnavailable()
    return None


def pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF (``/Type /Page`` objects; Chromium's PDFs are plain)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


class PdfPrinter:
    """One headless Chromium printing report pages to A4 PDF; ``close()`` when done.

    The browser lives in a thread of its own: Playwright's sync API cannot run where an
    event loop runs (a Jupyter kernel, pytest-playwright), and the batch runner's
    callbacks come from whatever thread finished a project.
    """

    def __init__(self) -> None:
        executable = find_chromium()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="pmtools-pdf")
        try:
            self._pool.submit(self._start, executable).result()
        except BaseException:
            self._pool.shutdown()
            raise

    def _start(self, executable: str | None) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )

    def print_pdf(self, source: Path, target: Path, *, footer: str | None = None) -> int:
        """Print the HTML file ``source`` to ``target`` (A4); return the number of pages.

        ``footer``: the text left of the page number (default: the project from the
        page's title, the part after the first " · ").
        """
        pages: int = self._pool.submit(self._print, source, target, footer).result()
        return pages

    def _print(self, source: Path, target: Path, footer: str | None) -> int:
        from pmtools.tables.files import atomic_write_bytes

        width = round(PRINT_WIDTH / SCALE)
        page: Any = self._browser.new_page(viewport={"width": width, "height": 1200})
        try:
            page.emulate_media(media="print")
            page.goto(source.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "() => !window.Plotly || Array.from(document.querySelectorAll("
                "'.plotly-graph-div')).every(d => d.querySelector('.main-svg'))",
                timeout=30_000,
            )
            page.evaluate(_FREEZE_CHARTS, CHART_HEIGHT)
            title = page.title()
            if footer is None:
                parts = title.split(" · ")
                footer = parts[1] if len(parts) > 1 else title
            template = (
                '<div style="font-size:8px;width:100%;padding:0 11mm;color:#566573;'
                "font-family:'Noto Sans','Noto Sans CJK SC',sans-serif;display:flex;"
                'justify-content:space-between"><span>'
                f"{escape(footer)}</span><span>"
                '<span class="pageNumber"></span> / <span class="totalPages"></span>'
                "</span></div>"
            )
            data: bytes = page.pdf(
                format="A4",
                scale=SCALE,
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=template,
            )
        finally:
            page.close()
        atomic_write_bytes(target, data)
        return pdf_pages(data)

    def close(self) -> None:
        self._pool.submit(self._stop).result()
        self._pool.shutdown()

    def _stop(self) -> None:
        try:
            self._browser.close()
        finally:
            self._playwright.stop()
