"""The status page: each RAG rule at and around its thresholds, and the page's sections."""

from __future__ import annotations

import datetime as dt

import pytest

import pmtools
from pmtools import render
from pmtools.errors import ProjectInvalid
from pmtools.report import status as status_section
from pmtools.status import StatusRules, status_report

# start Mon 2026-03-02; A 5 days done, B 8 days planned to finish 2026-03-18, M milestone
TASKS = """\
id,name,duration,predecessors,planned_cost,actual_cost,percent_complete,actual_start,actual_finish,baseline_start,baseline_finish,owner
A,Analyse,5,,1000,{ac_a},100,2026-03-02,2026-03-06,2026-03-02,2026-03-06,Ann
B,Build,{days_b},A,2000,300,{percent},2026-03-09,,2026-03-09,2026-03-18,Bo
M,Go-live,0,B,0,0,0,,,2026-03-18,2026-03-18,Ann
"""


def make(make_project, *, ac_a=1000, days_b=8, percent=25, yaml="", files=None):
    folder = make_project(
        TASKS.format(ac_a=ac_a, days_b=days_b, percent=percent),
        extra_yaml="status_date: 2026-03-11\n"
        + ("" if "currency:" in yaml else "currency: EUR\n")
        + yaml,
    )
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return pmtools.load_project(folder)


def rag(report, area):
    return next(r.rag for r in report.ratings if r.area == area)


def test_without_data_an_area_is_not_rated_and_overall_is_the_worst(make_project):
    report = status_report(make(make_project))
    assert rag(report, "scope") == rag(report, "risk") == rag(report, "quality") == "none"
    assert report.overall == rag(report, "schedule")


@pytest.mark.parametrize(
    ("days_b", "percent", "expected"),
    [
        (20, 50, "green"),  # 10 days left from offset 8: last day offset 17 vs baseline 12 = +5
        (26, 50, "amber"),  # 13 days left: +8 > 5
        (26, 25, "amber"),  # 19.5 days left: +15, not more than 15
        (28, 25, "red"),  # 21 days left: +16 > 15
        (8, 25, "amber"),  # +1, but EV 1500 = PV after 7 days: SPI(t) 7/8 < 0.95
        (8, 50, "green"),  # EV 2000 = PV after 9 days: SPI(t) 9/8
    ],
)
def test_schedule_rating_follows_the_slip_and_spi_t(make_project, days_b, percent, expected):
    project = make(make_project, days_b=days_b, percent=percent)
    assert rag(status_report(project), "schedule") == expected


def test_schedule_is_red_when_the_deadline_cannot_be_met(make_project):
    report = status_report(make(make_project, yaml="deadline: 2026-03-13\n"))
    assert rag(report, "schedule") == "red"
    assert "Deadline 2026-03-13" in next(r.facts for r in report.ratings if r.area == "schedule")


@pytest.mark.parametrize(
    ("ac_a", "budget", "expected"),
    [
        (1000, "", "green"),  # CPI = 1500 / 1300 > 1
        (1350, "", "amber"),  # CPI = 1500 / 1650 = 0.91
        (1600, "", "red"),  # CPI = 1500 / 1900 = 0.79
        (1200, "budget: 3600\n", "green"),  # CPI 1500 / 1500 = 1
        (1260, "budget: 3600\n", "amber"),  # CPI 0.96: forecast uses reserve, still within it
        (1260, "budget: 3050\n", "red"),  # forecast overrun 125 exceeds the 50 reserve
    ],
)
def test_cost_rating_follows_cpi_and_the_reserve(make_project, ac_a, budget, expected):
    report = status_report(make(make_project, ac_a=ac_a, yaml=budget))
    assert rag(report, "cost") == expected


REQS = "id,title,priority,status,version,acceptance_criteria,tests\n" + "".join(
    f"R{i},Req {i},must,approved,1.0,works,T{i}\n" for i in range(1, 11)
)
SIGNED = "version,date,signed_by\n1.0,2026-03-04,Customer\n"


@pytest.mark.parametrize(
    ("changed", "expected"), [(0, "green"), (1, "amber"), (1, "amber"), (2, "red")]
)
def test_scope_rating_counts_changes_awaiting_sign_off(make_project, changed, expected):
    reqs = REQS
    for i in range(1, changed + 1):
        reqs = reqs.replace(f"R{i},Req {i},must,approved,1.0", f"R{i},Req {i},must,changed,1.1")
    files = {"requirements.csv": reqs, "signoff.csv": SIGNED}
    report = status_report(make(make_project, files=files))
    assert rag(report, "scope") == expected  # red at 20 % of the 10 in scope
    assert len(report.changes) == changed


def test_scope_is_red_without_any_sign_off(make_project):
    report = status_report(make(make_project, files={"requirements.csv": REQS}))
    assert rag(report, "scope") == "red"


def test_quality_rating(make_project):
    good = status_report(make(make_project, files={"requirements.csv": REQS}))
    assert rag(good, "quality") == "green"
    untested = REQS.replace("R2,Req 2,must,approved,1.0,works,T2", "R2,Req 2,must,approved,1.0,,")
    assert (
        rag(status_report(make(make_project, files={"requirements.csv": untested})), "quality")
        == "amber"
    )
    done = REQS.replace("R2,Req 2,must,approved,1.0,works,T2", "R2,Req 2,must,done,1.0,works,")
    assert (
        rag(status_report(make(make_project, files={"requirements.csv": done})), "quality") == "red"
    )


RISKS = "id,title,probability,impact,response,response_due,status,owner\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("R1,Minor,1,2,watch,,open,Ann\n", "green"),
        ("R1,Big,4,4,mitigate,2026-03-20,open,Ann\n", "amber"),  # high threat, response on time
        ("R1,Big,4,4,,,open,Ann\n", "red"),  # high threat without a response
        ("R1,Big,4,4,mitigate,2026-03-10,open,Ann\n", "red"),  # its response is overdue
        ("R1,Minor,2,2,watch,2026-03-10,open,Ann\n", "amber"),  # a small risk overdue
        ("R1,Big,4,4,,,closed,Ann\n", "green"),
    ],
)
def test_risk_rating(make_project, row, expected):
    report = status_report(make(make_project, files={"risks.csv": RISKS + row}))
    assert rag(report, "risk") == expected


def test_sections_done_next_key_dates_issues_and_decisions(make_project):
    files = {
        "risks.csv": RISKS + "R1,Supplier late,3,3,chase,2026-03-20,occurred,Bo\n",
        "decisions.csv": "id,decision,owner,needed_by,status\n"
        "D1,Pick vendor,Ann,2026-03-10,open\nD2,Budget,Bo,2026-03-20,open\nD3,Old,Bo,,decided\n",
    }
    report = status_report(make(make_project, files=files))
    assert report.done.index.tolist() == ["A"]  # finished in the last 14 days
    assert report.next.index.tolist() == ["B", "M"]
    assert report.key_dates["name"].tolist() == ["Go-live", "Project finish"]
    assert report.key_dates["finish_variance"].tolist() == [1, 1]  # B: 6 of 8 days left
    assert report.issues.index.tolist() == ["R1"]
    assert report.decisions.index.tolist() == ["D1", "D2"]
    assert report.decisions["overdue"].tolist() == [True, False]
    assert report.status_date == dt.date(2026, 3, 11)


def test_page_escapes_user_text_and_states_the_rules(make_project):
    folder_files = {"decisions.csv": "id,decision,status\nD1,<script>alert(1)</script>,open\n"}
    project = make(make_project, yaml="currency: <b>EUR</b>\n", files=folder_files)
    report = status_report(project)
    page = status_section.ratings(report)._repr_html_()
    assert "<b>EUR</b>" not in page and "&lt;b&gt;EUR&lt;/b&gt;" in page
    assert "SPI(t) below 0.85" in page and "20%" in page
    table = render.table(report.decisions, {"decision": "col.decision"})._repr_html_()
    assert "<script>" not in table


def test_custom_rules(make_project):
    project = make(make_project, ac_a=1600)  # CPI 0.79
    assert rag(status_report(project), "cost") == "red"
    assert rag(status_report(project, rules=StatusRules(index_red=0.75)), "cost") == "amber"


def test_project_yaml_sets_the_thresholds(make_project):
    project = make(make_project, ac_a=1600, yaml="status:\n  index_red: 0.75\n  index_amber: 0.8\n")
    assert project.status_rules.index_red == 0.75
    # CPI 0.79: red by default, amber now (not below 0.75, but the forecast exceeds BAC)
    assert rag(status_report(project), "cost") == "amber"
    page = status_section.ratings(status_report(project))._repr_html_()
    assert "CPI below 0.75" in page


def test_bad_thresholds_are_reported(make_project):
    yaml = (
        "status:\n  index_red: 1.5\n  schedule_amber_days: 2.5\n  colour: red\n"
        "  schedule_amber_days_x: 1\n"
    )
    with pytest.raises(ProjectInvalid) as err:
        make(make_project, yaml=yaml)
    found = {p.column: p.message() for p in err.value.problems}
    assert set(found) == {
        "status.index_red",
        "status.schedule_amber_days",
        "status.colour",
        "status.schedule_amber_days_x",
    }
    assert "at most 1, found 1.5" in found["status.index_red"]
    with pytest.raises(ProjectInvalid) as err:
        make(make_project, yaml="status:\n  index_red: 0.9\n  index_amber: 0.8\n")
    assert "at least as strict" in err.value.problems[0].message()


def _fake_attention(project):
    from pmtools.model import Attention

    return [
        Attention("cost", "amber", "report.status_date.given", {"date": "watch"}),
        Attention("risks", "red", "report.status_date.given", {"date": "act"}),
    ]


def test_attention_gathers_every_practice_red_first(make_project, monkeypatch):
    from dataclasses import replace

    from pmtools.status import attention, attention_frame
    from pmtools.tables import PRACTICES

    project = make(make_project)
    assert attention(project) == []
    patched = {
        **PRACTICES,
        "cost": replace(PRACTICES["cost"], attention=f"{__name__}:_fake_attention"),
    }
    monkeypatch.setattr("pmtools.tables.PRACTICES", patched)
    items = attention(project)
    assert [a.level for a in items] == ["red", "amber"]
    frame = attention_frame(items)
    assert frame["message"].tolist() == ["act (as asked)", "watch (as asked)"]
    assert frame["practice"].tolist() == ["Risks", "Cost"]


def test_scope_weighs_changes_by_priority(make_project):
    """One proposed "could" among four requirements is worth watching, not a red scope."""
    reqs = (
        "id,title,priority,status,version,acceptance_criteria,tests\n"
        "R1,Log in,must,approved,1.0,works,T1\nR2,Pay,must,approved,1.0,works,T2\n"
        "R3,Export,should,approved,1.0,works,T3\nR4,Dark mode,could,proposed,1.1,works,T4\n"
    )
    files = {"requirements.csv": reqs, "signoff.csv": SIGNED}
    report = status_report(make(make_project, files=files))
    scope = next(r for r in report.ratings if r.area == "scope")
    assert scope.rag == "amber" and "11% of the scope" in scope.facts  # 1 of 3+3+2+1
    heavy = reqs.replace("R1,Log in,must,approved,1.0", "R1,Log in,must,changed,1.1")
    files = {"requirements.csv": heavy, "signoff.csv": SIGNED}
    assert rag(status_report(make(make_project, files=files)), "scope") == "red"  # 4 of 9
