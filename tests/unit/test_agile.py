"""Velocity, forecast, burndown, retro board and improvement actions."""

from __future__ import annotations

import datetime as dt

import pytest

import pmtools
from pmtools.agile import (
    actions_carried_over,
    actions_overdue,
    burndown,
    current_sprint,
    forecast,
    retro_board,
    velocity,
)

SPRINTS = """\
sprint,name,start,end,committed,completed,added,goal
S1,One,2026-03-02,2026-03-13,30,24,0,a
S2,Two,2026-03-16,2026-03-27,30,30,3,b
S3,Three,2026-03-30,2026-04-10,30,27,0,c
S4,Four,2026-04-13,2026-04-24,30,10,5,d
S5,Five,2026-04-27,2026-05-08,30,,,e
"""


@pytest.fixture
def project(make_project):
    folder = make_project(
        "id,name,duration,predecessors\nA,a,40,\n", extra_yaml="status_date: 2026-04-17\n"
    )
    (folder / "sprints.csv").write_text(SPRINTS)
    (folder / "burndown.csv").write_text(
        "sprint,date,remaining\nS4,2026-04-13,30\nS4,2026-04-14,28\nS4,2026-04-15,33\n"
        "S4,2026-04-16,25\nS4,2026-04-17,20\n"
    )
    (folder / "retro.csv").write_text(
        "sprint,category,note,votes,author\nS3,kudos,Thanks,1,\nS3,to-improve,Flaky tests,5,\n"
        "S3,went-well,Demo,2,\nS3,to-improve,Late reviews,7,\nS2,idea,Old,3,\n"
    )
    (folder / "actions.csv").write_text(
        "id,action,owner,due,status,sprint,closed\n"
        "A1,Stabilise tests,Ann,2026-03-20,open,S1,\n"
        "A2,Review rota,Bob,2026-04-30,in-progress,S3,\n"
        "A3,Old thing,Cy,2026-03-01,done,S1,2026-03-02\n"
    )
    return pmtools.load_project(folder)


def test_velocity_and_say_do(project):
    frame = velocity(project)
    assert frame["finished"].tolist() == [True, True, True, False, False]
    assert frame.loc["S1", "say_do"] == pytest.approx(0.8)
    assert frame.loc["S3", "rolling_velocity"] == pytest.approx(27)
    assert frame.loc["S2", "rolling_velocity"] == pytest.approx(27)


def test_forecast_from_the_last_three_sprints(project):
    outlook = forecast(project)
    assert outlook is not None
    assert outlook.remaining_points == pytest.approx(30 + 5 - 10 + 30)  # S4 left + S5
    assert (outlook.velocity_low, outlook.velocity_high) == (24, 30)
    assert outlook.sprints_mean == 3 and outlook.sprints_low == 2 and outlook.sprints_high == 3
    assert outlook.finish_mean > dt.date(2026, 4, 10)
    assert forecast(project, remaining=270).sprints_mean == 10


def test_burndown_of_the_current_sprint(project):
    assert current_sprint(project) == "S4"
    frame = burndown(project)
    assert len(frame) == 10  # working days of S4
    assert frame["ideal"].iloc[0] == 30 and frame["ideal"].iloc[-1] == 0
    assert frame["remaining"].iloc[:5].tolist() == [30, 28, 33, 25, 20]
    assert frame["remaining"].iloc[5:].isna().all()


def test_retro_board_groups_and_sorts(project):
    board = retro_board(project)
    assert board["sprint"].unique().tolist() == ["S3"]
    assert board["note"].tolist() == ["Demo", "Late reviews", "Flaky tests", "Thanks"]


def test_actions_overdue_and_carried_over(project):
    assert list(actions_overdue(project).index) == ["A1"]
    assert actions_overdue(project).loc["A1", "days_overdue"] == 28
    carried = actions_carried_over(project)
    assert list(carried.index) == ["A1"] and carried.loc["A1", "sprints_open"] == 2


def test_unknown_sprint_is_reported(make_project):
    folder = make_project("id,name,duration,predecessors\nA,a,1,\n")
    (folder / "sprints.csv").write_text(SPRINTS)
    (folder / "retro.csv").write_text("sprint,category,note\nS9,fun,Hello\n")
    with pytest.raises(pmtools.ProjectInvalid) as caught:
        pmtools.load_project(folder)
    assert [str(p) for p in caught.value.problems] == [
        'retro.csv:2:sprint: sprint "S9" is not in sprints.csv',
        'retro.csv:2:category: expected one of went-well, to-improve, idea, kudos, found "fun"',
    ]


# -- velocity and burndown from work items ---------------------------------------------------

# Sprint S3 (2026-03-30..04-10) and S4 (04-13..04-24, current at 04-17) named by the items,
# S1 and S2 by none. S3: X 5 points done 04-08, Y 3 done on the last day, Z 8 done after the
# sprint (carried over), W 2 done without a date (trusted), an epic of 40 left out: 10 points.
# S4 by name: P 5 done 04-14, Q 3 added 04-15 and done 04-16, R 8 open, V 2 done only per
# transitions.csv (04-17 10:00), so 10 points by the status date.
ITEMS = """\
id,title,type,status,points,sprint,created,done
E,Epic,epic,Done,40,S3,2026-03-20,2026-04-10
X,x,story,Done,5,S3,2026-03-25,2026-04-08
Y,y,story,Done,3,S3,2026-03-25,2026-04-10 17:30
Z,z,story,Done,8,S3,2026-03-26,2026-04-14
W,w,task,Done,2,S3,2026-03-26,
P,p,story,Done,5,Four,2026-04-10,2026-04-14
Q,q,bug,Done,3,Four,2026-04-15,2026-04-16
R,r,story,In Progress,8,Four,2026-04-10,
V,v,task,Done,2,Four,2026-04-10,
"""
MOVES = (
    "item,from,to,at\nV,To Do,In Progress,2026-04-14 09:00\nV,In Progress,Done,2026-04-17 10:00\n"
)


@pytest.fixture
def with_items(project):
    (project.path / "workitems.csv").write_text(ITEMS)
    (project.path / "transitions.csv").write_text(MOVES)
    return pmtools.load_project(project.path)


def test_velocity_counts_the_work_items_of_the_sprints_they_name(with_items):
    frame = velocity(with_items)
    assert frame["from_items"].tolist() == [False, False, True, True, False]
    # S1, S2 keep sprints.csv's figures; S3 5 + 3 + 2 (Z was done after the sprint);
    # S4 5 + 3 + 2 by the status date; S5 has not started
    assert frame["completed"].tolist()[:4] == [24, 30, 10, 10]
    assert frame["completed"].isna().tolist()[4]
    assert frame["committed"].tolist() == [30, 30, 30, 30, 30]  # planning figures as written
    assert frame.loc["S3", "say_do"] == pytest.approx(10 / 30)


def test_burndown_from_the_work_items_of_the_sprint(with_items):
    frame = burndown(with_items, "S4")
    # created by the end of each day and not done: 04-13 P R V (15); 04-14 P done (10);
    # 04-15 Q added (13); 04-16 Q done (10); 04-17 V done (8); later days are not known yet
    assert frame["remaining"].tolist()[:5] == [15, 10, 13, 10, 8]
    assert frame["remaining"].isna().tolist()[5:] == [True] * 5
    assert frame["ideal"].tolist()[0] == 30  # the ideal line still starts at the commitment
    plain = burndown(with_items, "S2")  # no item names S2: burndown.csv has none either
    assert plain["remaining"].isna().all()
