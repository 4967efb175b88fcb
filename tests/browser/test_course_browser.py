"""A learner answers an exercise in JupyterLab through the answer box; the answer is saved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import run_all
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_lab_learner_answers_through_the_answer_box(page: Page, lab_url: str, workspace: Path):
    course = workspace / "course"
    course.mkdir(exist_ok=True)
    shutil.copy(ROOT / "notebooks/training/en/02-critical-path.ipynb", course)
    run_all(page, lab_url, "course/02-critical-path.ipynb", workspace="course")
    box = page.locator(".pmtools-answer", has_text="02.duration")
    expect(box).to_be_visible(timeout=90_000)
    field = box.locator("input")
    field.fill("13")
    box.get_by_role("button", name="Check").click()
    feedback = box.locator(".pmtools-answer-feedback")
    expect(feedback).to_contain_text("Not yet.", timeout=30_000)
    expect(feedback).to_contain_text("Hint: Do the forward pass")
    field.fill("14")
    box.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("Right.", timeout=30_000)
    # Enter in the box checks the answer as the button does
    early = page.locator(".pmtools-answer", has_text="02.early-start")
    early.locator("input").fill("11")
    early.locator("input").press("Enter")
    expect(early.locator(".pmtools-answer-feedback")).to_contain_text("Right.", timeout=30_000)
    # a multi-select says how to pick several
    critical = page.locator(".pmtools-answer", has_text="02.critical")
    expect(critical).to_contain_text("Pick several with Ctrl-click (Cmd-click on a Mac).")
    saved = json.loads((course / ".pmtools-progress.json").read_text(encoding="utf-8"))
    record = saved["lessons"]["02-critical-path"]["02.duration"]
    assert (record["answer"], record["correct"]) == (14.0, True)
    assert [a["answer"] for a in record["attempts"]] == [13.0, 14.0]  # each attempt once
    assert saved["lessons"]["02-critical-path"]["02.early-start"]["answer"] == 11.0


def test_lab_chinese_lesson_answers_in_chinese_every_time(
    page: Page, lab_url: str, workspace: Path
):
    """The feedback of a zh lesson stays Chinese on the second and later checks (a widget's
    callback ran without the lesson's language and answered "Right." in English)."""
    course = workspace / "course-zh"
    course.mkdir(exist_ok=True)
    shutil.copy(ROOT / "notebooks/training/zh/02-critical-path.ipynb", course)
    run_all(page, lab_url, "course-zh/02-critical-path.ipynb", workspace="course-zh")
    box = page.locator(".pmtools-answer", has_text="02.duration")
    expect(box).to_be_visible(timeout=90_000)
    field, feedback = box.locator("input"), box.locator(".pmtools-answer-feedback")
    field.fill("13")
    field.press("Enter")
    expect(feedback).to_contain_text("还不对。", timeout=30_000)
    field.fill("14 天")  # with the unit, as a PM writes it
    field.press("Enter")
    expect(feedback).to_contain_text("正确。", timeout=30_000)
    other = page.locator(".pmtools-answer", has_text="02.float")
    other.locator("input").fill("2")
    other.locator("input").press("Enter")
    expect(other.locator(".pmtools-answer-feedback")).to_contain_text("正确。", timeout=30_000)
