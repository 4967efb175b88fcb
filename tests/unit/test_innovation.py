"""The innovation practice: weighted idea scores, the shortlist, decisions waiting, the market.

Expected numbers are worked out by hand; the status date is 2026-05-20.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import pmtools
from pmtools import innovation
from pmtools.errors import ProjectInvalid
from pmtools.model import IdeaScoring
from tests.conftest import EXAMPLES

TASKS = "id,name,duration,predecessors\nA,Build,10,\n"
STATUS = "status_date: 2026-05-20\n"
IDEAS = (
    "id,idea,proposer,date,value,feasibility,cost,risk,decision,decision_date\n"
    "I1,Automate tests,Ann,2026-03-01,5,4,2,1,pending,\n"  # waits 80 days
    "I2,Portal,Bo,2026-04-20,4,2,4,3,approved,2026-05-01\n"
    "I3,Chatbot,Cy,2026-05-01,3,3,3,3,rejected,2026-05-10\n"
    "I4,Dark mode,Cy,2026-05-02,2,,1,,pending,\n"  # feasibility and risk missing
    "I5,Wiki,Di,2026-04-01,4,4,2,1,pending,\n"  # same score as I1 but less value
    "I6,Search,Ed,2026-02-01,5,3,3,3,pending,\n"  # waits 108 days
)


@pytest.fixture
def folder(make_project):
    def make(files: dict[str, str], yaml: str = STATUS) -> pmtools.Project:
        path = make_project(TASKS, extra_yaml=yaml)
        for name, text in files.items():
            (path / name).write_text(text, encoding="utf-8")
        return pmtools.load_project(path)

    return make


def test_weighted_score_with_the_default_weights(folder):
    scores = innovation.idea_scores(folder({"ideas.csv": IDEAS}))
    # I1: 0.4 x 5 + 0.3 x 4 + 0.2 x (6 - 2) + 0.1 x (6 - 1) = 2 + 1.2 + 0.8 + 0.5 = 4.5
    assert scores.loc["I1", "score"] == pytest.approx(4.5)
    assert scores.loc["I1", "share_cost"] == pytest.approx(0.8)
    # I2: 1.6 + 0.6 + 0.4 + 0.3 = 2.9; I3: 1.2 + 0.9 + 0.6 + 0.3 = 3.0
    assert scores.loc["I2", "score"] == pytest.approx(2.9)
    assert scores.loc["I3", "score"] == pytest.approx(3.0)
    assert np.isnan(scores.loc["I4", "score"])  # unscored, not zero
    # I5: 1.6 + 1.2 + 0.8 + 0.5 = 4.1; I6: 2 + 0.9 + 0.6 + 0.3 = 3.8
    ranked = scores["rank"].dropna().sort_values()
    assert ranked.index.tolist() == ["I1", "I5", "I6", "I2"]  # rejected I3 is not ranked
    assert scores["shortlisted"].sum() == 4  # fewer candidates than the shortlist of 5


def test_weights_from_project_yaml_and_a_criterion_weighing_zero(folder):
    yaml = STATUS + "innovation:\n  weights: {value: 3, feasibility: 1}\n  shortlist: 2\n"
    project = folder({"ideas.csv": IDEAS}, yaml=yaml)
    assert innovation.scoring(project) == IdeaScoring(
        (("value", 3.0), ("feasibility", 1.0), ("cost", 0.0), ("risk", 0.0)), 2, 30
    )
    scores = innovation.idea_scores(project)
    assert scores.loc["I1", "score"] == pytest.approx((3 * 5 + 4) / 4)
    assert np.isnan(scores.loc["I4", "score"])  # feasibility still weighs
    assert innovation.shortlist(project).index.tolist() == ["I1", "I6"]  # 4.75, then 4.5
    assert scores.loc["I5", "shortlisted"] == False  # noqa: E712 - 4.0, rank 3


def test_ties_go_to_more_value_then_the_earlier_idea(folder):
    ideas = (
        "id,idea,date,value,feasibility,cost,risk\n"
        "I1,Later,2026-05-01,4,4,4,4\n"  # 1.6 + 1.2 + 0.4 + 0.2 = 3.4
        "I2,Earlier,2026-04-01,4,4,4,4\n"  # same score, same value, earlier
        "I3,More value,2026-05-05,5,2,4,2\n"  # 2 + 0.6 + 0.4 + 0.4 = 3.4, more value
    )
    ranked = innovation.shortlist(folder({"ideas.csv": ideas}))
    assert ranked.index.tolist() == ["I3", "I2", "I1"]


def test_ideas_waiting_for_a_decision(folder):
    yaml = STATUS + "innovation:\n  decision_days: 60\n"
    project = folder({"ideas.csv": IDEAS}, yaml=yaml)
    waiting = innovation.ideas_waiting(project)
    assert waiting.index.tolist() == ["I6", "I1", "I5", "I4"]
    assert waiting["waiting_days"].tolist() == [108, 80, 49, 18]
    assert waiting["waiting"].tolist() == [True, True, False, False]
    [item] = innovation.attention(project)
    assert item.level == "amber"
    assert item.message() == (
        "2 idea(s) waiting more than 60 days for a decision (days): I6 (108), I1 (80)"
    )
    assert innovation.decision_counts(project) == {
        "pending": 4,
        "approved": 1,
        "rejected": 1,
        "parked": 0,
        "implemented": 0,
    }


MARKET = (
    "subject,kind,dimension,value,unit,better,date\n"
    "Us,ours,Rating,4.0,1-5,higher,2026-01-15\n"
    "Us,ours,Rating,4.6,1-5,higher,2026-04-15\n"
    "Rival,,Rating,4.4,1-5,higher,2026-04-15\n"
    "Niche,,Rating,3.9,1-5,higher,2026-04-15\n"
    "Us,ours,Price,12,EUR,lower,2026-04-15\n"
    "Rival,,Price,8,EUR,lower,2026-04-15\n"
    "Niche,,Price,8,EUR,lower,2026-04-15\n"
    "Rival,,Price,6,EUR,lower,2026-06-01\n"  # after the status date: not counted yet
)


def test_market_latest_ranks_each_dimension_in_its_direction(folder):
    latest = innovation.market_latest(folder({"market.csv": MARKET}))
    rating = latest[latest["dimension"] == "Rating"].set_index("subject")
    price = latest[latest["dimension"] == "Price"].set_index("subject")
    assert rating.loc["Us", "value"] == 4.6  # the April figure, not January's
    assert rating["rank"].to_dict() == {"Us": 1, "Rival": 2, "Niche": 3}
    assert rating.loc["Rival", "relative"] == pytest.approx((4.4 - 3.9) / (4.6 - 3.9))
    assert price.loc["Rival", "value"] == 8  # June's 6 lies after the status date
    assert price["rank"].to_dict() == {"Us": 3, "Rival": 1, "Niche": 1}  # a tie shares rank 1
    assert price["relative"].to_dict() == {"Us": 0.0, "Rival": 1.0, "Niche": 1.0}
    assert kinds_default_to_competitor(latest)


def kinds_default_to_competitor(latest: pd.DataFrame) -> bool:
    return set(latest.loc[latest["subject"] != "Us", "kind"]) == {"competitor"}


def test_market_position_of_our_offering(folder):
    place = innovation.market_position(folder({"market.csv": MARKET})).set_index("dimension")
    assert place.loc["Rating", "lead"] and place.loc["Rating", "best"] == "Rival"
    assert not place.loc["Price", "lead"] and place.loc["Price", "rank"] == 3
    assert place.loc["Price", "best_value"] == 8
    trend = innovation.market_trend(folder({"market.csv": MARKET}))
    assert len(trend) == 7 and trend["date"].max() == pd.Timestamp("2026-04-15")


def test_no_files_or_empty_files_are_no_data(folder):
    for files in ({}, {"ideas.csv": "id,idea\n", "market.csv": "subject,dimension,value,date\n"}):
        project = folder(files)
        assert innovation.idea_scores(project).empty
        assert innovation.shortlist(project).empty
        assert innovation.market_latest(project).empty
        assert innovation.market_position(project).empty
        assert innovation.attention(project) == []


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "innovation: [1, 2]\n",
            "project.yaml:3:innovation: expected weights, shortlist and "
            "decision_days keys, found list",
        ),
        (
            "innovation:\n  weights: 0.5\n",
            "project.yaml:4:innovation.weights: expected weights "
            "such as {value: 0.4, feasibility: 0.3, cost: 0.2, risk: 0.1}, found 0.5",
        ),
        (
            "innovation:\n  weights: {value: 0, risk: 0}\n",
            "project.yaml:4:innovation.weights: "
            "expected weights adding up to more than 0, found {'value': 0, 'risk': 0}",
        ),
        (
            "innovation:\n  weights:\n    value: true\n",
            'project.yaml:5:innovation.weights.value: expected a weight >= 0, found "True"',
        ),
        (
            "innovation:\n  shortlst: 3\n",
            "project.yaml:4:innovation.shortlst: unknown key "
            '"innovation.shortlst": did you mean innovation.shortlist?',
        ),
    ],
)
def test_bad_scoring_models_are_located_by_line(make_project, section, expected):
    path = make_project(TASKS, extra_yaml=section)
    with pytest.raises(ProjectInvalid) as caught:
        pmtools.load_project(path)
    assert [str(p) for p in caught.value.problems] == [expected]


def test_examples_rank_their_ideas_and_place_their_offering():
    mobile = pmtools.load_project(EXAMPLES / "mobile-banking-app")
    assert innovation.scoring(mobile).shortlist == 4
    assert len(innovation.shortlist(mobile)) == 4
    assert innovation.market_position(mobile)["ours"].unique().tolist() == ["Harbor FCU app"]
    crm = pmtools.load_project(EXAMPLES / "crm-rollout")
    assert np.isnan(innovation.idea_scores(crm).loc["I14", "score"])  # just logged


def test_idea_editor_previews_the_rank_then_saves(tmp_path):
    from pmtools.widgets.innovation import IdeaEditor, MarketForm

    shutil.copytree(EXAMPLES / "crm-rollout", tmp_path / "crm")
    project = pmtools.load_project(tmp_path / "crm")
    before = (tmp_path / "crm" / "ideas.csv").read_text(encoding="utf-8")
    editor = IdeaEditor(project)
    editor.choice.value = editor._NEW
    editor.idea.value = "Offline case notes for technicians"
    for criterion, score in zip(("value", "feasibility", "cost", "risk"), "5511", strict=True):
        editor.scores[criterion].value = score
    assert editor.preview() is not None
    assert "rank 1" in editor.score.value  # 2 + 1.5 + 1 + 0.5 = 5.0 beats I03's 4.4
    assert (tmp_path / "crm" / "ideas.csv").read_text(encoding="utf-8") == before
    editor.decision.value = "approved"
    saved = editor.write()
    assert saved is not None
    row = saved.table("ideas.csv").loc["I15"]
    assert row["decision_date"] == pd.Timestamp("2026-11-20")  # decided today
    market = MarketForm(saved)
    market.subject.value, market.dimension.value = "Brenner", "Installer satisfaction"
    assert market.kind.value == "ours" and market.unit.value == "1-5"
    market.value.value = "3.4"
    saved = market.write()
    assert saved is not None and len(saved.table("market.csv")) == 33
    market.unit.value = "stars"  # a second unit for the dimension is refused
    market.value.value = "3.5"
    assert market.write() is None and "1-5" in market.message.value


def test_report_headline_and_model_from_the_example():
    from pmtools.report import innovation as section

    crm = pmtools.load_project(EXAMPLES / "crm-rollout")
    text = section.headline(crm).text
    assert "14 ideas logged: 5 pending, 2 approved, 5 implemented" in text
    assert "1 not fully scored" in text
    assert "The shortlist is led by **I03**" in text and "**4.40** of 5" in text
    assert "**2** pending idea(s) have waited more than 30 days" in text
    assert "Brenner leads on none of the 4 dimensions" in text
    assert "its best place is #2 of 4 on Self-service features" in text
    model = section.model(crm).text
    assert "score = 0.4 x value + 0.3 x feasibility + 0.2 x (6 - cost) + 0.1 x (6 - risk)" in model


def test_report_sections_without_data(folder):
    from pmtools import render
    from pmtools.report import innovation as section

    project = folder({})
    assert "no ideas.csv or market.csv yet" in section.headline(project).text
    for part in (section.ranking, section.comparison, section.trend, section.position):
        shown = part(project)
        assert isinstance(shown, render.Markdown) and "csv" in shown.text
    assert section.unscored(project) is None  # not "every idea is scored" without ideas
