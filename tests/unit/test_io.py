"""Loading and validation: every broken fixture's exact problem list, formats, saving."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pandas as pd
import pytest

import pmtools
from pmtools.errors import CycleError, ProjectInvalid, ProjectNotFound
from pmtools.io import save_tasks, tasks_table

FIXTURES = Path(__file__).resolve().parent.parent / "projects"
BROKEN = sorted(p for p in FIXTURES.iterdir() if (p / "expected.txt").exists())


@pytest.mark.parametrize("folder", BROKEN, ids=lambda p: p.name)
def test_broken_fixture_reports_exactly_its_problems(folder: Path):
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(folder)
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in caught.value.problems] == expected


def test_cycle_error_carries_the_ids_in_order():
    with pytest.raises(CycleError) as caught:
        pmtools.load_project(FIXTURES / "cycle")
    assert caught.value.cycles == [["D", "E", "F"], ["G", "H"]]


def test_problems_survive_pickling_for_worker_processes():
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(FIXTURES / "links")
    clone = pickle.loads(pickle.dumps(caught.value))
    assert str(clone) == str(caught.value)
    assert isinstance(clone, ProjectInvalid)


def test_messages_in_chinese():
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(FIXTURES / "bad-duration")
    with pmtools.use_language("zh"):  # messages render in the language current when shown
        text = str(caught.value.problems[0])
    assert text == "tasks.csv:2:duration: 应为 >= 0 的整数个工作日，实际为“two”"


def test_problem_as_dict_is_machine_readable():
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(FIXTURES / "bad-duration")
    assert caught.value.problems[0].as_dict() == {
        "file": "tasks.csv",
        "row": 2,
        "column": "duration",
        "code": "duration.not_whole_days",
        "message": 'expected whole working days >= 0, found "two"',
    }


def test_missing_folder_and_missing_yaml(tmp_path):
    with pytest.raises(ProjectNotFound, match="no project folder"):
        pmtools.load_project(tmp_path / "nowhere")
    with pytest.raises(ProjectNotFound):
        pmtools.load_project(tmp_path)


def test_excel_csv_with_bom_and_semicolons(tmp_path):
    folder = tmp_path / "excel"
    folder.mkdir()
    (folder / "project.yaml").write_text("name: Excel\nstart: 2026-03-02\n")
    text = "id;name;duration;predecessors;notes\r\nA;Start;2;;first\r\nB;Build;3;A, A FS+1x;\r\n"
    text = text.replace("A, A FS+1x", "A")
    (folder / "tasks.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    project = pmtools.load_project(folder)
    assert list(project.tasks.index) == ["A", "B"]
    assert project.files["tasks.csv"].delimiter == ";"
    assert project.files["tasks.csv"].bom
    assert project.tasks.loc["A", "notes"] == "first"


def test_blank_lines_do_not_shift_row_numbers(make_project):
    folder = make_project("id,name,duration,predecessors\nA,Start,1,\n\nB,Build,x,A\n")
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(folder)
    assert [str(p) for p in caught.value.problems] == [
        'tasks.csv:4:duration: expected whole working days >= 0, found "x"'
    ]


def test_quoted_multiline_cell_counts_as_one_row(make_project):
    folder = make_project('id,name,duration,predecessors\nA,"Start\nsecond line",1,\nB,Build,x,A\n')
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(folder)
    assert [p.row for p in caught.value.problems] == [3]


def test_summary_tasks_need_no_duration(make_project):
    project = pmtools.load_project(
        make_project("id,name,duration,predecessors,parent\nP,Phase,,,\nA,Start,1,,P\n")
    )
    assert bool(project.tasks.loc["P", "summary"])
    assert pd.isna(project.tasks.loc["P", "duration"])


def test_save_keeps_extra_columns_order_and_delimiter(tmp_path):
    folder = tmp_path / "save"
    folder.mkdir()
    (folder / "project.yaml").write_text("name: Save\nstart: 2026-03-02\n")
    original = "id;name;my_notes;duration;predecessors\nA;Start;keep me;2;\nB;Build;=SUM(1);3;A\n"
    (folder / "tasks.csv").write_text(original)
    project = pmtools.load_project(folder)
    table = tasks_table(project)
    table.loc[table["id"] == "B", "duration"] = "5"
    saved = save_tasks(folder, table)
    assert saved.tasks.loc["B", "duration"] == 5
    text = (folder / "tasks.csv").read_text()
    assert text.splitlines()[0] == "id;name;my_notes;duration;predecessors"
    assert "B;Build;=SUM(1);5;A" in text
    assert "keep me" in text


def test_invalid_save_writes_nothing(tmp_path):
    folder = tmp_path / "save"
    folder.mkdir()
    (folder / "project.yaml").write_text("name: Save\nstart: 2026-03-02\n")
    (folder / "tasks.csv").write_text("id,name,duration,predecessors\nA,Start,2,\nB,Build,3,A\n")
    before = (folder / "tasks.csv").read_bytes()
    mtime = os.stat(folder / "tasks.csv").st_mtime_ns
    table = tasks_table(pmtools.load_project(folder))
    table.loc[table["id"] == "A", "predecessors"] = "B"
    with pytest.raises(CycleError) as caught:
        save_tasks(folder, table)
    assert str(caught.value) == "tasks.csv:2:predecessors: the task links form a loop: A -> B -> A"
    assert caught.value.project_dir == str(folder)
    assert (folder / "tasks.csv").read_bytes() == before
    assert os.stat(folder / "tasks.csv").st_mtime_ns == mtime
    assert sorted(p.name for p in folder.iterdir()) == ["project.yaml", "tasks.csv"]


def test_new_project_from_template_is_valid(tmp_path):
    folder = pmtools.new_project(tmp_path / "mine")
    project = pmtools.load_project(folder)
    assert project.name == "mine"
    assert len(project.tasks) >= 3
    with pytest.raises(FileExistsError):
        pmtools.new_project(folder)


def test_predecessor_entries_tolerate_spaces_tabs_and_commas(make_project):
    tasks = (
        'id,name,duration,predecessors\nA,a,2,\nB,b,1,\nC,c,1,\nD,d,5," A ;  B\tSS+1 , C  FF-1 ;"\n'
    )
    project = pmtools.load_project(make_project(tasks))
    links = project.links[["predecessor", "successor", "type", "lag_days"]]
    assert links.values.tolist() == [["A", "D", "FS", 0], ["B", "D", "SS", 1], ["C", "D", "FF", -1]]


def test_optional_files_do_not_change_the_project_name(tmp_path):
    import shutil

    from tests.conftest import EXAMPLES

    folder = tmp_path / "crm"
    shutil.copytree(EXAMPLES / "crm-rollout", folder)
    for naming_actions in ("feedback.csv", "visits.csv"):  # they refer to the example's actions
        (folder / naming_actions).unlink()
    (folder / "actions.csv").write_text("id,action\nA1,Fix the build\n")
    (folder / "incidents.csv").unlink()  # it names actions of the example's actions.csv
    project = pmtools.load_project(folder)
    assert project.name == "Brenner CRM rollout"
    assert list(project.actions.index) == ["A1"]
