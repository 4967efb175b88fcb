"""Saves never lose work: untouched text kept, no column added, stale edits merged or refused."""

from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path

import pytest

import pmtools
from pmtools.errors import FileChanged, ProjectInvalid
from pmtools.io import save_table
from pmtools.tables.edit import merge_edits, snapshot, split_records

TASKS = (
    "id,name,duration,predecessors,percent_complete,notes\r\n"
    'A,"Analyse, scope",3,,100,  spaced  \r\n'
    "B,Build,5,A,0,\r\n"
    "C,Test,2,B,0,keep me\r\n"
)
RISKS = "id,title,probability,impact,owner\nR1,Vendor late,35%,3,Ann\nR2,Key user away, 2 ,4,Bob\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    (root / "project.yaml").write_text(
        "name: Saves\nstart: 2026-03-02\nstatus_date: 2026-03-06\n", encoding="utf-8"
    )
    (root / "tasks.csv").write_bytes(TASKS.encode("utf-8"))
    (root / "risks.csv").write_bytes(("\ufeff" + RISKS).encode("utf-8"))
    return root


def _edit(frame, key, column, value):
    table = frame.copy()
    table.loc[table["id"] == key, column] = value
    return table


def test_split_records_keeps_quoted_line_breaks_and_the_line_ending():
    records, newline, final = split_records('a,b\r\n1,"x\r\ny"\r\n2,z')
    assert records == ["a,b", '1,"x\r\ny"', "2,z"] and newline == "\r\n" and not final
    assert split_records("a\rb\r") == (["a", "b"], "\r", True)  # old Mac line endings


def test_only_the_edited_row_is_written_again(folder: Path):
    base = snapshot(folder / "tasks.csv")
    table = _edit(base.frame(), "B", "duration", "8")
    save_table(folder, "tasks.csv", table, base=base)
    after = (folder / "tasks.csv").read_bytes().decode("utf-8")
    assert after == TASKS.replace("B,Build,5,A,0,", "B,Build,8,A,0,")  # CRLF, quotes, spaces kept


def test_untouched_cells_keep_their_text_and_no_column_is_added(folder: Path):
    base = snapshot(folder / "risks.csv")
    table = _edit(base.frame(), "R2", "owner", "Carla")
    table["strategy"] = ""  # an editor's empty field for a column the file does not have
    save_table(folder, "risks.csv", table, base=base)
    data = (folder / "risks.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM stays
    text = data.decode("utf-8-sig")
    assert text == RISKS.replace("R2,Key user away, 2 ,4,Bob", "R2,Key user away, 2 ,4,Carla")
    assert "35%" in text and "strategy" not in text


def test_a_new_column_with_a_value_is_added_and_other_rows_widened(folder: Path):
    base = snapshot(folder / "risks.csv")
    table = _edit(base.frame(), "R1", "strategy", "mitigate")
    save_table(folder, "risks.csv", table, base=base)
    lines = (folder / "risks.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        "id,title,probability,impact,owner,strategy",
        "R1,Vendor late,35%,3,Ann,mitigate",
        "R2,Key user away, 2 ,4,Bob,",
    ]


def test_edits_to_other_rows_made_meanwhile_are_merged(folder: Path):
    base = snapshot(folder / "tasks.csv")
    mine = _edit(base.frame(), "B", "duration", "8")
    # meanwhile in Excel: C's notes and a new task D
    theirs = TASKS.replace("keep me", "changed in Excel") + "D,Deploy,1,C,0,\r\n"
    (folder / "tasks.csv").write_bytes(theirs.encode("utf-8"))
    save_table(folder, "tasks.csv", mine, base=base)
    after = (folder / "tasks.csv").read_text(encoding="utf-8")
    assert "B,Build,8,A,0," in after and "changed in Excel" in after and "D,Deploy" in after
    assert pmtools.load_project(folder).tasks.loc["B", "duration"] == 8


def test_edits_to_the_same_row_are_refused_and_the_other_edit_stays(folder: Path):
    base = snapshot(folder / "tasks.csv")
    mine = _edit(base.frame(), "B", "duration", "8")
    theirs = TASKS.replace("B,Build,5,A,0,", "B,Build,6,A,40,")
    (folder / "tasks.csv").write_bytes(theirs.encode("utf-8"))
    with pytest.raises(FileChanged) as caught:
        save_table(folder, "tasks.csv", mine, base=base)
    assert caught.value.clash == ["B"] and "someone else" in str(caught.value)
    assert (folder / "tasks.csv").read_bytes().decode("utf-8") == theirs


def test_an_invalid_edit_writes_nothing(folder: Path):
    base = snapshot(folder / "tasks.csv")
    before = (folder / "tasks.csv").read_bytes()
    with pytest.raises(ProjectInvalid):
        save_table(folder, "tasks.csv", _edit(base.frame(), "B", "duration", "two"), base=base)
    assert (folder / "tasks.csv").read_bytes() == before


def test_gb18030_files_stay_gb18030(folder: Path):
    text = "id,name,duration,predecessors\r\nA,需求分析,3,\r\nB,系统开发,5,A\r\n"
    (folder / "tasks.csv").write_bytes(text.encode("gb18030"))
    base = snapshot(folder / "tasks.csv")
    assert base.encoding == "gb18030" and base.frame().loc[0, "name"] == "需求分析"
    save_table(folder, "tasks.csv", _edit(base.frame(), "B", "name", "系统开发与测试"), base=base)
    assert (folder / "tasks.csv").read_bytes() == text.replace("系统开发", "系统开发与测试").encode(
        "gb18030"
    )


def test_a_bare_carriage_return_in_a_cell_is_quoted(folder: Path):
    base = snapshot(folder / "tasks.csv")
    save_table(folder, "tasks.csv", _edit(base.frame(), "C", "notes", "line\rbreak"), base=base)
    assert pmtools.load_project(folder).tasks.loc["C", "notes"] == "line\rbreak"


def test_file_modes_follow_the_umask_for_new_files_and_stay_for_replaced_ones(folder: Path):
    os.chmod(folder / "tasks.csv", 0o600)
    base = snapshot(folder / "tasks.csv")
    save_table(folder, "tasks.csv", _edit(base.frame(), "B", "duration", "8"), base=base)
    assert stat.S_IMODE((folder / "tasks.csv").stat().st_mode) == 0o600
    old = os.umask(0o002)
    try:
        new = snapshot(folder / "decisions.csv")
        table = new.frame(columns=("id", "decision", "status"))
        table.loc[0] = ["D1", "Go live date", "open"]
        save_table(folder, "decisions.csv", table, base=new)
    finally:
        os.umask(old)
    assert stat.S_IMODE((folder / "decisions.csv").stat().st_mode) == 0o664


def test_orphans_of_interrupted_saves_are_cleaned(folder: Path):
    orphan = folder / ".tasks.csv.abc123.tmp"
    orphan.write_text("half a file")
    os.utime(orphan, (1, 1))
    base = snapshot(folder / "tasks.csv")
    save_table(folder, "tasks.csv", _edit(base.frame(), "B", "duration", "8"), base=base)
    assert not orphan.exists()


def test_a_log_without_ids_merges_appended_rows_only(folder: Path):
    (folder / "costs.csv").write_text("date,amount\n2026-03-02,100\n", encoding="utf-8")
    base = snapshot(folder / "costs.csv")
    mine = base.frame()
    mine.loc[1] = ["2026-03-03", "50"]
    (folder / "costs.csv").write_text("date,amount\n2026-03-02,100\n2026-03-04,7\n", "utf-8")
    save_table(folder, "costs.csv", mine, base=base)
    assert (folder / "costs.csv").read_text().splitlines()[1:] == [
        "2026-03-02,100",
        "2026-03-04,7",
        "2026-03-03,50",
    ]
    base = snapshot(folder / "costs.csv")
    changed = base.frame()
    changed.loc[0, "amount"] = "101"
    (folder / "costs.csv").write_text("date,amount\n2026-03-02,99\n", "utf-8")
    with pytest.raises(FileChanged):
        merge_edits(base, changed, key=None, current=snapshot(folder / "costs.csv"))


def _save_row(folder: str, key: str, value: str, start: multiprocessing.synchronize.Barrier) -> str:
    base = snapshot(Path(folder) / "tasks.csv")
    table = _edit(base.frame(), key, "duration", value)
    start.wait()
    try:
        save_table(folder, "tasks.csv", table, base=base)
    except FileChanged:
        return "refused"
    return "saved"


@pytest.mark.parametrize(
    ("second", "expected"), [("C", ["saved", "saved"]), ("B", ["refused", "saved"])]
)
def test_two_processes_saving_at_once_never_lose_an_edit(folder: Path, second, expected):
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(2)
    with context.Pool(2) as pool:
        results = pool.starmap(
            _save_row, [(str(folder), "B", "8", barrier), (str(folder), second, "9", barrier)]
        )
    assert sorted(results) == expected
    tasks = pmtools.load_project(folder).tasks
    if second == "C":
        assert (tasks.loc["B", "duration"], tasks.loc["C", "duration"]) == (8, 9)
    else:  # one of the two edits of B was saved, the other refused: never a silent overwrite
        assert tasks.loc["B", "duration"] in (8, 9)
