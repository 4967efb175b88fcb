"""Golden schedules checked by hand, Microsoft Project and PSPLIB oracles."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

import pmtools
from pmtools.schedule import critical_path, schedule_json
from tests.conftest import DATA
from tests.psplib import read_sm, write_folder

D = dt.date


def plan_of(make_project, tasks: str, **kwargs):
    project = pmtools.load_project(make_project(tasks, **kwargs))
    return project, critical_path(project)


def row(plan, task_id):
    r = plan.loc[task_id]
    return (
        int(r.early_start),
        int(r.early_finish),
        int(r.late_start),
        int(r.late_finish),
        int(r.total_float),
        int(r.free_float),
        bool(r.critical),
    )


def dates(plan, task_id):
    r = plan.loc[task_id]
    return (r.start.date(), r.finish.date())


# -- one link type at a time (start Mon 2026-03-02, Mon-Fri) ------------------------------------


def test_finish_to_start_with_lag_crosses_the_weekend(make_project):
    _, plan = plan_of(make_project, "id,name,duration,predecessors\nA,a,3,\nB,b,2,A FS+2\n")
    assert row(plan, "A") == (0, 3, 0, 3, 0, 0, True)
    assert row(plan, "B") == (5, 7, 5, 7, 0, 0, True)
    assert dates(plan, "A") == (D(2026, 3, 2), D(2026, 3, 4))
    assert dates(plan, "B") == (D(2026, 3, 9), D(2026, 3, 10))
    assert plan.attrs["project_finish"] == D(2026, 3, 10)


def test_start_to_start(make_project):
    _, plan = plan_of(make_project, "id,name,duration,predecessors\nA,a,3,\nB,b,1,A SS+1\n")
    assert row(plan, "A") == (0, 3, 0, 3, 0, 0, True)
    assert row(plan, "B") == (1, 2, 2, 3, 1, 1, False)


def test_finish_to_finish_with_lead(make_project):
    _, plan = plan_of(make_project, "id,name,duration,predecessors\nA,a,4,\nB,b,2,A FF-1\n")
    assert row(plan, "B") == (1, 3, 2, 4, 1, 1, False)
    assert row(plan, "A") == (0, 4, 0, 4, 0, 0, True)


def test_start_to_finish(make_project):
    tasks = "id,name,duration,predecessors,start_no_earlier_than\nA,a,2,,2026-03-05\nB,b,1,A SF,\n"
    _, plan = plan_of(make_project, tasks)
    assert row(plan, "A") == (3, 5, 3, 5, 0, 0, True)
    assert row(plan, "B") == (2, 3, 4, 5, 2, 2, False)


def test_negative_lag_never_starts_before_the_project(make_project):
    _, plan = plan_of(make_project, "id,name,duration,predecessors\nA,a,2,\nB,b,3,A FS-5\n")
    assert row(plan, "B")[:2] == (0, 3)


def test_lowercase_link_type_and_days_suffix_are_accepted(make_project):
    _, plan = plan_of(make_project, 'id,name,duration,predecessors\nA,a,2,\nB,b,1,"A ss+1d"\n')
    assert row(plan, "B")[:2] == (1, 2)


# -- milestones, constraints, calendars --------------------------------------------------------


def test_milestone_dates_follow_the_last_working_day_rule(make_project):
    tasks = "id,name,duration,predecessors\nM0,kick-off,0,\nA,a,5,M0\nM1,done,0,A\n"
    _, plan = plan_of(make_project, tasks, start="2026-02-28")  # a Saturday
    assert row(plan, "M0")[:2] == (0, 0)
    assert dates(plan, "M0") == (D(2026, 2, 28), D(2026, 2, 28))  # offset 0: the project start
    assert dates(plan, "A") == (D(2026, 3, 2), D(2026, 3, 6))
    assert dates(plan, "M1") == (D(2026, 3, 6), D(2026, 3, 6))  # last working day before offset 5
    assert bool(plan.loc["M1", "milestone"]) and not bool(plan.loc["A", "milestone"])


def test_unmeetable_deadline_gives_negative_float(make_project):
    tasks = "id,name,duration,predecessors,finish_no_later_than\nA,a,5,,2026-03-04\nB,b,1,A,\n"
    _, plan = plan_of(make_project, tasks)
    assert row(plan, "A") == (0, 5, -2, 3, -2, 0, True)
    assert row(plan, "B") == (5, 6, 5, 6, 0, 0, True)


def test_start_no_earlier_than_on_a_weekend_moves_to_monday(make_project):
    tasks = "id,name,duration,predecessors,start_no_earlier_than\nA,a,1,,2026-03-07\n"
    _, plan = plan_of(make_project, tasks)
    assert dates(plan, "A") == (D(2026, 3, 9), D(2026, 3, 9))


def test_country_holidays_across_the_year_end(make_project):
    extra = "calendar:\n  holidays: [US, 2026-12-31]\n"
    _, plan = plan_of(
        make_project,
        "id,name,duration,predecessors\nA,a,5,\n",
        start="2026-12-24",
        extra_yaml=extra,
    )
    # 25 Dec and 1 Jan (US) and 31 Dec (listed) are off
    assert dates(plan, "A") == (D(2026, 12, 24), D(2027, 1, 4))  # 24, 28, 29, 30 Dec, 4 Jan


def test_china_make_up_workdays_and_spring_festival(make_project):
    extra = "calendar:\n  holidays: CN\n"
    tasks = "id,name,duration,predecessors\nA,a,2,\nB,b,3,A\n"
    _, plan = plan_of(make_project, tasks, start="2026-02-13", extra_yaml=extra)
    assert dates(plan, "A") == (D(2026, 2, 13), D(2026, 2, 14))  # Saturday 14 Feb is a make-up day
    assert dates(plan, "B") == (D(2026, 2, 24), D(2026, 2, 26))  # 16-23 Feb are off


def test_extra_workdays_and_custom_week(make_project):
    extra = (
        "calendar:\n  workdays: Mon-Thu\n  extra_workdays: [2026-03-06]\n  holidays: [2026-03-09]\n"
    )
    _, plan = plan_of(make_project, "id,name,duration,predecessors\nA,a,6,\n", extra_yaml=extra)
    # Mon 2 .. Thu 5, Fri 6 (extra), Mon 9 off, Tue 10
    assert dates(plan, "A") == (D(2026, 3, 2), D(2026, 3, 10))


# -- summaries, progress, baselines --------------------------------------------------------------


SUMMARY_TASKS = """\
id,name,duration,predecessors,parent,planned_cost,percent_complete
P1,Phase 1,,,,,
T1,Design,2,,P1,1000,100
T2,Build,3,T1,P1,3000,50
P2,Phase 2,,P1,,,
T3,Test,4,,P2,2000,0
M1,Go-live,0,T3,P2,,
"""


def test_summary_rows_roll_up_dates_cost_and_progress(make_project):
    _, plan = plan_of(make_project, SUMMARY_TASKS)
    assert row(plan, "P1")[:2] == (0, 5)
    # the link P1 -> P2 applies to each task of phase 2
    assert row(plan, "T3")[:2] == (5, 9)
    assert row(plan, "P2")[:2] == (5, 9)
    assert plan.loc["P1", "planned_cost"] == 4000
    assert plan.loc["P1", "percent_complete"] == pytest.approx((2 * 100 + 3 * 50) / 5)
    assert bool(plan.loc["P1", "summary"]) and not bool(plan.loc["P1", "milestone"])
    assert list(plan.index) == ["P1", "T1", "T2", "P2", "T3", "M1"]


def test_summaries_from_wbs_codes_when_there_is_no_parent_column(make_project):
    tasks = "id,wbs,name,duration,predecessors\nP,1,Phase,,\nA,1.1,a,2,\nB,1.2,b,3,A\nC,2,c,1,P\n"
    _, plan = plan_of(make_project, tasks)
    assert bool(plan.loc["P", "summary"])
    assert row(plan, "C")[:2] == (5, 6)


PROGRESS_TASKS = """\
id,name,duration,predecessors,percent_complete,actual_start,actual_finish,baseline_start,baseline_finish
A,Analyse,3,,100,2026-03-02,2026-03-05,2026-03-02,2026-03-04
B,Build,4,A,50,2026-03-05,,2026-03-05,2026-03-10
C,Check,2,B,0,,,2026-03-11,2026-03-12
D,Document,2,,0,,,2026-03-02,2026-03-03
"""


def test_progress_keeps_actuals_and_schedules_the_rest_from_the_status_date(make_project):
    project, plan = plan_of(make_project, PROGRESS_TASKS, extra_yaml="status_date: 2026-03-06\n")
    assert row(plan, "A")[:2] == (0, 4)  # took 4 days, not 3
    assert row(plan, "B")[:2] == (3, 7)  # 2 days left from Monday 9 March
    assert row(plan, "C")[:2] == (7, 9)
    assert row(plan, "D")[:2] == (
        5,
        7,
    )  # not started: no earlier than the day after the status date
    assert dates(plan, "A") == (D(2026, 3, 2), D(2026, 3, 5))
    assert list(plan["status"]) == ["finished", "in_progress", "not_started", "not_started"]
    assert plan.attrs["project_finish"] == D(2026, 3, 12)
    assert plan.loc["C", "finish_variance"] == 0
    assert plan.loc["A", "finish_variance"] == 1
    assert plan.loc["D", "start_variance"] == 5
    # the same project planned as if nothing had started
    baseline = critical_path(project, use_progress=False)
    assert row(baseline, "C")[:2] == (7, 9)
    assert row(baseline, "D")[:2] == (0, 2)


def test_progress_needs_a_status_date(make_project):
    _, plan = plan_of(make_project, PROGRESS_TASKS)
    assert row(plan, "D")[:2] == (0, 2)
    assert row(plan, "A")[:2] == (0, 3)


def test_status_date_argument_overrides_project_yaml(make_project):
    folder = make_project(PROGRESS_TASKS, extra_yaml="status_date: 2026-03-06\n")
    project = pmtools.load_project(folder, status_date="2026-03-10")
    plan = critical_path(project)
    assert row(plan, "D")[:2] == (7, 9)


# -- the JSON contract ---------------------------------------------------------------------------


def test_schedule_json_has_the_contract_keys(make_project):
    project = pmtools.load_project(make_project(SUMMARY_TASKS))
    doc = schedule_json(project)
    assert doc["project"] == {
        "name": "Test project",
        "duration": 9,
        "start": "2026-03-02",
        "finish": "2026-03-12",
    }
    keys = {
        "id",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "free_float",
        "critical",
        "start",
        "finish",
    }
    for task in doc["tasks"]:
        assert keys <= task.keys()
        assert task["early_finish"] == task["early_start"] + task["duration"]
    json.dumps(doc)  # plain JSON types only


# -- external oracles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "folder",
    sorted(p.parent for p in (DATA / "mspdi").glob("*/ms_expected.json")),
    ids=lambda p: p.name,
)
def test_matches_microsoft_project(folder: Path):
    expected = json.loads((folder / "ms_expected.json").read_text())
    manifest = json.loads((DATA / "mspdi" / "manifest.json").read_text())
    known = {
        (d.split()[1], d.split()[2].rstrip(":"))
        for f in manifest["files"]
        if f["folder"] == folder.name
        for d in f["differences"]
    }
    doc = schedule_json(pmtools.load_project(folder))
    assert doc["project"]["duration"] == expected["project"]["duration"]
    checked = 0
    for task in doc["tasks"]:
        ms = expected["tasks"][task["id"]]
        assert (task["start"], task["finish"]) == (ms["start_date"], ms["finish_date"])
        for key in (
            "early_start",
            "early_finish",
            "late_start",
            "late_finish",
            "total_float",
            "free_float",
            "critical",
        ):
            if (task["id"], key) in known:
                continue  # Microsoft Project skips SS/SF links of manual tasks here (manifest)
            assert task[key] == ms[key], (task["id"], key)
            checked += 1
    assert checked >= 30


def _psplib_cases():
    with open(DATA / "psplib" / "makespans.csv", newline="") as handle:
        return [(r["instance"], int(r["cpm_length"])) for r in csv.DictReader(handle)]


@pytest.mark.parametrize(("instance", "cpm_length"), _psplib_cases())
def test_psplib_critical_path_length(tmp_path, instance, cpm_length):
    inst = read_sm(DATA / "psplib" / f"{instance}.sm")
    assert inst.mpm_time == cpm_length
    project = pmtools.load_project(write_folder(inst, tmp_path / instance))
    plan = critical_path(project)
    assert plan.attrs["finish_offset"] == cpm_length
    critical = plan[plan.critical]
    assert set(critical.index) >= {"J1", f"J{len(inst.durations)}"}
    assert int(critical.duration.sum()) >= 1


def test_json_text_is_the_json_document(make_project):
    from pmtools.schedule import schedule_json_text

    tasks = SUMMARY_TASKS.replace("Design", 'De"sign \\ 设计')
    project = pmtools.load_project(make_project(tasks))
    assert json.loads(schedule_json_text(project)) == schedule_json(project)
