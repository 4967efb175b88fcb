"""Resource management (pmtools.resources, resources.csv): hand-checked small projects.

The project of most tests starts on Monday 2026-03-02 (offset 0); Ann (1 unit, 500 a day)
is on leave on Wednesday 2026-03-04 (offset 2); Bob has 1 unit at 400 a day.

    A  3 days  Ann            days 0-2 (Mon-Wed)
    B  2 days  Ann[50%]       days 0-1 (Mon-Tue)
    C  1 day   Bob, after A   day 3 (Thu)

Ann's load: 1.5 on Mon and Tue (capacity 1), 1 on Wed (capacity 0, leave).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import pmtools
from pmtools import resources as res
from pmtools.cli import main
from pmtools.errors import ProjectInvalid
from pmtools.tables.resources import parse_leave

D = dt.date

TASKS = """\
id,name,duration,predecessors,resources
A,Analyse,3,,Ann
B,Brief,2,,Ann[50%]
C,Check,1,A,Bob
"""
RESOURCES = """\
name,capacity,role,cost_rate,leave
Ann,1,Analyst,500,2026-03-04
Bob,,Tester,400,
"""


@pytest.fixture
def project(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-02\n")
    (folder / "resources.csv").write_text(RESOURCES, encoding="utf-8")
    return pmtools.load_project(folder)


def test_leave_cells_parse_to_inclusive_ranges():
    assert parse_leave("2026-12-21..2027-01-01; 2027-02-10") == [
        (D(2026, 12, 21), D(2027, 1, 1)),
        (D(2027, 2, 10), D(2027, 2, 10)),
    ]
    assert parse_leave(" 2026-03-04 .. 2026-03-05 ;") == [(D(2026, 3, 4), D(2026, 3, 5))]
    assert parse_leave("") == []
    assert parse_leave("2026-03-05..2026-03-04") == "2026-03-05..2026-03-04"
    assert parse_leave("2026-03-04, 2026-03-05") == "2026-03-04, 2026-03-05"
    assert parse_leave("2026-02-30") == "2026-02-30"


def test_resources_table_defaults_capacity_to_one(project):
    table = res.resources(project)
    assert table is not None
    assert table.index.tolist() == ["Ann", "Bob"]
    assert table["capacity"].tolist() == [1.0, 1.0]
    assert table.loc["Ann", "leave_ranges"] == [(D(2026, 3, 4), D(2026, 3, 4))]


def test_without_resources_csv_every_assigned_name_is_one_full_time_person(make_project):
    project = pmtools.load_project(make_project(TASKS))
    table = res.resources(project)
    assert table is not None
    assert table.index.tolist() == ["Ann", "Bob"]
    assert table["capacity"].tolist() == [1.0, 1.0]
    assert not table["declared"].any()
    assert res.overallocations(project)["days"].tolist() == [2]  # no leave: Mon-Tue only


def test_no_assignments_means_no_data(make_project):
    project = pmtools.load_project(make_project("id,name,duration,predecessors\nA,X,2,\n"))
    assert res.resources(project) is None
    assert res.allocation(project).empty
    assert res.overallocations(project).empty
    assert res.utilisation(project).empty
    assert res.attention(project) == []


def test_daily_allocation_counts_units_and_leave(project):
    daily = res.allocation(project)
    ann = daily[daily["resource"] == "Ann"]
    assert ann["date"].tolist() == [D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 5)]
    assert ann["load"].tolist() == [1.5, 1.5, 1.0, 0.0]
    assert ann["capacity"].tolist() == [1.0, 1.0, 0.0, 1.0]
    assert ann["over"].tolist() == [True, True, True, False]
    bob = daily[daily["resource"] == "Bob"]
    assert bob["load"].tolist() == [0.0, 0.0, 0.0, 1.0]


def test_overallocations_are_runs_with_the_tasks_causing_them(project):
    runs = res.overallocations(project)
    assert runs[["resource", "first", "last", "days"]].values.tolist() == [
        ["Ann", D(2026, 3, 2), D(2026, 3, 3), 2],
        ["Ann", D(2026, 3, 4), D(2026, 3, 4), 1],
    ]
    assert runs["tasks"].tolist() == [["A", "B"], ["A"]]
    assert runs["task_names"].tolist() == [["Analyse", "Brief"], ["Analyse"]]
    assert runs["peak_load"].tolist() == [1.5, 1.0]
    assert runs["capacity"].tolist() == [1.0, 0.0]  # on leave
    assert runs["excess"].tolist() == [1.0, 1.0]  # 0.5 + 0.5 unit-days, then 1


def test_utilisation_and_cost(project):
    table = res.utilisation(project)
    # 4 working days in the plan; Ann has 3 of them (leave on Wednesday)
    assert table.loc["Ann", "available"] == 3.0
    assert table.loc["Ann", "allocated"] == 4.0  # A 3 x 1 + B 2 x 0.5
    assert table.loc["Ann", "utilisation_pct"] == pytest.approx(400 / 3)
    assert table.loc["Ann", "over_days"] == 3
    assert table.loc["Ann", "cost"] == 2000.0  # 500 x 4 unit-days
    assert table.loc["Bob", "utilisation_pct"] == 25.0
    assert table.loc["Bob", "cost"] == 400.0


def test_weekly_allocation(project):
    weekly = res.weekly_allocation(project)
    ann = weekly[weekly["resource"] == "Ann"].iloc[0]
    assert ann["week"] == D(2026, 3, 2)
    assert (ann["allocated"], ann["available"], ann["over_days"]) == (4.0, 3.0, 3)
    assert ann["peak_load"] == 1.5


def test_attention_lists_overallocations_after_the_status_date(project):
    items = res.attention(project)
    assert len(items) == 1
    item = items[0]
    # Tuesday and Wednesday are after the status date (Monday); A is critical: red
    assert item.level == "red"
    assert item.values["resource"] == "Ann"
    assert item.values["days"] == 2
    assert item.values["first"] == "2026-03-03"
    assert (item.values["load"], item.values["capacity"]) == ("1.5", "1")
    assert item.values["tasks"] == "A, B"
    assert "Ann" in item.message()


def test_attention_is_amber_when_no_critical_task_causes_it(make_project):
    folder = make_project(
        "id,name,duration,predecessors,resources\nA,Long,10,,Bob\nB,Short,2,,Ann\nC,Also,2,,Ann\n",
        extra_yaml="status_date: 2026-03-02\n",
    )
    items = res.attention(pmtools.load_project(folder))
    assert [(a.level, a.values["resource"], a.values["days"]) for a in items] == [
        ("amber", "Ann", 1)  # Tuesday; Monday is the status date itself
    ]


def test_levelling_respects_leave_and_capacity(project):
    levelled = pmtools.level(project, time_limit=5)
    plan = levelled.plan
    # A needs three days of Ann in a row and cannot cover Wednesday: Thursday to Saturday?
    # no, Thu-Fri-Mon (offsets 3-5); B fits Mon-Tue; C follows A on Tuesday of week two
    assert plan.loc["A", "start"] == pd_date(2026, 3, 5)
    assert plan.loc["B", "start"] == pd_date(2026, 3, 2)
    assert plan.loc["C", "start"] == pd_date(2026, 3, 10)
    assert levelled.finish_delay == 3  # finish offset 7 against 4
    assert levelled.conflicts.empty
    assert res.overallocations(project, plan).empty
    assert levelled.moved.index.tolist() == ["A", "C"]
    assert levelled.moved["delay"].tolist() == [3, 3]


def test_levelling_within_float_keeps_the_finish_and_lists_what_is_left(project):
    levelled = pmtools.level(project, time_limit=5, within_float=True)
    assert levelled.finish_delay == 0
    assert levelled.plan.loc["A", "start"] == pd_date(2026, 3, 2)  # critical: cannot move
    assert not levelled.conflicts.empty
    assert set(levelled.conflicts["resource"]) == {"Ann"}


def test_priority_decides_who_waits(make_project):
    tasks = "id,name,duration,predecessors,resources,priority\n"
    folder = make_project(tasks + "X,Low,2,,Ann,100\nY,High,2,,Ann,900\n")
    plan = pmtools.level(pmtools.load_project(folder), time_limit=5).plan
    assert plan.loc["Y", "early_start"] == 0
    assert plan.loc["X", "early_start"] == 2
    folder = make_project(tasks + "X,Low,2,,Ann,900\nY,High,2,,Ann,100\n")
    plan = pmtools.level(pmtools.load_project(folder), time_limit=5).plan
    assert plan.loc["X", "early_start"] == 0


def test_a_priority_outside_0_to_1000_is_a_problem_on_its_cell(make_project):
    folder = make_project(
        "id,name,duration,predecessors,resources,priority\nX,A,2,,Ann,high\nY,B,2,,Ann,500\n"
    )
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.level(pmtools.load_project(folder))
    assert [str(p) for p in caught.value.problems] == [
        "tasks.csv:2:priority: expected a priority as a whole number from 0 to 1000 "
        '(500 = normal), found "high"'
    ]


def test_started_work_keeps_its_dates(make_project):
    folder = make_project(
        "id,name,duration,predecessors,resources,percent_complete,actual_start\n"
        "A,Started,4,,Ann,50,2026-03-02\nB,New,2,,Ann,,\n",
        extra_yaml="status_date: 2026-03-03\n",
    )
    levelled = pmtools.level(pmtools.load_project(folder), time_limit=5)
    assert levelled.plan.loc["A", "start"] == pd_date(2026, 3, 2)
    assert levelled.plan.loc["B", "start"] == pd_date(2026, 3, 6)  # after A's four days


def test_level_json_has_the_schedule_shape_and_the_levelling(project, capsys):
    assert main(["level", str(project.path), "--json", "--time-limit", "5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    schedule = pmtools.schedule_json(project)
    assert doc.keys() == {"project", "tasks", "levelling"}
    assert [t.keys() for t in doc["tasks"]] == [t.keys() for t in schedule["tasks"]]
    assert doc["project"]["finish"] == "2026-03-10"
    levelling = doc["levelling"]
    assert levelling["finish_delay"] == 3
    assert levelling["conflicts"] == []
    assert levelling["within_float"] is False
    assert isinstance(levelling["optimal"], bool)


def test_level_json_within_float_lists_conflicts(project, capsys):
    assert main(["level", str(project.path), "--json", "--within-float"]) == 0
    conflicts = json.loads(capsys.readouterr().out)["levelling"]["conflicts"]
    assert conflicts and conflicts[0]["resource"] == "Ann"
    assert set(conflicts[0]) == {"resource", "date", "load", "capacity", "tasks"}


def test_level_text_names_the_delay_and_the_moved_tasks(project, capsys):
    assert main(["--language", "en", "level", str(project.path), "--time-limit", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Levelled finish 2026-03-10 (unlevelled 2026-03-05): 3 working day(s) later\n"
    )
    assert "Delayed by levelling (2 tasks):" in out


def test_level_text_says_in_chinese_which_extra_gives_proven_plans(project, capsys, monkeypatch):
    import pmtools.cpm.level as engine

    monkeypatch.setattr(engine, "solver_available", lambda: False)
    assert main(["--language", "zh", "level", str(project.path), "--time-limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "由启发式算法完成资源平衡；pip install 'pmtools[level]'" in out
    assert engine.NO_SOLVER_NOTE not in out
    assert main(["level", str(project.path), "--json", "--time-limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["levelling"]["note"] == engine.NO_SOLVER_NOTE


def pd_date(year: int, month: int, day: int) -> object:
    import pandas as pd

    return pd.Timestamp(year, month, day)


# -- charts and report sections --------------------------------------------------------------


def test_heatmap_marks_overallocated_weeks_and_fills_weeks_on_leave(project):
    from pmtools.charts.resources import allocation_heatmap

    weekly = res.weekly_allocation(project)
    figure = allocation_heatmap(weekly, status_date=project.status_date, language="zh")
    heat, marks = figure.data
    assert list(heat.y) == ["Ann", "Bob"]
    assert heat.z[0][0] == pytest.approx(400 / 3)  # Ann: 4 of 3 unit-days
    assert heat.z[1][0] == 25.0
    assert list(marks.y) == ["Ann"]  # the week with days over capacity
    assert figure.layout.title.text == "按周分配（占可用能力的百分比）"
    leave = res.weekly_allocation(project).assign(available=0.0)  # nothing available at all
    assert allocation_heatmap(leave).data[0].z[0][0] == 150.0  # the top of the scale


def test_utilisation_and_cost_charts_label_every_resource(project):
    from pmtools.charts.resources import cost_bars, utilisation_bars

    table = res.utilisation(project)
    bars = utilisation_bars(table, language="en")
    normal, over = bars.data
    assert list(over.y) == ["Ann"] and list(normal.y) == ["Bob"]
    assert list(over.text) == ["133 %"]
    cost = cost_bars(table, currency="EUR")
    assert list(cost.data[0].y) == ["Ann", "Bob"]  # largest first
    assert cost.layout.xaxis.title.text == "Cost (EUR)"


def test_levelled_gantt_shows_both_plans_and_the_delay(project):
    from pmtools.charts.resources import levelled_gantt

    levelled = pmtools.level(project, time_limit=5, workers=1)
    figure = levelled_gantt(levelled, status_date=project.status_date, language="en")
    names = [trace.name for trace in figure.data]
    assert names == ["unlevelled", "levelled", "levelled, delayed"]
    assert list(figure.data[2].y) == ["A Analyse", "C Check"]
    assert figure.layout.title.text == (
        "Levelled against unlevelled plan: finish 3 working day(s) later"
    )


def test_headline_counts_work_overallocations_cost_and_levelling(project):
    from pmtools.i18n import use_language
    from pmtools.report.resources import headline

    levelled = pmtools.level(project, time_limit=5, workers=1)
    with use_language("en"):
        text = headline(project, levelled).text
    assert text.startswith("**2 resources** carry **5.0 unit-days** of work")
    assert "**71 %** of the capacity" in text  # 5 of 7 unit-days (Ann 3, Bob 4)
    assert "**2 over-allocation(s)** lie after the status date 2026-03-02" in text
    assert "the first starts on 2026-03-02 (Ann)" in text
    assert "**2,400**" in text  # Ann 2,000 + Bob 400
    assert "finishes on **2026-03-10** instead of 2026-03-05: **3 working day(s) later**" in text


def test_headline_without_assignments_says_how_to_start(make_project):
    from pmtools.report.resources import headline

    project = pmtools.load_project(make_project("id,name,duration,predecessors\nA,X,2,\n"))
    assert "resources" in headline(project).text


def test_save_writes_the_levelled_starts_as_constraints(project, capsys):
    before = (project.path / "tasks.csv").read_text(encoding="utf-8")
    assert main(["level", str(project.path), "--json", "--save", "--time-limit", "5"]) == 0
    levelled_doc = json.loads(capsys.readouterr().out)
    after = (project.path / "tasks.csv").read_text(encoding="utf-8")
    assert after.splitlines()[0] == before.splitlines()[0] + ",start_no_earlier_than"
    assert after.splitlines()[1] == "A,Analyse,3,,Ann,2026-03-05"
    assert after.splitlines()[2] == "B,Brief,2,,Ann[50%],"  # not moved: untouched
    saved = pmtools.load_project(project.path)
    assert pmtools.schedule_json(saved)["tasks"] == levelled_doc["tasks"]
    assert res.overallocations(saved).empty


# -- the editor ------------------------------------------------------------------------------


def test_resource_editor_edits_leave_and_refuses_a_bad_range(project):
    from pmtools.widgets import ResourceEditor

    editor = ResourceEditor(project)
    assert [value for _, value in editor.resource.options] == [editor._NEW, "Ann", "Bob"]
    editor.resource.value = "Bob"
    before = (project.path / "resources.csv").read_text(encoding="utf-8")
    editor.leave.value = "2026-03-10..2026-03-09"
    assert editor.write() is None
    assert "2026-03-10..2026-03-09" in editor.message.value
    assert (project.path / "resources.csv").read_text(encoding="utf-8") == before
    editor.leave.value = "2026-03-09..2026-03-13"
    saved = editor.write()
    assert saved is not None
    lines = (project.path / "resources.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "Ann,1,Analyst,500,2026-03-04"  # untouched
    assert lines[2] == "Bob,,Tester,400,2026-03-09..2026-03-13"  # capacity left as written


def test_resource_editor_starts_resources_csv_with_everyone_assigned(make_project):
    from pmtools.widgets import ResourceEditor

    folder = make_project(TASKS)
    editor = ResourceEditor(pmtools.load_project(folder))
    assert editor.resource.options[1] == ("Ann (assigned in tasks.csv, not listed yet)", "+Ann")
    editor.resource.value = "+Ann"
    editor.rate.value = "500"
    saved = editor.write()
    assert saved is not None
    lines = (folder / "resources.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,capacity,role,cost_rate,leave"
    assert lines[1:] == ["Ann,1,,500,", "Bob,,,,"]


def test_attention_says_when_the_resource_is_on_leave(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-03\n")
    (folder / "resources.csv").write_text(RESOURCES, encoding="utf-8")
    (item,) = res.attention(pmtools.load_project(folder))
    assert item.key == "resources.attention_leave"  # only Wednesday is left: Ann's leave
    assert item.message() == "Ann is on leave on 1 working day(s) from 2026-03-04 but assigned to A"


def test_level_cli_reports_a_bad_priority_and_exits_1(make_project, capsys):
    folder = make_project("id,name,duration,predecessors,resources,priority\nX,A,2,,Ann,2000\n")
    assert main(["--language", "en", "level", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "tasks.csv:2:priority: expected a priority as a whole number from 0 to 1000" in err


def test_a_plan_without_resources_levels_to_itself(make_project):
    project = pmtools.load_project(make_project("id,name,duration,predecessors\nA,X,2,\nB,Y,3,A\n"))
    levelled = pmtools.level(project, time_limit=2)
    assert levelled.finish_delay == 0
    assert levelled.moved.empty and levelled.conflicts.empty
    assert pmtools.schedule_json(project, levelled.plan) == pmtools.schedule_json(project)


def test_a_psplib_instance_as_a_project_folder_levels_to_its_optimum(tmp_path):
    """j301_1 (optimum 43) through load_project and pmtools.level, as pmtools level runs it."""
    from benchmarks.levelling import check, read_sm, write_folder
    from tests.conftest import DATA

    instance = read_sm(DATA / "psplib" / "j301_1.sm")
    project = pmtools.load_project(write_folder(instance, tmp_path / "j301_1"))
    levelled = pmtools.level(project, time_limit=10)
    ids = [f"J{job + 1}" for job in range(len(instance.durations))]
    start = levelled.plan.loc[ids, "early_start"].to_numpy()
    assert check(instance, start) == []  # every link and every capacity, checked apart
    assert levelled.plan.attrs["finish_offset"] == 43
    assert levelled.finish_optimal
    assert res.overallocations(project, levelled.plan).empty


def test_level_time_limit_must_be_positive(project, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["level", str(project.path), "--time-limit", "0"])
    assert caught.value.code == 2
    assert "expected seconds above 0" in capsys.readouterr().err
