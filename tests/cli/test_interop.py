"""pmtools import / export: what is printed where, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

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
