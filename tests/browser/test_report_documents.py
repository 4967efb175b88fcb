"""Reports a PM can send: nothing fetched from the network, a real title, charts that say
why they are missing, --standalone, and A4 PDFs (the status report on two pages)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pmtools.report.pdf import pdf_pages
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.browser

EXAMPLE_DIRS = sorted(p for p in EXAMPLES.iterdir() if (p / "project.yaml").is_file())
#: A script or style sheet fetched from anywhere but the report's own folder.
NETWORK = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The status and schedule reports of every example, with PDFs (one batch run)."""
    from pmtools.report.batch import build_reports

    out = tmp_path_factory.mktemp("printed")
    summary = build_reports(EXAMPLE_DIRS, out, notebooks=("status", "schedule"), pdf=True, jobs=2)
    assert not summary["failed"], summary
    return out


@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_the_status_report_prints_on_two_a4_pages(printed: Path, example: Path):
    data = (printed / example.name / "status.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert pdf_pages(data) == 2
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert len(boxes) == 2
    assert all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)  # A4 in pt
    schedule = (printed / example.name / "schedule.pdf").read_bytes()
    assert pdf_pages(schedule) >= 1


@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_report_pages_fetch_nothing_and_have_a_title(printed: Path, example: Path):
    for page in sorted((printed / example.name).glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not NETWORK.findall(text), page.name
        assert "require.min.js" not in text and "MathJax.js" not in text  # nbconvert's, plotly's
        title = re.search(r"<title>(.*?)</title>", text).group(1)
        report = {
            "status.html": ("Status report", "状态报告"),
            "schedule.html": ("Schedule", "进度"),
        }
        assert title.split(" · ")[0] in report[page.name]
        assert title.endswith(" · 2026-11-20") and title.count(" · ") == 2
    assert '<html lang="zh"' in (printed / "erp-upgrade-cn" / "status.html").read_text()


def test_a_report_mailed_on_its_own_says_why_its_charts_are_missing(
    page: Page, offline, printed: Path, tmp_path
):  # type: ignore[no-untyped-def]
    alone = tmp_path / "mail" / "status.html"
    alone.parent.mkdir()
    shutil.copy(printed / "crm-rollout" / "status.html", alone)
    page.goto(alone.as_uri())
    notice = page.locator(".pmtools-no-plotly").first
    expect(notice).to_be_visible()
    assert "plotly.min.js" in notice.inner_text() and "--standalone" in notice.inner_text()
    page.goto((printed / "crm-rollout" / "status.html").as_uri())  # where it was written
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert page.locator(".pmtools-no-plotly").count() == 0


def test_standalone_reports_draw_their_charts_anywhere(page: Page, offline, tmp_path):  # type: ignore[no-untyped-def]
    from pmtools.report.batch import build_reports

    out = tmp_path / "out"
    summary = build_reports(
        [EXAMPLES / "erp-upgrade-cn"], out, notebooks=("status",), standalone=True
    )
    assert not summary["failed"]
    html = (out / "erp-upgrade-cn" / "status.html").read_text(encoding="utf-8")
    assert 'src="../plotly.min.js"' not in html and len(html) > 3_000_000  # plotly.js inside
    alone = tmp_path / "mail" / "status.html"
    alone.parent.mkdir()
    shutil.copy(out / "erp-upgrade-cn" / "status.html", alone)
    page.goto(alone.as_uri())
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert page.locator(".pmtools-no-plotly").count() == 0
    assert offline == []
