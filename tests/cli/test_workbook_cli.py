"""pmtools export/import of workbooks and progress updates: output, questions, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from pmtools.cli import main
from tests.conftest import EXAMPLES


def copy_example(tmp_path: Path, name: str = "crm-rollout") -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    return target


def test_workbook_out_and_back_in(tmp_path, capsys):
    example = EXAMPLES / "erp-upgrade-cn"
    assert main(["export", str(example), "--to", str(tmp_path / "plan.xlsx")]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"Exported {example} to {tmp_path / 'plan.xlsx'}: one sheet per")
    assert main(["import", str(tmp_path / "plan.xlsx"), str(tmp_path / "back")]) == 0
    out = capsys.readouterr()
    files = sum(1 for p in example.iterdir() if p.is_file())  # every file; history/ aside
    assert (
        out.out
        == f"Imported {tmp_path / 'plan.xlsx'} into {tmp_path / 'back'}: {files} files, 86 tasks\n"
    )
    assert main(["check", str(tmp_path / "back")]) == 0


def test_a_bad_workbook_cell_names_workbook_sheet_row_and_column(tmp_path, capsys):
    assert main(["export", str(EXAMPLES / "crm-rollout"), "--to", str(tmp_path / "p.xlsx")]) == 0
    book = load_workbook(tmp_path / "p.xlsx")
    book["risks.csv"]["A3"] = "=A2"
    book.save(tmp_path / "p.xlsx")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "p.xlsx"), str(tmp_path / "back")]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines()[0] == (
        f"{tmp_path / 'p.xlsx'}:risks.csv:3:id: expected a value, found the formula =A2; "
        "type the value itself"
    )
    assert not (tmp_path / "back").exists()


def _fill(path: Path, values: dict[str, dict[str, object]]) -> None:
    """Set cells of the progress sheet by task id and column name."""
    book = load_workbook(path)
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        task = row[0].value
        for column, value in values.get(task, {}).items():
            row[header.index(column)].value = value
    book.save(path)


def test_progress_round_trip_asks_first_and_applies_with_yes(tmp_path, capsys, monkeypatch):
    project = copy_example(tmp_path)
    sheet = tmp_path / "progress.xlsx"
    assert main(["export", str(project), "--to", str(sheet), "--progress"]) == 0
    assert "13 open tasks" in capsys.readouterr().out
    ws = load_workbook(sheet).worksheets[0]
    assert ws.title == "progress 2026-11-20"
    rules = {
        str(v.sqref).split(":")[0][0]: (v.type, v.formula1, v.formula2)
        for v in ws.data_validations.dataValidation
    }
    assert rules == {  # percent_complete, actual_start, actual_finish, remaining
        "I": ("decimal", "0", "100"),
        "J": ("date", "1", None),
        "K": ("date", "1", None),
        "L": ("whole", "0", "100000"),
    }
    assert ws["I2"].fill.fgColor.rgb.endswith("FEF9E7") and not ws["G2"].fill.fgColor.rgb.endswith(
        "FEF9E7"
    )
    _fill(sheet, {"T370": {"percent_complete": 0.8}, "T390": {"remaining": 20}})
    book = load_workbook(sheet)  # the PM formats the column as a percentage: 80 %
    header = [c.value for c in book.worksheets[0][1]]
    for row in book.worksheets[0].iter_rows(min_row=2):
        row[header.index("percent_complete")].number_format = "0%"
    book.save(sheet)
    before = (project / "tasks.csv").read_bytes()
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["import", str(sheet), str(project), "--update"]) == 1
    out = capsys.readouterr().out
    assert "T370  Customer portal for installers     percent_complete  75 -> 80" in out
    assert "T390  System integration test Release 2  duration          14 -> 20" in out
    assert out.endswith("Nothing applied.\n")
    assert (project / "tasks.csv").read_bytes() == before
    assert main(["import", str(sheet), str(project), "--update", "--yes"]) == 0
    assert capsys.readouterr().out.endswith(f"Applied 2 changes to {project}/tasks.csv\n")
    changed = [
        (a, b)
        for a, b in zip(
            before.splitlines(), (project / "tasks.csv").read_bytes().splitlines(), strict=True
        )
        if a != b
    ]
    assert len(changed) == 2
    assert main(["import", str(sheet), str(project), "--update", "--yes"]) == 0
    assert capsys.readouterr().out == f"{sheet}: no changes to {project}/tasks.csv\n"


def test_update_keeps_an_edit_made_meanwhile_to_another_task(tmp_path, capsys, monkeypatch):
    project = copy_example(tmp_path)
    updates = tmp_path / "u.csv"
    updates.write_text("id,percent_complete\nT370,85\n")
    path = project / "tasks.csv"

    def someone_else_edits(prompt: str) -> str:  # while the PM reads the list of changes
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(
                "T390,8.1,System integration test Release 2,P8,14,",
                "T390,8.1,System integration test Release 2,P8,16,",
            )
        )
        return "y"

    monkeypatch.setattr("builtins.input", someone_else_edits)
    assert main(["import", str(updates), str(project), "--update"]) == 0
    assert "edits made to other tasks in the meantime were kept" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert ",P8,16," in text and ",85,2026-10-23," in text

    updates.write_text("id,percent_complete\nT390,10\n")

    def someone_edits_the_same_task(prompt: str) -> str:
        path.write_text(path.read_text().replace(",P8,16,", ",P8,18,"))
        return "y"

    monkeypatch.setattr("builtins.input", someone_edits_the_same_task)
    assert main(["import", str(updates), str(project), "--update"]) == 1
    err = capsys.readouterr().err
    assert "tasks.csv was changed by someone else since you opened it" in err
    assert (
        ",P8,18," in path.read_text()
        and ",P8,18,T385;T220,Daniel Richter,Daniel Richter;Test team,10,14,18,0,"
        in path.read_text()
    )


def test_bad_update_cells_are_listed_and_nothing_changes(tmp_path, capsys):
    project = copy_example(tmp_path)
    updates = tmp_path / "u.csv"
    updates.write_text("id,percent_complete,actual_finish\nT370,120,\nT999,,2026-11-19\n")
    before = (project / "tasks.csv").read_bytes()
    assert main(["import", str(updates), str(project), "--update", "--yes"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'u.csv:2:percent_complete: expected a percentage from 0 to 100, found "120"',
        'u.csv:3:id: expected a task id of tasks.csv, found "T999"',
        f"{updates}: 2 problem(s); nothing was written",
    ]
    assert (project / "tasks.csv").read_bytes() == before


def test_report_pdf_without_chromium_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PMTOOLS_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "out"
    code = main(["report", str(EXAMPLES / "crm-rollout"), "--out", str(out), "--pdf"])
    assert code == 1
    assert capsys.readouterr().err == (
        "--pdf needs Playwright and Chromium: pip install 'pmtools[pdf]', then apt-get install "
        "chromium (or playwright install chromium)\n"
    )
    assert not out.exists()  # refused before running anything


def test_the_progress_sheet_is_xlsx_or_csv(tmp_path, capsys):
    project = EXAMPLES / "crm-rollout"
    assert main(["export", str(project), "--to", str(tmp_path / "p.xml"), "--progress"]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'p.xml'}: cannot export to .xml files; expected .xlsx, .csv\n"
    )
    assert main(["export", str(project), "--to", str(tmp_path / "p.csv"), "--progress"]) == 0
    lines = (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == (
        "id,name,owner,forecast_start,forecast_finish,duration,percent_now,remaining_now,"
        "percent_complete,actual_start,actual_finish,remaining"
    )
    assert lines[1] == (
        "T370,Customer portal for installers,Jonas Becker,2026-10-23,2026-12-02,29,75,8,,"
        "2026-10-23,,"
    )


def test_report_standalone_embeds_plotly_and_a_switch_rebuilds(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["report", str(EXAMPLES / "mobile-banking-app"), "--out", str(out)]
    assert main([*args, "--notebooks", "status"]) == 0
    shared = (out / "mobile-banking-app" / "status.html").read_text(encoding="utf-8")
    assert '<script src="../plotly.min.js"></script>' in shared and len(shared) < 1_000_000
    assert main([*args, "--notebooks", "status", "--standalone"]) == 0
    assert "1 run, 0 unchanged" in capsys.readouterr().err  # another kind of report: rebuilt
    alone = (out / "mobile-banking-app" / "status.html").read_text(encoding="utf-8")
    assert 'src="../plotly.min.js"' not in alone and len(alone) > 3_000_000
    assert "<title>Status report · Harbor FCU mobile banking app · 2026-11-20</title>" in alone
