"""Rendering, report sections and editors, without a browser."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import pmtools
from pmtools import render, report, widgets
from pmtools.risk import risk_register
from tests.conftest import EXAMPLES

HOSTILE = "<img src=x onerror=alert(1)> *bold* =SUM(A1)"


def test_markdown_escapes_user_text():
    text = render.md("report.schedule.title", name=HOSTILE)._repr_markdown_()
    assert "<img" not in text and "&lt;img" in text
    assert "\\*bold\\*" in text


def test_table_escapes_cells_translates_codes_and_formats(monkeypatch):
    pmtools.set_language("zh")
    try:
        frame = pd.DataFrame(
            {
                "name": [HOSTILE],
                "status": ["in_progress"],
                "emv": [1234.5],
                "due": [pd.Timestamp("2026-03-02")],
            },
            index=["T1"],
        )
        html = render.table(
            frame,
            {
                "name": "col.name",
                "status": "col.status",
                "emv": "col.emv",
                "due": "col.response_due",
            },
            formats={"emv": "{:,.0f}"},
            index="col.id",
        )._repr_html_()
    finally:
        pmtools.set_language("en")
    assert "<img" not in html and "&lt;img" in html
    assert "进行中" in html and "1,234" in html and "2026-03-02" in html and ">T1<" in html
    assert render.table(frame.iloc[0:0], {"name": "col.name"})._repr_markdown_() == "_None._"


def test_interactive_follows_the_jupyter_server(monkeypatch):
    for name in ("PMTOOLS_INTERACTIVE", "JPY_SESSION_NAME", "VOILA_REQUEST_URL", "VOILA_KERNEL_ID"):
        monkeypatch.delenv(name, raising=False)
    assert not widgets.interactive()
    monkeypatch.setenv("JPY_SESSION_NAME", "schedule.ipynb")
    assert widgets.interactive()
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    assert not widgets.interactive()


def test_locate_walks_up_to_the_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent / "notebooks")
    assert report.locate("examples/crm-rollout") == EXAMPLES / "crm-rollout"


@pytest.fixture
def crm(tmp_path):
    folder = tmp_path / "crm"
    shutil.copytree(EXAMPLES / "crm-rollout", folder)
    return pmtools.load_project(folder)


def test_editors_are_absent_in_batch_runs(crm, monkeypatch):
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    assert widgets.schedule_editor(crm) is None
    assert widgets.risk_editor(crm) is None


def test_schedule_editor_previews_then_saves(crm):
    editor = widgets.ScheduleEditor(crm)
    before = (crm.path / "tasks.csv").read_text()
    editor.task.value = "T430"
    editor.duration.value = 20
    assert editor.preview() is not None
    assert "+10" in editor.finish.value
    assert (crm.path / "tasks.csv").read_text() == before
    editor.predecessors.value = "T430"  # a loop onto itself
    assert editor.write() is None
    assert "cannot be its own predecessor" in editor.message.value
    assert (crm.path / "tasks.csv").read_text() == before
    editor.predecessors.value = "T420"
    saved = editor.write()
    assert saved is not None and saved.tasks.loc["T430", "duration"] == 20
    assert "Saved tasks.csv" in editor.message.value


def test_risk_editor_adds_a_risk(crm):
    editor = widgets.RiskEditor(crm)
    editor.risk.value = editor._NEW
    editor.title.value = HOSTILE
    editor.probability.value, editor.impact.value = 4, 5
    editor.strategy.value = "mitigate"
    project = editor.write()
    assert project is not None and project.risks is not None
    added = project.risks[project.risks["title"] == HOSTILE]
    assert len(added) == 1 and added.iloc[0]["probability"] == 4
    header = (crm.path / "risks.csv").read_text().splitlines()[0]
    assert header.startswith("id,title,type")


def test_requirement_editor_captures_a_requirement(crm):
    editor = widgets.RequirementEditor(crm)
    editor.requirement.value = editor._NEW
    editor.title.value = "Export quotes as PDF"
    editor.priority.value, editor.value.value, editor.effort.value = "should", 7, 3
    editor.tasks.value = "NOPE"
    assert editor.write() is None  # unknown task: nothing written
    assert "NOPE" in editor.message.value
    assert (
        not (crm.path / "requirements.csv").exists()
        or "Export quotes" not in (crm.path / "requirements.csv").read_text()
    )
    editor.tasks.value = "T150"
    project = editor.write()
    assert project is not None and project.requirements is not None
    added = project.requirements[project.requirements["title"] == "Export quotes as PDF"]
    assert added.iloc[0]["tasks"] == ["T150"] and added.iloc[0]["business_value"] == 7


def test_risk_trend_section_names_each_change(crm, capsys):
    from unittest import mock

    shown = []
    with mock.patch("IPython.display.display", side_effect=shown.append):
        report.risks.trend(crm, risk_register(crm))
    assert "2026-11-06" in shown[0]._repr_markdown_()
    html = shown[1]._repr_html_()
    for word in ("new", "score up", "score down", "closed"):
        assert f">{word}<" in html
