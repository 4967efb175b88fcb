"""Progress updates: the update sheet, the rules that turn updates into tasks.csv cells."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmtools.errors import ProjectInvalid
from pmtools.interop.progress import (
    apply_progress,
    fit_percent,
    progress_sheet,
    read_updates,
    remaining_days,
)
from pmtools.io import load_project, save_table
from pmtools.schedule import critical_path
from pmtools.tables.edit import snapshot

TASKS = """
id,name,parent,duration,predecessors,percent_complete,actual_start,actual_finish,notes
P,Phase,,,,,,,
A,Design,P,10,,40,2026-03-02,,kept "as is"
B,Build,P,8,A,,,,
C,Test,P,5,B,50%,2026-03-09,,
D,Done already,,3,,100,2026-03-02,2026-03-04,
"""
STATUS = "status_date: 2026-03-11\n"


def updates(*rows: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), dtype=object).fillna("")
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def run(folder, *rows: dict[str, str]):
    project = load_project(folder)
    cells = snapshot(folder / "tasks.csv").frame()
    return project, apply_progress(project, cells, updates(*rows), file="u.csv")


def cell(update, task: str, column: str) -> str:
    table = update.table
    return str(table.loc[table["id"] == task, column].iloc[0])


def test_the_sheet_lists_open_tasks_with_what_is_left(make_project):
    project = load_project(make_project(TASKS, extra_yaml=STATUS))
    sheet = progress_sheet(project)
    assert sheet["id"].tolist() == ["A", "C", "B"]  # by forecast start; D finished, P summary
    a = sheet.set_index("id").loc["A"]
    assert a["percent_now"] == 40 and a["remaining_now"] == 6  # ceil(10 x 0.6)
    assert a["percent_complete"] is None and a["remaining"] is None  # to fill in
    assert a["actual_start"] == dt.date(2026, 3, 2)
    b = sheet.set_index("id").loc["B"]
    assert b["remaining_now"] == 8 and b["percent_now"] == 0
    plan = critical_path(project)
    assert b["forecast_start"] == plan.loc["B", "start"].date()


def test_a_new_percentage_and_an_actual_finish(make_project):
    folder = make_project(TASKS, extra_yaml=STATUS)
    _, update = run(
        folder,
        {"id": "A", "percent_complete": "70", "remaining": "3"},  # what 70 % leaves anyway
        {"id": "C", "actual_finish": "2026-03-11"},
    )
    assert [(c.task, c.column, c.old, c.new) for c in update.changes] == [
        ("A", "percent_complete", "40", "70"),
        ("C", "percent_complete", "50%", "100"),
        ("C", "actual_finish", "", "2026-03-11"),
    ]
    assert cell(update, "A", "duration") == "10"


def test_remaining_replans_the_duration_keeping_the_work_done(make_project):
    folder = make_project(TASKS, extra_yaml=STATUS)
    _, update = run(folder, {"id": "A", "remaining": "8"})
    # 4 days done (10 x 40 %), 8 left: 12 days; 34 % leaves ceil(12 x 0.66) = 8
    assert [(c.column, c.old, c.new) for c in update.changes] == [
        ("percent_complete", "40", "34"),
        ("duration", "10", "12"),
    ]
    saved = save_table(folder, "tasks.csv", update.table, base=snapshot(folder / "tasks.csv"))
    plan = critical_path(saved)
    after_status = saved.calendar.offset(dt.date(2026, 3, 12))
    assert plan.loc["A", "early_finish"] - after_status == 8


def test_percent_and_remaining_together_keep_the_percentage(make_project):
    folder = make_project(TASKS, extra_yaml=STATUS)
    _, update = run(folder, {"id": "A", "percent_complete": "50", "remaining": "8"})
    assert [(c.column, c.old, c.new) for c in update.changes] == [
        ("percent_complete", "40", "50"),
        ("duration", "10", "16"),  # half done, 8 days left
    ]
    project = load_project(folder)
    again = apply_progress(
        project,
        update.table,
        updates({"id": "A", "percent_complete": "50", "remaining": "8"}),
        file="u.csv",
    )
    assert again.changes == []  # the same sheet applied twice changes nothing more


def test_remaining_zero_finishes_and_a_new_task_gets_its_estimate(make_project):
    folder = make_project(TASKS, extra_yaml=STATUS)
    _, update = run(folder, {"id": "A", "remaining": "0"}, {"id": "B", "remaining": "11"})
    assert [(c.task, c.column, c.new) for c in update.changes] == [
        ("A", "percent_complete", "100"),
        ("B", "duration", "11"),
    ]


@given(duration=st.integers(1, 400), remaining=st.integers(1, 400))
def test_the_fitted_percentage_leaves_exactly_the_remaining_days(duration, remaining):
    if remaining > duration:
        remaining = duration
    percent = fit_percent(duration, remaining)
    assert 0 <= percent < 100
    assert remaining_days(duration, percent) == remaining


def test_untouched_rows_keep_their_exact_text(make_project):
    folder = make_project(TASKS, extra_yaml=STATUS)
    _, update = run(folder, {"id": "B", "percent_complete": "25", "actual_start": "2026-03-10"})
    base = snapshot(folder / "tasks.csv")
    before = (folder / "tasks.csv").read_text().splitlines()
    save_table(folder, "tasks.csv", update.table, base=base)
    after = (folder / "tasks.csv").read_text().splitlines()
    assert [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y] == [3]
    assert after[3] == "B,Build,P,8,A,25,2026-03-10,,"


def test_every_bad_update_cell_is_a_problem_and_nothing_is_applied(make_project):
    folder = make_project(TASKS, extra_yaml=STATUS)
    with pytest.raises(ProjectInvalid) as caught:
        run(
            folder,
            {"id": "A", "percent_complete": "140", "actual_start": "3/2/2026", "remaining": "2.5"},
            {"id": "P", "percent_complete": "10"},
            {"id": "X", "percent_complete": "10"},
            {"id": "A", "percent_complete": "50"},
        )
    assert [str(p) for p in caught.value.problems] == [
        'u.csv:2:actual_start: expected a date as YYYY-MM-DD, found "3/2/2026"',
        'u.csv:2:percent_complete: expected a percentage from 0 to 100, found "140"',
        'u.csv:2:remaining: expected whole working days >= 0, found "2.5"',
        'u.csv:3:id: "P" is a summary task: its progress comes from its tasks; update those',
        'u.csv:4:id: expected a task id of tasks.csv, found "X"',
        'u.csv:5:id: task "A" is updated twice; its first update is on row 2',
    ]


def test_an_update_file_needs_ids_and_an_update_column(make_project, tmp_path):
    folder = make_project(TASKS, extra_yaml=STATUS)
    (tmp_path / "u.csv").write_text("task,progress\nA,50\n")
    frame, label = read_updates(tmp_path / "u.csv")
    with pytest.raises(ProjectInvalid) as caught:
        apply_progress(
            load_project(folder), snapshot(folder / "tasks.csv").frame(), frame, file=label
        )
    assert [str(p) for p in caught.value.problems] == [
        "u.csv:1:id: expected a column id naming the task of each update"
    ]


ESTIMATED = """
id,name,duration,predecessors,optimistic,most_likely,pessimistic,percent_complete
A,Design,4,,3,4,6,
B,Build,10,A,8,10,14,
"""


def test_a_duration_moved_outside_its_estimate_is_flagged_and_simulated_as_planned(
    make_project,
):
    from pmtools.montecarlo import pert_tasks, simulate, stale_estimates

    folder = make_project(ESTIMATED, extra_yaml="status_date: 2026-03-02\n")
    project = load_project(folder)
    assert stale_estimates(project).empty
    before = simulate(project, iterations=4000, seed=3)
    _, update = run(folder, {"id": "B", "remaining": "20"})  # B re-planned: 20 days, not 10
    saved = save_table(folder, "tasks.csv", update.table, base=snapshot(folder / "tasks.csv"))
    stale = stale_estimates(saved)
    assert stale.index.tolist() == ["B"]
    assert stale.loc["B", ["duration", "optimistic", "pessimistic", "row"]].tolist() == [
        20,
        8,
        14,
        3,
    ]
    after = simulate(saved, iterations=4000, seed=3)
    # PERT means: A (3 + 16 + 6) / 6 = 4.17; B (8 + 40 + 14) / 6 = 10.33 before, and after,
    # its estimate scaled by 20 / 10 to 16/20/28, (16 + 80 + 28) / 6 = 20.67
    assert before.finish.mean() == pytest.approx(4.17 + 10.33, abs=0.15)
    assert after.finish.mean() == pytest.approx(4.17 + 20.67, abs=0.15)
    assert after.finish.min() >= 3 + 16
    assert pert_tasks(saved).loc["B", "most_likely"] == 20


def test_check_warns_about_such_a_task_and_still_passes(make_project, capsys):
    from pmtools.cli import main

    folder = make_project(ESTIMATED.replace("B,Build,10,", "B,Build,16,"))
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr()
    assert out.err == (
        f"{folder}/tasks.csv:3:duration: warning: planned 16 working days, outside the "
        "three-point estimate 8..14 (most likely 10); re-estimate it (until then the Monte "
        "Carlo scales the estimate to the plan)\n"
    )


def test_the_progress_form_saves_an_update(make_project):
    from pmtools.widgets import ProgressEditor

    folder = make_project(TASKS, extra_yaml=STATUS)
    editor = ProgressEditor(load_project(folder))
    assert [v for _, v in editor.task.options] == ["A", "C", "B"]
    editor.task.value = "A"
    assert editor.percent.value == 40 and editor.remaining.value == 6
    assert "Status date 2026-03-11" in editor.state.value
    editor.remaining.value = 8
    saved = editor.write()
    assert saved is not None and "Saved tasks.csv" in editor.message.value
    assert saved.tasks.loc["A", "duration"] == 12 and saved.tasks.loc["A", "percent_complete"] == 34
    editor.task.value = "B"
    editor.actual_start.value = dt.date(2026, 3, 20)  # after the status date
    before = (folder / "tasks.csv").read_bytes()
    assert editor.write() is None
    assert (
        "not after the status date" in editor.message.value or "2026-03-11" in editor.message.value
    )
    assert (folder / "tasks.csv").read_bytes() == before


def test_update_with_a_later_status_date_accepts_actuals_up_to_it(make_project, tmp_path, capsys):
    from pmtools.cli import main

    folder = make_project(TASKS, extra_yaml=STATUS)  # project.yaml: 2026-03-11
    sheet = tmp_path / "u.csv"
    sheet.write_text("id,actual_finish\nA,2026-03-13\n", encoding="utf-8")
    # at project.yaml's date a finish on the 13th lies in the future: refused, nothing written
    before = (folder / "tasks.csv").read_bytes()
    assert main(["import", str(sheet), str(folder), "--update", "--yes"]) == 1
    assert (folder / "tasks.csv").read_bytes() == before
    capsys.readouterr()
    # reported at the 13th it is an actual
    args = ["import", str(sheet), str(folder), "--update", "--yes", "--status-date", "2026-03-13"]
    assert main(args) == 0
    assert cell_of(folder, "A", "actual_finish") == "2026-03-13"


def cell_of(folder, task: str, column: str) -> str:
    table = snapshot(folder / "tasks.csv").frame()
    return str(table.loc[table["id"] == task, column].iloc[0])
