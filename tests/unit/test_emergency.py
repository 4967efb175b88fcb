"""Emergency management: drills due, time to restore against the RTO, incidents per month,
open follow-up actions, attention and the forms. Hours are worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

import pmtools
from pmtools.emergency import (
    attention,
    drill_schedule,
    follow_ups,
    incident_log,
    incidents_by_month,
    restore_summary,
)

# Status date Friday 2026-07-10.
CONTINGENCY = """\
id,scenario,trigger,plan,owner,backup_owner,last_drill,drill_every_days,rto_hours,rpo_hours
E1,Data centre outage,,,Ann,Bob,2026-04-01,60,4,1
E2,Supplier insolvency,,,Bob,Cy,2026-07-01,90,72,0
E3,Cut-over rollback,,,Cy,Ann,,30,12,0
E4,Key person leaves,,,Ann,Cy,2026-06-01,,,
E5,Ransomware,,,Dee,Ann,2026-05-01,80,8,24
"""
INCIDENTS = """\
id,title,start,end,severity,impact,root_cause,scenario,actions
I1,Database down,2026-05-03 22:30,2026-05-04 01:00,critical,,,E1,A1
I2,Network flap,2026-06-15 09:00,2026-06-15 15:30,2,,,E1,A1;A2
I3,Slow reports,2026-06-20,2026-06-20 02:00,low,,,,A3
I4,Storage alarm,2026-07-09 18:00,,P1,,,E1,
"""
ACTIONS = """\
id,action,owner,due,status
A1,Add a second database node,Ann,2026-06-30,in-progress
A2,Replace the core switch firmware,Bob,2026-07-20,open
A3,Index the report tables,Cy,2026-06-25,done
A4,Unrelated retro action,Dee,2026-06-01,open
"""


@pytest.fixture
def project(make_project):
    folder = make_project(
        "id,name,duration,predecessors\nT1,Work,5,\n", extra_yaml="status_date: 2026-07-10\n"
    )
    (folder / "contingency.csv").write_text(CONTINGENCY)
    (folder / "incidents.csv").write_text(INCIDENTS)
    (folder / "actions.csv").write_text(ACTIONS)
    return pmtools.load_project(folder)


def test_drills_most_urgent_first(project):
    drills = drill_schedule(project)
    # E1: 04-01 + 60 = 05-31, 40 days before 07-10; E5: 05-01 + 80 = 07-20, 10 days ahead
    assert list(drills.index) == ["E1", "E3", "E5", "E2", "E4"]
    assert drills["drill_state"].tolist() == ["overdue", "never", "due", "ok", "none"]
    assert drills.loc["E1", "next_drill"] == pd.Timestamp("2026-05-31")
    assert drills.loc["E1", "days_until"] == -40
    assert drills.loc["E5", "days_until"] == 10
    assert drills.loc["E2", "days_until"] == 81  # 07-01 + 90 = 09-29


def test_time_to_restore_against_the_rto(project):
    log = incident_log(project)
    assert list(log.index) == ["I4", "I3", "I2", "I1"]  # latest first
    assert log.loc["I1", "hours_to_restore"] == 2.5  # 22:30 -> 01:00 next day
    assert log.loc["I2", "hours_to_restore"] == 6.5
    assert log.loc["I3", "hours_to_restore"] == 2.0  # a date alone is 00:00
    # open: from 07-09 18:00 to the end of the status date (07-11 00:00) = 30 hours
    assert log.loc["I4", "hours_to_restore"] == 30.0
    assert log["met_rto"].tolist() == [None, None, False, True]  # open; no scenario; 6.5 > 4
    assert log.loc["I4", "severity"] == "critical" and log.loc["I2", "severity"] == "high"
    assert log["open_actions"].tolist() == [0, 0, 2, 1]
    assert restore_summary(project) == {
        "incidents": 4, "open": 1, "met": 1, "missed": 1, "no_target": 1,
    }  # fmt: skip


def test_incidents_per_month_fill_the_gaps_up_to_the_status_date(project):
    months = incidents_by_month(project)
    assert [m.strftime("%Y-%m") for m in months.index] == ["2026-05", "2026-06", "2026-07"]
    assert months.loc["2026-06-01"].tolist() == [0, 1, 0, 1]  # critical, high, medium, low
    assert months["critical"].tolist() == [1, 0, 1]


def test_follow_ups_are_the_open_actions_incidents_name(project):
    open_ = follow_ups(project)
    assert list(open_.index) == ["A1", "A2"]  # A3 is done; A4 is not an incident's
    assert open_.loc["A1", "incidents"] == ["I1", "I2"]
    assert open_.loc["A1", "days_overdue"] == 10
    assert pd.isna(open_.loc["A2", "days_overdue"])


def test_attention_red_for_a_serious_incident_not_restored(project):
    items = [
        (a.level, a.key, a.values.get("id") or a.values.get("ids")) for a in attention(project)
    ]
    assert items == [
        ("red", "emergency.attention.open", "I4"),
        ("amber", "emergency.attention.drill_overdue", "E1"),
        ("amber", "emergency.attention.drill_never", "E3"),
        ("amber", "emergency.attention.rto", "I2"),  # 25 days ago: recent, 6.5 h > 4 h
        ("amber", "emergency.attention.actions", "A1"),
    ]
    assert attention(project)[0].message() == "I4 Storage alarm: not restored after 30 hours"


def test_without_the_files_there_is_no_data(make_project):
    project = pmtools.load_project(make_project("id,name,duration,predecessors\nT1,W,5,\n"))
    assert drill_schedule(project).empty and incident_log(project).empty
    assert incidents_by_month(project).empty and follow_ups(project).empty
    assert attention(project) == []


def test_forms_log_an_incident_and_record_a_drill(project):
    from pmtools.widgets.emergency import DrillForm, IncidentForm, emergency_editor

    form = IncidentForm(project)
    form.incident.value = "I4"
    form.fields["end"].value = "2026-07-10 08:15"
    saved = form.write()
    assert saved is not None
    assert saved.table("incidents.csv").loc["I4", "end"] == pd.Timestamp("2026-07-10 08:15")
    form.incident.value = form._NEW
    form.fields["title"].value = "Backup failed"
    form.fields["start"].value = "yesterday"
    assert form.write() is None
    assert "expected a time as YYYY-MM-DD HH:MM" in form.message.value
    drills = DrillForm(saved)
    drills.plan.value = "E3"
    drills.backup.value = "Cy"  # the owner: refused
    assert drills.write() is None and "is the owner" in drills.message.value
    drills.backup.value = "Ann"
    drills.last_drill.value = pd.Timestamp("2026-07-08").date()
    saved = drills.write()
    assert saved is not None and drill_schedule(saved).loc["E3", "drill_state"] == "ok"
    assert emergency_editor(project, force=True) is not None


def test_the_log_shows_times_to_the_minute_and_the_verdict_in_words(project):
    from pmtools.report.emergency import log_table

    html = log_table(project)._repr_html_()
    assert '<td class="date">2026-07-09 18:00</td>' in html  # a date cell: never wrapped
    assert '<td class="date">2026-05-04 01:00</td>' in html
    verdicts = [v for v in ("not restored", "no RTO", ">no<", ">yes<") if v in html]
    assert verdicts == ["not restored", "no RTO", ">no<", ">yes<"]


def test_saving_one_incident_keeps_every_time_of_day(project):
    from pmtools.widgets.emergency import IncidentForm

    form = IncidentForm(project)
    form.incident.value = "I2"
    form.fields["root_cause"].value = "Firmware bug"
    assert form.write() is not None
    text = (project.path / "incidents.csv").read_text()
    for stamp in ("2026-05-03 22:30", "2026-05-04 01:00", "2026-06-15 15:30", "2026-07-09 18:00"):
        assert stamp in text
    assert "2026-06-20,2026-06-20 02:00" in text  # a date alone stays a date
