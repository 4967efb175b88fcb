"""The team practice: KPI scorecard, conflict matrix, learning plan, retro signals, attention.

Every expected number below is worked out by hand from the small folders written
here; the status date is Wednesday 2026-05-20 unless a test says otherwise.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import pmtools
from pmtools import team
from pmtools.errors import ProjectInvalid
from tests.conftest import EXAMPLES

TASKS = "id,name,duration,predecessors\nA,Build,10,\n"
STATUS = "status_date: 2026-05-20\n"


@pytest.fixture
def folder(make_project):
    """``folder(files={...}, yaml="")`` -> a loaded project with those team files."""

    def make(files: dict[str, str] | None = None, yaml: str = STATUS) -> pmtools.Project:
        path = make_project(TASKS, extra_yaml=yaml)
        for name, text in (files or {}).items():
            (path / name).write_text(text, encoding="utf-8")
        return pmtools.load_project(path)

    return make


# -- KPIs ----------------------------------------------------------------------------------------

KPI_HEADER = "member,period,kpi,target,actual,unit,better\n"


@pytest.mark.parametrize(
    ("target", "actual", "better", "expected"),
    [
        (100, 100, "higher", "met"),
        (100, 90, "higher", "near"),  # exactly 10 % short
        (100, 89.9, "higher", "missed"),
        (10, 11, "lower", "near"),  # 10 % above a lower-is-better target
        (10, 11.01, "lower", "missed"),
        (10, 9, "lower", "met"),
        (0, 0, "lower", "met"),
        (0, 1, "lower", "missed"),  # no tolerance around a target of 0
    ],
)
def test_kpi_result_in_each_direction(folder, target, actual, better, expected):
    kpis = KPI_HEADER + f"Team,2026-05,K,{target},{actual},%,{better}\n"
    card = team.kpi_scorecard(folder({"kpis.csv": kpis}))
    assert card["result"].tolist() == [expected]


def test_scorecard_takes_the_latest_measured_month_up_to_the_status_month(folder):
    kpis = KPI_HEADER + (
        "Team,2026-02,Velocity,30,33,points,\n"  # met
        "Team,2026-03,Velocity,30,25,points,\n"  # missed (25 < 27)
        "Team,2026-04,Velocity,30,26,points,\n"  # missed
        "Team,2026-05,Velocity,30,,points,\n"  # not measured yet: April stays the latest
        "Team,2026-06,Velocity,30,40,points,\n"  # after the status month: not counted
        "Ann,2026-04,Defects,4,5,count,lower\n"  # 25 % over a lower target: missed
        "Ann,2026-05,Defects,4,3,count,lower\n"  # met, better than April
    )
    card = team.kpi_scorecard(folder({"kpis.csv": kpis})).set_index("kpi")
    velocity, defects = card.loc["Velocity"], card.loc["Defects"]
    assert velocity["period"] == "2026-04" and velocity["actual"] == 26
    assert velocity["result"] == "missed" and velocity["months_missed"] == 2
    assert velocity["variance_percent"] == pytest.approx((26 - 30) / 30 * 100)
    assert velocity["previous"] == 25 and velocity["trend"] == "improving"
    assert defects["result"] == "met" and defects["months_missed"] == 0
    assert defects["variance_percent"] == pytest.approx(25.0)  # 1 below 4: 25 % better
    assert defects["trend"] == "improving"  # 5 -> 3, lower is better
    history = team.kpi_history(folder({"kpis.csv": kpis}))
    assert "2026-06" not in set(history["period"])
    assert history["member"].tolist()[:4] == ["Team"] * 4  # file order of member and KPI


def test_a_kpi_never_measured_has_no_result_and_a_target_of_zero_no_variance(folder):
    kpis = KPI_HEADER + "Team,2026-05,New KPI,10,,%,\nTeam,2026-05,Incidents,0,0,count,lower\n"
    card = team.kpi_scorecard(folder({"kpis.csv": kpis})).set_index("kpi")
    assert pd.isna(card.loc["New KPI", "result"]) and np.isnan(card.loc["New KPI", "actual"])
    assert card.loc["Incidents", "result"] == "met"
    assert np.isnan(card.loc["Incidents", "variance_percent"])


def test_no_kpi_file_or_an_empty_one_is_no_data(folder):
    for files in ({}, {"kpis.csv": KPI_HEADER}):
        project = folder(files)
        assert team.kpi_scorecard(project).empty
        assert team.kpi_history(project).empty
        assert team.attention(project) == []


# -- conflicts -----------------------------------------------------------------------------------

CONFLICT_HEADER = (
    "id,raised,parties,issue,intensity,impact,approach,response,owner,due,status,resolved\n"
)
CONFLICTS = CONFLICT_HEADER + (
    "C1,2026-04-01,Dev; Ops,Windows,4,4,competing,,PM,2026-05-01,open,\n"  # 16 critical, 19 late
    "C2,2026-04-02,QA; Dev,Triage,2,3,compromise,,PM,2026-05-20,in-progress,\n"  # due today
    "C3,2026-04-03,Sales; PMO,Scope,2,2,,,PM,2026-05-10,escalated,\n"  # 4 low, 10 days late
    "C4,2026-04-04,A; B,Old,5,5,force,,PM,2026-04-10,resolved,2026-04-09\n"  # resolved
)


def test_conflict_severity_rating_and_overdue_responses(folder):
    register = team.conflict_register(folder({"conflicts.csv": CONFLICTS}))
    assert register.index.tolist() == ["C1", "C2", "C3", "C4"]  # active by severity, then resolved
    assert register["severity"].tolist() == [16, 6, 4, 25]
    assert register["rating"].tolist() == ["critical", "medium", "low", "critical"]
    assert register.loc["C1", "approach"] == "force"  # "competing" is Thomas-Kilmann's word
    assert register.loc["C3", "approach"] == ""  # undecided stays empty
    assert register["overdue"].tolist() == [True, False, True, False]  # due today is not late
    late = team.conflicts_overdue(folder({"conflicts.csv": CONFLICTS}))
    assert late.index.tolist() == ["C1", "C3"] and late["days_overdue"].tolist() == [19, 10]


def test_conflict_matrix_places_only_active_conflicts(folder):
    matrix = team.conflict_matrix(folder({"conflicts.csv": CONFLICTS}))
    assert len(matrix) == 25
    cells = matrix[matrix["ids"].map(len) > 0].set_index(["intensity", "impact"])
    assert cells["ids"].to_dict() == {(2, 2): ["C3"], (2, 3): ["C2"], (4, 4): ["C1"]}
    assert cells.loc[(4, 4), "approaches"] == ["force"]
    assert matrix.set_index(["intensity", "impact"]).loc[(5, 5), "ids"] == []  # C4 resolved


# -- learning ------------------------------------------------------------------------------------

LEARNING = (
    "person,skill,kind,target_date,status,hours_planned,hours_done,completed\n"
    "Ann,PMP,certification,2026-05-01,in-progress,35,20,\n"  # overdue 19 days
    "Ann,SQL,skill,2026-06-19,planned,10,0,\n"  # due in 30 days
    "Ann,Old,skill,2026-01-01,dropped,5,3,\n"  # counts nowhere
    "Bo,PSM I,certification,2026-04-01,done,20,22,2026-03-30\n"
    "Bo,Kanban,skill,,planned,,,\n"  # no target date, no hours
)


def test_learning_items_states_and_days(folder):
    items = team.learning_items(folder({"learning.csv": LEARNING}))
    assert items["state"].tolist() == ["overdue", "due", "dropped", "done", "unscheduled"]
    assert items["days"].tolist()[:2] == [19, 30]
    assert np.isnan(items["days"].tolist()[3])


def test_learning_progress_per_person_leaves_dropped_items_out(folder):
    people = team.learning_progress(folder({"learning.csv": LEARNING})).set_index("person")
    ann, bo = people.loc["Ann"], people.loc["Bo"]
    assert (ann["items"], ann["done"], ann["overdue"]) == (2, 0, 1)
    assert (ann["hours_planned"], ann["hours_done"]) == (45, 20)
    assert ann["progress_percent"] == pytest.approx(20 / 45 * 100)
    assert (ann["certifications"], ann["certifications_overdue"]) == (1, 1)
    assert ann["next_target"] == pd.Timestamp("2026-06-19")
    assert (bo["items"], bo["certifications_done"], bo["hours_planned"]) == (2, 1, 20)
    assert pd.isna(bo["next_target"])


def test_no_learning_hours_planned_is_no_progress_not_zero(folder):
    text = "person,skill,hours_planned,hours_done\nAnn,Kanban,,\n"
    people = team.learning_progress(folder({"learning.csv": text}))
    assert np.isnan(people["progress_percent"].iloc[0])


# -- collaboration -------------------------------------------------------------------------------

SPRINTS = (
    "sprint,start,end,committed,completed\n"
    "S1,2026-03-02,2026-03-13,20,20\n"
    "S2,2026-03-16,2026-03-27,20,18\n"
    "S3,2026-03-30,2026-04-10,20,15\n"
    "S4,2026-04-13,2026-04-24,20,16\n"
)
RETRO = (
    "sprint,category,note,votes,author\n"
    "S1,went-well,Demo went fine,3,Ann\n"
    "S1,to-improve,Builds slow,5,Bo\n"
    "S1,kudos,Thanks Cy,2,Ann\n"
    "S1,idea,Cache builds,1,\n"
    "S3,to-improve,Builds still slow,4,Bo\n"
    "S3,to-improve,Too many meetings,2,Cy\n"
    "S4,went-well,Faster builds,6,Bo\n"
)
ACTIONS = (
    "id,action,owner,due,status,sprint,closed\n"
    "A1,Cache builds,Bo,2026-03-27,done,S1,2026-04-20\n"  # open until 20 April
    "A2,Fewer meetings,Ann,2026-04-24,open,S1,\n"  # never closed
    "A3,Pair on reviews,Cy,2026-04-10,done,S3,\n"  # done without a date: closed
)


def test_collaboration_signals_per_sprint(folder):
    files = {"sprints.csv": SPRINTS, "retro.csv": RETRO, "actions.csv": ACTIONS}
    signals = team.collaboration_signals(folder(files)).set_index("sprint")
    assert signals.index.tolist() == ["S1", "S3", "S4"]  # sprints with notes, in order
    s1, s3, s4 = signals.loc["S1"], signals.loc["S3"], signals.loc["S4"]
    assert (s1["notes"], s1["went-well"], s1["kudos"], s1["authors"]) == (4, 1, 1, 2)
    assert s1["positive_percent"] == 50 and s1["votes_per_note"] == pytest.approx(11 / 4)
    assert s3["positive_percent"] == 0 and s4["positive_percent"] == 100
    assert s1["actions_raised"] == 2 and s3["actions_raised"] == 1
    # S3 ends 10 April: A1 and A2 (raised in S1, two sprints before) are still open
    assert s3["carried_over"] == 2
    # S4 ends 24 April: A1 closed on 20 April, A2 still open; A3 raised only one sprint before
    assert s4["carried_over"] == 1
    assert s1["carried_over"] == 0


def test_without_retro_notes_there_are_no_signals(folder):
    assert team.collaboration_signals(folder({"sprints.csv": SPRINTS})).empty


# -- attention and the examples ------------------------------------------------------------------


def test_attention_levels_and_messages(folder):
    kpis = KPI_HEADER + (
        "Team,2026-04,Velocity,30,20,points,\n"
        "Team,2026-05,Velocity,30,21,points,\n"  # missed twice: red
        "Ann,2026-05,Defects,4,6,count,lower\n"  # missed once: amber
    )
    project = folder({"kpis.csv": kpis, "conflicts.csv": CONFLICTS, "learning.csv": LEARNING})
    found = [(a.level, a.message()) for a in team.attention(project)]
    assert found == [
        ("red", "1 KPI(s) missed the target two months or more in a row: Velocity (Team)"),
        ("amber", "1 KPI(s) missed the target in the latest month: Defects (Ann)"),
        ("red", "1 conflict response(s) overdue (days): C1 (19)"),
        ("amber", "1 conflict response(s) overdue (days): C3 (10)"),
        ("amber", "1 learning item(s) past their target date: PMP (Ann)"),
    ]
    from pmtools.status import attention

    assert [a.practice for a in attention(project)][:2] == ["team", "team"]


def test_each_example_tells_its_story():
    crm = pmtools.load_project(EXAMPLES / "crm-rollout")
    card = team.kpi_scorecard(crm).set_index(["member", "kpi"])
    assert card.loc[("Jonas Becker", "Portal stories done as planned"), "months_missed"] == 2
    assert team.conflicts_overdue(crm).index.tolist() == ["C03", "C05"]
    erp = pmtools.load_project(EXAMPLES / "erp-upgrade-cn")
    assert {a.level for a in team.attention(erp)} == {"red", "amber"}


# -- validation ----------------------------------------------------------------------------------


def test_a_month_is_validated_and_a_kpi_keeps_one_direction(make_project):
    path = make_project(TASKS, extra_yaml=STATUS)
    (path / "kpis.csv").write_text(
        KPI_HEADER + "Team,2026-5,K,1,1,,\nAnn,2026-05,K,1,1,,lower\n", encoding="utf-8"
    )
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(path)
    assert [str(p) for p in caught.value.problems] == [
        'kpis.csv:2:period: expected a month as YYYY-MM, found "2026-5"',
        'kpis.csv:3:better: expected "higher" as on row 2 for the same KPI, found "lower"',
    ]


def test_editors_save_kpis_conflicts_and_learning(tmp_path):
    from pmtools.widgets.team import ConflictEditor, KpiForm, LearningEditor

    shutil.copytree(EXAMPLES / "crm-rollout", tmp_path / "crm")
    project = pmtools.load_project(tmp_path / "crm")
    form = KpiForm(project)
    form.member.value, form.kpi.value = "Team", "Open severity 1-2 defects at month end"
    form.period.value = "2026-11"
    assert form.target.value == "5" and form.actual.value == ""  # the November row, unmeasured
    form.actual.value = "3"
    saved = form.write()
    assert saved is not None
    rows = saved.table("kpis.csv")
    updated = rows[(rows["kpi"] == form.kpi.value) & (rows["period"] == "2026-11")]
    assert len(updated) == 1 and updated["actual"].iloc[0] == 3  # updated in place
    form.actual.value = "many"
    assert form.write() is None and "many" in form.message.value

    editor = ConflictEditor(project)
    editor.conflict.value = editor._NEW
    editor.parties.value, editor.issue.value = "Architects; Developers", "<b>naming</b>"
    editor.intensity.value, editor.impact.value, editor.approach.value = 2, 2, "collaborate"
    saved = editor.write()
    assert saved is not None and saved.table("conflicts.csv").loc["C07", "issue"] == "<b>naming</b>"
    editor.conflict.value = "C05"
    editor.status.value = "resolved"
    saved = editor.write()
    assert saved is not None
    assert saved.table("conflicts.csv").loc["C05", "resolved"] == pd.Timestamp("2026-11-20")

    learning = LearningEditor(project)
    learning.item.value = "3"  # Jonas Becker, Service Cloud Consultant
    learning.status.value, learning.hours_done.value = "done", 40
    saved = learning.write()
    assert saved is not None
    row = saved.table("learning.csv").iloc[3]
    assert row["status"] == "done" and row["hours_done"] == 40
    assert row["completed"] == pd.Timestamp("2026-11-20")


# -- the report ----------------------------------------------------------------------------------


def test_report_sections_say_which_file_is_missing(folder):
    from pmtools import render
    from pmtools.report import team as section

    project = folder({})
    assert "no team files yet" in section.headline(project).text
    for part in (section.scorecard, section.kpi_trend, section.matrix, section.learning):
        shown = part(project)
        assert isinstance(shown, render.Markdown) and "csv" in shown.text
    assert section.learning_people(project) is None  # said once, by the chart's cell


def test_report_headline_counts_from_the_example():
    from pmtools.report import team as section

    crm = pmtools.load_project(EXAMPLES / "crm-rollout")
    text = section.headline(crm).text
    assert "**3 of 7** KPIs met their target, 1 came within 10 % and **3 missed it**" in text
    assert "**4 active** (0 critical, 1 high), **2 with the response overdue**; 2 resolved" in text
    assert "148 of 241 study hours done (61 %)" in text
    assert "In sprint S08, **29 %** of the notes were positive" in text
    html = section.conflicts(crm)._repr_html_()  # type: ignore[union-attr]
    assert "escalated" in html and "collaborate" in html


def test_portfolio_page_lists_what_needs_attention():
    from pmtools.report.portfolio import _attention

    cell = _attention({"attention": 2, "attention_top": "1 KPI(s) missed <b>"})
    assert cell == "1 KPI(s) missed &lt;b&gt; <small>(+1)</small>"
    assert _attention({"attention": 0, "attention_top": ""}) == ""
    assert _attention({"attention": float("nan"), "attention_top": ""}) == ""
