"""Customer feedback: NPS with its interval, CSAT, trends, themes, comments, actions, visits."""

from __future__ import annotations

import datetime as dt
import math
import warnings

import pandas as pd
import pytest

import pmtools
from pmtools.feedback import (
    attention,
    comments,
    csat,
    customer_overview,
    detractors_without_follow_up,
    feedback_actions,
    feedback_frame,
    feedback_summary,
    monthly_scores,
    nps,
    themes,
    visits_overdue,
    visits_upcoming,
    visits_without_outcome,
)

CUSTOMERS = """\
id,organisation,contacts,contract,value,owner,visit_every_days,last_visit
CU01,Region North,Jan (manager),Release 1,1000,Lena,30,2026-10-01
CU02,Region South,,,,Lena,,2026-09-10
CU03,Service desk,,,,Tom,60,
CU04,Installers,,,,Jo,45,2026-11-01
"""
VISITS = """\
id,customer,purpose,visitor,planned,done,outcome,action
V01,CU01,Hypercare walk,Lena,2026-10-07,2026-10-08,Defects logged,A02
V02,CU02,Adoption check,Lena,2026-11-12,,,
V03,CU03,UAT preparation,Tom,2026-11-26,,,
V04,CU04,Pilot workshop,Jo,2026-11-04,2026-11-04,,
V05,CU01,Quarterly review,Lena,2027-01-15,,,
V06,CU02,Cancelled review,Lena,2026-10-01,,Cancelled by the customer,
"""
ACTIONS = """\
id,action,owner,due,status,sprint,closed
A01,Compress photos,Jo,2026-12-04,in-progress,,
A02,Pipeline reviews from dashboards,Mia,2026-11-13,open,,
A03,Unrelated retro action,Ann,2026-11-01,open,,
"""
#: status date 2026-11-20: the recent window is 2026-08-23 .. 11-20, the one before
#: 2026-05-25 .. 08-22.
FEEDBACK = """\
date,customer,respondent,channel,nps,csat,comment,theme,requirement,action
2026-08-10,CU01,Ann,user-test,10,5,Love the dashboards,dashboards,,
2026-08-12,CU02,Bob,user-test,9,4,Quotes look right,quotes,,
2026-08-20,CU02,Cy,interview,8,4,,quotes,,
2026-09-15,CU01,,survey,9,4,Fast enough,speed,,
2026-10-14,CU01,,survey,4,2,The app is SLOW on 4G,speed; mobile app,,
2026-10-15,CU02,,survey,6,3,Too many fields,usability,,A02
2026-10-16,CU02,,survey,10,5,Great quotes from the iPad,quotes; mobile app,,
2026-11-04,CU04,Tim,user-test,5,2,Photo upload failed in a basement,portal；photo upload,,A01
2026-11-10,CU03,,support,,2,Screen pop missing,CTI,,
2026-11-18,,,survey,2,1,Excel was faster,usability,,
2026-12-01,CU01,,survey,0,1,Written after the status date,speed,,
"""


@pytest.fixture
def folder(make_project):
    folder = make_project(
        "id,name,duration,predecessors\nA,Build,60,\n",
        start="2026-06-01",
        extra_yaml="status_date: 2026-11-20\n",
    )
    for name, text in (
        ("customers.csv", CUSTOMERS),
        ("visits.csv", VISITS),
        ("actions.csv", ACTIONS),
        ("feedback.csv", FEEDBACK),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def project(folder):
    return pmtools.load_project(folder)


def test_nps_counts_and_adjusted_wald_interval_by_hand():
    # 5 promoters, 3 passives, 2 detractors. m = 13, p = 5.75/13, d = 2.75/13,
    # p - d = 0.230769, var = (0.653846 - 0.053254) / 13 = 0.046199, sd = 0.214940,
    # half = 1.644854 x 0.214940 = 0.353545: -0.122776 .. 0.584315 -> -13 .. +59 (outwards)
    score = nps([10, 10, 9, 9, 9, 8, 8, 7, 6, 0])
    assert score is not None
    assert (score.responses, score.promoters, score.passives, score.detractors) == (10, 5, 3, 2)
    assert score.score == pytest.approx(30.0)
    assert (score.low, score.high) == (-13.0, 59.0)


def test_nps_interval_stays_wide_for_few_answers_and_inside_the_scale():
    everyone = nps([9, 10, 10, 9, 9])
    assert everyone is not None and everyone.score == 100
    # m = 8, p = 0.71875, d = 0.09375: 0.625 +- 1.644854 x 0.229640 = 0.2473 .. 1.0027
    assert (everyone.low, everyone.high) == (24.0, 100.0)  # clipped to +100
    mixed = nps([10, 9, 8, 3, 0])  # p = d = 2.75/8: 0 +- 1.644854 x sqrt(0.6875/8)
    assert mixed is not None and mixed.score == 0
    half = 100 * 1.6448536 * math.sqrt(0.6875 / 8)
    assert (mixed.low, mixed.high) == (math.floor(-half), math.ceil(half)) == (-49.0, 49.0)


def test_no_answers_is_no_nps_not_zero():
    assert nps([]) is None
    assert nps(pd.Series([float("nan")] * 3)) is None
    assert csat([]) is None


def test_csat_is_the_share_of_four_and_five():
    result = csat([5, 4, 3, 2, float("nan")])
    assert result is not None
    assert (result.responses, result.satisfied, result.share, result.mean) == (4, 2, 0.5, 3.5)


def test_feedback_after_the_status_date_is_not_counted(project):
    frame = feedback_frame(project)
    assert len(frame) == 10 and frame["date"].max() == pd.Timestamp("2026-11-18")
    assert frame.loc[frame["date"] == "2026-11-04", "theme"].iloc[0] == ["portal", "photo upload"]
    assert frame["organisation"].iloc[0] == ""  # anonymous
    assert frame.loc[frame["date"] == "2026-10-14", "organisation"].iloc[0] == "Region North"


def test_without_customers_csv_the_organisation_is_the_customer_id(folder):
    (folder / "customers.csv").unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas warned on the fill
        frame = feedback_frame(pmtools.load_project(folder))
    assert frame.loc[frame["date"] == "2026-10-14", "organisation"].iloc[0] == "CU01"
    assert frame["organisation"].iloc[0] == ""  # anonymous


def test_monthly_scores_leave_months_without_answers_empty(folder):
    text = FEEDBACK.replace("2026-09-15,CU01,,survey,9,4,Fast enough,speed,,\n", "")
    (folder / "feedback.csv").write_text(text, encoding="utf-8")
    monthly = monthly_scores(pmtools.load_project(folder))
    assert list(monthly.index) == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert monthly.loc["2026-09", "responses"] == 0 and pd.isna(monthly.loc["2026-09", "nps"])
    assert monthly.loc["2026-08", "nps"] == pytest.approx(100 * 2 / 3)  # 10, 9, 8
    assert monthly.loc["2026-10", ["promoters", "passives", "detractors"]].tolist() == [1, 0, 2]
    assert monthly.loc["2026-11", "csat_responses"] == 3
    assert monthly.loc["2026-11", "csat"] == 0  # 2, 2, 1: nobody satisfied, a real zero
    assert monthly.loc["2026-11", "csat_mean"] == pytest.approx(5 / 3)


def test_summary_compares_the_last_ninety_days_with_the_ninety_before(project):
    summary = feedback_summary(project)
    assert summary is not None
    assert summary.previous is not None and summary.previous.score == pytest.approx(100 * 2 / 3)
    recent = summary.recent  # 9, 4, 6, 10, 5, 2: 2 promoters, 4 detractors
    assert recent is not None and recent.responses == 6
    assert recent.score == pytest.approx(100 * (2 - 4) / 6)
    assert summary.falling
    assert summary.csat_recent is not None and summary.csat_recent.responses == 7
    assert summary.top_theme == "quotes"  # named by 3 rows, the others by 2 or 1
    assert (summary.actions, summary.actions_open, summary.actions_overdue) == (2, 2, 1)
    assert summary.visits_overdue == 1  # V02; V06 has an outcome
    assert summary.customers_due == 0


def test_themes_ranked_by_mentions_then_detractor_share(project):
    ranked = themes(project)
    # quotes 3 rows; then 2 rows each: usability (all detractors), mobile app and speed
    # (half), the tie by name
    assert list(ranked.index[:4]) == ["quotes", "usability", "mobile app", "speed"]
    assert ranked.loc["quotes", ["mentions", "promoters", "passives", "detractors"]].tolist() == [
        3,
        2,
        1,
        0,
    ]
    assert ranked.loc["usability", "detractor_share"] == 1.0
    assert ranked.loc["mobile app", "detractor_share"] == 0.5
    assert pd.isna(ranked.loc["CTI", "detractor_share"])  # no NPS answer: no share
    assert ranked.loc["CTI", "unscored"] == 1
    assert ranked.loc["speed", "latest"] == "The app is SLOW on 4G"
    by_detractors = themes(project, by="detractors")
    assert by_detractors.index[0] in ("usability", "photo upload", "portal")
    assert by_detractors.loc[by_detractors.index[0], "detractor_share"] == 1.0


def test_comment_search_every_word_case_insensitive(project):
    assert comments(project, "slow 4g")["comment"].tolist() == ["The app is SLOW on 4G"]
    assert len(comments(project, "mobile app")) == 2  # theme words count too
    assert comments(project, "region south")["comment"].tolist() == [
        "Great quotes from the iPad",
        "Too many fields",
        "Quotes look right",
    ]
    assert comments(project, "", group="detractor")["comment"].tolist() == [
        "Excel was faster",
        "Photo upload failed in a basement",
        "Too many fields",
        "The app is SLOW on 4G",
    ]
    assert comments(project, "nothing like this").empty


def test_detractors_without_follow_up_in_the_last_thirty_days(project):
    found = detractors_without_follow_up(project)
    assert found["comment"].tolist() == ["Excel was faster", "Screen pop missing"]  # CSAT 2 counts


def test_actions_raised_from_feedback_and_visits(project):
    actions = feedback_actions(project)
    assert list(actions.index) == ["A02", "A01"]  # overdue first; A03 is not from feedback
    assert actions.loc["A02", "days_overdue"] == 7
    assert (actions.loc["A02", "feedback"], actions.loc["A02", "visits"]) == (1, "V01")
    assert actions.loc["A01", "themes"] == "portal; photo upload"
    assert pd.isna(actions.loc["A01", "days_overdue"])


def test_visits_overdue_upcoming_and_without_outcome(project):
    overdue = visits_overdue(project)
    assert list(overdue.index) == ["V02"] and overdue.loc["V02", "days_overdue"] == 8
    assert list(visits_upcoming(project).index) == ["V03"]  # V05 is beyond six weeks
    assert list(visits_without_outcome(project).index) == ["V04"]


def test_customer_overview_last_visit_and_state(project):
    customers = customer_overview(project)
    assert customers.loc["CU01", "last_visit"] == pd.Timestamp("2026-10-08")  # the later one
    assert customers.loc["CU01", "days_since"] == 43
    assert customers.loc["CU01", "state"] == "planned"  # 43 > 30, V05 planned
    assert customers.loc["CU02", "every_days"] == 90  # the default
    assert customers.loc["CU02", "state"] == "ok"  # 71 days <= 90
    assert customers.loc["CU03", "state"] == "planned"  # never visited, V03 planned
    assert pd.isna(customers.loc["CU03", "days_since"])
    assert customers.loc["CU04", "state"] == "ok"
    assert customers.loc["CU01", "responses"] == 3  # 10, 9, 4
    assert customers.loc["CU01", "nps"] == pytest.approx(100 / 3)


def test_customer_due_when_no_visit_is_planned(folder):
    text = VISITS.replace("V05,CU01,Quarterly review,Lena,2027-01-15,,,\n", "")
    (folder / "visits.csv").write_text(text, encoding="utf-8")
    project = pmtools.load_project(folder)
    customers = customer_overview(project)
    assert customers.index[0] == "CU01" and customers.loc["CU01", "state"] == "due"
    items = attention(project)
    due = [a for a in items if a.key == "feedback.attention.customers"]
    assert due and due[0].values == {"count": 1, "names": "Region North"}


def test_attention_levels(project):
    items = attention(project)
    assert [(a.level, a.key) for a in items] == [
        ("red", "feedback.attention.visits"),
        ("red", "feedback.attention.falling"),  # recent NPS below zero and falling
        ("amber", "feedback.attention.actions"),
        ("amber", "feedback.attention.follow_up"),
    ]
    assert items[0].message() == "1 customer visit(s) overdue: Region South, 8 days"
    assert items[1].message() == (
        "NPS -33 over the last 90 days (6 answers), down from +67 in the 90 days before"
    )
    assert items[2].values["ids"] == "A02"


def test_a_rising_nps_needs_no_attention(folder):
    text = "\n".join(
        line
        for line in FEEDBACK.splitlines()
        if not any(bad in line for bad in (",4,2,", ",6,3,", ",5,2,", ",2,1,"))
    )
    (folder / "feedback.csv").write_text(text + "\n", encoding="utf-8")
    keys = [a.key for a in attention(pmtools.load_project(folder))]
    assert "feedback.attention.falling" not in keys and "feedback.attention.negative" not in keys


def test_no_files_means_no_data(make_project):
    project = pmtools.load_project(make_project("id,name,duration,predecessors\nA,a,1,\n"))
    assert feedback_summary(project) is None and attention(project) == []
    assert monthly_scores(project).empty and themes(project).empty and comments(project).empty
    assert customer_overview(project).empty and visits_overdue(project).empty
    assert feedback_actions(project).empty


def test_headers_only_give_no_nps(folder):
    (folder / "feedback.csv").write_text(FEEDBACK.splitlines()[0] + "\n", encoding="utf-8")
    project = pmtools.load_project(folder)
    summary = feedback_summary(project)
    assert summary is not None and summary.overall is None and summary.recent is None
    from pmtools.report.feedback import headline

    assert "No NPS answers yet" in headline(project).text


def test_headline_gives_the_counts_and_interval(project):
    from pmtools.report.feedback import headline

    text = headline(project).text
    assert (
        "**NPS -33** over the last 90 days (6 answers: 2 promoters, 0 passives, 4 detractors"
        in text
    )
    assert "That is **down** from +67" in text


def test_charts_have_titles_axes_and_no_zero_for_empty_months(folder):
    from pmtools.charts.feedback import score_trend_chart, theme_chart, visit_recency_chart

    project = pmtools.load_project(folder)
    monthly = monthly_scores(project)
    figure = score_trend_chart(monthly, language="en")
    assert figure.layout.title.text == "NPS and CSAT by month"
    assert figure.layout.yaxis.title.text == "NPS (points)"
    assert list(figure.data[0].text) == ["n=3", "n=1", "n=3", "n=2"]
    themes_figure = theme_chart(themes(project), language="zh")
    assert themes_figure.layout.xaxis.title.text == "提及该主题的反馈数"
    visits = visit_recency_chart(customer_overview(project), language="en")
    assert {trace.name for trace in visits.data} >= {"Visit due and planned", "Agreed interval"}


def test_feedback_form_appends_and_action_form_links(folder):
    from pmtools.widgets.feedback import FeedbackTabs

    tabs = FeedbackTabs(pmtools.load_project(folder))
    form = tabs.form
    form.date.value = dt.date(2026, 11, 19)
    form.customer.value = "CU04"
    form.nps.value, form.csat.value = "3", "2"
    form.comment.value = "Upload still slow"
    form.theme.value = "photo upload"
    assert form.write() is not None
    saved = pd.read_csv(folder / "feedback.csv", dtype=str, keep_default_na=False)
    assert len(saved) == 12 and saved.iloc[-1]["comment"] == "Upload still slow"
    raise_action = tabs.actions
    position = next(
        value for label, value in raise_action.feedback.options if "Upload still" in label
    )
    raise_action.feedback.value = position
    raise_action.action.value = "Test the upload on a throttled 3G connection"
    raise_action.owner.value = "Jo"
    raise_action.due.value = dt.date(2026, 11, 27)
    assert raise_action.write() is not None
    actions = pd.read_csv(folder / "actions.csv", dtype=str, keep_default_na=False)
    assert actions.iloc[-1][["id", "status", "owner"]].tolist() == ["A04", "open", "Jo"]
    saved = pd.read_csv(folder / "feedback.csv", dtype=str, keep_default_na=False)
    assert len(saved) == 12 and saved.iloc[-1]["action"] == "A04"  # the form's row kept
    form.comment.value, form.nps.value, form.csat.value = "", "", ""
    form.customer.value = ""
    before = (folder / "feedback.csv").read_text(encoding="utf-8")
    assert form.write() is None  # nothing said: refused, nothing written
    assert "expected an NPS answer" in form.message.value
    assert (folder / "feedback.csv").read_text(encoding="utf-8") == before


def test_visit_editor_records_an_outcome(folder):
    from pmtools.widgets.feedback import VisitEditor

    editor = VisitEditor(pmtools.load_project(folder))
    editor.visit.value = "V02"
    assert editor.customer.value == "CU02" and editor.planned.value == dt.date(2026, 11, 12)
    editor.done.value = dt.date(2026, 11, 19)
    editor.outcome.value = "Reps agreed to drop Excel by December"
    project = editor.write()
    assert project is not None and visits_overdue(project).empty


def test_comment_search_box_filters(folder):
    from pmtools.widgets.feedback import CommentSearch

    search = CommentSearch(pmtools.load_project(folder))
    assert "9 comment(s)" in search.count.value
    search.query.value = "quotes"
    assert "2 comment(s)" in search.count.value and "Great quotes" in search.output.value
    search.detractors.value = True
    assert "0 comment(s)" in search.count.value


def test_editors_and_search_are_absent_in_batch_runs(project, monkeypatch):
    from pmtools.widgets.feedback import comment_search, feedback_editor

    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    assert feedback_editor(project) is None and comment_search(project) is None
    tabs = feedback_editor(project, force=True)
    assert tabs is not None and len(tabs.children) == 3
    assert comment_search(project, force=True) is not None


def test_the_worked_example_in_templates_readme_is_what_pmtools_computes():
    from tests.conftest import ROOT

    readme = " ".join((ROOT / "templates" / "README.md").read_text(encoding="utf-8").split())
    score = nps([10, 10, 9, 9, 9, 8, 8, 7, 6, 0])  # 5 promoters, 2 detractors of 10
    assert score is not None
    said = f"NPS {score.score:+.0f}, interval {score.low:+.0f} to {score.high:+.0f}"
    assert "10 answers with 5 promoters and 2 detractors give " + said in readme
