"""Importing work items from tracker exports.

The sample exports are written by hand from the trackers' published column names
(no real export was available); each test states the workitems.csv cells expected.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pmtools import flow
from pmtools.i18n import use_language
from pmtools.interop.trackers import (
    PRESETS,
    detect_preset,
    import_workitems,
    parse_tracker_date,
    save_import,
)
from pmtools.tables.files import read_csv_table

COLUMNS = [*flow.WORKITEMS_COLUMNS, "note"]

EN_BOARD, _ = flow.board_from_settings(
    {
        "board": {
            "columns": [
                {"name": "Backlog", "statuses": ["To Do"]},
                {"name": "In progress", "statuses": ["In Progress"]},
                {"name": "Review", "statuses": ["In Review"], "active": False},
                {"name": "Done", "statuses": ["Done"]},
            ]
        }
    }
)
ZH_BOARD, _ = flow.board_from_settings(
    {
        "board": {
            "columns": [
                {"name": "Backlog", "statuses": ["待处理"]},
                {"name": "In progress", "statuses": ["进行中"]},
                {"name": "Review", "statuses": ["待验收"]},
                {"name": "Done", "statuses": ["已完成"]},
            ]
        }
    }
)


def cells(text: str) -> pd.DataFrame:
    """Expected workitems.csv cells from a CSV text (columns missing there are empty)."""
    frame = pd.read_csv(io.StringIO(textwrap.dedent(text)), dtype=str, keep_default_na=False)
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[COLUMNS].astype(object)


def assert_cells(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(actual.columns) == COLUMNS
    pd.testing.assert_frame_equal(actual.reset_index(drop=True), expected, check_dtype=False)


# ---------------------------------------------------------------------------------------------
# Jira

# Jira Cloud "Export CSV (all fields)": BOM, CRLF, Labels and Sprint repeated, a quoted
# multi-line description, dd/MMM/yy h:mm a dates, Parent holding the parent's issue id.
JIRA = (
    "\ufeff"
    + "\r\n".join(
        [
            "Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Resolution,"
            "Assignee,Reporter,Created,Updated,Resolved,Labels,Labels,Sprint,Sprint,"
            "Custom field (Story Points),Parent,Parent summary,Status Category,"
            "Status Category Changed,Description",
            "Checkout epic,SHOP-1,10001,Epic,In Progress,SHOP,High,,Dana Ortiz,Sam Lee,"
            "01/Mar/26 9:00 AM,05/Mar/26 9:00 AM,,payments,,,,,,,In Progress,"
            '02/Mar/26 10:00 AM,"Rework the checkout.\r\n\r\nTwo ""lines""."',
            "Pay by card,SHOP-2,10002,Story,Done,SHOP,Highest,Done,Dana Ortiz,Sam Lee,"
            "02/Mar/26 9:15 AM,05/Mar/26 4:30 PM,05/Mar/26 4:30 PM,payments,backend,Sprint 1,"
            "Sprint 2,5,10001,Checkout epic,Done,05/Mar/26 4:30 PM,",
            "Refund,SHOP-3,10003,Story,In Review,SHOP,Medium,,Li Wei,Sam Lee,"
            "03/Mar/26 11:00 AM,04/Mar/26 2:30 PM,,,,Sprint 2,,3,10001,Checkout epic,"
            "In Progress,04/Mar/26 2:30 PM,",
            '"Crash, empty cart",SHOP-4,10004,Bug,To Do,SHOP,Low,,,Sam Lee,04/Mar/26 12:00 PM,'
            "04/Mar/26 12:00 PM,,,,,,,,,To Do,04/Mar/26 12:00 PM,",
            "Refund tests,SHOP-5,10005,Sub-task,Done,SHOP,Medium,,Li Wei,Li Wei,"
            "03/Mar/26 1:00 PM,06/Mar/26 10:45 AM,,,,,,,10003,Refund,Done,06/Mar/26 10:45 AM,",
        ]
    )
    + "\r\n"
)

# SHOP-1 and SHOP-3: started = Status Category Changed (category In Progress); SHOP-5: done =
# Status Category Changed (category Done, no Resolved); parents 10001/10003 -> issue keys;
# the last non-empty Sprint column wins.
JIRA_CELLS = """\
id,title,type,status,owner,priority,points,sprint,created,started,done,parent
SHOP-1,Checkout epic,epic,In Progress,Dana Ortiz,High,,,2026-03-01 09:00,2026-03-02 10:00,,
SHOP-2,Pay by card,story,Done,Dana Ortiz,Highest,5,Sprint 2,2026-03-02 09:15,,2026-03-05 16:30,SHOP-1
SHOP-3,Refund,story,In Review,Li Wei,Medium,3,Sprint 2,2026-03-03 11:00,2026-03-04 14:30,,SHOP-1
SHOP-4,"Crash, empty cart",bug,To Do,,Low,,,2026-03-04 12:00,,,
SHOP-5,Refund tests,task,Done,Li Wei,Medium,,,2026-03-03 13:00,,2026-03-06 10:45,SHOP-3
"""  # noqa: E501


def test_jira_csv(tmp_path):
    path = tmp_path / "jira.csv"
    path.write_bytes(JIRA.encode("utf-8"))
    result = import_workitems(path, board=EN_BOARD)
    assert result.preset == "jira"
    assert result.problems == ()
    assert_cells(result.items, cells(JIRA_CELLS))
    assert result.transitions.empty and list(result.transitions.columns) == [
        "item",
        "from",
        "to",
        "at",
    ]
    assert result.sources["points"] == "Custom field (Story Points)"
    assert result.sources["done"] == "Resolved"


def test_jira_import_round_trips_through_workitems_csv(tmp_path):
    export = tmp_path / "jira.csv"
    export.write_bytes(JIRA.encode("utf-8"))
    folder = tmp_path / "project"
    folder.mkdir()
    written = save_import(import_workitems(export, board=EN_BOARD), folder)
    assert [p.name for p in written] == ["workitems.csv"]
    problems: list = []
    frame, _ = read_csv_table(folder / "workitems.csv", "workitems.csv", problems)
    items, _, problems = flow.check_workitems(frame, None, EN_BOARD)
    assert problems == []
    assert items.loc["SHOP-5", "done"] == pd.Timestamp("2026-03-06 10:45")
    summary = flow.flow_summary(items, None, EN_BOARD, dt.date(2026, 3, 6), seed=1)
    assert summary["items"] == 4  # the epic is not counted
    assert summary["wip"] == {"In progress": 0, "Review": 1}


JIRA_BROKEN = """\
Issue key,Summary,Issue Type,Status,Created,Resolved,Custom field (Story Point estimate),Parent
OPS-1,Rotate keys,Spike,Blocked,yesterday,,x,99999
OPS-2,Patch,Task,Done,07/Mar/26 9:00 AM,08/Mar/26 13:30 PM,2,
OPS-1,Again,Task,To Do,,,,
,No key,Task,To Do,,,,
OPS 3,Spaced,Task,To Do,,,,
OPS-4,,Story,,,,-1,OPS-4
"""


def test_jira_problems_keep_or_leave_out_rows_and_say_so(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(JIRA_BROKEN, encoding="utf-8")
    result = import_workitems(path, board=EN_BOARD)
    assert result.preset == "jira"
    assert [str(p) for p in result.problems] == [
        "export.csv:2:Issue Type: expected an item type such as Story, Task, Bug or Epic, found "
        '"Spike"; left empty (a story); name it under types: in the mapping',
        'export.csv:2:Status: status "Blocked" is in no column of the board (Backlog, '
        "In progress, Review, Done); add it to the board or map it under statuses: in the mapping",
        "export.csv:2:Custom field (Story Point estimate): expected story points as a number >= 0, "
        'found "x"; left empty',
        "export.csv:2:Created: expected a date such as 2026-11-05 14:30, 2026/11/05, "
        '05/Nov/26 2:30 PM or 2026年11月5日, found "yesterday"; left empty (for other formats '
        "set date_format in the mapping)",
        'export.csv:2:Parent: parent "99999" is not an item of this export; left empty',
        "export.csv:3:Resolved: expected a date such as 2026-11-05 14:30, 2026/11/05, "
        '05/Nov/26 2:30 PM or 2026年11月5日, found "08/Mar/26 13:30 PM"; left empty (for other '
        "formats set date_format in the mapping)",
        'export.csv:4:Issue key: duplicate id "OPS-1" (first on row 2); the row was left out',
        "export.csv:5:Issue key: expected an id, found an empty cell; the row was left out",
        "export.csv:6:Issue key: expected an id without spaces, commas or semicolons, found "
        '"OPS 3"; the row was left out',
        "export.csv:7:Summary: expected a value, found an empty cell",
        "export.csv:7:Status: expected a value, found an empty cell",
        "export.csv:7:Custom field (Story Point estimate): expected story points as a number "
        '>= 0, found "-1"; left empty',
        'export.csv:7:Parent: parent "OPS-4" is not an item of this export; left empty',
    ]
    assert_cells(
        result.items,
        cells(
            '''\
            id,title,type,status,points,created,done,parent,note
            OPS-1,Rotate keys,,Blocked,,,,,"Issue Type was ""Spike""; Custom field (Story Point estimate) was ""x""; Created was ""yesterday""; Parent was ""99999"""
            OPS-2,Patch,task,Done,2,2026-03-07 09:00,,,"Resolved was ""08/Mar/26 13:30 PM"""
            OPS-4,,story,,,,,,"Custom field (Story Point estimate) was ""-1""; Parent was ""OPS-4"""
            '''  # noqa: E501
        ),
    )


# ---------------------------------------------------------------------------------------------
# PingCode

PINGCODE_ZH = """\
编号,标题,工作项类型,状态,负责人,优先级,故事点,迭代,创建时间,开始时间,完成时间,父工作项
SCR-1,支付史诗,史诗,进行中,王芳,高,,,2026/11/01 09:00,2026/11/02 10:00,,
SCR-2,微信支付,用户故事,已完成,王芳,最高,5,迭代 1,2026/11/02 09:15,2026-11-03 09:00:00,2026年11月5日 16:30,SCR-1
SCR-3,退款,用户故事,待验收,李伟,中,3,迭代 2,2026年11月3日,2026年11月4日,,SCR-1
SCR-4,空购物车崩溃,缺陷,待处理,,低,,,2026-11-04T12:00:00+08:00,,,
SCR-5,退款测试,任务,已完成,李伟,中,1.5,迭代 2,2026-11-03 13:00,2026-11-04 09:30,2026-11-06 10:45:00,SCR-3
"""  # noqa: E501

PINGCODE_CELLS = """\
id,title,type,status,owner,priority,points,sprint,created,started,done,parent
SCR-1,支付史诗,epic,进行中,王芳,高,,,2026-11-01 09:00,2026-11-02 10:00,,
SCR-2,微信支付,story,已完成,王芳,最高,5,迭代 1,2026-11-02 09:15,2026-11-03 09:00,2026-11-05 16:30,SCR-1
SCR-3,退款,story,待验收,李伟,中,3,迭代 2,2026-11-03,2026-11-04,,SCR-1
SCR-4,空购物车崩溃,bug,待处理,,低,,,2026-11-04 12:00,,,
SCR-5,退款测试,task,已完成,李伟,中,1.5,迭代 2,2026-11-03 13:00,2026-11-04 09:30,2026-11-06 10:45,SCR-3
"""  # noqa: E501


def test_pingcode_chinese_csv_with_bom(tmp_path):
    path = tmp_path / "pingcode.csv"
    path.write_bytes(PINGCODE_ZH.encode("utf-8-sig"))
    result = import_workitems(path, board=ZH_BOARD)
    assert result.preset == "pingcode"
    assert result.problems == ()
    assert_cells(result.items, cells(PINGCODE_CELLS))


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_pingcode_english_xlsx_with_date_cells(tmp_path):
    path = tmp_path / "pingcode.xlsx"
    t = dt.datetime
    write_xlsx(
        path,
        [
            ["ID", "Title", "Work Item Type", "Status", "Assignee", "Priority", "Story Points",
             "Sprint", "Created At", "Start Time", "Completed At", "Parent Work Item"],
            ["SCR-1", "Payments", "Epic", "In Progress", "Wang Fang", "High", None, None,
             t(2026, 11, 1, 9, 0), t(2026, 11, 2, 10, 0), None, None],
            ["SCR-2", "WeChat Pay", "User Story", "Done", "Wang Fang", "Highest", 5, "Sprint 1",
             t(2026, 11, 2, 9, 15), "2026-11-03 09:00:00", t(2026, 11, 5, 16, 30), "SCR-1"],
            [None] * 12,  # an empty row is skipped; the row numbers after it stay true
            ["SCR-3", "Refund", "User Story", "In Review", "Li Wei", "Medium", 3.0, "Sprint 2",
             dt.date(2026, 11, 3), t(2026, 11, 4), None, "SCR-1"],
            ["SCR-5", "Refund tests", "Task", "Done", "Li Wei", "Medium", 1.5, "Sprint 2",
             t(2026, 11, 3, 13, 0), t(2026, 11, 4, 9, 30), "yesterday", "SCR-3"],
        ],
    )  # fmt: skip
    result = import_workitems(path, board=EN_BOARD)
    assert result.preset == "pingcode"
    assert [str(p) for p in result.problems] == [
        "pingcode.xlsx:6:Completed At: expected a date such as 2026-11-05 14:30, 2026/11/05, "
        '05/Nov/26 2:30 PM or 2026年11月5日, found "yesterday"; left empty (for other formats '
        "set date_format in the mapping)"
    ]
    assert_cells(
        result.items,
        cells(
            '''\
            id,title,type,status,owner,priority,points,sprint,created,started,done,parent,note
            SCR-1,Payments,epic,In Progress,Wang Fang,High,,,2026-11-01 09:00,2026-11-02 10:00,,,
            SCR-2,WeChat Pay,story,Done,Wang Fang,Highest,5,Sprint 1,2026-11-02 09:15,2026-11-03 09:00,2026-11-05 16:30,SCR-1,
            SCR-3,Refund,story,In Review,Li Wei,Medium,3,Sprint 2,2026-11-03,2026-11-04,,SCR-1,
            SCR-5,Refund tests,task,Done,Li Wei,Medium,1.5,Sprint 2,2026-11-03 13:00,2026-11-04 09:30,,SCR-3,"Completed At was ""yesterday"""
            '''  # noqa: E501
        ),
    )


# ---------------------------------------------------------------------------------------------
# Worktile

WORKTILE_ZH = """\
任务编号,任务标题,任务类型,任务状态,负责人,优先级,故事点,迭代,创建时间,开始时间,完成时间,父任务
WT-7,上线检查清单,任务,进行中,赵敏,中,2,二月迭代,2026年2月2日 09:00,2026年2月3日 下午2:15,,
WT-8,修复登录超时,缺陷,已完成,钱坤,高,1,二月迭代,2026/02/02 10:00,2026/02/03 09:00,2026/02/04 18:20,WT-7
"""  # noqa: E501


def test_worktile_chinese_csv_in_gb18030(tmp_path):
    path = tmp_path / "worktile.csv"
    path.write_bytes(WORKTILE_ZH.replace("\n", "\r\n").encode("gb18030"))  # as Chinese Excel
    result = import_workitems(path, board=ZH_BOARD)
    assert result.preset == "worktile"
    assert result.problems == ()
    assert_cells(
        result.items,
        cells(
            """\
            id,title,type,status,owner,priority,points,sprint,created,started,done,parent
            WT-7,上线检查清单,task,进行中,赵敏,中,2,二月迭代,2026-02-02 09:00,2026-02-03 14:15,,
            WT-8,修复登录超时,bug,已完成,钱坤,高,1,二月迭代,2026-02-02 10:00,2026-02-03 09:00,2026-02-04 18:20,WT-7
            """  # noqa: E501
        ),
    )


def test_worktile_english_xlsx(tmp_path):
    path = tmp_path / "worktile.xlsx"
    write_xlsx(
        path,
        [
            ["Task ID", "Task Name", "Task Type", "Status", "Assignee", "Priority",
             "Created At", "Start Time", "Completed At", "Parent Task"],
            ["WT-7", "Go-live checklist", "Task", "In Progress", "Zhao Min", "Medium",
             dt.datetime(2026, 2, 2, 9), dt.datetime(2026, 2, 3, 14, 15), None, None],
            ["WT-8", "Login timeout", "Bug", "Done", "Qian Kun", "High",
             "2026/02/02 10:00", "2026/02/03 09:00", "2026/02/04 18:20", "WT-7"],
        ],
    )  # fmt: skip
    result = import_workitems(path, board=EN_BOARD)
    assert result.preset == "worktile"
    assert result.problems == ()
    assert_cells(
        result.items,
        cells(
            """\
            id,title,type,status,owner,priority,created,started,done,parent
            WT-7,Go-live checklist,task,In Progress,Zhao Min,Medium,2026-02-02 09:00,2026-02-03 14:15,,
            WT-8,Login timeout,bug,Done,Qian Kun,High,2026-02-02 10:00,2026-02-03 09:00,2026-02-04 18:20,WT-7
            """  # noqa: E501
        ),
    )


def test_utf16_tab_separated_text(tmp_path):
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    path = tmp_path / "export.txt"
    path.write_bytes("编号\t标题\t状态\nA-1\t搜索\t进行中\n".encode("utf-16"))
    result = import_workitems(path)
    assert result.problems == ()
    assert result.items[["id", "title", "status"]].to_numpy().tolist() == [
        ["A-1", "搜索", "进行中"]
    ]


def test_detect_preset():
    assert detect_preset(["Issue key", "Summary", "Status"]) == "jira"
    assert detect_preset(["编号", "标题", "状态", "工作项类型"]) == "pingcode"
    assert detect_preset(["任务编号", "任务标题", "任务状态"]) == "worktile"
    # headers both Chinese presets read the same way: the first of them is reported
    assert detect_preset(["编号", "标题", "状态"]) == "pingcode"
    assert detect_preset(["Key", "Name", "State"]) is None
    assert set(PRESETS) == {"jira", "pingcode", "worktile"}


# ---------------------------------------------------------------------------------------------
# a mapping for any other tracker

OTHER = """\
Key;Name;Kind;State;Owner;Opened;Closed on;Estimate;Epic;Entered progress;Entered QA
T-1;Import users;Feature request;Fixed;Ana;01.03.2026 08:00;04.03.2026 17:30;3;;02.03.2026 09:00;03.03.2026 15:00
T-2;Export users;Task;Ready for QA;Ben;02.03.2026 08:00;;2;T-1;03.03.2026 10:00;05.03.2026 11:00
T-3;Audit log;Task;Submitted;;02.03.2026 09:00;;;;;
"""  # noqa: E501

MAPPING = """\
id: Key
title: Name
type: Kind
status: State
owner: Owner
created: Opened
done: Closed on
points: Estimate
parent: [Parent, Epic]
statuses: {Fixed: Done, Ready for QA: Review, Submitted: To Do}
types: {Feature request: story}
date_format: "%d.%m.%Y %H:%M"
entered: {In Progress: Entered progress, In Review: Entered QA, Done: Closed on}
"""


def test_mapping_file_for_another_tracker(tmp_path):
    export = tmp_path / "other.csv"
    export.write_text(OTHER, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    result = import_workitems(export, mapping=tmp_path / "map.yaml", board=EN_BOARD)
    assert result.preset == "mapping"
    assert result.problems == ()
    assert_cells(
        result.items,
        cells(
            """\
            id,title,type,status,owner,points,created,done,parent
            T-1,Import users,story,Done,Ana,3,2026-03-01 08:00,2026-03-04 17:30,
            T-2,Export users,task,Review,Ben,2,2026-03-02 08:00,,T-1
            T-3,Audit log,task,To Do,,,2026-03-02 09:00,,
            """
        ),
    )
    assert result.transitions.to_numpy().tolist() == [
        ["T-1", "", "In Progress", "2026-03-02 09:00"],
        ["T-1", "In Progress", "In Review", "2026-03-03 15:00"],
        ["T-1", "In Review", "Done", "2026-03-04 17:30"],
        ["T-2", "", "In Progress", "2026-03-03 10:00"],
        ["T-2", "In Progress", "In Review", "2026-03-05 11:00"],
    ]
    folder = tmp_path / "project"
    folder.mkdir()
    assert [p.name for p in save_import(result, folder)] == ["workitems.csv", "transitions.csv"]
    problems: list = []
    frame, _ = read_csv_table(folder / "workitems.csv", "workitems.csv", problems)
    history, _ = read_csv_table(folder / "transitions.csv", "transitions.csv", problems)
    items, transitions, problems = flow.check_workitems(frame, history, EN_BOARD)
    assert problems == []
    filled = flow.fill_dates_from_transitions(items, transitions, EN_BOARD)
    # T-1 started 03-02 09:00 (first move into progress), done 03-04 17:30: 2 days 8.5 hours
    assert flow.cycle_times(filled)["cycle_time_days"].round(3).tolist() == [2.354]


def test_mapping_can_extend_a_preset(tmp_path):
    path = tmp_path / "jira.csv"
    path.write_text(
        "Issue key,Summary,Status,Created,Date done\nA-1,a,Closed,2026-03-01,2026-03-04\n",
        encoding="utf-8",
    )
    result = import_workitems(
        path, mapping={"preset": "jira", "done": "Date done", "statuses": {"closed": "Done"}}
    )
    assert result.preset == "jira" and result.problems == ()
    assert result.items.loc[0, ["status", "created", "done"]].tolist() == [
        "Done",
        "2026-03-01",
        "2026-03-04",
    ]


def test_mapping_problems_are_listed_before_reading(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Key,Name,State\nA,a,Open\n", encoding="utf-8")
    result = import_workitems(
        path,
        mapping={
            "id": "Key",
            "title": 3,
            "preset": "redmine",
            "types": {"Change": "feature"},
            "statuses": ["Open"],
            "date_format": "DD.MM.YYYY",
            "colour": "red",
        },
    )
    assert [str(p) for p in result.problems] == [
        "mapping:colour: unknown key colour; known: id, title, type, status, owner, priority, "
        "points, sprint, created, started, done, parent, requirements, tasks, preset, statuses, "
        "types, date_format, entered",
        'mapping:preset: expected one of jira, pingcode, worktile, found "redmine"',
        "mapping:title: expected an export header or a list of headers, found 3",
        "mapping:statuses: expected pairs of texts (tracker value: our value), found ['Open']",
        'mapping:types: type "Change" maps to "feature"; expected story, task, bug or epic',
        'mapping:date_format: expected a strptime format such as "%d.%m.%Y %H:%M", '
        'found "DD.MM.YYYY"',
    ]
    assert result.items.empty and list(result.items.columns) == COLUMNS


def test_mapping_naming_absent_headers(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Key,Name,State\nA,a,Open\n", encoding="utf-8")
    result = import_workitems(path, mapping={"id": "Key", "title": "Title", "status": "State"})
    assert [str(p) for p in result.problems] == [
        "export.csv:1:title: the export has no column for title; expected one of: Title"
    ]
    bad_yaml = tmp_path / "map.yaml"
    bad_yaml.write_text("- id\n- Key\n", encoding="utf-8")
    result = import_workitems(path, mapping=bad_yaml)
    assert [str(p) for p in result.problems] == [
        "map.yaml:1: expected keys with values (id: ..., title: ...), found list"
    ]


def test_files_that_cannot_be_read(tmp_path):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    assert [str(p) for p in import_workitems(unknown).problems] == [
        "unknown.csv:1: cannot tell which tracker wrote this export (expected Jira, PingCode or "
        "Worktile headers; the header has: a, b, c); describe it with --mapping"
    ]
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert [p.code for p in import_workitems(old).problems] == ["tracker.xls"]
    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"Issue key,Summary,Status\n\x80\xff,x,y\n")
    assert [p.code for p in import_workitems(garbled).problems] == ["tracker.encoding"]
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert [p.code for p in import_workitems(empty).problems] == ["csv.empty"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    assert [p.code for p in import_workitems(broken).problems] == ["tracker.xlsx.invalid"]
    assert [p.code for p in import_workitems(tmp_path / "missing.csv").problems] == [
        "file.unreadable"
    ]


def test_wide_rows_are_reported(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Issue key,Summary,Status\nA-1,a,To Do,extra\n", encoding="utf-8")
    result = import_workitems(path)
    assert [str(p) for p in result.problems] == [
        "export.csv:2: the row has 4 cells, more than the header; the extra cells were ignored"
    ]
    assert result.items["id"].tolist() == ["A-1"]


def test_problems_in_chinese(tmp_path):
    path = tmp_path / "导出.csv"
    path.write_text("编号,标题,状态,创建时间\nA-1,搜索,进行中,上周\n", encoding="utf-8")
    result = import_workitems(path)
    with use_language("zh"):
        assert [str(p) for p in result.problems] == [
            "导出.csv:2:创建时间: 应为日期，如 2026-11-05 14:30、2026/11/05、05/Nov/26 2:30 PM 或 "
            "2026年11月5日，实际为“上周”；已留空（其他格式请在映射文件中设置 date_format）"
        ]


# ---------------------------------------------------------------------------------------------
# dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-05", "2026-11-05"),
        ("2026/11/05 14:30", "2026-11-05 14:30"),
        ("2026/1/5", "2026-01-05"),
        ("2026-11-05 14:30:00", "2026-11-05 14:30"),
        ("2026-11-05T14:30:00.000+0800", "2026-11-05 14:30"),
        ("2026-11-05T06:30:00Z", "2026-11-05 06:30"),
        ("05/Nov/26 2:30 PM", "2026-11-05 14:30"),
        ("5/Nov/26 12:05 AM", "2026-11-05 00:05"),
        ("05/Nov/26 12:30 PM", "2026-11-05 12:30"),
        ("05/Nov/2026 9:00 am", "2026-11-05 09:00"),
        ("05/Nov/26", "2026-11-05"),
        ("05/十一月/26 2:30 下午", "2026-11-05 14:30"),
        ("05/三月/26 9:15 上午", "2026-03-05 09:15"),
        ("2026年11月5日", "2026-11-05"),
        ("2026年11月5日 14:30", "2026-11-05 14:30"),
        ("2026年11月5日 下午2:30", "2026-11-05 14:30"),
        ("2026年11月5日 14时30分", "2026-11-05 14:30"),
        ("05/11/2026", None),  # day or month first? needs date_format
        ("2026-02-30", None),
        ("05/Nov/26 13:30 PM", None),
        ("2026-11-05 24:00", None),
        ("05/Foo/26", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_tracker_date(text, expected):
    assert parse_tracker_date(text) == expected


def test_parse_tracker_date_with_a_format():
    assert parse_tracker_date("05.11.2026", "%d.%m.%Y") == "2026-11-05"
    assert parse_tracker_date("11/05/2026 2:30 PM", "%m/%d/%Y %I:%M %p") == "2026-11-05 14:30"
    assert parse_tracker_date("2026-11-05", "%d.%m.%Y") == "2026-11-05"  # built-ins still apply


def test_templates_document_every_preset_header():
    readme = (Path(__file__).resolve().parents[2] / "templates" / "README.md").read_text()
    section = readme[readme.index("### Importing work items from a tracker") :]
    for preset in PRESETS.values():
        assert f"`{preset.name}`" in section
        for headers in preset.columns.values():
            for header in headers:
                assert header in section, (preset.name, header)
