"""Headless Chromium: reports open offline with charts; JupyterLab edits and saves; Voilà serves."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from pmtools.tables import report_notebooks
from tests.browser.conftest import run_all
from tests.conftest import EXAMPLES, ROOT, report_applies

pytestmark = pytest.mark.browser


#: Reports as a PM gets them from ``pmtools report``: every report notebook of the registry,
#: an English and a Chinese example.
CASES = [("crm-rollout", "en"), ("erp-upgrade-cn", "zh")]


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pmtools.report.batch import build_reports

    out = tmp_path_factory.mktemp("reports")
    for project, language in CASES:
        summary = build_reports([EXAMPLES / project], out / language, language=language)
        assert not summary["failed"], summary
    return out


@pytest.mark.parametrize("notebook", report_notebooks())
@pytest.mark.parametrize(("project", "language"), CASES)
def test_report_opens_offline_with_every_chart_drawn(
    page: Page, offline, reports: Path, tmp_path, notebook, project, language
):  # type: ignore[no-untyped-def]
    if not report_applies(EXAMPLES / project, notebook):
        assert not (reports / language / project / f"{notebook}.html").exists()
        return
    page.goto((reports / language / project / f"{notebook}.html").as_uri())
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert page.locator(".js-plotly-plot:not(:has(.main-svg))").count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body
    heading = {"en": "report", "zh": "报告"}[language]
    assert heading in page.locator("h1").first.inner_text().lower()
    assert not [u for u in offline if "plotly" in u]  # plotly.js came from beside the page
    page.screenshot(path=str(tmp_path / f"{notebook}-{project}.png"), full_page=True)


@pytest.mark.parametrize(("project", "language"), CASES)
def test_status_page_shows_every_rating_and_its_rules(
    page: Page, offline, reports: Path, tmp_path, project, language
):  # type: ignore[no-untyped-def]
    page.goto((reports / language / project / "status.html").as_uri())
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body
    areas = {
        "en": ["Scope", "Schedule", "Cost", "Risk", "Quality"],
        "zh": ["范围", "进度", "成本", "风险", "质量"],
    }
    for area in areas[language]:
        expect(page.get_by_role("cell", name=area, exact=True).first).to_be_visible()
    chips = page.locator("span[style*='border-radius']")
    assert chips.count() == 6  # the overall rating and one per area
    page.get_by_text({"en": "How each rating is set", "zh": "各项评级规则"}[language]).click()
    expect(page.get_by_text("SPI(t)").first).to_be_visible()
    page.screenshot(path=str(tmp_path / f"status-{project}.png"), full_page=True)


def test_lab_schedule_editor_changes_the_finish_and_saves(
    page: Page, lab_url: str, workspace: Path
):
    tasks = workspace / "crm" / "tasks.csv"
    before = tasks.read_text(encoding="utf-8")
    run_all(page, lab_url, "schedule.ipynb", workspace="edit")
    # the schedule notebook ends with two editors: the progress form, then the task editor
    editor = page.locator(".jp-OutputArea .pmtools-editor", has=page.locator(".pmtools-finish"))
    expect(editor).to_be_visible(timeout=90_000)
    progress = page.locator(".jp-OutputArea .pmtools-editor", has_text="Progress at the status")
    expect(progress).to_be_visible(timeout=30_000)
    finish = editor.locator(".pmtools-finish")
    expect(finish).to_contain_text("+0 working days", timeout=30_000)
    editor.locator("select").first.select_option(label="T430 · Hypercare Release 2")
    days = editor.locator(".pmtools-field input").first
    expect(days).to_have_value("10", timeout=10_000)
    days.fill("20")
    days.press("Enter")
    editor.get_by_role("button", name="Apply (what-if)").click()
    expect(finish).to_contain_text("+10 working days", timeout=30_000)
    assert tasks.read_text(encoding="utf-8") == before  # what-if writes nothing
    editor.get_by_role("button", name="Save").click()
    expect(editor.locator(".pmtools-saved")).to_be_visible(timeout=30_000)
    after = tasks.read_text(encoding="utf-8")
    assert after != before
    row = next(line for line in after.splitlines() if line.startswith("T430,"))
    assert ",20," in row
    header = after.splitlines()[0]
    assert header == before.splitlines()[0] and header.endswith(",notes")  # extra column kept
    assert len(after.splitlines()) == len(before.splitlines())
    # the progress form, opened before that save: 10 working days left on the portal
    progress.locator("select").first.select_option(label="T370 · Customer portal for installers")
    left = progress.locator(".pmtools-field input").nth(1)
    expect(left).to_have_value("8", timeout=10_000)  # ceil(29 x 25 %)
    left.fill("10")
    left.press("Enter")
    progress.get_by_role("button", name="Save").click()
    expect(progress.locator(".pmtools-saved")).to_contain_text("were kept", timeout=30_000)
    final = tasks.read_text(encoding="utf-8").splitlines()
    portal = next(line for line in final if line.startswith("T370,"))
    assert ",32," in portal  # 21.75 days done + 10 left
    assert next(line for line in final if line.startswith("T430,")) == row  # the other save


def test_lab_change_editor_assesses_then_approves_and_applies(
    page: Page, lab_url: str, workspace: Path
):
    tasks = workspace / "crm" / "tasks.csv"
    changes = workspace / "crm" / "changes.csv"
    run_all(page, lab_url, "change.ipynb")
    editor = page.locator(".jp-OutputArea .pmtools-editor")
    expect(editor).to_be_visible(timeout=120_000)
    editor.locator("select").first.select_option(
        label="CR-07 · Warranty claims in the installer portal"
    )
    expect(editor.locator(".pmtools-title input")).to_have_value(
        "Warranty claims in the installer portal", timeout=10_000
    )
    before = tasks.read_text(encoding="utf-8")
    editor.get_by_role("button", name="Assess (what-if)").click()
    expect(editor.locator(".pmtools-impact")).to_contain_text("(+12 working days)", timeout=60_000)
    assert tasks.read_text(encoding="utf-8") == before  # what-if writes nothing
    editor.get_by_role("button", name="Approve and apply").click()  # no approver yet
    expect(editor.locator(".pmtools-problems")).to_contain_text("needs the approver")
    assert tasks.read_text(encoding="utf-8") == before
    editor.locator(".pmtools-approver input").fill("Steering committee")
    editor.locator(".pmtools-approver input").press("Enter")
    editor.get_by_role("button", name="Approve and apply").click()
    expect(editor.locator(".pmtools-saved")).to_be_visible(timeout=60_000)
    row = next(
        line for line in tasks.read_text(encoding="utf-8").splitlines() if line.startswith("T375,")
    )
    assert "Warranty claims in the installer portal" in row
    decided = next(
        line
        for line in changes.read_text(encoding="utf-8").splitlines()
        if line.startswith("CR-07,")
    )
    assert ",implemented," in decided and ",Steering committee," in decided
    page.screenshot(path=str(workspace / "change-editor.png"), full_page=True)


def test_lab_comment_search_filters_as_you_type(page: Page, lab_url: str, tmp_path: Path):
    run_all(page, lab_url, "feedback.ipynb")
    search = page.locator(".jp-OutputArea .pmtools-search")
    expect(search).to_be_visible(timeout=90_000)
    found = search.locator(".pmtools-found")
    expect(found).to_contain_text("37 comment(s)", timeout=30_000)
    search.locator("input[type=text]").first.fill("photo upload")
    expect(found).to_contain_text("2 comment(s)", timeout=30_000)
    expect(search.get_by_text("failed twice in a basement")).to_be_visible()
    search.get_by_text("detractors only").click()
    expect(found).to_contain_text("1 comment(s)", timeout=30_000)
    search.screenshot(path=str(tmp_path / "comment-search.png"))


def test_lab_plan_editor_records_a_send(page: Page, lab_url: str, workspace: Path, tmp_path: Path):
    plan = workspace / "crm" / "communications.csv"
    run_all(page, lab_url, "stakeholders.ipynb")
    tabs = page.locator(".jp-OutputArea .lm-TabBar-tab", has_text="Communication plan")
    expect(tabs).to_be_visible(timeout=90_000)
    tabs.click()
    editor = page.locator(".jp-OutputArea .pmtools-editor", has_text="Record a send")
    editor.locator("select").first.select_option(
        label="C03 · Works council consultation: Service Cloud reporting and agent presence (R01)"
    )
    editor.get_by_role("button", name="Mark as sent").click()
    expect(editor.locator(".pmtools-saved")).to_be_visible(timeout=30_000)
    editor.screenshot(path=str(tmp_path / "plan-editor.png"))
    row = next(
        line for line in plan.read_text(encoding="utf-8").splitlines() if line.startswith("C03,")
    )
    assert dt.date.today().isoformat() in row


def _editor(page: Page, lab_url: str, notebook: str) -> Locator:
    """Run every cell of ``notebook``; its first editor once it shows."""
    run_all(page, lab_url, f"{notebook}.ipynb")
    editor = page.locator(".jp-OutputArea .pmtools-editor").first
    expect(editor).to_be_visible(timeout=120_000)
    return editor


def test_lab_document_and_incident_forms_save(page: Page, lab_url: str, workspace: Path):
    documents = workspace / "crm" / "documents.csv"
    editor = _editor(page, lab_url, "documents")
    editor.locator("select").first.select_option(label="DOC-09 v1.0 · Test strategy and test plan")
    editor.get_by_role("button", name="Reviewed today").click()
    expect(editor.locator(".pmtools-saved")).to_be_visible(timeout=60_000)
    row = next(
        line
        for line in documents.read_text(encoding="utf-8").splitlines()
        if line.startswith("DOC-09,")
    )
    assert f",{dt.date.today().isoformat()}," in row
    page.screenshot(path=str(workspace / "documents-editor.png"), full_page=True)
    incidents = workspace / "crm" / "incidents.csv"
    editor = _editor(page, lab_url, "emergency")
    editor.locator("select").first.select_option(
        label="INC-06 · Sandbox refresh wiped installer portal test data"
    )
    editor.get_by_role("button", name="Restored now").click()
    expect(editor.locator(".pmtools-saved")).to_be_visible(timeout=60_000)
    row = next(
        line
        for line in incidents.read_text(encoding="utf-8").splitlines()
        if line.startswith("INC-06,")
    )
    assert f",{dt.date.today().isoformat()} " in row  # the end time: now
    page.screenshot(path=str(workspace / "emergency-editor.png"), full_page=True)


def test_voila_serves_the_risk_editor(page: Page, voila_url: str):
    page.goto(voila_url)
    expect(page.locator(".pmtools-editor")).to_be_visible(timeout=90_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)


def test_portfolio_index_and_a_project_report_open_offline(page: Page, offline, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "reports"
    subprocess.run(
        [sys.executable, "-m", "pmtools", "report", str(EXAMPLES / "crm-rollout"),
         str(EXAMPLES / "erp-upgrade-cn"), "--out", str(out), "--notebooks", "status,schedule"],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    page.goto((out / "index.html").as_uri())
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert page.locator(".js-plotly-plot").count() == 2  # milestones and risk against value
    health = page.locator("table").first
    assert health.locator("tbody tr").count() == 2
    heads = health.locator("thead th").all_inner_texts()
    column = heads.index("Needs attention now") + 1
    for row in health.locator("tbody tr").all():  # both projects have items needing action
        cell = row.locator(f"td:nth-child({column})").inner_text()
        assert cell.strip() and "(+" in cell, cell
    expect(page.get_by_text("Brenner CRM rollout").first).to_be_visible()
    links = page.locator("td.links a")
    assert links.count() == 4
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        assert href.startswith("file:") and (out / href.split("/reports/")[1]).is_file()
    page.locator("td.links a").first.click()  # the status report of the first project
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert "Traceback" not in page.inner_text("body")
    assert not [u for u in offline if "plotly" in u]  # plotly.js came from beside the page
    page.screenshot(path=str(tmp_path / "portfolio.png"), full_page=True)
