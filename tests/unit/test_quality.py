"""Quality management, checked by hand (status date Fri 2026-04-10)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pmtools
from pmtools import quality, widgets
from pmtools.errors import ProjectInvalid
from pmtools.status import status_report
from tests.conftest import EXAMPLES

TASKS = "id,name,duration,predecessors\nA,Build,10,\n"
YAML = (
    "status_date: 2026-04-10\n"
    "quality:\n  components:\n    Checkout: 4\n    Search: 2.5\n    Reports: 10\n"
)
REQUIREMENTS = """\
id,title,priority,acceptance_criteria,tests,status
R1,Pay by card,must,Given a card when paying then the order is placed,T1;T2,approved
R2,Search,should,,T3,approved
R3,Export,could,Given orders when exporting then a CSV is written,,approved
R4,Chat,wont,,,proposed
"""
# found/fixed dates chosen so each week (Sat..Fri, ending 04-10, 04-03, 03-27) is easy to count
DEFECTS = """\
id,title,severity,component,phase_found,found_on,fixed_on,status,requirement,work_item
D1,Card declined twice,critical,Checkout,test,2026-03-23,,open,R1,
D2,Total rounds wrongly,major,Checkout,test,2026-03-24,2026-03-30,fixed,R1,
D3,Accents ignored,minor,Search,uat,2026-04-02,,in_progress,R2,
D4,Typo in footer,trivial,,production,2026-04-06,,open,,
D5,Not a bug,minor,Checkout,test,2026-04-07,,rejected,R1,
D6,Slow export,major,Search,test,2026-04-08,2026-04-09,closed,R3,
D7,Found after the status date,critical,Checkout,test,2026-04-12,,open,,
"""
QUALITY = """\
id,deliverable,standard,metric,target,review_type,review_date,reviewer,result,notes
Q1,Design,Checklist,findings,0,review,2026-03-20,Ana,fail,
Q2,Design,Checklist,findings,0,review,2026-04-01,Ana,pass,re-review
Q3,Test plan,,,,inspection,2026-04-08,Ben,pending,
Q4,Release,,,,acceptance,2026-04-24,Cara,pending,
Q5,Security,,,,audit,2026-04-25,Dan,pending,
Q6,Migration,,,,test,2026-04-03,Eve,fail,
Q7,Ops handover,,,,review,,Fay,pending,
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def project(make_project):
    folder = make_project(TASKS, extra_yaml=YAML)
    write(
        folder,
        {"requirements.csv": REQUIREMENTS, "defects.csv": DEFECTS, "quality.csv": QUALITY},
    )
    return pmtools.load_project(folder)


def test_open_defects_leave_out_rejected_fixed_and_future_ones(project):
    found = quality.open_defects(project)
    # D1 critical 18 days, D3 minor 8 days, D4 trivial 4 days; D2/D6 fixed, D5 rejected,
    # D7 found after the status date
    assert list(found.index) == ["D1", "D3", "D4"]
    assert found["age_days"].tolist() == [18, 8, 4]


def test_open_by_age_counts_severity_by_bucket(project):
    table = quality.open_by_age(project)
    assert table.loc["critical", "15_30"] == 1
    assert table.loc["minor", "8_14"] == 1
    assert table.loc["trivial", "0_7"] == 1
    assert table["total"].sum() == 3 and table.loc["major", "total"] == 0


def test_trend_counts_weeks_ending_on_the_status_date(project):
    trend = quality.defect_trend(project)
    ends = [d.date() for d in trend["week_end"]]
    assert ends == [dt.date(2026, 3, 27), dt.date(2026, 4, 3), dt.date(2026, 4, 10)]
    # week to 03-27: D1, D2 found; to 04-03: D3 found, D2 fixed; to 04-10: D4, D6 found, D6 fixed
    assert trend["found"].tolist() == [2, 1, 2]
    assert trend["fixed"].tolist() == [0, 1, 1]
    assert trend["found_total"].tolist() == [2, 3, 5]
    assert trend["fixed_total"].tolist() == [0, 1, 2]
    assert trend["open"].tolist() == [2, 2, 3]


def test_density_per_kloc_and_components_without_size(project):
    density = quality.defect_density(project)
    # Checkout: D1, D2 (D5 rejected, D7 later) over 4 KLOC; Search: D3, D6 over 2.5 KLOC
    assert density.loc["Search", "per_kloc"] == pytest.approx(2 / 2.5)
    assert density.loc["Checkout", "per_kloc"] == pytest.approx(2 / 4)
    assert density.loc["Checkout", "open"] == 1
    assert density.loc["Reports", "defects"] == 0 and density.loc["Reports", "per_kloc"] == 0
    assert list(density.index) == ["Search", "Checkout", "Reports"]


def test_escaped_defects_by_phase(project):
    phases = quality.defects_by_phase(project)
    assert phases.loc["test", "defects"] == 3  # D1, D2, D6
    assert phases.loc["uat", "defects"] == 1 and phases.loc["production", "defects"] == 1
    assert phases.loc[phases["escaped"], "defects"].sum() == 2


def test_requirement_coverage_tests_criteria_and_defects(project):
    coverage = quality.requirement_coverage(project)
    assert list(coverage.index) == ["R1", "R2", "R3"]  # R4 is won't-have
    assert coverage["tests"].tolist() == [2, 1, 0]
    assert coverage["criteria"].tolist() == [True, False, True]
    assert coverage["defects"].tolist() == [2, 1, 1]
    assert coverage["open_defects"].tolist() == [1, 1, 0]


def test_review_states_at_the_status_date(project):
    plan = quality.reviews(project)
    assert plan["state"].to_dict() == {
        "Q1": "done",
        "Q2": "done",
        "Q6": "done",
        "Q3": "overdue",
        "Q4": "due",  # 14 days ahead: still due
        "Q5": "planned",  # 15 days ahead
        "Q7": "unscheduled",
    }
    assert plan.loc["Q3", "days"] == -2
    assert list(quality.reviews_due(project).index) == ["Q3", "Q4"]
    results = quality.review_results(project)
    # Q1 failed but Design passed later (Q2); Q6 failed and stands
    assert results["open_failure"].to_dict() == {"Q6": True, "Q2": False, "Q1": False}


def test_summary_and_attention(project):
    summary = quality.quality_summary(project)
    assert summary.source == "defects"
    assert (summary.defects, summary.open) == (5, 3)
    assert summary.oldest_critical_days == 18
    assert summary.found_by_week == (2, 1, 2) and summary.fixed_by_week == (0, 1, 1)
    assert summary.outpacing_weeks == 1  # week to 04-03 found 1 and fixed 1: the run stops
    assert (summary.escaped, summary.known_phase) == (2, 5)
    assert (summary.reviews_overdue, summary.reviews_due, summary.reviews_failed) == (1, 1, 1)
    assert (summary.requirements, summary.with_tests, summary.with_criteria) == (3, 2, 2)
    items = quality.attention(project)
    assert [(a.level, a.key) for a in items] == [
        ("red", "quality.attention.critical"),
        ("amber", "quality.attention.overdue"),
        ("amber", "quality.attention.failed"),
    ]
    assert items[0].values == {"count": 1, "days": 18, "ids": "D1"}


def test_status_rating_red_for_a_stale_critical_defect(project):
    rating = next(r for r in status_report(project).ratings if r.area == "quality")
    assert rating.rag == "red"
    assert "3 defect(s) open (1 critical, 0 major)" in rating.facts


def test_status_rating_amber_then_green_as_defects_close(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-04-10\n")
    defects = DEFECTS.splitlines()[0] + "\n"
    # a major defect open 2 days, after a week with more fixed than found: amber
    amber = defects + (
        "D1,A,major,,test,2026-04-01,2026-04-02,closed,,\n"
        "D2,B,minor,,test,2026-04-01,2026-04-03,closed,,\n"
        "D3,C,major,,test,2026-04-08,,open,,\n"
    )
    write(folder, {"defects.csv": amber})
    rating = next(
        r for r in status_report(pmtools.load_project(folder)).ratings if r.area == "quality"
    )
    assert rating.rag == "amber"
    green = amber.replace("2026-04-08,,open", "2026-04-08,2026-04-09,closed")
    write(folder, {"defects.csv": green})
    rating = next(
        r for r in status_report(pmtools.load_project(folder)).ratings if r.area == "quality"
    )
    assert rating.rag == "green"
    # the thresholds come from project.yaml: a critical defect 3 days old is red at 2 days
    red = green + "D4,D,critical,,test,2026-04-07,,open,,\n"
    write(folder, {"defects.csv": red})
    project = pmtools.load_project(folder)
    assert next(r for r in status_report(project).ratings if r.area == "quality").rag == "amber"
    (folder / "project.yaml").write_text(
        (folder / "project.yaml").read_text() + "status:\n  quality_critical_days: 2\n"
    )
    project = pmtools.load_project(folder)
    assert next(r for r in status_report(project).ratings if r.area == "quality").rag == "red"


def test_bugs_of_workitems_are_the_defects_without_defects_csv(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-04-10\n")
    write(
        folder,
        {
            "requirements.csv": REQUIREMENTS,
            "workitems.csv": (
                "id,title,type,status,priority,created,done,requirements\n"
                "W1,Crash on login,bug,In Progress,Highest,2026-04-01 10:00,,R1\n"
                "W2,Wrong colour,bug,Done,Low,2026-03-30,2026-04-02,\n"
                "W3,Build login,story,Done,High,2026-03-20,2026-03-25,R1\n"
                "W4,Slow search,bug,To Do,Medium,2026-04-09,,\n"
            ),
        },
    )
    project = pmtools.load_project(folder)
    frame = quality.defects(project)
    assert frame is not None and quality.defect_source(project) == "workitems"
    assert frame["severity"].to_dict() == {"W2": "trivial", "W1": "critical", "W4": "minor"}
    assert frame["status"].to_dict() == {"W2": "closed", "W1": "in_progress", "W4": "open"}
    assert frame.loc["W1", "requirement"] == "R1"
    assert list(quality.open_defects(project).index) == ["W1", "W4"]
    assert quality.defects_by_phase(project).empty  # a tracker does not say the phase
    # defects.csv naming W1 stands for it; W2 and W4 are added: merged, no duplicates
    write(
        folder,
        {
            "defects.csv": DEFECTS.splitlines()[0]
            + "\nD1,Crash on login,major,Login,test,2026-04-01,,open,R1,W1\n"
        },
    )
    project = pmtools.load_project(folder)
    assert quality.defect_source(project) == "merged"
    assert sorted(quality.defects(project).index) == ["D1", "W2", "W4"]
    assert quality.defects(project).loc["D1", "severity"] == "major"


def test_no_data_gives_empty_results_not_zeros(make_project):
    project = pmtools.load_project(make_project(TASKS, extra_yaml="status_date: 2026-04-10\n"))
    assert quality.defects(project) is None and quality.defect_source(project) is None
    assert quality.open_defects(project).empty and quality.defect_trend(project).empty
    assert quality.open_by_age(project).empty and quality.defect_density(project).empty
    assert quality.reviews(project).empty and quality.requirement_coverage(project).empty
    assert quality.attention(project) == []
    summary = quality.quality_summary(project)
    assert not summary.has_defects and summary.oldest_critical_days is None
    rating = next(r for r in status_report(project).ratings if r.area == "quality")
    assert rating.rag == "none"


def test_severity_of_tracker_priorities():
    assert [quality.severity_of_priority(p) for p in ("最高", "高", "中", "低", "Lowest")] == [
        "critical",
        "major",
        "minor",
        "trivial",
        "trivial",
    ]
    assert quality.severity_of_priority("P2 - whatever") == "major"


def test_chinese_values_are_read_through_aliases(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-04-10\n")
    write(
        folder,
        {
            "defects.csv": DEFECTS.splitlines()[0]
            + "\nD1,发票缺少备注,严重,财务,用户验收,2026-04-01,,处理中,,\n"
            "D2,编号冲突,致命,物料,测试,2026-04-02,2026-04-03,已关闭,,\n",
            "quality.csv": QUALITY.splitlines()[0]
            + "\nQ1,转换核对,,,,测试,2026-04-01,赵敏,不通过,\n",
        },
    )
    project = pmtools.load_project(folder)
    frame = quality.defects(project)
    assert frame is not None
    assert frame[["severity", "phase_found", "status"]].to_dict("list") == {
        "severity": ["major", "critical"],
        "phase_found": ["uat", "test"],
        "status": ["in_progress", "closed"],
    }
    assert project.table("quality.csv").loc["Q1", ["review_type", "result"]].tolist() == [
        "test",
        "fail",
    ]


def test_component_sizes_must_be_positive_numbers(make_project):
    folder = make_project(
        TASKS, extra_yaml="quality:\n  components:\n    A: 0\n    B: 3\n    C: [1]\n"
    )
    with pytest.raises(ProjectInvalid) as error:
        pmtools.load_project(folder)
    assert [(p.column, p.code) for p in error.value.problems] == [
        ("quality.components.A", "settings.components.size"),
        ("quality.components.C", "settings.components.size"),
    ]


@pytest.fixture
def crm(tmp_path):
    folder = tmp_path / "crm"
    shutil.copytree(EXAMPLES / "crm-rollout", folder)
    return pmtools.load_project(folder)


def test_defect_editor_logs_a_defect_then_closes_it(crm):
    before = (crm.path / "defects.csv").read_text(encoding="utf-8").splitlines()
    editor = widgets.DefectEditor(crm)
    editor.defect.value = editor._NEW
    editor.title.value = "Portal login loops after a password reset"
    editor.severity.value, editor.component.value = "critical", "Installer portal"
    editor.requirement.value = "REQ-022"
    project = editor.write()
    assert project is not None
    frame = project.table("defects.csv")
    assert frame is not None and frame.loc["D-031", "severity"] == "critical"
    assert frame.loc["D-031", "found_on"] == pd.Timestamp("2026-11-20")  # the status date
    assert editor.defect.value == "D-031"
    editor.status.value = "closed"  # fills fixed_on with the status date
    assert editor.fixed_on.value == dt.date(2026, 11, 20)
    project = editor.write()
    assert project is not None
    assert project.table("defects.csv").loc["D-031", "status"] == "closed"
    after = (crm.path / "defects.csv").read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before and len(after) == len(before) + 1


def test_review_editor_records_a_result_only_with_a_date(crm):
    before = (crm.path / "quality.csv").read_text(encoding="utf-8")
    editor = widgets.ReviewEditor(crm)
    editor.review.value = "QP-10"
    editor.result.value = "pass"
    editor.date.value = None
    assert editor.write() is None  # a result needs the review date: nothing written
    assert "needs the date" in editor.message.value
    assert (crm.path / "quality.csv").read_text(encoding="utf-8") == before
    editor.date.value = dt.date(2026, 11, 20)
    editor.notes.value = "No high findings after the fix of D-025"
    project = editor.write()
    assert project is not None
    assert project.table("quality.csv").loc["QP-10", "result"] == "pass"
    assert "QP-10" not in quality.reviews_due(project).index


def test_quality_editor_is_absent_in_batch_runs(crm, monkeypatch):
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    assert widgets.quality_editor(crm) is None
    assert widgets.quality_editor(crm, force=True) is not None


def test_charts_carry_titles_axes_and_escaped_names(project):
    from pmtools.charts.quality import defect_density_chart, defect_trend_chart, open_age_chart

    trend = defect_trend_chart(quality.defect_trend(project), language="zh")
    assert trend.layout.title.text == "缺陷发现与关闭（累计，按周）"
    assert [list(d.y) for d in trend.data] == [[2, 2, 3], [2, 3, 5], [0, 1, 2]]
    assert trend.layout.yaxis.dtick == 1  # whole defects on a small axis
    ages = open_age_chart(quality.open_by_age(project))
    assert ages.layout.barmode == "stack" and ages.layout.xaxis.title.text
    critical = next(d for d in ages.data if d.name == "critical")
    assert list(critical.y) == [0, 0, 1, 0]
    density = quality.defect_density(project).rename(index={"Search": "<b>Search</b>"})
    figure = defect_density_chart(density)
    assert "&lt;b&gt;Search&lt;/b&gt;" in list(figure.data[0].y)
    assert figure.data[0].text[-1] == "0.80 (2 in 2.5 KLOC)"  # highest density on top
    assert figure.layout.xaxis.title.text == "Defects per KLOC (thousand lines of code)"


def test_defect_editor_links_a_tracker_bug_without_counting_it_twice(tmp_path):
    folder = tmp_path / "app"
    shutil.copytree(EXAMPLES / "mobile-banking-app", folder)
    project = pmtools.load_project(folder)
    counted = len(quality.defects(project))
    assert quality.defect_source(project) == "workitems"
    editor = widgets.DefectEditor(project)
    assert "HFCU-180" in editor.work_item.options
    editor.title.value = "Push notification opens the wrong account"
    editor.severity.value, editor.component.value = "critical", "Notifications"
    editor.phase.value = "production"
    editor.work_item.value = "HFCU-180"
    saved = editor.write()
    assert saved is not None and quality.defect_source(saved) == "merged"
    merged = quality.defects(saved)
    assert len(merged) == counted and "HFCU-180" not in merged.index
    assert merged.loc["D-001", "phase_found"] == "production"
