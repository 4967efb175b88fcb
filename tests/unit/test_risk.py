"""Risk register scoring, matrix, trend, overdue responses and PERT."""

from __future__ import annotations

import datetime as dt
import math

import pytest

import pmtools
from pmtools.montecarlo import pert_summary, pert_tasks
from pmtools.risk import (
    overdue_responses,
    rate,
    risk_matrix,
    risk_register,
    risk_trend,
)

TASKS = (
    "id,name,duration,predecessors,optimistic,most_likely,pessimistic\n"
    "A,a,4,,2,4,12\nB,b,6,A,6,6,6\nC,c,2,,1,2,3\n"
)
RISKS = """\
id,title,type,probability,impact,cost_impact,status,response_due,residual_probability,residual_impact
R1,Vendor late,threat,4,5,10000,open,2026-03-10,2,3
R2,Key user leaves,threat,2,2,,monitoring,2026-04-30,,
R3,Reuse module,opportunity,50%,3,8000,open,,,
R4,Old issue,threat,5,5,5000,closed,2026-03-01,,
R5,Licence audit,threat,3,4,2000,open,2026-03-15,,
"""


@pytest.fixture
def project(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-20\ndeadline: 2026-03-13\n")
    (folder / "risks.csv").write_text(RISKS)
    return pmtools.load_project(folder)


def test_scores_ratings_emv_and_rank(project):
    reg = risk_register(project)
    assert reg.loc["R1", "score"] == 20 and reg.loc["R1", "rating"] == "critical"
    assert reg.loc["R2", "rating"] == "low"  # 4 < 5
    assert reg.loc["R5", "rating"] == "high"  # 12
    assert reg.loc["R3", "chance"] == 0.5 and reg.loc["R3", "probability"] == 3
    assert reg.loc["R1", "emv"] == pytest.approx(0.7 * 10000)
    assert reg.loc["R3", "emv"] == pytest.approx(-0.5 * 8000)  # an opportunity saves
    assert reg.loc["R1", "residual_score"] == 6 and reg.loc["R1", "residual_rating"] == "medium"
    assert reg["rank"].dropna().to_dict() == {"R1": 1, "R2": 4, "R3": 3, "R5": 2}
    assert math.isnan(reg.loc["R4", "rank"])


def test_rating_bands_are_configurable(make_project):
    extra = (
        "risk:\n  scale: 3\n  probability: [0.2, 0.5, 0.8]\n"
        "  bands: {medium: 3, high: 6, critical: 9}\n"
    )
    folder = make_project(TASKS, extra_yaml=extra)
    (folder / "risks.csv").write_text("id,title,probability,impact\nR1,x,3,2\nR2,y,3,3\nR3,z,1,2\n")
    reg = risk_register(pmtools.load_project(folder))
    assert reg["rating"].tolist() == ["high", "critical", "low"]
    assert reg["chance"].tolist() == [0.8, 0.8, 0.2]


def test_rate_boundaries():
    assert rate([1, 4, 5, 9, 10, 14, 15, 25], (5, 10, 15)).tolist() == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]


def test_overdue_responses_at_the_status_date(project):
    late = overdue_responses(project)
    assert list(late.index) == ["R1", "R5"]  # R4 is closed; R2 due later
    assert late.loc["R1", "days_overdue"] == 10
    assert list(overdue_responses(project.with_status_date(dt.date(2026, 3, 12))).index) == ["R1"]


def test_matrix_counts_active_risks_per_cell(project):
    matrix = risk_matrix(project)
    assert len(matrix) == 25
    cell = matrix[(matrix.probability == 4) & (matrix.impact == 5)].iloc[0]
    assert cell["count"] == 1 and cell["ids"] == ["R1"] and cell["rating"] == "critical"
    assert matrix["count"].sum() == 4  # the closed risk is left out
    residual = risk_matrix(project, residual=True)
    assert residual["count"].sum() == 1


def test_trend_between_snapshots(project, make_project):
    before = risk_register(project)
    after = before.copy()
    after.loc["R1", "score"] = 12
    after.loc["R5", "score"] = 16
    after.loc["R2", "status"] = "closed"
    after = after.drop(index="R3")
    after.loc["R6"] = after.loc["R5"]
    trend = risk_trend(before, after)
    assert trend["change"].to_dict() == {
        "R1": "down",
        "R2": "closed",
        "R4": "same",
        "R5": "up",
        "R6": "new",
        "R3": "removed",
    }


def test_pert_expected_and_std(project):
    pert = pert_tasks(project)
    assert pert.loc["A", "expected"] == pytest.approx((2 + 16 + 12) / 6)
    assert pert.loc["A", "std"] == pytest.approx(10 / 6)
    assert pert.loc["B", "std"] == 0


def test_pert_summary_normal_approximation(project):
    summary = pert_summary(project)
    expected = 5 + 6  # A (5) then B (6); C is off the path
    assert summary.expected_duration == pytest.approx(expected)
    assert summary.critical_path == ["A", "B"]
    assert summary.std == pytest.approx(10 / 6)
    # deadline 13 March = 10 working days from 2 March
    assert summary.target_offset == 10
    z = (10 - expected) / (10 / 6)
    assert summary.probability == pytest.approx(0.5 * (1 + math.erf(z / math.sqrt(2))))


def test_no_register_gives_empty_results(make_project):
    project = pmtools.load_project(make_project(TASKS))
    assert risk_register(project).empty
    assert risk_matrix(project)["count"].sum() == 0


def test_scale_and_rating_labels():
    from pmtools.risk import rating_label, scale_labels

    assert scale_labels(5, "probability", "en")[0] == "Rare"
    assert scale_labels(5, "impact", "zh")[-1] == "严重"
    assert scale_labels(3, "impact", "en") == ["Level 1", "Level 2", "Level 3"]
    assert rating_label("critical", "zh") == "极高"
