"""pmtools import / export: what is printed where, exit codes, no tracebacks."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from pmtools.cli import main
from tests.conftest import DATA, EXAMPLES

XML = DATA / "mspdi" / "xml"


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "pmtools", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_import_prints_what_was_imported_and_every_warning(tmp_path, capsys):
    target = tmp_path / "links"
    assert main(["import", str(XML / "task-links-project2019-mspdi.xml"), str(target)]) == 0
    out = capsys.readouterr()
    assert out.out == (
        f"Imported {XML / 'task-links-project2019-mspdi.xml'} into {target}: 16 tasks "
        "(0 summary, 0 milestones), 8 links, 0 resources\n"
    )
    assert out.err.splitlines() == [
        "warning: tasks manually scheduled in MS Project (UID 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "
        "12, 13, 14, 15, 16): pmtools schedules them automatically from their links, so their "
        "dates may differ"
    ]
    assert sorted(p.name for p in target.iterdir()) == ["project.yaml", "tasks.csv"]
    assert main(["check", str(target)]) == 0


def test_export_then_import_in_chinese(tmp_path, capsys):
    xml_path = tmp_path / "erp.xml"
    example = EXAMPLES / "erp-upgrade-cn"
    assert main(["--language", "zh", "export", str(example), "--to", str(xml_path)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"已将 {example} 导出为 {xml_path}：86 个任务")
    assert out.err.startswith("警告：MS Project 无处存放的 project.yaml 键")
    assert main(["import", str(xml_path), str(tmp_path / "back")]) == 0
    out = capsys.readouterr()
    assert "86 tasks (12 summary" in out.out and out.err == ""
    assert (tmp_path / "back" / "tasks.csv").read_bytes() == (example / "tasks.csv").read_bytes()


def test_import_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["import", str(XML / "mspdirelations.xml"), str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == f"{tmp_path} already exists and is not empty; import into a new folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_import_of_a_folder_that_does_not_validate_lists_the_problems(tmp_path, capsys):
    head, _, tail = (XML / "mspdirelations.xml").read_text().partition("<Name>Task 1</Name>")
    tail = tail.replace(  # task 1 started before the project did
        "<ConstraintType>0</ConstraintType>",
        "<ActualStart>2006-09-01T08:00:00</ActualStart><ConstraintType>0</ConstraintType>",
        1,
    )
    (tmp_path / "early.xml").write_text(f"{head}<Name>Task 1</Name>{tail}")
    target = tmp_path / "p"
    assert main(["import", str(tmp_path / "early.xml"), str(target)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-2:] == [
        f"{target / 'tasks.csv'}:2:actual_start: 2006-09-01 is before the project start 2006-09-21",
        f"{target}: 1 problem(s) in the imported folder; the files were written, fix them there",
    ]
    assert err[0].startswith("warning: the file has progress but no status date")


def test_broken_and_hostile_files_give_one_line_and_no_traceback(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<Project>\n  <Name>x</Nme>\n</Project>\n')
    result = run("import", str(broken), str(tmp_path / "a"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{broken}: line 3: not well-formed XML (mismatched tag)\n"
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>\n'
    )
    result = run("import", str(hostile), str(tmp_path / "b"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{hostile}: line 2: a DOCTYPE or entity declaration")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_unknown_suffixes_and_usage_errors(tmp_path, capsys):
    assert main(["import", str(tmp_path / "plan.ods"), str(tmp_path / "p")]) == 1
    assert "cannot import .ods files; expected .xml, .mpp, .mpt, .mpx" in capsys.readouterr().err
    assert main(["export", str(EXAMPLES / "crm-rollout"), "--to", str(tmp_path / "p.pdf")]) == 1
    assert "cannot export to .pdf files; expected .xml" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["export", str(EXAMPLES / "crm-rollout")])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["import", str(XML / "mspdirelations.xml")])
    assert caught.value.code == 2


def test_export_of_an_invalid_folder_lists_its_problems(tmp_path, capsys):
    folder = DATA.parent / "projects" / "cycle"
    assert main(["export", str(folder), "--to", str(tmp_path / "p.xml")]) == 1
    err = capsys.readouterr().err
    assert "the task links form a loop" in err and not (tmp_path / "p.xml").exists()
    assert main(["export", str(tmp_path / "nowhere"), "--to", str(tmp_path / "p.xml")]) == 1
    assert "no project folder" in capsys.readouterr().err


def test_mpp_without_the_extra_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "mpxj", None)  # as if pmtools[mpp] were not installed
    (tmp_path / "plan.mpp").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["import", str(tmp_path / "plan.mpp"), str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{tmp_path / 'plan.mpp'}: reading .mpp files needs MPXJ: pip install 'pmtools[mpp]' "
        "and a Java runtime (e.g. apt-get install default-jre-headless)\n"
    )
    assert not (tmp_path / "p").exists()


def test_mpp_without_java_says_what_to_install(tmp_path):
    pytest.importorskip("jpype")
    plan = tmp_path / "plan.mpx"
    plan.write_text("MPX,Microsoft Project for Windows,4.0,ANSI\n")
    code = textwrap.dedent(
        f"""
        import jpype, sys
        def no_java(*args, **kwargs):
            raise jpype.JVMNotFoundException("No JVM shared library file (libjvm.so) found")
        jpype.startJVM = no_java
        jpype.isJVMStarted = lambda: False
        from pmtools.cli import main
        sys.exit(main(["import", {str(plan)!r}, {str(tmp_path / "p")!r}]))
        """
    )
    result = run(code=code)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"{plan}: reading .mpx files needs a Java runtime for MPXJ (e.g. apt-get install "
        "default-jre-headless)"
    )
    assert "\n" not in result.stderr.rstrip("\n")


def test_exported_file_is_microsoft_project_xml(tmp_path, capsys):
    xml_path = tmp_path / "crm.xml"
    assert main(["export", str(EXAMPLES / "crm-rollout"), "--to", str(xml_path)]) == 0
    capsys.readouterr()
    root = ET.parse(xml_path).getroot()
    assert root.tag == "{http://schemas.microsoft.com/project}Project"
    assert (
        Path(xml_path)
        .read_text(encoding="utf-8")
        .startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    )


# -- pmtools import FILE DIR --work-items: tracker exports ------------------------------------

TRACKERS = DATA / "trackers"


@pytest.mark.parametrize(
    ("export", "preset", "counts"),
    [
        ("jira-cloud.csv", "jira", "story 4, task 1, bug 2, epic 1"),
        ("pingcode-zh.csv", "pingcode", "story 4, task 0, bug 2, epic 1"),
        ("pingcode-en.xlsx", "pingcode", "story 2, task 1, bug 1, epic 1"),
        ("worktile-zh.csv", "worktile", "story 0, task 3, bug 1, epic 0"),
    ],
)
def test_work_items_from_each_preset_into_a_new_folder(tmp_path, capsys, export, preset, counts):
    """Each sample export, written from the tracker's published column names, gives the
    workitems.csv checked by hand in tests/data/trackers/expected/, and a folder that loads."""
    target = tmp_path / "team"
    assert main(["import", str(TRACKERS / export), str(target), "--work-items"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    items = (TRACKERS / "expected" / f"{Path(export).stem}.csv").read_text(encoding="utf-8")
    assert out.out.startswith(f"Imported {items.count(chr(10)) - 1} work items from ")
    assert f"({preset}) into {target} ({counts}) with 0 status changes" in out.out
    assert (target / "workitems.csv").read_text(encoding="utf-8") == items
    assert sorted(p.name for p in target.iterdir()) == [
        "project.yaml",
        "tasks.csv",
        "workitems.csv",
    ]
    assert main(["check", str(target)]) == 0


def test_a_new_folder_gets_a_board_of_the_exports_statuses(tmp_path, capsys):
    target = tmp_path / "erp"
    assert main(["import", str(TRACKERS / "pingcode-zh.csv"), str(target), "--work-items"]) == 0
    settings = yaml.safe_load((target / "project.yaml").read_text(encoding="utf-8"))
    assert settings["name"] == "erp" and settings["language"] == "zh"
    assert settings["start"] == dt.date(2026, 9, 1)  # the first item created
    assert settings["board"] == {
        "columns": [
            {"name": "待办", "statuses": ["待处理"]},
            {"name": "进行中", "statuses": ["进行中", "待测试", "修复中"]},
            {"name": "已完成", "statuses": ["已完成"]},
        ],
        "started": "进行中",
        "done": "已完成",
    }


def test_work_items_of_another_tracker_through_a_mapping(tmp_path, capsys):
    target = tmp_path / "dc"
    mapping = TRACKERS / "gitlab-issues.map.yaml"
    code = main(
        ["import", str(TRACKERS / "gitlab-issues.csv"), str(target), "--work-items",
         "--mapping", str(mapping)]
    )  # fmt: skip
    assert code == 0
    assert "(mapping) into" in capsys.readouterr().out
    expected = (TRACKERS / "expected" / "gitlab-issues.csv").read_text(encoding="utf-8")
    assert (target / "workitems.csv").read_text(encoding="utf-8") == expected


def test_work_items_into_an_existing_project_list_every_problem(tmp_path, capsys):
    """The export's problems name its rows and headers; statuses the project's board does not
    know are kept and make the folder invalid (exit 1), with the folder's problems listed."""
    project = tmp_path / "app"
    project.mkdir()
    (project / "project.yaml").write_text(
        "name: App\nstart: 2026-10-01\nboard:\n  columns:\n"
        "    - {name: Backlog, statuses: [To Do]}\n"
        "    - {name: Doing, statuses: [In Progress]}\n"
        "    - {name: Done, statuses: [Done]}\n",
        encoding="utf-8",
    )
    (project / "tasks.csv").write_text("id,name,duration,predecessors\nT1,Build,5,\n")
    export = tmp_path / "export.csv"
    text = (TRACKERS / "jira-cloud.csv").read_text(encoding="utf-8-sig")
    text = text.replace("16/Nov/26 11:00 AM", "16.11.2026 11:00", 1)  # CU-7's Created
    export.write_text(text + text.splitlines()[3] + "\r\n", encoding="utf-8")  # CU-3 again
    assert main(["import", str(export), str(project), "--work-items"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:4] == [
        f'{export}:5:Status: status "In Review" is in no column of the board (Backlog, Doing, '
        "Done); add it to the board or map it under statuses: in the mapping",
        f"{export}:8:Created: expected a date such as 2026-11-05 14:30, 2026/11/05, 05/Nov/26 "
        '2:30 PM or 2026年11月5日, found "16.11.2026 11:00"; left empty (for other formats set '
        "date_format in the mapping)",
        f'{export}:10:Issue key: duplicate id "CU-3" (first on row 4); the row was left out',
        f'{project / "workitems.csv"}:5:status: status "In Review" is in no column of the board '
        "(Backlog, Doing, Done); add it to a column's statuses under board: in project.yaml",
    ]
    assert (
        err[-1]
        == f"{project}: 1 problem(s) in the imported folder; the files were written, fix them there"
    )
    rows = (project / "workitems.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 8  # the repeated CU-3 left out
    assert rows[7].endswith(',"Created was ""16.11.2026 11:00"""')  # the unread cell in note
    assert (project / "tasks.csv").read_text().startswith("id,name,duration,predecessors\nT1,")


def test_nothing_readable_writes_nothing_and_exits_1(tmp_path, capsys):
    export = tmp_path / "notes.csv"
    export.write_text("Name,Comment\nA,b\n", encoding="utf-8")
    target = tmp_path / "p"
    assert main(["import", str(export), str(target), "--work-items"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{export}:1: cannot tell which tracker wrote this export (expected Jira, PingCode or "
        "Worktile headers; the header has: Name, Comment); describe it with --mapping",
        f"no work item could be read from {export}; nothing was written to {target}",
    ]
    assert not target.exists()


def test_mapping_without_work_items_is_a_usage_error(tmp_path, capsys):
    code = main(
        ["import", str(TRACKERS / "jira-cloud.csv"), str(tmp_path / "p"), "--mapping", "m.yaml"]
    )
    assert code == 2
    assert (
        capsys.readouterr().err == "--mapping needs --work-items (it describes a tracker export)\n"
    )
