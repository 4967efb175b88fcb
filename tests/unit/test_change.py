"""Change management: the task_changes grammar, impact on a copy of the plan, the log, attention
and the editor's approve-and-apply. Every number below is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

import pmtools
from pmtools.change import (
    apply_change,
    attention,
    change_cells,
    change_impact,
    change_log,
    decision_summary,
    float_changes,
    pending_impacts,
    status_counts,
)
from pmtools.errors import ProjectInvalid
from pmtools.tables.change import TaskChange, parse_task_changes

# Start Monday 2026-03-02, Mon-Fri, no holidays. A (5 days, done in week 1) -> B (10) -> C (5);
# D (3) after A. Status date Friday 2026-03-06: A is finished, the rest starts Monday 03-09
# (offset 5). Finish offset 20 = Friday 2026-03-27; critical A, B, C; D has 20 - 8 = 12 float.
TASKS = """\
id,name,duration,predecessors,percent_complete,actual_start,actual_finish,planned_cost
A,Design,5,,100,2026-03-02,2026-03-06,2000
B,Build,10,A,,,,10000
C,Test,5,B,,,,5000
D,Docs,3,A,,,,3000
"""
HEADER = (
    "id,title,requested_by,requested_on,tasks,task_changes,cost_impact,status,approver,decided_on"
)
CHANGES = f"""\
{HEADER}
CR-01,Longer build,Ann,2026-02-20,B,B+=4,4000,assessed,,
CR-02,Extra test round,Ann,2026-03-02,C,new:E:6:C::Extra tests,6000,submitted,,
CR-03,Full user manual,Bob,2026-03-04,D,D=25,,approved,Sponsor,2026-03-05
CR-04,Docs reviewed before test,Bob,2026-03-05,,C after D,,submitted,,
CR-05,Redesign,Cy,2026-03-05,,A+=2,,submitted,,
CR-06,Loop,Cy,2026-03-05,,new:F:2:C::Loop;B after F,,submitted,,
CR-07,Drop docs,Cy,2026-03-05,,D-=5,,submitted,,
CR-08,Old change,Dee,2026-01-10,B,B+=1,500,implemented,Sponsor,2026-01-20
CR-09,Rejected idea,Dee,2026-01-12,,,9000,rejected,Sponsor,2026-02-02
"""


@pytest.fixture
def project(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-06\ndeadline: 2026-03-31\n")
    (folder / "changes.csv").write_text(CHANGES)
    return pmtools.load_project(folder)


# -- the grammar -------------------------------------------------------------------------------


def test_every_kind_of_entry_is_read():
    entries, problems = parse_task_changes("T1=5; T2 += 3;T3-=1 ; T4 after T1, T2 SS+2;new:N1:4:T1")
    assert problems == [("change.entry.invalid", {"found": "new:N1:4:T1"})]  # 3 of 5 fields
    assert entries == [
        TaskChange("set", "T1", "T1=5", days=5),
        TaskChange("grow", "T2", "T2 += 3", days=3),
        TaskChange("shrink", "T3", "T3-=1", days=1),
        TaskChange("after", "T4", "T4 after T1, T2 SS+2", links=("T1", "T2 SS+2")),
    ]
    entries, problems = parse_task_changes("new:N1:4:T1,T2 FF-1:P1:Cards: limits\nT-1-=2")
    assert problems == []
    assert entries[0] == TaskChange(
        "new",
        "N1",
        "new:N1:4:T1,T2 FF-1:P1:Cards: limits",
        days=4,
        links=("T1", "T2 FF-1"),
        name="Cards: limits",
        parent="P1",
    )  # fmt: skip  (the name is the rest of the entry, colons included)
    assert entries[0].link_ids() == ("T1", "T2")
    assert entries[1] == TaskChange("shrink", "T-1", "T-1-=2", days=2)  # ids may hold hyphens
    (entry,), _ = parse_task_changes("new:N2:3:::Kick-off")  # no links, no parent
    assert (entry.links, entry.parent, entry.name) == ((), "", "Kick-off")


def test_grammar_problems_name_the_entry_and_what_was_found():
    _, problems = parse_task_changes(
        "T1=two; T2 after T3 XX+1; new:N 1:2:::x; new:N2:2:::;x;new:N3:1:::a;new:N3:1:::b"
    )
    assert problems == [
        ("change.entry.days", {"entry": "T1=two", "found": "two"}),
        ("change.entry.link", {"entry": "T2 after T3 XX+1", "found": "T3 XX+1"}),
        ("change.entry.new_id", {"entry": "new:N 1:2:::x", "found": "N 1"}),
        ("change.entry.new_name", {"entry": "new:N2:2:::"}),
        ("change.entry.invalid", {"found": "x"}),
        ("change.entry.new_twice", {"found": "N3"}),
    ]


def test_an_empty_cell_changes_nothing():
    assert parse_task_changes("") == ([], [])
    assert parse_task_changes(" ; ;") == ([], [])


# -- the log -----------------------------------------------------------------------------------


def test_time_to_decision_and_age_at_the_status_date(project):
    log = change_log(project)
    assert log.loc["CR-08", "days_to_decision"] == 10  # 01-10 -> 01-20
    assert log.loc["CR-09", "days_to_decision"] == 21  # 01-12 -> 02-02
    assert log.loc["CR-03", "days_to_decision"] == 1
    assert log.loc["CR-01", "age_days"] == 14  # 02-20 -> 03-06, awaiting
    assert not log.loc["CR-01", "waiting"]  # 14 days is not more than 14
    assert log["age_days"].isna().sum() == 3  # decided ones have no age
    summary = decision_summary(project)
    assert summary is not None
    assert (summary.decided, summary.median_days, summary.longest_days) == (3, 10, 21)
    assert (summary.awaiting, summary.oldest_days, summary.waiting) == (6, 14, 0)
    assert summary.approved_cost == 500  # CR-03 (no cost) and CR-08
    assert summary.pending_cost == 10000  # CR-01 + CR-02


def test_counts_follow_the_approval_flow(project):
    counts = status_counts(project)
    assert list(counts.index) == ["submitted", "assessed", "approved", "rejected", "implemented"]
    assert counts["count"].tolist() == [5, 1, 1, 1, 1]
    assert counts.loc["submitted", "cost_impact"] == 6000
    assert counts.loc["rejected", "cost_impact"] == 9000


def test_without_changes_csv_there_is_no_data(make_project):
    project = pmtools.load_project(make_project(TASKS, extra_yaml="status_date: 2026-03-06\n"))
    assert change_log(project).empty
    assert decision_summary(project) is None
    assert pending_impacts(project).empty
    assert float_changes(project).empty
    assert attention(project) == []


# -- applying a change to a copy ---------------------------------------------------------------


def test_lengthening_a_critical_task_slips_the_finish_and_adds_its_cost(project):
    impact = change_impact(project, "CR-01")
    assert impact.problems == ()
    assert impact.finish_before == dt.date(2026, 3, 27)  # offset 20
    assert impact.finish_after == dt.date(2026, 4, 2)  # offset 24: Mon 30, Tue 31, Wed 1, Thu 2
    assert impact.slip_days == 4
    # no three-point estimates and no risks: every simulated run is the plan itself
    assert (impact.p80_before, impact.p80_after) == (impact.finish_before, impact.finish_after)
    assert impact.p80_slip_days == 4
    assert (impact.bac_before, impact.bac_after) == (20000, 24000)
    assert impact.chance_before == 1.0 and impact.chance_after == 0.0  # deadline Tue 03-31
    assert impact.critical_before == ("B", "C") and impact.joins_critical == ()
    cells = change_cells(project, "CR-01")
    assert cells.set_index("id").loc["B", ["duration", "planned_cost"]].tolist() == ["14", "14000"]


def test_a_new_task_goes_after_its_links_and_carries_the_cost(project):
    impact = change_impact(project, "CR-02")
    assert impact.slip_days == 6 and impact.finish_after == dt.date(2026, 4, 6)
    assert impact.joins_critical == ("E",)
    assert impact.bac_after == 26000
    cells = change_cells(project, "CR-02")
    assert cells["id"].tolist() == ["A", "B", "C", "D", "E"]  # no parent: at the end
    assert cells.iloc[-1][["name", "duration", "predecessors", "planned_cost"]].tolist() == [
        "Extra tests", "6", "C", "6000",
    ]  # fmt: skip


def test_a_task_that_outgrows_the_path_takes_it_over(project):
    impact = change_impact(project, "CR-03")
    # D = 25 days from offset 5: finishes at offset 30, 10 days after C
    assert impact.slip_days == 10
    assert impact.joins_critical == ("D",)
    assert impact.leaves_critical == ("B", "C")
    assert impact.cost_in_plan and impact.bac_after == 20000  # no cost impact


def test_float_of_the_affected_tasks_before_and_after(project):
    floats = float_changes(project).set_index(["change", "task"])
    # C after D: D must now finish before C starts (offset 15): late finish 15 - early 8 = 7
    assert floats.loc[("CR-04", "D"), ["float_before", "float_after"]].tolist() == [12, 7]
    assert floats.loc[("CR-04", "C"), "float_after"] == 0
    assert floats.loc[("CR-01", "B"), ["float_before", "float_after"]].tolist() == [0, 0]
    assert pd_isna(floats.loc[("CR-02", "E"), "float_before"])  # a new task had none


def pd_isna(value: object) -> bool:
    return value != value  # NaN


def test_changes_that_cannot_be_applied_say_why(project):
    messages = {
        change: [str(p) for p in change_impact(project, change).problems]
        for change in ("CR-05", "CR-06", "CR-07")
    }
    assert messages["CR-05"] == [
        'changes.csv:6:task_changes: task "A" is finished; a change cannot alter finished '
        "work (add a new task instead)"
    ]
    assert messages["CR-07"] == [
        'changes.csv:8:task_changes: "D-=5" would leave task "D" with -2 working days'
    ]
    (loop,) = messages["CR-06"]
    assert loop.startswith("changes.csv:7:task_changes: applied to tasks.csv, the change gives: ")
    assert "the task links form a loop: B -> C -> F -> B" in loop
    impacts = pending_impacts(project)
    assert impacts.loc["CR-05", "problem"].startswith('task "A" is finished')
    assert impacts.loc["CR-01", "problem"] == ""
    with pytest.raises(ProjectInvalid):
        apply_change(project, "CR-06")


def test_only_pending_changes_are_assessed(project):
    impacts = pending_impacts(project)
    assert list(impacts.index) == ["CR-01", "CR-02", "CR-03", "CR-04", "CR-05", "CR-06", "CR-07"]


def test_the_project_on_disk_is_never_touched(project):
    before = {p.name: p.read_bytes() for p in project.path.iterdir()}
    pending_impacts(project)
    changed = apply_change(project, "CR-02")
    assert "E" in changed.tasks.index and "E" not in project.tasks.index
    assert {p.name: p.read_bytes() for p in project.path.iterdir()} == before


def test_work_done_is_kept_and_estimates_move_with_the_duration(make_project):
    folder = make_project(
        "id,name,duration,predecessors,percent_complete,actual_start,optimistic,most_likely,"
        "pessimistic\nA,a,10,,40%,2026-03-02,8,10,14\nB,b,4,A,,,1,4,5\n",
        extra_yaml="status_date: 2026-03-05\n",
    )
    (folder / "changes.csv").write_text(
        f"{HEADER}\nCR-1,x,Ann,2026-03-04,,A+=6;B-=3,,submitted,,\n"
        f"CR-2,y,Ann,2026-03-04,,A=3,,submitted,,\n"
    )
    project = pmtools.load_project(folder)
    cells = change_cells(project, "CR-1").set_index("id")
    # 4 of 10 days done; 16 days long now: 4 / 16 = 25 %; estimates + 6 days
    assert cells.loc["A", ["duration", "percent_complete"]].tolist() == ["16", "25"]
    assert cells.loc["A", ["optimistic", "most_likely", "pessimistic"]].tolist() == [
        "14",
        "16",
        "20",
    ]
    # B - 3 days: 1 / 1 / 2 (the optimistic 1 - 3 stops at 0)
    assert cells.loc["B", ["optimistic", "most_likely", "pessimistic"]].tolist() == ["0", "1", "2"]
    (problem,) = change_impact(project, "CR-2").problems
    assert (
        problem.message()
        == '"A=3" would leave task "A" 3 working days, less than the 4 already done'
    )


def test_cost_is_shared_by_the_days_each_task_gains(make_project):
    folder = make_project(
        "id,name,duration,predecessors,planned_cost\nA,a,4,,1000\nB,b,2,A,1000\n",
        extra_yaml="status_date: 2026-03-02\n",
    )
    (folder / "changes.csv").write_text(
        f"{HEADER}\nCR-1,x,Ann,2026-03-02,,A+=3;new:N:1:B::n,1000,submitted,,\n"
        f"CR-2,y,Ann,2026-03-02,B,,-400,submitted,,\n"
        f"CR-3,z,Ann,2026-03-02,,,250,submitted,,\n"
    )
    project = pmtools.load_project(folder)
    cells = change_cells(project, "CR-1").set_index("id")
    assert cells["planned_cost"].tolist() == ["1750", "1000", "250"]  # 3 : 1 of 1000
    assert change_cells(project, "CR-2").set_index("id").loc["B", "planned_cost"] == "600"
    impact = change_impact(project, "CR-3")  # nothing to carry it: BAC grows all the same
    assert not impact.cost_in_plan and impact.bac_after == 2250


# -- attention ---------------------------------------------------------------------------------


def test_attention_red_for_an_assessed_change_pushing_p80_past_the_deadline(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-06\ndeadline: 2026-03-31\n")
    (folder / "changes.csv").write_text(
        f"{HEADER}\nCR-01,Longer build,Ann,2026-02-10,B,B+=4,,assessed,,\n"
        "CR-02,Short fix,Ann,2026-03-01,B,B+=1,,assessed,,\n"
        "CR-03,Approved long ago,Ann,2026-02-10,B,B+=1,,approved,Sponsor,2026-02-19\n"
        "CR-04,Approved lately,Ann,2026-02-10,B,B+=1,,approved,Sponsor,2026-03-01\n"
    )
    project = pmtools.load_project(folder)
    items = [(a.level, a.values["id"], a.key) for a in attention(project)]
    # CR-01: P80 03-27 -> 04-02, after the deadline 03-31; CR-02 ends Monday 03-30, in time
    assert items == [
        ("red", "CR-01", "change.attention.p80"),
        ("amber", "CR-01", "change.attention.waiting"),  # 24 days since 02-10
        ("amber", "CR-03", "change.attention.not_applied"),  # 15 days since 02-19
    ]
    red = attention(project)[0]
    assert red.message() == (
        "CR-01 Longer build: assessed; approving it would move the P80 finish +4 working "
        "days to 2026-04-02, past the deadline 2026-03-31"
    )


# -- validation --------------------------------------------------------------------------------


def test_decisions_need_a_date_and_an_approver(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-06\n")
    (folder / "changes.csv").write_text(
        f"{HEADER}\nCR-1,a,Ann,2026-03-04,,,,approved,,\n"
        "CR-2,b,Ann,2026-03-04,,,,assessed,,2026-03-05\n"
        "CR-3,c,Ann,2026-03-04,,,,rejected,Sponsor,2026-03-01\n"
        "CR-4,d,Ann,2026-03-04,,,-12.5,implemented,Sponsor,2026-03-05\n"
    )
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(folder)
    assert [str(p) for p in caught.value.problems] == [
        "changes.csv:2:approver: a change that is approved needs the approver who decided it",
        "changes.csv:2:decided_on: a change that is approved needs the date it was decided",
        "changes.csv:3:decided_on: the change is still assessed, so it has no decision date "
        "yet; clear decided_on or set the status to approved, rejected or implemented",
        "changes.csv:4:decided_on: 2026-03-01 is before the change was requested (2026-03-04)",
    ]


# -- the editor --------------------------------------------------------------------------------


def test_editor_assesses_then_approves_and_applies_in_two_saves(project, monkeypatch):
    from pmtools.widgets.change import ChangeEditor

    editor = ChangeEditor(project)
    tasks_before = (project.path / "tasks.csv").read_text()
    editor.change.value = "CR-01"
    assert editor.assess() is not None
    assert "+4 working days" in editor.impact.value
    assert (project.path / "tasks.csv").read_text() == tasks_before  # what-if writes nothing
    editor.change.value = "CR-09"  # rejected: cannot be applied
    assert editor.approve_and_apply() is None
    assert "cannot be applied" in editor.message.value
    editor.change.value = "CR-01"
    assert editor.approve_and_apply() is None  # no approver yet: nothing written
    assert "needs the approver" in editor.message.value
    assert (project.path / "tasks.csv").read_text() == tasks_before
    editor.fields["approver"].value = "Sponsor"
    editor.decided_on.value = dt.date(2026, 3, 6)
    saved = editor.approve_and_apply()
    assert saved is not None
    assert saved.tasks.loc["B", "duration"] == 14 and saved.tasks.loc["B", "planned_cost"] == 14000
    row = saved.table("changes.csv").loc["CR-01"]
    assert (row["status"], row["approver"]) == ("implemented", "Sponsor")
    assert row["decided_on"] == dt.datetime(2026, 3, 6)
    assert "CR-01 applied to tasks.csv" in editor.message.value
    assert "CR-01" not in pending_impacts(saved).index


def test_editor_raises_a_new_change(project):
    from pmtools.widgets.change import ChangeEditor

    editor = ChangeEditor(project)
    editor.change.value = editor._NEW
    editor.fields["title"].value = "Add a pilot week"
    editor.fields["task_changes"].value = "new:P:5:C::Pilot;NOPE+=1"
    assert editor.write() is None  # an unknown task: nothing written
    assert "NOPE" in editor.message.value
    editor.fields["task_changes"].value = "new:P:5:C::Pilot"
    saved = editor.write()
    assert saved is not None
    assert saved.table("changes.csv").loc["CR-10", "status"] == "submitted"
    assert editor.change.value == "CR-10"
