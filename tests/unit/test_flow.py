"""Kanban flow: board settings, workitems.csv checks, metrics and Monte Carlo forecasts.

The expected numbers are worked out by hand in the comments next to them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import string
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmtools import flow
from pmtools.i18n import flow as flow_messages
from pmtools.i18n import use_language
from pmtools.tables.files import read_csv_table

D = dt.date

BOARD_SETTINGS = {
    "board": {
        "columns": [
            {"name": "Backlog", "statuses": ["To Do", "待处理"]},
            {"name": "In progress", "statuses": ["In Progress", "进行中"], "wip": 2},
            {"name": "Review", "statuses": ["In Review"], "wip": 1, "active": False},
            {"name": "Done", "statuses": ["Done", "已完成"]},
        ],
        "started": "In progress",
        "done": "Done",
    }
}

# Six items and an epic. 2026-03-02 is a Monday.
SIX = """\
id,title,type,status,created,started,done,points
A,Login,story,Done,2026-03-01,2026-03-02,2026-03-05,3
B,Logout,story,Done,2026-03-01,2026-03-03,2026-03-04,1
C,Crash,bug,Done,2026-03-02,2026-03-03 09:00,2026-03-09 21:00,2
D,Schema,task,In Review,2026-03-02,2026-03-06,,5
E,Search,story,In Progress,2026-03-04,2026-03-08,,8
F,Export,story,To Do,2026-03-05,,,
G,Accounts,epic,In Progress,2026-03-01,2026-03-01,,40
"""

# X moves through the board with times; Y is started; Z has no history (dates only).
HISTORY_ITEMS = """\
id,title,status,created,started,done
X,x,Done,2026-03-01,,
Y,y,In Progress,2026-03-07,,
Z,z,In Progress,2026-03-02,2026-03-03,
"""
HISTORY = """\
item,from,to,at
X,To Do,In Progress,2026-03-02 09:00
X,In Progress,In Review,2026-03-04 09:00
X,In Review,In Progress,2026-03-05 09:00
X,In Progress,Done,2026-03-05 21:00
Y,To Do,In Progress,2026-03-08 12:00
"""


@pytest.fixture
def board() -> flow.Board:
    board, problems = flow.board_from_settings(BOARD_SETTINGS)
    assert problems == []
    return board


@pytest.fixture
def table(tmp_path: Path):
    """``table(text, file)`` -> the text cells read_csv_table gives for that file."""

    def read(text: str, file: str = "workitems.csv") -> pd.DataFrame:
        path = tmp_path / file
        path.write_text(text, encoding="utf-8")
        problems: list = []
        frame, _ = read_csv_table(path, file, problems)
        assert problems == []
        return frame

    return read


@pytest.fixture
def six(table, board):
    items, transitions, problems = flow.check_workitems(table(SIX), None, board)
    assert problems == []
    return items, transitions


@pytest.fixture
def history(table, board):
    items, transitions, problems = flow.check_workitems(
        table(HISTORY_ITEMS), table(HISTORY, "transitions.csv"), board
    )
    assert problems == []
    return items, transitions


# ---------------------------------------------------------------------------------------------
# board:


def test_board_from_settings_reads_columns_limits_and_active(board):
    assert board.names == ("Backlog", "In progress", "Review", "Done")
    assert [c.wip for c in board.columns] == [None, 2, 1, None]
    assert [c.active for c in board.columns] == [True, True, False, True]
    assert (board.started, board.done, board.guess) == ("In progress", "Done", False)
    assert board.column_for("in  review") == "Review"  # case and spaces do not matter
    assert board.column_for("review") == "Review"  # a column's own name is a status too
    assert board.column_for("已完成") == "Done"
    assert board.column_for("Blocked") is None
    assert [board.stage(n) for n in board.names] == [
        "backlog",
        "in_progress",
        "in_progress",
        "done",
    ]


def test_board_defaults_started_and_done_and_accepts_plain_names():
    board, problems = flow.board_from_settings(
        {"board": {"columns": ["Todo", {"name": "Doing", "statuses": "Busy"}, "Shipped"]}}
    )
    assert problems == []
    assert (board.started, board.done) == ("Doing", "Shipped")
    assert board.column_for("Busy") == "Doing"
    two, problems = flow.board_from_settings({"board": {"columns": ["Doing", "Done"]}})
    assert problems == [] and (two.started, two.done) == ("Doing", "Done")


def test_board_problems_name_the_key_and_line():
    lines = {"board": 10, "board.columns": 11}

    def problems(board: object) -> list[str]:
        result, found = flow.board_from_settings({"board": board}, lines=lines)
        assert result is flow.DEFAULT_BOARD  # with problems the default board is returned
        return [str(p) for p in found]

    assert problems("x") == [
        "project.yaml:10:board: expected columns, started and done keys, found x"
    ]
    assert problems({"columns": [{"name": "A"}], "colour": 1}) == [
        "project.yaml:10:board.colour: unknown key colour; known: columns, started, done",
        "project.yaml:11:board.columns: expected a list of at least two columns, each "
        "{name: ..., statuses: [...]}, found [{name: A}]",
    ]
    assert problems(
        {
            "columns": [
                {"name": "A", "statuses": ["x"], "wip": 0},
                {"name": "a", "statuses": ["X", "y"], "active": "no", "limit": 3},
                {"statuses": ["z"]},
                {"name": "C", "wip": 2.5},
            ]
        }
    ) == [
        "project.yaml:11:board.columns.1.wip: expected a WIP limit as a whole number >= 1, "
        'found "0"',
        "project.yaml:11:board.columns.2.limit: unknown key limit; known: name, statuses, wip, "
        "active",
        'project.yaml:11:board.columns.2.active: expected true or false, found "no"',
        "project.yaml:11:board.columns.3.name: expected a column name, found nothing",
        "project.yaml:11:board.columns.4.wip: expected a WIP limit as a whole number >= 1, "
        'found "2.5"',
        'project.yaml:11:board.columns.2.name: column "a" is already column 1 of the board',
        'project.yaml:11:board.columns.2.statuses: status "X" is in two columns, "A" and "a"',
    ]
    columns = [{"name": "A"}, {"name": "B"}, {"name": "C"}]
    assert problems({"columns": columns, "started": "C", "done": "B"}) == [
        'project.yaml:10:board.started: the started column "C" must be left of the done column "B"'
    ]
    assert problems({"columns": columns, "done": "Shipped"}) == [
        'project.yaml:10:board.done: expected one of the column names A, B, C, found "Shipped"'
    ]


def test_default_board_guesses_stages_from_status_words():
    board, problems = flow.board_from_settings({"name": "no board"})
    assert problems == [] and board is flow.DEFAULT_BOARD
    expected = {
        "Done": "Done",
        "Closed": "Done",
        "Resolved": "Done",
        "Won't Do": "Done",
        "已完成": "Done",
        "已关闭": "Done",
        "已取消": "Done",
        "关闭": "Done",
        "To Do": "Backlog",
        "Open": "Backlog",
        "Selected for Development": "Backlog",
        "待处理": "Backlog",
        "未开始": "Backlog",
        "未完成": "Backlog",  # "not finished" is not done
        "In Progress": "In progress",
        "Ready for review": "In progress",  # only a whole "Ready" is backlog
        "In Review": "In progress",
        "进行中": "In progress",
        "待验收": "In progress",
        "Blocked": "In progress",
    }
    assert {s: board.column_for(s) for s in expected} == expected


def test_board_rejects_inconsistent_construction():
    with pytest.raises(ValueError, match=r"left|before"):
        flow.Board((flow.BoardColumn("A"), flow.BoardColumn("B")), "B", "A")
    with pytest.raises(ValueError, match="columns"):
        flow.Board((flow.BoardColumn("A"), flow.BoardColumn("B")), "A", "C")


# ---------------------------------------------------------------------------------------------
# check_workitems

BROKEN = """\
id,title,type,status,points,created,started,done,parent,requirements,team
A1,Login,story,Done,3,2026-03-01,2026-03-02 09:30,2026-03-05,,R1;R9,red
A2,,feature,Doing,-1,2026-3-1,,2026-03-04 25:00,ZZ,,blue
A1,Dup,story,To Do,,,,,,,
A3,Backwards,bug,Done,two,2026-03-01,2026-03-05,2026-03-04,A3,,
,No id,story,,,,,,,,
"""
BROKEN_HISTORY = """\
item,from,to,at
A1,To Do,In Progress,2026-03-02 09:30
A9,In Progress,Done,2026-03-05
A1,Doing,Done,05/03/2026
A3,,,
"""


def test_check_workitems_lists_every_bad_cell(table, board):
    frame = table(BROKEN)
    history = table(BROKEN_HISTORY, "transitions.csv")
    frame_before, history_before = frame.copy(), history.copy()
    items, transitions, problems = flow.check_workitems(
        frame, history, board, requirement_ids={"R1"}
    )
    # in reading order, as load_project lists them: each file by row, a row by declared column
    assert [str(p) for p in problems] == [
        'workitems.csv:2:requirements: "R9" is not an id in requirements.csv',
        "workitems.csv:3:title: expected a value, found an empty cell",
        'workitems.csv:3:type: expected one of story, task, bug, epic, found "feature"',
        'workitems.csv:3:status: status "Doing" is in no column of the board (Backlog, '
        "In progress, Review, Done); add it to a column's statuses under board: in project.yaml",
        'workitems.csv:3:points: expected a number >= 0, found "-1"',
        'workitems.csv:3:created: expected a date YYYY-MM-DD or YYYY-MM-DD HH:MM, found "2026-3-1"',
        "workitems.csv:3:done: expected a date YYYY-MM-DD or YYYY-MM-DD HH:MM, "
        'found "2026-03-04 25:00"',
        'workitems.csv:3:parent: parent "ZZ" is not an id in workitems.csv',
        'workitems.csv:4:id: duplicate id "A1" (first used on row 2)',
        'workitems.csv:5:points: expected a number >= 0, found "two"',
        "workitems.csv:5:done: done 2026-03-04 is before started 2026-03-05",
        'workitems.csv:5:parent: item "A3" cannot be its own parent',
        "workitems.csv:6:id: expected an id, found an empty cell",
        "workitems.csv:6:status: expected a value, found an empty cell",
        # A1's last readable move (row 4's date is bad) leads to In progress, its status is Done
        'transitions.csv:2:to: the last transition of "A1" leads to "In Progress", but its '
        'status in workitems.csv is "Done", in another column of the board',
        'transitions.csv:3:item: item "A9" is not an id in workitems.csv',
        'transitions.csv:4:from: status "Doing" is in no column of the board (Backlog, '
        "In progress, Review, Done); add it to a column's statuses under board: in project.yaml",
        'transitions.csv:4:at: expected a date YYYY-MM-DD or YYYY-MM-DD HH:MM, found "05/03/2026"',
        "transitions.csv:5:to: expected a value, found an empty cell",
        "transitions.csv:5:at: expected a value, found an empty cell",
    ]
    pd.testing.assert_frame_equal(frame, frame_before)  # inputs are not changed
    pd.testing.assert_frame_equal(history, history_before)
    # typed frames: empty and repeated ids left out, bad cells empty, the PM's column kept
    assert items.index.tolist() == ["A1", "A2", "A3"]
    assert items.loc["A1", "started"] == pd.Timestamp("2026-03-02 09:30")
    assert items.loc["A1", "requirements"] == ["R1", "R9"]
    assert items.loc["A1", "team"] == "red"
    assert math.isnan(items.loc["A2", "points"]) and pd.isna(items.loc["A2", "done"])
    assert items.loc["A2", "column"] is None or pd.isna(items.loc["A2", "column"])
    assert items["stage"].tolist()[::2] == ["done", "done"]
    assert transitions["item"].tolist() == ["A1", "A1", "A3", "A9"]  # by item, then time


def test_check_workitems_requires_id_title_status(table):
    items, transitions, problems = flow.check_workitems(table("name,phase\nx,Done\n"), None)
    assert [str(p) for p in problems] == [
        f"workitems.csv:1:{c}: required column is missing (the header has: name, phase)"
        for c in ("id", "title", "status")
    ]
    assert items.empty and transitions.empty


def test_check_workitems_types_and_default_board(table):
    text = (
        "id,title,status,type,points,done\nW1,a,进行中,,2.5,2026-03-01 08:15\nW2,b,已完成,Bug,,\n"
    )
    items, _, problems = flow.check_workitems(table(text), None)  # no board: the default
    assert problems == []
    assert items["type"].tolist() == ["story", "bug"]
    assert items["points"].tolist()[0] == 2.5
    assert items["column"].tolist() == ["In progress", "Done"]
    assert str(items["done"].dtype) == "datetime64[ns]"


# ---------------------------------------------------------------------------------------------
# metrics on the six-item board


def test_column_and_stage_of(six, board):
    items, _ = six
    assert flow.column_of(items, board).to_dict() == {
        "A": "Done",
        "B": "Done",
        "C": "Done",
        "D": "Review",
        "E": "In progress",
        "F": "Backlog",
        "G": "In progress",
    }
    assert flow.stage_of(items, board)["D"] == "in_progress"


def test_wip_against_limits(six, board, table):
    items, _ = six
    frame = flow.wip(items, board)  # the epic G is not counted
    assert frame["items"].tolist() == [1, 1, 1, 3]
    assert frame["wip_limit"].tolist() == [pd.NA, 2, 1, pd.NA]
    assert frame["over_limit"].tolist() == [False, False, False, False]
    crowded, _, _ = flow.check_workitems(
        table(SIX + "H,Docs,task,In Review,2026-03-02,2026-03-07,,\n"), None, board
    )
    assert flow.wip(crowded, board)["over_limit"].tolist() == [False, False, True, False]


def test_cumulative_flow_from_dates(six, board):
    items, transitions = six
    cfd = flow.cumulative_flow(items, transitions, board, D(2026, 3, 1), D(2026, 3, 10))
    # end of each day; epics left out. A created 03-01 started 03-02 done 03-05; B 01/03/04;
    # C 02/03/09; D created 03-02, in Review since it started 03-06; E created 03-04,
    # in progress since 03-08; F created 03-05.
    expected = [
        # Backlog, In progress, Review, Done
        [2, 0, 0, 0],  # 03-01 A B
        [3, 1, 0, 0],  # 03-02 B C D | A
        [1, 3, 0, 0],  # 03-03 D | A B C
        [2, 2, 0, 1],  # 03-04 D E | A C | B
        [3, 1, 0, 2],  # 03-05 D E F | C | A B
        [2, 1, 1, 2],  # 03-06 E F | C | D | A B
        [2, 1, 1, 2],  # 03-07
        [1, 2, 1, 2],  # 03-08 F | C E | D
        [1, 1, 1, 3],  # 03-09 C done
        [1, 1, 1, 3],  # 03-10
    ]
    assert cfd.to_numpy().tolist() == expected
    assert list(cfd.columns) == list(board.names)
    assert cfd.index[0] == pd.Timestamp("2026-03-01") and len(cfd) == 10
    later = flow.cumulative_flow(items, transitions, board, D(2026, 3, 4), D(2026, 3, 5))
    assert later.to_numpy().tolist() == expected[3:5]  # earlier moves carried into the first day
    # the last day agrees with the board
    assert cfd.iloc[-1].tolist() == flow.wip(items, board)["items"].tolist()


def test_cumulative_flow_from_transitions(history, board):
    items, transitions = history
    cfd = flow.cumulative_flow(items, transitions, board, D(2026, 3, 1), D(2026, 3, 9))
    expected = [
        [1, 0, 0, 0],  # 03-01 X created (in the first transition's from column)
        [1, 1, 0, 0],  # 03-02 Z created | X started
        [0, 2, 0, 0],  # 03-03 Z started (dates only)
        [0, 1, 1, 0],  # 03-04 X to review
        [0, 1, 0, 1],  # 03-05 X back and done the same day
        [0, 1, 0, 1],  # 03-06
        [1, 1, 0, 1],  # 03-07 Y created
        [0, 2, 0, 1],  # 03-08 Y started
        [0, 2, 0, 1],  # 03-09
    ]
    assert cfd.to_numpy().tolist() == expected


def test_cycle_times_and_percentiles(six):
    items, _ = six
    times = flow.cycle_times(items)
    # B 03-03..03-04 = 1 day; A 03-02..03-05 = 3; C 03-03 09:00..03-09 21:00 = 6.5 (times given)
    assert times.index.tolist() == ["B", "A", "C"]
    assert times["cycle_time_days"].tolist() == [1.0, 3.0, 6.5]
    # nearest rank over [1, 3, 6.5]: p50 = 2nd value, p85 and p95 = 3rd value
    assert flow.cycle_time_percentiles(times) == {50: 3.0, 85: 6.5, 95: 6.5}


def test_cycle_time_counts_whole_days_when_a_time_is_missing(table):
    text = (
        "id,title,status,started,done\n"
        "S,same day,Done,2026-03-02,2026-03-02\n"
        "T,timed,Done,2026-03-02 18:00,2026-03-03 06:00\n"
        "U,mixed,Done,2026-03-02 18:00,2026-03-03\n"
        "V,no start,Done,,2026-03-03\n"
    )
    items, _, problems = flow.check_workitems(table(text), None)
    assert problems == []
    assert flow.cycle_times(items)["cycle_time_days"].to_dict() == {"S": 0.0, "T": 0.5, "U": 1.0}


def test_percentiles_are_nearest_rank_not_interpolated():
    values = list(range(1, 21))  # 1..20
    # nearest rank: ceil(0.5*20) = 10th, ceil(0.85*20) = 17th, ceil(0.95*20) = 19th value
    assert flow.cycle_time_percentiles(values) == {50: 10.0, 85: 17.0, 95: 19.0}
    assert flow.cycle_time_percentiles(values, (10, 100)) == {10: 2.0, 100: 20.0}
    # 1..10: the 85th percentile is the ceil(8.5) = 9th value, the 41st the ceil(4.1) = 5th
    assert flow.cycle_time_percentiles(range(1, 11), (41, 85)) == {41: 5.0, 85: 9.0}
    assert flow.cycle_time_percentiles([]) == {50: None, 85: None, 95: None}
    with pytest.raises(ValueError):
        flow.cycle_time_percentiles(values, (0,))


def test_throughput_zero_fills_days_and_weeks(six):
    items, _ = six
    daily = flow.throughput(items)  # done: B 03-04, A 03-05, C 03-09
    assert daily.tolist() == [1, 1, 0, 0, 0, 1]
    assert daily.index[0] == pd.Timestamp("2026-03-04")
    ranged = flow.throughput(items, start=D(2026, 3, 1), end=D(2026, 3, 10))
    assert ranged.tolist() == [0, 0, 0, 1, 1, 0, 0, 0, 1, 0]
    weekly = flow.throughput(items, "W", start=D(2026, 3, 1), end=D(2026, 3, 10))
    # 03-01 is a Sunday: the week of Monday 02-23, then 03-02 (B, A), then 03-09 (C)
    assert weekly.to_dict() == {
        pd.Timestamp("2026-02-23"): 0,
        pd.Timestamp("2026-03-02"): 2,
        pd.Timestamp("2026-03-09"): 1,
    }
    assert flow.throughput(items, start=D(2026, 3, 6), end=D(2026, 3, 8)).tolist() == [0, 0, 0]
    with pytest.raises(ValueError):
        flow.throughput(items, "M")  # type: ignore[arg-type]


def test_aging_wip_against_percentiles(six):
    items, _ = six
    aging = flow.aging_wip(items, D(2026, 3, 10))
    # D started 03-06: 4 days, beyond p50 (3); E started 03-08: 2 days; the epic G is left out
    assert aging.index.tolist() == ["D", "E"]
    assert aging["age_days"].tolist() == [4.0, 2.0]
    assert aging["exceeds_percentile"].tolist() == [50, pd.NA]
    assert aging["column"].tolist() == ["Review", "In progress"]
    strict = flow.aging_wip(items, D(2026, 3, 10), percentiles={50: 1.0, 85: 1.5, 95: 3.5})
    assert strict["exceeds_percentile"].tolist() == [95, 85]


def test_flow_efficiency_from_history(history, board):
    _, transitions = history
    # X: in progress 03-02 09:00..03-04 09:00 (2 d) and 03-05 09:00..21:00 (0.5 d) = 2.5 active;
    # in review (active: false) 03-04 09:00..03-05 09:00 = 1 waiting. Y: no closed interval.
    frame = flow.flow_efficiency(transitions, board)
    assert frame.loc["X", "active_days"] == pytest.approx(2.5)
    assert frame.loc["X", "waiting_days"] == pytest.approx(1.0)
    assert frame.loc["X", "flow_efficiency"] == pytest.approx(2.5 / 3.5)
    assert math.isnan(frame.loc["Y", "flow_efficiency"])
    # with the status date, Y's current column counts to the end of 03-09: 1.5 days active
    dated = flow.flow_efficiency(transitions, board, as_of=D(2026, 3, 9))
    assert dated.loc["Y", "active_days"] == pytest.approx(1.5)
    assert flow.overall_flow_efficiency(dated) == pytest.approx(4.0 / 5.0)
    assert flow.overall_flow_efficiency(dated.iloc[0:0]) is None


def test_fill_dates_from_transitions(history, board):
    items, transitions = history
    filled = flow.fill_dates_from_transitions(items, transitions, board)
    assert filled.loc["X", "started"] == pd.Timestamp("2026-03-02 09:00")
    assert filled.loc["X", "done"] == pd.Timestamp("2026-03-05 21:00")
    assert filled.loc["Y", "started"] == pd.Timestamp("2026-03-08 12:00")
    assert filled.loc["Z", "started"] == pd.Timestamp("2026-03-03")  # written dates win
    assert pd.isna(items.loc["X", "started"])  # the input is not changed
    assert flow.cycle_times(filled)["cycle_time_days"].tolist() == [3.5]


# ---------------------------------------------------------------------------------------------
# forecasts


def exact_sums(samples: list[int], days: int) -> dict[int, float]:
    """The exact distribution of the sum of ``days`` draws from ``samples`` (convolution)."""
    step: dict[int, float] = defaultdict(float)
    for value in samples:
        step[value] += 1 / len(samples)
    total = {0: 1.0}
    for _ in range(days):
        after: dict[int, float] = defaultdict(float)
        for reached, chance in total.items():
            for value, p in step.items():
                after[reached + value] += chance * p
        total = after
    return total


def exact_at_least(distribution: dict[int, float], confidence: int) -> int:
    """The largest count reached with at least ``confidence`` % chance."""
    return max(
        x
        for x in distribution
        if sum(p for y, p in distribution.items() if y >= x) >= confidence / 100 - 1e-12
    )


HISTORY_DAYS = [0, 0, 1, 2, 3, 0, 1]


@pytest.mark.parametrize("confidence", [50, 85, 95])
def test_how_many_matches_the_exact_distribution(confidence):
    forecast = flow.forecast_how_many(HISTORY_DAYS, 14, seed=3)
    assert forecast is not None
    exact = exact_at_least(exact_sums(HISTORY_DAYS, 14), confidence)
    assert abs(forecast.items[confidence] - exact) <= 1
    assert forecast.history_days == 7 and forecast.days == 14


def test_how_many_matches_a_plain_loop():
    # an independent simulation: a Python loop over runs and days with the random module
    rng = random.Random(11)
    totals = sorted(sum(rng.choice(HISTORY_DAYS) for _ in range(20)) for _ in range(10_000))
    loop = {c: totals[10_000 - math.ceil(c / 100 * 10_000)] for c in (50, 85, 95)}
    forecast = flow.forecast_how_many(HISTORY_DAYS, 20, seed=11)
    assert forecast is not None
    assert all(abs(forecast.items[c] - loop[c]) <= 1 for c in loop)
    assert forecast.items[50] >= forecast.items[85] >= forecast.items[95]  # more sure, fewer


@pytest.mark.parametrize("confidence", [50, 85, 95])
def test_when_matches_the_exact_distribution(confidence):
    left = 12
    forecast = flow.forecast_when(left, HISTORY_DAYS, D(2026, 3, 11), seed=5)
    assert forecast is not None
    # finished within d days <=> the sum of d days reaches 12: the first d with that chance
    exact = next(
        d
        for d in range(1, 200)
        if sum(p for x, p in exact_sums(HISTORY_DAYS, d).items() if x >= left) >= confidence / 100
    )
    assert forecast.days[confidence] is not None
    assert abs(forecast.days[confidence] - exact) <= 1
    assert forecast.finish[confidence] == D(2026, 3, 11) + dt.timedelta(
        days=forecast.days[confidence] - 1
    )


def test_forecasts_are_reproducible_and_deterministic_cases_exact():
    first = flow.forecast_when(30, HISTORY_DAYS, D(2026, 3, 11), seed=9, iterations=2_000)
    again = flow.forecast_when(30, HISTORY_DAYS, D(2026, 3, 11), seed=9, iterations=2_000)
    assert first == again
    steady = flow.forecast_how_many([2, 2, 2], 5, seed=1)
    assert steady is not None and steady.items == {50: 10, 85: 10, 95: 10}
    when = flow.forecast_when(7, [2, 2], D(2026, 3, 11), seed=1)  # 2 a day: 4 days for 7
    assert when is not None and when.finish == dict.fromkeys((50, 85, 95), D(2026, 3, 14))
    assert flow.forecast_how_many([1], 0, seed=1).items == {50: 0, 85: 0, 95: 0}  # type: ignore[union-attr]


def test_forecasts_without_history_give_no_data():
    assert flow.forecast_how_many([], 10, seed=1) is None
    assert flow.forecast_how_many([np.nan], 10, seed=1) is None
    assert flow.forecast_when(5, [], D(2026, 3, 1), seed=1) is None
    idle = flow.forecast_when(5, [0, 0, 0], D(2026, 3, 1), seed=1)  # history, but no throughput
    assert idle is not None and idle.finish == {50: None, 85: None, 95: None}
    nothing_left = flow.forecast_when(0, [1], D(2026, 3, 1), seed=1)
    assert nothing_left is not None and nothing_left.finish[85] is None
    assert nothing_left.days == {50: 0, 85: 0, 95: 0}
    with pytest.raises(ValueError):
        flow.forecast_when(-1, [1], D(2026, 3, 1), seed=1)
    with pytest.raises(ValueError):
        flow.forecast_how_many([1, -2], 3, seed=1)


def test_when_gives_no_date_for_runs_past_the_limit():
    # one item a day in 1 of 10 days: 40 items need far more than 60 days in most runs
    slow = flow.forecast_when(40, [1] + [0] * 9, D(2026, 3, 1), seed=2, max_days=60)
    assert slow is not None and slow.finish == {50: None, 85: None, 95: None}


def test_daily_throughput_sample_window(six):
    items, _ = six
    # first flow day: A started 03-02 (the epic's 03-01 start does not count); done B 04, A 05,
    # C 09
    assert flow.daily_throughput_sample(items, D(2026, 3, 10)).tolist() == [
        0,
        0,
        1,
        1,
        0,
        0,
        0,
        1,
        0,
    ]
    assert flow.daily_throughput_sample(items, D(2026, 3, 10), window_days=3).tolist() == [0, 1, 0]
    assert flow.daily_throughput_sample(items, D(2026, 2, 1)).size == 0


def test_forecast_sprints_against_exact_chances():
    # 50 points, velocities 24/30/27: two sprints suffice unless both draws are 24 (1 in 9),
    # so P(2 sprints) = 8/9: p50 = p85 = 2 sprints, p95 = 3
    forecast = flow.forecast_sprints(
        50, [24, 30, 27], seed=4, last_sprint_end=D(2026, 4, 10), sprint_length_days=14
    )
    assert forecast is not None
    assert forecast.sprints == {50: 2, 85: 2, 95: 3}
    assert forecast.finish == {50: D(2026, 5, 8), 85: D(2026, 5, 8), 95: D(2026, 5, 22)}
    assert flow.forecast_sprints(50, [], seed=4) is None
    assert flow.forecast_sprints(0, [10], seed=4).sprints == {50: 0, 85: 0, 95: 0}  # type: ignore[union-attr]
    assert flow.forecast_sprints(5, [0, 0], seed=4).sprints[85] is None  # type: ignore[union-attr]


SPRINTS = """\
sprint,name,start,end,committed,completed,added,goal
S1,One,2026-03-02,2026-03-13,30,24,0,a
S2,Two,2026-03-16,2026-03-27,30,30,3,b
S3,Three,2026-03-30,2026-04-10,30,27,0,c
S4,Four,2026-04-13,2026-04-24,30,10,5,d
S5,Five,2026-04-27,2026-05-08,30,,,e
"""


def test_sprint_forecast_is_compatible_with_agile_forecast(make_project, six):
    import pmtools
    from pmtools import agile

    folder = make_project(
        "id,name,duration,predecessors\nA,a,40,\n", extra_yaml="status_date: 2026-04-17\n"
    )
    (folder / "sprints.csv").write_text(SPRINTS)
    project = pmtools.load_project(folder)
    plain = agile.forecast(project)
    assert plain is not None
    monte = flow.sprint_forecast(project, seed=1)
    assert monte is not None
    # 55 points left (S4: 30 + 5 - 10, S5: 30). Two sprints need 27+30, 30+27 or 30+30
    # (3 of 9 pairs), so p50 is 3 sprints, agile's count at the mean velocity
    assert monte.remaining_points == plain.remaining_points == 55
    assert monte.sprints == {50: 3, 85: 3, 95: 3}
    assert monte.finish[50] == plain.finish_mean
    items, _ = six
    assert flow.points_left(items) == 13  # D 5 + E 8 + F none; the epic's 40 left out
    with_items = flow.sprint_forecast(project, items, seed=1)
    assert with_items is not None and with_items.remaining_points == 13
    assert with_items.sprints == {50: 1, 85: 1, 95: 1}


# ---------------------------------------------------------------------------------------------
# flow_summary


def test_flow_summary_shape_and_values(six, board):
    items, transitions = six
    summary = flow.flow_summary(items, transitions, board, D(2026, 3, 10), seed=1)
    assert set(summary) == {"items", "wip", "cycle_time", "throughput_per_week", "forecast"}
    assert summary["items"] == 6
    assert summary["wip"] == {"In progress": 1, "Review": 1}
    assert summary["cycle_time"] == {"p50": 3.0, "p85": 6.5, "p95": 6.5}
    assert summary["throughput_per_week"] == 2.33  # 3 items in 9 days (03-02..03-10) x 7
    forecast = summary["forecast"]
    assert set(forecast) == {"items_left", "finish_p50", "finish_p85", "finish_p95"}
    assert forecast["items_left"] == 3  # D, E, F
    direct = flow.forecast_when(
        3, flow.daily_throughput_sample(items, D(2026, 3, 10)), D(2026, 3, 11), seed=1
    )
    assert direct is not None
    assert forecast["finish_p85"] == direct.finish[85].isoformat()  # type: ignore[union-attr]
    assert forecast["finish_p50"] <= forecast["finish_p85"] <= forecast["finish_p95"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", forecast["finish_p95"])
    assert json.loads(json.dumps(summary)) == summary


def test_flow_summary_ignores_items_done_after_the_status_date(six, board):
    items, transitions = six
    early = flow.flow_summary(items, transitions, board, D(2026, 3, 5), seed=1)
    # only B (1 day) and A (3 days) were done by 03-05: nearest rank p50 is the 1st value
    assert early["cycle_time"] == {"p50": 1.0, "p85": 3.0, "p95": 3.0}


def test_flow_summary_without_items_is_null_not_zero(table, board):
    items, transitions, problems = flow.check_workitems(
        table("id,title,status\n"), table("item,from,to,at\n", "transitions.csv"), board
    )
    assert problems == [] and items.empty
    summary = flow.flow_summary(items, transitions, board, D(2026, 3, 10), seed=1)
    assert summary == {
        "items": 0,
        "wip": {"In progress": 0, "Review": 0},
        "cycle_time": {"p50": None, "p85": None, "p95": None},
        "throughput_per_week": None,
        "forecast": {"items_left": 0, "finish_p50": None, "finish_p85": None, "finish_p95": None},
    }
    assert (
        flow.cumulative_flow(items, transitions, board, D(2026, 3, 1), D(2026, 3, 2))
        .to_numpy()
        .sum()
        == 0
    )
    assert flow.throughput(items).empty
    assert flow.aging_wip(items, D(2026, 3, 10)).empty
    assert flow.flow_efficiency(transitions, board).empty


def test_flow_summary_with_backlog_only_has_no_forecast(table, board):
    items, transitions, _ = flow.check_workitems(
        table("id,title,status,created\nP,p,To Do,2026-03-01\n"), None, board
    )
    summary = flow.flow_summary(items, transitions, board, D(2026, 3, 10), seed=1)
    assert summary["forecast"] == {
        "items_left": 1,
        "finish_p50": None,
        "finish_p85": None,
        "finish_p95": None,
    }
    assert summary["throughput_per_week"] is None


# ---------------------------------------------------------------------------------------------
# messages


def test_messages_exist_in_both_languages_with_the_same_placeholders():
    assert set(flow_messages.EN) == set(flow_messages.ZH)
    fields = string.Formatter()
    for key, english in flow_messages.EN.items():
        chinese = flow_messages.ZH[key]
        names = {f for _, f, _, _ in fields.parse(english) if f}
        assert names == {f for _, f, _, _ in fields.parse(chinese) if f}, key
        assert re.search(r"[\u4e00-\u9fff]", chinese), key


def test_problems_read_in_chinese(table, board):
    _, _, problems = flow.check_workitems(
        table("id,title,status,done\nA,a,Done,05/03/2026\n"), None, board
    )
    with use_language("zh"):
        assert [str(p) for p in problems] == [
            "workitems.csv:2:done: 应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 格式的日期，"
            "实际为“05/03/2026”"
        ]


def test_templates_document_the_flow_files():
    readme = (Path(__file__).resolve().parents[2] / "templates" / "README.md").read_text()
    section = readme[readme.index("## Work items and flow") :]
    for column in (*flow.WORKITEMS_COLUMNS, "note", "item", "from", "to", "at"):
        assert f"`{column}`" in section, column
    for key in ("columns", "started", "done", "wip", "active", "statuses"):
        assert f"`{key}`" in section, key


# ---------------------------------------------------------------------------------------------
# a project folder: the registry loads the board and the work items


BOARD_YAML = """\
status_date: 2026-03-10
board:
  columns:
    - {name: Backlog, statuses: [To Do, 待处理]}
    - {name: In progress, statuses: [In Progress, 进行中], wip: 2}
    - {name: Review, statuses: [In Review], wip: 1, active: false}
    - {name: Done, statuses: [Done, 已完成]}
  started: In progress
  done: Done
"""


@pytest.fixture
def folder(make_project):
    """SIX with its board as a project folder, and HISTORY-like transitions for A."""
    path = make_project("id,name,duration,predecessors\nT1,Build,5,\n", extra_yaml=BOARD_YAML)
    (path / "workitems.csv").write_text(SIX, encoding="utf-8")
    return path


def test_load_project_types_the_work_items_with_the_board(folder):
    import pmtools

    project = pmtools.load_project(folder)
    board = flow.board_of(project)
    assert project.sections["board"] is board
    assert board.names == ("Backlog", "In progress", "Review", "Done")
    items = project.table("workitems.csv")
    assert items is not None and items.index.tolist() == list("ABCDEFG")
    assert items.loc["D", "column"] == "Review" and items.loc["D", "stage"] == "in_progress"
    assert items.loc["C", "started"] == pd.Timestamp("2026-03-03 09:00")
    assert flow.workitems(project) is flow.workitems(project)  # computed once per project
    # what load_project gives is what check_workitems gives outside a folder
    frame, _ = read_csv_table(folder / "workitems.csv", "workitems.csv", [])
    checked, _, problems = flow.check_workitems(frame, None, board, task_ids={"T1"})
    assert problems == []
    pd.testing.assert_frame_equal(items, checked)


def test_board_problems_are_located_by_their_yaml_line(make_project):
    import pmtools
    from pmtools.errors import ProjectInvalid

    path = make_project(
        "id,name,duration,predecessors\nT1,Build,5,\n",
        extra_yaml="board:\n  colums: [A, B]\n  columns:\n    - A\n    - {name: B, wip: -1}\n",
    )
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(path)
    # the typo is reported once, by the board (not also as an unknown project.yaml key)
    assert [str(p) for p in caught.value.problems] == [
        "project.yaml:4:board.colums: unknown key colums; known: columns, started, done",
        "project.yaml:7:board.columns.2.wip: expected a WIP limit as a whole number >= 1, "
        'found "-1"',
    ]


def test_sprints_are_named_by_id_or_name(make_project):
    import pmtools
    from pmtools.errors import ProjectInvalid

    path = make_project("id,name,duration,predecessors\nT1,Build,5,\n")
    (path / "sprints.csv").write_text(
        "sprint,name,start,end,committed\nS1,Sprint 1: login,2026-03-02,2026-03-13,10\n"
    )
    (path / "workitems.csv").write_text(
        "id,title,status,sprint\nA,a,Done,S1\nB,b,Done,sprint  1: LOGIN\nC,c,To Do,\nD,d,To Do,S9\n"
    )
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(path)
    assert [str(p) for p in caught.value.problems] == [
        'workitems.csv:5:sprint: sprint "S9" is neither an id nor a name in sprints.csv'
    ]
    (path / "workitems.csv").write_text(
        "id,title,status,sprint\nA,a,Done,S1\nB,b,Done,Sprint 1: login\n"
    )
    items = pmtools.load_project(path).table("workitems.csv")
    assert items["sprint_id"].tolist() == ["S1", "S1"]
    assert items["sprint"].tolist() == ["S1", "Sprint 1: login"]  # written back as it was


def test_flow_report_holds_the_figures_of_the_hand_checked_cases(folder, six, board):
    import pmtools

    project = pmtools.load_project(folder)
    result = flow.flow_report(project, seed=1)
    assert flow.flow_report(project, seed=1) is result  # computed once
    items, transitions = six
    assert result.summary() == flow.flow_summary(items, transitions, board, D(2026, 3, 10), seed=1)
    assert result.percentiles == {50: 3.0, 85: 6.5, 95: 6.5}
    assert result.items_left == 3
    assert result.cumulative.index[0] == pd.Timestamp("2026-03-01")  # the first item created
    assert result.cumulative.index[-1] == pd.Timestamp("2026-03-10")  # the status date
    assert result.cumulative.iloc[-1].tolist() == [1, 1, 1, 3]
    # done in the week of 03-02: B and A; of 03-09: C
    assert result.throughput_weekly.to_dict() == {
        pd.Timestamp("2026-03-02"): 2,
        pd.Timestamp("2026-03-09"): 1,
    }
    assert result.aging.index.tolist() == ["D", "E"]
    assert result.efficiency is None  # no transitions.csv
    assert result.horizon == D(2026, 4, 9)  # no deadline: 30 days on
    assert result.how_many == flow.forecast_how_many(result.history, 30, seed=1)
    assert result.curve.index[0] == pd.Timestamp("2026-03-11")


def test_forecast_curve_is_forecast_how_many_for_every_day():
    curve = flow.forecast_curve(HISTORY_DAYS, D(2026, 3, 11), 70, seed=4, iterations=3_000)
    assert len(curve) == 70 and curve.index[0] == pd.Timestamp("2026-03-11")
    for days in (1, 7, 64, 65, 70):  # across the 64-day blocks the runs draw
        single = flow.forecast_how_many(HISTORY_DAYS, days, seed=4, iterations=3_000)
        assert single is not None
        assert curve.iloc[days - 1].to_dict() == single.items, days
    assert (curve[50] >= curve[85]).all() and (curve[85] >= curve[95]).all()
    assert curve[85].is_monotonic_increasing
    assert flow.forecast_curve([], D(2026, 3, 11), 10, seed=1).empty


def test_bugs_for_the_quality_report(folder):
    import pmtools

    bugs = flow.bugs(pmtools.load_project(folder))
    assert list(bugs.columns) == ["id", "title", "status", "created", "done", "priority", "stage"]
    assert bugs["id"].tolist() == ["C"]
    assert bugs.loc[0, "done"] == pd.Timestamp("2026-03-09 21:00")
    assert bugs.loc[0, "stage"] == "done"


def test_bugs_without_work_items_is_an_empty_frame(make_project):
    import pmtools

    project = pmtools.load_project(make_project("id,name,duration,predecessors\nT1,a,1,\n"))
    bugs = flow.bugs(project)
    assert bugs.empty and list(bugs.columns) == list(flow.BUG_COLUMNS)
    assert flow.attention(project) == []


def test_attention_names_columns_over_their_limit_and_aging_items(folder):
    import pmtools

    (folder / "workitems.csv").write_text(
        SIX + "H,Docs,task,In Review,2026-03-02,2026-03-07,,\n", encoding="utf-8"
    )
    project = pmtools.load_project(folder)
    found = flow.attention(project)
    assert [(a.level, a.message()) for a in found] == [
        ("amber", 'Board column "Review" holds 2 items, over its WIP limit of 1'),
        # p85 of [1, 3, 6.5] is 6.5 days; nothing in progress is older (D: 4 days, H: 3)
    ]
    later = project.with_status_date(D(2026, 3, 20))  # D 14 days, H 13, E 12: all past 6.5
    assert [a.message() for a in flow.attention(later)][1] == (
        "3 items in progress are older than 85 % of finished items took (6.5 days): D, H, E"
    )
    from pmtools.status import attention

    assert [a.practice for a in attention(project)].count("flow") == 1  # the status page
