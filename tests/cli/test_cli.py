"""The command line: exit codes, stdout/stderr split, JSON shape, README examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pmtools.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "projects"
GOOD = (
    "id,name,duration,predecessors,parent\n"
    "P,Phase,,,\nA,Analyse,3,,P\nB,Build,2,A FS+1,P\nM,Done,0,B,\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmtools", *args], capture_output=True, text=True, check=False
    )


def test_check_ok(make_project, capsys):
    folder = make_project(GOOD)
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr()
    assert out.out == f"{folder}: OK (4 tasks)\n" and out.err == ""


def test_check_invalid_lists_every_problem_on_stderr_and_exits_1(capsys):
    folder = FIXTURES / "links"
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    expected = (folder / "expected.txt").read_text().splitlines()
    assert lines[:-1] == [f"{folder}/{line}" for line in expected]
    assert lines[-1] == f"{folder}: 5 problem(s); nothing was written"


def test_check_several_folders_reports_each(make_project, capsys):
    good = make_project(GOOD)
    assert main(["check", str(good), str(FIXTURES / "cycle")]) == 1
    out = capsys.readouterr()
    assert "OK" in out.out and "loop: D -> E -> F -> D" in out.err


def test_no_traceback_for_invalid_input_in_a_real_process():
    result = run("schedule", str(FIXTURES / "cycle"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the task links form a loop" in result.stderr
    missing = run("check", str(FIXTURES / "does-not-exist"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "no project folder" in missing.stderr


def test_usage_errors_exit_2():
    assert run("schedule").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("--language", "fr", "check", ".").returncode == 2


def test_schedule_json_shape(make_project, capsys):
    folder = make_project(GOOD)
    assert main(["schedule", str(folder), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["project"] == {
        "name": "Test project",
        "duration": 6,
        "start": "2026-03-02",
        "finish": "2026-03-09",
    }
    keys = [
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
    ]
    assert [t["id"] for t in doc["tasks"]] == ["P", "A", "B", "M"]
    assert all(set(keys) <= t.keys() for t in doc["tasks"])
    milestone = doc["tasks"][3]
    assert (milestone["early_start"], milestone["start"], milestone["finish"]) == (
        6,
        "2026-03-09",
        "2026-03-09",
    )


def test_schedule_table_marks_critical_tasks(make_project, capsys):
    folder = make_project(GOOD)
    assert main(["schedule", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Test project: 2026-03-02 to 2026-03-09, 6 working days")
    assert "* A" in out and "  P " in out  # summaries are not marked
    assert "Done ◆" in out


def test_schedule_table_in_chinese(make_project, capsys):
    folder = make_project(GOOD)
    assert main(["--language", "zh", "schedule", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "关键任务" in out and "总浮动" in out


def test_status_date_option(make_project, capsys):
    tasks = "id,name,duration,predecessors,percent_complete\nA,a,2,,0\n"
    folder = make_project(tasks)
    assert main(["schedule", str(folder), "--json", "--status-date", "2026-03-04"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tasks"][0]["early_start"] == 0  # no progress recorded: planned from the start
    assert main(["schedule", str(folder), "--status-date", "4 March"]) == 1
    assert (
        '--status-date: expected a date as YYYY-MM-DD, found "4 March"' in capsys.readouterr().err
    )


def test_new_then_check(tmp_path, capsys):
    target = tmp_path / "myproj"
    assert main(["new", str(target)]) == 0
    assert (target / "tasks.csv").exists() and (target / "project.yaml").exists()
    assert main(["check", str(target)]) == 0
    assert main(["new", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_help_mentions_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("new", "check", "schedule"):
        assert command in result.stdout


def test_schedule_table_follows_the_project_language(make_project, capsys, monkeypatch):
    monkeypatch.delenv("PMTOOLS_LANGUAGE", raising=False)
    folder = make_project(GOOD, extra_yaml="language: zh\n")
    assert main(["schedule", str(folder)]) == 0
    assert "总浮动" in capsys.readouterr().out
    assert main(["--language", "en", "schedule", str(folder)]) == 0
    assert "Float" in capsys.readouterr().out


ESTIMATED = (
    "id,name,duration,predecessors,optimistic,most_likely,pessimistic\n"
    "A,Analyse,5,,3,5,10\nB,Build,8,A,6,8,15\nM,Done,0,B,,,\n"
)


def test_simulate_json_is_reproducible(make_project, capsys):
    folder = make_project(ESTIMATED, extra_yaml="deadline: 2026-03-13\n")
    assert main(["simulate", str(folder), "--iterations", "2000", "--seed", "7", "--json"]) == 0
    first = capsys.readouterr().out
    assert main(["simulate", str(folder), "--iterations", "2000", "--seed", "7", "--json"]) == 0
    assert capsys.readouterr().out == first
    doc = json.loads(first)
    for key in ("iterations", "mean", "p50", "p80", "p90", "finish_p80", "criticality"):
        assert key in doc
    assert doc["iterations"] == 2000 and doc["seed"] == 7
    assert doc["criticality"] == {"A": 1.0, "B": 1.0, "M": 1.0}
    assert doc["p50"] <= doc["p80"] <= doc["p90"]
    assert doc["p80"] > doc["deterministic"] == 13
    assert 0 < doc["deadline_probability"] < 1


def test_simulate_table(make_project, capsys):
    folder = make_project(ESTIMATED)
    assert main(["simulate", str(folder), "--iterations", "1000", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "1000 simulated schedules (seed 1, pert" in out
    assert "P80" in out and "Build" in out


def test_simulate_usage_and_invalid_input(make_project):
    folder = make_project(ESTIMATED)
    assert run("simulate", str(folder), "--iterations", "0").returncode == 2
    assert run("simulate", str(folder), "--correlation", "2").returncode == 2
    assert run("simulate", str(folder), "--distribution", "normal").returncode == 2
    broken = run("simulate", str(FIXTURES / "risks"))
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "risks.csv:3:title: expected a value" in broken.stderr


def test_check_speaks_the_project_language_unless_told(make_project, capsys, monkeypatch):
    monkeypatch.delenv("PMTOOLS_LANGUAGE", raising=False)
    folder = make_project(GOOD.replace("3,,P", "three,,P"), extra_yaml="language: zh\n")
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "tasks.csv:3:duration: 应为 >= 0 的整数个工作日" in err and "个问题" in err
    assert main(["--language", "en", "check", str(folder)]) == 1
    assert "expected whole working days" in capsys.readouterr().err
    ok = make_project(GOOD, extra_yaml="language: zh\n")
    assert main(["check", str(ok)]) == 0
    assert "正常" in capsys.readouterr().out


# -- pmtools flow ----------------------------------------------------------------------------

BOARD_YAML = """\
status_date: 2026-03-10
board:
  columns:
    - {name: Backlog, statuses: [To Do]}
    - {name: In progress, statuses: [In Progress], wip: 2}
    - {name: Review, statuses: [In Review], wip: 1, active: false}
    - {name: Done, statuses: [Done]}
"""
# six items and an epic (tests/unit/test_flow.py works their figures out by hand)
SIX = """\
id,title,type,status,created,started,done,points
A,Login,story,Done,2026-03-01,2026-03-02,2026-03-05,3
B,Logout,story,Done,2026-03-01,2026-03-03,2026-03-04,1
C,Crash,bug,Done,2026-03-02,2026-03-03 09:00,2026-03-09 21:00,2
D,Schema,task,In Review,2026-03-02,2026-03-06,,5
E,Search,story,In Progress,2026-03-04,2026-03-08,,8
F,Export,story,To Do,2026-03-05,,,
G,Accounts,epic,In Progress,2026-03-01,2026-03-01,,40
H,Docs,task,In Review,2026-03-02,2026-03-07,,
"""


def flow_project(make_project):
    folder = make_project("id,name,duration,predecessors\nT,t,5,\n", extra_yaml=BOARD_YAML)
    (folder / "workitems.csv").write_text(SIX, encoding="utf-8")
    return folder


def test_flow_json_is_specs_shape_with_the_hand_checked_figures(make_project, capsys):
    folder = flow_project(make_project)
    assert main(["flow", str(folder), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == ["items", "wip", "cycle_time", "throughput_per_week", "forecast"]
    assert doc["items"] == 7  # the epic left out
    assert doc["wip"] == {"In progress": 1, "Review": 2}
    # done B 03-03..03-04 = 1 day, A 03-02..03-05 = 3, C 03-03 09:00..03-09 21:00 = 6.5:
    # nearest-rank p50 is the 2nd value, p85 and p95 the 3rd
    assert doc["cycle_time"] == {"p50": 3.0, "p85": 6.5, "p95": 6.5}
    assert doc["throughput_per_week"] == 2.33  # 3 items done in the 9 days 03-02..03-10, x 7
    forecast = doc["forecast"]
    assert forecast["items_left"] == 4  # D, E, F, H
    assert forecast["finish_p50"] <= forecast["finish_p85"] <= forecast["finish_p95"]
    assert forecast["finish_p50"] > "2026-03-10"


def test_flow_json_agrees_with_flow_summary_and_the_seed(make_project, capsys):
    from pmtools import flow, load_project

    folder = flow_project(make_project)
    project = load_project(folder)
    items, transitions = project.table("workitems.csv"), project.table("transitions.csv")
    direct = flow.flow_summary(
        items, transitions, flow.board_of(project), project.status_date, seed=7
    )
    assert main(["flow", str(folder), "--json", "--seed", "7"]) == 0
    assert json.loads(capsys.readouterr().out) == direct


def test_flow_table(make_project, capsys):
    folder = flow_project(make_project)
    assert main(["flow", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Test project: 7 work items (epics aside) at 2026-03-10"
    assert lines[2:8] == [
        "Column       Stage        Items  WIP limit  Note",
        "-----------  -----------  -----  ---------  --------------",
        "Backlog      backlog          1",
        "In progress  in progress      1          2",
        "Review       in progress      2          1  over the limit",
        "Done         done             3",
    ]
    assert lines[9] == (
        "Cycle time, started to done (calendar days): p50 3.0, p85 6.5, p95 6.5 (3 items done)"
    )
    assert lines[10] == "Throughput: 2.3 items a week (mean of the last 9 days)"
    assert lines[11].startswith("Forecast: the 4 items left will be done by 2026-03-")


def test_flow_without_work_items_says_how_to_get_them(make_project, capsys):
    folder = make_project("id,name,duration,predecessors\nT,t,5,\n")
    assert main(["flow", str(folder)]) == 0
    assert capsys.readouterr().out == (
        "Test project: the folder has no workitems.csv; import a tracker export with: "
        "pmtools import EXPORT DIR --work-items\n"
    )
    assert main(["flow", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["forecast"]["items_left"] == 0


def test_flow_of_an_invalid_board_lists_the_problems(make_project, capsys):
    folder = flow_project(make_project)
    (folder / "project.yaml").write_text(
        "name: x\nstart: 2026-03-02\nboard:\n  columns:\n    - {name: A, wip: 0}\n    - B\n"
    )
    assert main(["flow", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"{folder / 'project.yaml'}:5:board.columns.1.wip: expected a WIP limit as a whole number "
        '>= 1, found "0"'
    )
