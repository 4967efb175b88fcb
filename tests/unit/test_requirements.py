"""Requirements: MoSCoW, value/effort, traceability, sign-off and the document."""

from __future__ import annotations

import pytest

import pmtools
from pmtools.report.requirements import requirements_document
from pmtools.requirements import (
    moscow_summary,
    signoff_state,
    traceability,
    value_effort,
)

TASKS = (
    "id,name,duration,predecessors,percent_complete,actual_start,actual_finish\n"
    "T1,Build lead form,5,,100,2026-06-15,2026-06-19\nT2,Tune pages,3,T1,0,,\n"
)
REQS = """\
id,title,description,type,category,priority,business_value,effort,source,acceptance_criteria,status,version,tasks,tests,raised
REQ-001,Lead capture <img src=x onerror=alert(1)>,"Capture leads, from the web",functional,sales,must,9,3,Sales,Given a form when sent then a lead exists;Duplicates merge,approved,1.0,T1,TC-1,2026-06-15
REQ-002,Fast pages,Pages load in 2 s,non-functional,performance,should,6,3,CIO,95% under 2 s,changed,1.2,T2,,2026-06-16
REQ-003,Fax export,,functional,,wont,1,2,,,rejected,1.0,,,
REQ-004,Mobile view,Works on phones,functional,usability,could,4,8,Sales,,proposed,1.10,,,
"""
SIGNOFF = "version,date,signed_by,role,organisation,comment\n1.0,2026-06-30,Dr. Weber,Sponsor,Brenner,\n1.1,2026-08-01,Dr. Weber,Sponsor,Brenner,\n"


@pytest.fixture
def project(make_project):
    folder = make_project(
        TASKS, start="2026-06-15", extra_yaml="status_date: 2026-06-26\ncustomer: Brenner\n"
    )
    (folder / "requirements.csv").write_text(REQS)
    (folder / "signoff.csv").write_text(SIGNOFF)
    return pmtools.load_project(folder)


def test_moscow_summary(project):
    summary = moscow_summary(project)
    assert summary.loc["must", "approved"] == 1
    assert summary.loc["wont", "rejected"] == 1
    assert summary["total"].tolist() == [1, 1, 1, 1]


def test_value_effort_ranking_leaves_out_rejected_and_wont(project):
    ranked = value_effort(project).sort_values("rank")
    assert list(ranked.index) == ["REQ-001", "REQ-002", "REQ-004"]
    assert ranked.loc["REQ-001", "value_per_effort"] == pytest.approx(3.0)


def test_traceability_flags_gaps(project):
    trace = traceability(project)
    assert trace.loc["REQ-001", "delivered"] and trace.loc["REQ-001", "gap"] == ""
    assert trace.loc["REQ-002", "gap"] == "untested" and not trace.loc["REQ-002", "delivered"]
    assert trace.loc["REQ-004", "gap"] == "both"
    assert trace.loc["REQ-003", "gap"] == ""  # rejected: no longer in play


def test_signoff_compares_versions_part_by_part(project):
    state = signoff_state(project)
    assert state.signed_version == "1.1" and state.current_version == "1.10"
    assert list(state.changes.index) == ["REQ-002", "REQ-004"]
    assert state.signed_by == "Dr. Weber"


def test_document_html_is_standalone_and_escaped(project):
    doc = requirements_document(project, fmt="html")
    assert doc.startswith("<!DOCTYPE html>") and "</html>" in doc
    assert "<img" not in doc and "&lt;img src=x" in doc
    assert "Functional requirements" in doc and "Non-functional requirements" in doc
    assert "Must have" in doc and "Changes since signed version 1.1" in doc
    assert doc.index("REQ-001") < doc.index("REQ-004")  # must before could
    assert "Fax export" in doc.split("Rejected requirements")[1]
    assert "<script" not in doc and "http" not in doc  # opens offline, fetches nothing


def test_document_markdown_and_chinese(project):
    doc = requirements_document(project, fmt="markdown", language="zh")
    assert doc.startswith("# 需求规格说明书：")
    assert "功能需求" in doc and "必须有" in doc
    assert "<img" not in doc
    with pytest.raises(ValueError):
        requirements_document(project, fmt="pdf")


def test_a_project_without_requirements_gives_empty_results(make_project):
    project = pmtools.load_project(make_project(TASKS, start="2026-06-15"))
    assert traceability(project).empty and value_effort(project).empty
    assert moscow_summary(project)["total"].sum() == 0
    assert signoff_state(project).signed_version is None
