"""The project workbook: one sheet per file out, the same files back in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pmtools.errors import ProjectInvalid
from pmtools.interop._errors import InteropError
from pmtools.interop.workbook import cell_text, import_workbook, typed_cell
from pmtools.render.spreadsheet import export_workbook
from pmtools.tables import PROJECT_FILE, REGISTRY
from tests.conftest import EXAMPLES, write_project

EXAMPLE_DIRS = sorted(p for p in EXAMPLES.iterdir() if (p / "project.yaml").is_file())


@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_every_example_comes_back_byte_for_byte(example: Path, tmp_path: Path) -> None:
    files, warnings = export_workbook(example, tmp_path / "plan.xlsx")
    import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    present = [f for f in (PROJECT_FILE, *REGISTRY) if (example / f).is_file()]
    assert files == present
    assert sorted(p.name for p in (tmp_path / "back").iterdir()) == sorted(present)
    for file in present:
        assert (tmp_path / "back" / file).read_bytes() == (example / file).read_bytes(), file
    history = sorted(str(p.relative_to(example)) for p in (example / "history").glob("*"))
    assert warnings == [f"{h} is not a project file; not in the workbook" for h in history]


def test_sheets_have_real_dates_numbers_drop_downs_and_a_frozen_bold_header(tmp_path):
    example = EXAMPLES / "crm-rollout"
    export_workbook(example, tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx")
    present = [f for f in (PROJECT_FILE, *REGISTRY) if (example / f).is_file()]
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == present and visible[:2] == ["project.yaml", "tasks.csv"]  # registry order
    assert book["_pmtools"].sheet_state == "hidden"
    tasks = book["tasks.csv"]
    header = [c.value for c in tasks[1]]
    assert header[:6] == ["id", "wbs", "name", "parent", "duration", "predecessors"]
    row = {h: c.value for h, c in zip(header, tasks[3], strict=False)}  # T010
    assert row["id"] == "T010" and row["wbs"] == "1.1"  # a WBS code stays text
    assert row["duration"] == 3 and row["planned_cost"] == 5900
    assert row["actual_start"] == dt.datetime(2026, 6, 15)
    assert tasks.cell(3, header.index("actual_start") + 1).number_format == "yyyy-mm-dd"
    assert tasks["A1"].font.b and tasks.freeze_panes == "A2"
    assert tasks.column_dimensions["C"].width > 30  # task names are long
    risks = book["risks.csv"]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in risks.data_validations.dataValidation}
    risk_header = [c.value for c in risks[1]]
    status_letter = risks.cell(1, risk_header.index("status") + 1).column_letter
    allowed = REGISTRY["risks.csv"].column("status").choices
    assert lists[f"{status_letter}2"] == '"' + ",".join(allowed) + '"'
    yaml_sheet = book["project.yaml"]
    lines = (example / "project.yaml").read_text(encoding="utf-8").splitlines()
    assert [c.value or "" for c in yaml_sheet["A"][1:]] == lines


def test_formula_text_is_stored_as_text_with_a_quote_prefix(make_project, tmp_path):
    folder = make_project(
        """
        id,name,duration,predecessors,notes
        A,"=HYPERLINK(""http://x"")",1,,-3 days slack
        B,Build,2,A,@risk
        """
    )
    export_workbook(folder, tmp_path / "plan.xlsx")
    sheet = load_workbook(tmp_path / "plan.xlsx")["tasks.csv"]
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row}
    assert cells["B2"].value == '=HYPERLINK("http://x")' and cells["B2"].data_type == "s"
    assert cells["B2"].quotePrefix and cells["E2"].quotePrefix and cells["E3"].quotePrefix
    assert not cells["B3"].quotePrefix
    import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    assert (tmp_path / "back/tasks.csv").read_bytes() == (folder / "tasks.csv").read_bytes()


def test_semicolons_bom_crlf_quotes_and_blank_lines_survive(tmp_path):
    folder = write_project(tmp_path / "p", "id;name;duration;predecessors\n")
    text = (
        "id;name;duration;predecessors;notes\r\n"
        'A;"Design; review";1;; padded\r\n'
        "\r\n"
        "B;Build;2;A;05\r\n"
    )
    (folder / "tasks.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    export_workbook(folder, tmp_path / "plan.xlsx")
    import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    assert (tmp_path / "back/tasks.csv").read_bytes() == (folder / "tasks.csv").read_bytes()


def test_cells_convert_only_where_the_text_comes_back():
    assert typed_cell("2026-06-15", "date") == dt.date(2026, 6, 15)
    assert typed_cell("15.06.2026", "date") == "15.06.2026"
    assert typed_cell("5900", "number") == 5900
    assert typed_cell("0.5", "number") == 0.5
    for kept in ("05", "1.50", "1e3", "50%", " 5"):
        assert typed_cell(kept, "number") == kept
    assert typed_cell("12", "text") == "12"
    assert typed_cell("", "number") is None
    for text in ("2026-06-15", "5900", "0.5", "-3"):
        kind = "date" if "-" in text[1:] else "number"
        assert cell_text(typed_cell(text, kind)) == text
    assert cell_text(dt.datetime(2026, 6, 15)) == "2026-06-15"
    assert cell_text(7.0) == "7"


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def test_bad_cells_are_sheet_row_column_problems_and_nothing_is_written(tmp_path):
    export_workbook(EXAMPLES / "crm-rollout", tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx")
    tasks = book["tasks.csv"]
    header = [c.value for c in tasks[1]]
    duration = tasks.cell(1, header.index("duration") + 1).column_letter
    tasks[f"{duration}3"] = "two"
    actual = tasks.cell(1, header.index("actual_start") + 1).column_letter
    tasks[f"{actual}5"] = "=TODAY()"
    book.save(tmp_path / "plan.xlsx")
    with pytest.raises(ProjectInvalid) as caught:
        import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    assert [str(p) for p in caught.value.problems] == [
        "tasks.csv:5:actual_start: expected a value, found the formula =TODAY(); "
        "type the value itself"
    ]
    assert not (tmp_path / "back").exists()
    _edit(tmp_path / "plan.xlsx", "tasks.csv", f"{actual}5", None)
    with pytest.raises(ProjectInvalid) as caught:
        import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    assert [str(p) for p in caught.value.problems] == [
        'tasks.csv:3:duration: expected whole working days >= 0, found "two"'
    ]
    assert not (tmp_path / "back").exists()


def test_a_workbook_without_project_yaml_or_not_a_workbook(tmp_path):
    export_workbook(EXAMPLES / "crm-rollout", tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx")
    book["project.yaml"].title = "Settings"
    book.save(tmp_path / "plan.xlsx")
    with pytest.raises(ProjectInvalid) as caught:
        import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    assert [p.code for p in caught.value.problems] == ["xlsx.sheet_missing"]
    (tmp_path / "junk.xlsx").write_text("not a zip")
    with pytest.raises(InteropError) as error:
        import_workbook(tmp_path / "junk.xlsx", tmp_path / "back")
    assert str(error.value).startswith(f"{tmp_path / 'junk.xlsx'}: cannot read the file")


def test_a_sheet_the_pm_added_is_named_and_left_out(tmp_path):
    export_workbook(EXAMPLES / "mobile-banking-app", tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx")
    book.create_sheet("Notes")["A1"] = "call the vendor on Monday"
    book.save(tmp_path / "plan.xlsx")
    warnings = import_workbook(tmp_path / "plan.xlsx", tmp_path / "back")
    assert warnings == ['sheet "Notes" is not a project file; not imported']
    assert (tmp_path / "back" / "tasks.csv").read_bytes() == (
        EXAMPLES / "mobile-banking-app" / "tasks.csv"
    ).read_bytes()
