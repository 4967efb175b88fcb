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


# -- the flow report and the board editor -------------------------------------------------------


@pytest.fixture
def app(tmp_path):
    """A copy of the mobile banking app (Jira work items with their history)."""
    shutil.copytree(EXAMPLES / "mobile-banking-app", tmp_path / "app")
    return pmtools.load_project(tmp_path / "app")


def test_flow_headline_names_the_figures_and_what_needs_attention(app):
    from pmtools.flow import flow_report

    result = flow_report(app, iterations=2_000)
    text = report.flow.headline(app, result)._repr_markdown_()
    counted = result.counted
    done = int((counted["stage"] == "done").sum())
    assert text.startswith(f"**{len(counted)} work items** on the board at 2026-11-20")
    assert f"{done} done" in text
    p85 = f"{result.percentiles[85]:.1f}"
    assert f"took {p85} days or less" in text
    assert result.when is not None and result.when.finish[85] is not None
    assert f"will be done by {result.when.finish[85].isoformat()} with 85 % confidence" in text
    assert "**Over the WIP limit:** Code review (3 items, limit 2)." in text
    crm = pmtools.load_project(EXAMPLES / "crm-rollout")
    assert "no workitems.csv" in report.flow.headline(crm, flow_report(crm))._repr_markdown_()


def test_flow_board_escapes_cards_and_frames_columns_over_their_limit(app):
    from pmtools.flow import flow_report

    items = (app.path / "workitems.csv").read_text(encoding="utf-8")
    items = items.replace("Run team handover session and sign-off", HOSTILE.replace(",", ";"))
    (app.path / "workitems.csv").write_text(items, encoding="utf-8")
    project = pmtools.load_project(app.path)
    html = report.flow.board(flow_report(project, iterations=500))._repr_html_()
    assert "<img" not in html and "&lt;img src=x" in html
    columns = html.split('<div class="col')[1:]
    heads = [c.split('class="count">')[1].split("<")[0] for c in columns]
    assert heads == ["17", "3 / 4", "3 / 2", "1 / 3", "145"]
    assert [c.startswith(' over"') for c in columns] == [False, False, True, False, False]
    assert "… and 9 more" in columns[0] and "… and 140 done before" in columns[4]
    assert columns[1].count('class="card') == 3  # every item in progress is shown
    assert 'card task old">' in columns[1]  # HFCU-146, 16 days in progress: past p85


def test_flow_sections_say_why_when_there_is_nothing_to_draw(tmp_path):
    from pmtools.flow import flow_report

    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "project.yaml").write_text("name: P\nstart: 2026-03-02\nstatus_date: 2026-03-10\n")
    (folder / "tasks.csv").write_text("id,name,duration,predecessors\n")
    (folder / "workitems.csv").write_text("id,title,status,created\nA,a,To Do,2026-03-02\n")
    project = pmtools.load_project(folder)
    result = flow_report(project)
    assert str(report.flow.cycle_time(result)) == t_en("report.flow.no_cycle_times")
    assert str(report.flow.aging(result)) == t_en("report.flow.no_wip")
    assert str(report.flow.throughput(result)) == t_en("report.flow.no_throughput")
    assert str(report.flow.forecast_table(project, result)) == t_en("report.flow.no_forecast")
    assert "cannot be forecast" in report.flow.headline(project, result)._repr_markdown_()


def t_en(key: str) -> str:
    from pmtools.i18n import t

    return t(key, "en")


def test_flow_editor_moves_a_card_and_records_the_move(app):
    editor = widgets.FlowEditor(app)
    history = (app.path / "transitions.csv").read_text(encoding="utf-8")
    saved = editor.move("HFCU-146", "Code review", "2026-11-20 15:00")
    assert saved is not None, editor.message.value
    items = saved.table("workitems.csv")
    assert items.loc["HFCU-146", "status"] == "In Review"
    assert items.loc["HFCU-146", "column"] == "Code review"
    after = (app.path / "transitions.csv").read_text(encoding="utf-8")
    assert after == history + "HFCU-146,In Progress,In Review,2026-11-20 15:00\n"
    saved = editor.move("HFCU-146", "Done", "2026-11-20 16:30")
    assert saved is not None
    done = saved.table("workitems.csv").loc["HFCU-146"]
    assert done["done"] == pd.Timestamp("2026-11-20 16:30")
    assert done["started"] == pd.Timestamp("2026-11-04 10:15")  # kept from the first start


def test_flow_editor_refuses_a_move_before_the_last_one_and_writes_nothing(app):
    editor = widgets.FlowEditor(app)
    files = {n: (app.path / n).read_bytes() for n in ("workitems.csv", "transitions.csv")}
    assert editor.move("HFCU-146", "Done", "2026-11-01 10:00") is None  # before it started
    assert "done 2026-11-01 10:00 is before started 2026-11-04 10:15" in editor.message.value
    assert {n: (app.path / n).read_bytes() for n in files} == files


def test_flow_editor_adds_an_item_with_the_next_id(app):
    editor = widgets.FlowEditor(app)
    saved = editor.add(
        {"title": "Spike: offline balance cache", "type": "task", "owner": "Michael Chen",
         "points": "2", "sprint": "S12", "column": "In progress"},
        "2026-11-20 16:00",
    )  # fmt: skip
    assert saved is not None, editor.message.value
    items = saved.table("workitems.csv")
    assert items.index[-1] == "HFCU-181"  # after HFCU-180, the last of the file
    added = items.loc["HFCU-181"]
    assert (added["status"], added["stage"], added["sprint_id"]) == (
        "In Progress",
        "in_progress",
        "S12",
    )
    assert added["started"] == pd.Timestamp("2026-11-20 16:00")
    last = (app.path / "transitions.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last == "HFCU-181,,In Progress,2026-11-20 16:00"
    assert widgets.flow.next_id(["A-9", "B-1", "A-10", "x"]) == "A-11"
    assert widgets.flow.next_id([]) == "W-1"


def test_status_page_lists_every_red_then_amber_up_to_eight_and_counts_the_rest():
    from types import SimpleNamespace

    from pmtools.i18n import use_language
    from pmtools.model import Attention
    from pmtools.report.status import attention

    items = [Attention("team", "red", "report.status.nothing")] * 3 + [
        Attention("feedback", "amber", "report.status.nothing")
    ] * 9
    with use_language("en"):
        html = attention(SimpleNamespace(attention=items))._repr_html_()
        assert html.count("<tr>") == 1 + 8  # the header and eight items, reds first
        assert "…and 4 amber item(s) more, from Customer feedback (4)" in html
        few = attention(SimpleNamespace(attention=items[:8]))._repr_html_()
        assert "more" not in few and few.count("<tr>") == 9
    with use_language("zh"):
        html = attention(SimpleNamespace(attention=items[::-1]), limit=2)._repr_html_()
        assert html.count("<tr>") == 1 + 3  # every red, whatever the limit
        assert "另有 9 项黄色事项，来自客户反馈 (9)" in html


def test_schedule_editor_adds_a_task_with_the_next_id(crm):
    editor = widgets.ScheduleEditor(crm)
    assert editor.task.value != editor._NEW  # opens on the first task
    editor.task.value = editor._NEW
    assert editor.task_id.value == "T460"  # after T440, T450 (M06 is a milestone)
    editor.name.value = "Data migration dry run"
    editor.duration.value = 5
    editor.predecessors.value = "T999"  # no such task: nothing written
    before = (crm.path / "tasks.csv").read_text()
    assert editor.write() is None
    assert "T999" in editor.message.value
    assert (crm.path / "tasks.csv").read_text() == before
    editor.predecessors.value = "T430"
    saved = editor.write()
    assert saved is not None
    assert saved.tasks.loc["T460", "name"] == "Data migration dry run"
    assert saved.tasks.loc["T460", "duration"] == 5
    assert editor.task.value == "T460"  # in the list now, chosen
    text = (crm.path / "tasks.csv").read_text()
    assert text.startswith(before) and text.count("\n") == before.count("\n") + 1


def test_next_task_id_follows_the_project_pattern():
    from pmtools.widgets.schedule import next_id

    assert next_id(["T100", "T110", "T120"]) == "T130"
    assert next_id(["M01", "M02"]) == "M03"
    assert next_id(["A", "B"]) == "T1"
    assert next_id([]) == "T1"
    assert next_id(["T1", "T3", "T5", "T7"]) == "T9"
    assert next_id(["T8", "T10", "T12"]) == "T14"
    assert next_id(["T10", "M01", "T20", "M02", "M03"]) == "M04"  # most are M
    assert next_id(["T10", "M01", "T20", "M02", "T30"]) == "T40"
