"""Stakeholders and communication: grid, engagement, due dates, calendar, cadence, attention."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import pmtools
from pmtools.stakeholders import (
    attention,
    cadence_check,
    communication_calendar,
    communication_plan,
    communications_overdue,
    engagement_matrix,
    next_send,
    nominal_days,
    stakeholder_register,
    stakeholder_summary,
)

STAKEHOLDERS = """\
id,name,role,organisation,interest,influence,current_engagement,desired_engagement,attitude,needs,contact,owner
SH01,Sponsor,MD,Customer,4,5,supportive,leading,positive,Budget view,,Pat
SH02,CFO,CFO,Customer,2,5,neutral,neutral,neutral,,,Pat
SH03,Key users,Users,Customer,5,2,unaware,supportive,,Training,,Lee
SH04,Marketing,Head,Customer,2,2,,,,,,
SH05,Works council,Chair,Customer,3,3,resistant,neutral,negative,,,Lee
"""
#: Friday 2026-11-20 is the status date; sprints end on 11-13, 11-27 and 12-11.
COMMUNICATIONS = """\
id,audience,stakeholders,information,channel,frequency,owner,last_sent,next_due
C01,Steering,SH01;SH02,Status report,report,weekly,Pat,2026-11-13,
C02,Works council,SH05,Consultation,meeting,biweekly,Lee,2026-10-30,
C03,Users,SH03,Newsletter,newsletter,monthly,Lee,2026-10-25,
C04,All staff,SH04,Go-live notice,intranet,once,Pat,,2026-12-10
C05,Key users,SH03,Sprint review,demo,per-sprint,Lee,2026-11-13,
C06,CFO,SH02,Budget review,meeting,quarterly,Pat,,
"""
SPRINTS = """\
sprint,name,start,end,committed,completed,added,goal
S1,One,2026-11-02,2026-11-13,20,20,0,a
S2,Two,2026-11-16,2026-11-27,20,,,b
S3,Three,2026-11-30,2026-12-11,20,,,c
"""


@pytest.fixture
def folder(make_project):
    folder = make_project(
        "id,name,duration,predecessors\nA,Build,60,\n",
        start="2026-06-01",
        extra_yaml="status_date: 2026-11-20\ncalendar:\n  holidays: [2026-11-23]\n",
    )
    (folder / "stakeholders.csv").write_text(STAKEHOLDERS, encoding="utf-8")
    (folder / "communications.csv").write_text(COMMUNICATIONS, encoding="utf-8")
    (folder / "sprints.csv").write_text(SPRINTS, encoding="utf-8")
    return folder


@pytest.fixture
def project(folder):
    return pmtools.load_project(folder)


def test_quadrants_put_level_three_on_the_high_side(project):
    register = stakeholder_register(project)
    assert register["quadrant"].to_dict() == {
        "SH01": "manage-closely",
        "SH05": "manage-closely",
        "SH02": "keep-satisfied",
        "SH03": "keep-informed",
        "SH04": "monitor",
    }
    assert list(register.index) == ["SH01", "SH05", "SH02", "SH03", "SH04"]  # most attention first


def test_engagement_gap_is_desired_minus_current_in_levels(project):
    register = stakeholder_register(project)
    assert register.loc["SH01", "gap_levels"] == 1  # supportive (4) -> leading (5)
    assert register.loc["SH03", "gap_levels"] == 3  # unaware (1) -> supportive (4)
    assert register.loc["SH02", "gap_levels"] == 0
    assert pd.isna(register.loc["SH04", "gap_levels"])  # not assessed: no gap, not zero
    matrix = engagement_matrix(project)
    assert matrix.loc["SH01", ["supportive", "leading"]].tolist() == ["C", "D"]
    assert matrix.loc["SH02", "neutral"] == "C D"
    assert matrix.loc["SH04", ["unaware", "neutral", "leading"]].tolist() == ["", "", ""]


@pytest.mark.parametrize(
    ("frequency", "after", "due"),
    [
        ("weekly", "2026-11-13", "2026-11-20"),
        ("biweekly", "2026-10-30", "2026-11-13"),
        ("monthly", "2026-01-31", "2026-02-28"),  # the last day of a shorter month
        ("quarterly", "2026-08-15", "2026-11-15"),
        ("every 10 days", "2026-11-15", "2026-11-25"),
        ("daily", "2026-11-20", "2026-11-24"),  # Friday -> Monday is a holiday -> Tuesday
        ("per-sprint", "2026-11-13", "2026-11-27"),  # the next sprint end
        ("per-sprint", "2026-11-14", "2026-11-27"),
        ("per-sprint", "2026-12-11", None),  # after the last sprint: nothing planned
        ("once", "2026-11-13", None),
    ],
)
def test_next_send_follows_the_frequency(project, frequency, after, due):
    expected = None if due is None else dt.date.fromisoformat(due)
    assert next_send(project, frequency, dt.date.fromisoformat(after)) == expected


def test_per_sprint_without_sprints_is_every_fourteen_days(folder):
    (folder / "sprints.csv").unlink()
    project = pmtools.load_project(folder)
    assert next_send(project, "per-sprint", dt.date(2026, 11, 13)) == dt.date(2026, 11, 27)
    assert nominal_days(project, "per-sprint") == 14


def test_nominal_days(project):
    assert [nominal_days(project, f) for f in ("daily", "weekly", "monthly", "quarterly")] == [
        1,
        7,
        30,
        91,
    ]
    assert nominal_days(project, "every 21 days") == 21
    assert nominal_days(project, "per-sprint") == 14  # sprint ends 14 days apart
    assert nominal_days(project, "once") is None


def test_plan_states_and_days_overdue(project):
    plan = communication_plan(project)
    assert plan["state"].to_dict() == {
        "C01": "due",  # due on the status date itself: not late yet
        "C02": "overdue",  # 10-30 + 14 = 11-13, 7 days ago
        "C03": "due",  # 10-25 + 1 month = 11-25, within 7 days
        "C04": "scheduled",
        "C05": "due",  # next sprint end 11-27, within 7 days
        "C06": "overdue",  # never sent: due a quarter after the start, 2026-09-01
    }
    assert plan.loc["C02", "days_overdue"] == 7
    assert plan.loc["C06", "due"] == pd.Timestamp("2026-09-01")
    assert plan.loc["C06", "days_overdue"] == 80  # 2026-09-01 .. 2026-11-20
    assert pd.isna(plan.loc["C01", "days_overdue"])
    assert plan.loc["C02", "kind"] == "meeting" and plan.loc["C01", "kind"] == "written"
    assert list(communications_overdue(project).index) == ["C06", "C02"]  # most overdue first


def test_next_due_overrides_and_a_sent_one_off_is_done(folder):
    text = COMMUNICATIONS.replace(
        "C04,All staff,SH04,Go-live notice,intranet,once,Pat,,2026-12-10",
        "C04,All staff,SH04,Go-live notice,intranet,once,Pat,2026-11-02,",
    ).replace(
        "C01,Steering,SH01;SH02,Status report,report,weekly,Pat,2026-11-13,",
        "C01,Steering,SH01;SH02,Status report,report,weekly,Pat,2026-11-13,2026-12-01",
    )
    (folder / "communications.csv").write_text(text, encoding="utf-8")
    plan = communication_plan(pmtools.load_project(folder))
    assert plan.loc["C04", "state"] == "sent"
    assert plan.loc["C01", "due"] == pd.Timestamp("2026-12-01")  # moved meeting
    assert plan.loc["C01", "state"] == "scheduled"


def test_calendar_shows_overdue_sends_then_counts_from_the_status_date(project):
    calendar = communication_calendar(project, days=14)
    c02 = calendar[calendar["id"] == "C02"]
    assert c02["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-11-13", "2026-12-04"]
    assert c02["overdue"].tolist() == [True, False]  # sent today, next in 14 days
    c01 = calendar[calendar["id"] == "C01"]
    assert c01["date"].dt.strftime("%m-%d").tolist() == ["11-20", "11-27", "12-04"]
    assert calendar["label"].iloc[0].startswith("C06 · ")  # ordered by date
    assert "C04" not in set(calendar["id"])  # 12-10 is beyond two weeks


def test_cadence_check_against_each_quadrant(project):
    cadence = cadence_check(project)
    assert cadence["state"].to_dict() == {
        "SH04": "too-rare",  # a one-off only
        "SH01": "ok",  # weekly <= 14 days
        "SH05": "ok",  # biweekly = 14 days
        "SH02": "ok",  # weekly <= 31
        "SH03": "ok",  # per-sprint 14 <= 31
    }
    assert cadence.loc["SH01", "needed_days"] == 14 and cadence.loc["SH01", "every_days"] == 7
    assert cadence.loc["SH03", "via"] == "Sprint review"
    assert pd.isna(cadence.loc["SH04", "every_days"])


def test_cadence_check_finds_a_stakeholder_reached_too_rarely_or_not_at_all(folder):
    text = COMMUNICATIONS.replace(
        "SH05,Consultation,meeting,biweekly", "SH05,Consultation,meeting,monthly"
    )
    text = text.replace("C04,All staff,SH04,", "C04,All staff,,")
    (folder / "communications.csv").write_text(text, encoding="utf-8")
    cadence = cadence_check(pmtools.load_project(folder))
    assert cadence.loc["SH05", "state"] == "too-rare"  # manage closely, monthly > 14 days
    assert cadence.loc["SH04", "state"] == "none"
    assert list(cadence.index[:2]) == ["SH04", "SH05"]  # worst first


def test_summary_counts(project):
    summary = stakeholder_summary(project)
    assert summary is not None
    assert summary.stakeholders == 5
    assert summary.by_quadrant == {
        "manage-closely": 2,
        "keep-satisfied": 1,
        "keep-informed": 1,
        "monitor": 1,
    }
    assert (summary.gaps, summary.big_gaps, summary.resistant) == (3, 1, 1)
    assert (summary.communications, summary.overdue, summary.due) == (6, 2, 3)
    assert summary.meetings_overdue == 2  # C02 and C06 are meetings
    assert (summary.uncovered, summary.too_rare) == (0, 1)


def test_attention_names_the_resistant_and_the_overdue(project):
    items = attention(project)
    assert [(a.level, a.key) for a in items] == [
        ("red", "stakeholders.attention.resistant"),
        ("red", "stakeholders.attention.overdue"),  # C02 reaches the works council
    ]
    assert items[0].values == {"count": 1, "names": "Works council"}
    assert items[1].values["count"] == 2 and items[1].values["key"] == 1
    assert items[1].message().startswith("2 communication(s) overdue, 1 of them to key")
    assert "Budget review, 80 days; Consultation, 7 days" in items[1].message()


def test_overdue_to_others_only_is_amber(folder):
    text = COMMUNICATIONS.replace(
        "SH05,Consultation,meeting,biweekly,Lee,2026-10-30",
        "SH05,Consultation,meeting,biweekly,Lee,2026-11-19",
    )
    (folder / "communications.csv").write_text(text, encoding="utf-8")
    items = attention(pmtools.load_project(folder))
    assert [(a.level, a.values.get("count")) for a in items][1:] == [("amber", 1)]  # C06 only


def test_no_files_means_no_data_not_zeros(make_project):
    project = pmtools.load_project(make_project("id,name,duration,predecessors\nA,a,1,\n"))
    assert stakeholder_register(project).empty and communication_plan(project).empty
    assert communication_calendar(project).empty and cadence_check(project).empty
    assert stakeholder_summary(project) is None
    assert attention(project) == []


def test_empty_files_too(folder):
    (folder / "stakeholders.csv").write_text(STAKEHOLDERS.splitlines()[0] + "\n", encoding="utf-8")
    (folder / "communications.csv").write_text(
        COMMUNICATIONS.splitlines()[0] + "\n", encoding="utf-8"
    )
    project = pmtools.load_project(folder)
    assert stakeholder_summary(project) is None
    assert attention(project) == []


def test_grid_stacks_stakeholders_sharing_a_cell(folder):
    from pmtools.charts.stakeholders import power_interest_grid

    extra = "SH06,Auditor,Audit,Customer,4,5,neutral,neutral,,,,\n"
    (folder / "stakeholders.csv").write_text(STAKEHOLDERS + extra, encoding="utf-8")
    register = stakeholder_register(pmtools.load_project(folder))
    figure = power_interest_grid(register, language="en")
    points = {
        text: (x, y)
        for trace in figure.data
        for text, x, y in zip(trace.text, trace.x, trace.y, strict=True)
    }
    assert points["Sponsor"][1] != points["Auditor"][1]  # same cell (4, 5), stacked apart
    assert abs(points["Sponsor"][1] - points["Auditor"][1]) >= 0.2
    assert figure.layout.xaxis.title.text.startswith("Interest")
    notes = [a.text for a in figure.layout.annotations]
    assert "<b>Manage closely</b>" in notes and "<b>Monitor</b>" in notes


def test_headline_in_both_languages(project):
    from pmtools.i18n import use_language
    from pmtools.report.stakeholders import headline

    text = headline(project).text
    assert "**5 stakeholder(s)**: 2 to manage closely" in text
    assert "**2 overdue** at 2026-11-20" in text
    with use_language("zh"):
        chinese = headline(project).text
    assert chinese.startswith("**5 位干系人**") and "。 " not in chinese  # no space after 。


def test_register_editor_adds_a_stakeholder_and_refuses_a_bad_one(folder):
    from pmtools.widgets.stakeholders import StakeholderEditor

    editor = StakeholderEditor(pmtools.load_project(folder))
    editor.name.value = "New CIO"
    editor.interest.value, editor.influence.value = 4, 5
    editor.current.value, editor.desired.value = "unaware", "supportive"
    assert editor.write() is not None
    saved = pd.read_csv(folder / "stakeholders.csv", dtype=str).set_index("id")
    assert saved.loc["SH06", "name"] == "New CIO" and saved.loc["SH06", "interest"] == "4"
    before = (folder / "stakeholders.csv").read_text(encoding="utf-8")
    editor.stakeholder.value = "SH01"
    editor.name.value = ""  # a stakeholder needs a name
    assert editor.write() is None
    assert "expected a value" in editor.message.value
    assert (folder / "stakeholders.csv").read_text(encoding="utf-8") == before


def test_plan_editor_records_a_send(folder):
    from pmtools.widgets.stakeholders import CommunicationEditor

    text = COMMUNICATIONS.replace(
        "Status report,report,weekly,Pat,2026-11-13,",
        "Status report,report,weekly,Pat,2026-11-13,2026-11-18",
    )
    (folder / "communications.csv").write_text(text, encoding="utf-8")
    editor = CommunicationEditor(pmtools.load_project(folder))
    editor.communication.value = "C01"
    assert editor.stakeholders.value == ("SH01", "SH02")
    editor.sent_on.value = dt.date(2026, 11, 19)
    project = editor.mark_sent()
    assert project is not None
    plan = communication_plan(project.with_status_date(dt.date(2026, 11, 20)))
    assert plan.loc["C01", "last_sent"] == pd.Timestamp("2026-11-19")
    assert plan.loc["C01", "due"] == pd.Timestamp("2026-11-26")  # the reached next_due is cleared
    editor.communication.value = editor._NEW
    editor.audience.value, editor.information.value = "Team", "Stand-up"
    editor.frequency.value = "now and then"
    assert editor.write() is None
    assert "every N days" in editor.message.value


def test_editor_is_absent_in_batch_runs(project, monkeypatch):
    from pmtools.widgets.stakeholders import stakeholder_editor

    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    assert stakeholder_editor(project) is None
    tabs = stakeholder_editor(project, force=True)
    assert tabs is not None and len(tabs.children) == 2


def test_headline_says_so_when_nobody_influential_resists(folder):
    from pmtools.report.stakeholders import headline

    text = STAKEHOLDERS.replace(
        "Chair,Customer,3,3,resistant,neutral", "Chair,Customer,3,3,neutral,neutral"
    )
    (folder / "stakeholders.csv").write_text(text, encoding="utf-8")
    said = headline(pmtools.load_project(folder)).text
    assert "2 are below the engagement the project needs (1 by two levels or more); no " in said
