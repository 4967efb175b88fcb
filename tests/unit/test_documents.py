"""Document management: the register per document, reviews due, gaps, version history,
attention and the editor. Dates are worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

import pmtools
from pmtools.documents import (
    attention,
    document_gaps,
    document_register,
    reviews_due,
    status_by_type,
    version_history,
)

# Status date 2026-07-01.
DOCUMENTS = """\
id,title,type,owner,version,status,approved_on,last_review,review_every_days,location,change_note
D1,Plan,plan,Ann,1.0,approved,2026-03-01,2026-05-01,60,share,first
D1,Plan v2,plan,,1.10,in-review,,,60,share,rework
D1,Plan,plan,Ann,1.9,approved,2026-05-20,,45,share,second
D2,Spec,spec,Bob,1.0,approved,2026-06-01,2026-06-10,30,share,
D3,Runbook,,,0.2,draft,,,30,share,
D4,Contract,contract,Cy,1.0,approved,2026-01-10,,,share,
D5,Old concept,concept,,0.3,obsolete,,,30,share,
D6,Test plan,plan,Dee,1.0,approved,2026-02-01,2026-03-01,30,share,
"""


@pytest.fixture
def project(make_project):
    folder = make_project(
        "id,name,duration,predecessors\nT1,Work,5,\n", extra_yaml="status_date: 2026-07-01\n"
    )
    (folder / "documents.csv").write_text(DOCUMENTS)
    return pmtools.load_project(folder)


def test_one_row_per_document_with_latest_and_current_versions(project):
    register = document_register(project)
    assert list(register.index) == ["D1", "D2", "D3", "D4", "D5", "D6"]
    d1 = register.loc["D1"]
    # 1.10 is after 1.9; the current version is the highest approved: 1.9
    assert (d1["latest_version"], d1["latest_status"], d1["approved_version"]) == (
        "1.10", "in-review", "1.9",
    )  # fmt: skip
    assert d1["title"] == "Plan v2" and d1["owner"] == "Ann" and d1["versions"] == 3
    # 1.9 was never reviewed: 45 days after its approval on 05-20 is 07-04, 3 days ahead
    assert d1["next_review"] == pd.Timestamp("2026-07-04")
    assert (d1["days_until"], d1["review_state"]) == (3, "due")
    assert register.loc["D2", "next_review"] == pd.Timestamp("2026-07-10")  # 06-10 + 30
    assert register.loc["D2", "review_state"] == "due"  # 9 days: within 14
    assert register["review_state"].to_dict() == {
        "D1": "due", "D2": "due", "D3": "never", "D4": "none", "D5": "withdrawn", "D6": "overdue",
    }  # fmt: skip
    assert register.loc["D6", "days_until"] == -92  # 03-01 + 30 = 03-31, 92 days before 07-01


def test_reviews_due_lists_never_held_first_then_by_date(project):
    due = reviews_due(project)
    assert list(due.index) == ["D3", "D6", "D1", "D2"]


def test_gaps_leave_withdrawn_documents_out(project):
    gaps = document_gaps(project)
    assert list(gaps.index) == ["D3"]  # no owner and no approved version; D5 is withdrawn
    assert bool(gaps.loc["D3", "no_owner"]) and bool(gaps.loc["D3", "no_approved"])


def test_version_history_in_version_order(project):
    history = version_history(project)
    assert list(history.index) == ["D1", "D1", "D1"]
    assert history["version"].tolist() == ["1.0", "1.9", "1.10"]
    assert history["change_note"].tolist() == ["first", "second", "rework"]


def test_status_by_type_counts_latest_versions(project):
    counts = status_by_type(project)
    assert counts.loc["plan"].tolist() == [0, 1, 1, 0]  # D1 in review, D6 approved
    assert counts.loc["-", "draft"] == 1 and counts.loc["concept", "obsolete"] == 1


def test_attention_red_when_a_whole_cycle_was_skipped(project, make_project):
    items = [
        (a.level, a.key, a.values.get("ids") or a.values.get("id")) for a in attention(project)
    ]
    assert items == [
        ("red", "documents.attention.overdue", "D6"),  # 92 days late on a 30-day cycle
        ("amber", "documents.attention.no_owner", "D3"),
        ("amber", "documents.attention.no_approved", "D3"),
    ]
    folder = make_project(
        "id,name,duration,predecessors\nT1,Work,5,\n", extra_yaml="status_date: 2026-07-01\n"
    )
    (folder / "documents.csv").write_text(
        "id,title,owner,version,status,approved_on,review_every_days\n"
        "A,a,Ann,1.0,approved,2026-05-10,30\nB,b,Bob,1.0,approved,2026-05-20,30\n"
    )
    (amber,) = attention(pmtools.load_project(folder))
    # A due 06-09 (22 days late), B due 06-19 (12 days late): both within one cycle
    assert amber.message() == "2 document review(s) overdue (days): A (22), B (12)"


def test_without_documents_csv_there_is_no_data(make_project):
    project = pmtools.load_project(make_project("id,name,duration,predecessors\nT1,W,5,\n"))
    assert document_register(project).empty and reviews_due(project).empty
    assert version_history(project).empty and status_by_type(project).empty
    assert attention(project) == []


def test_editor_adds_a_version_and_records_a_review(project):
    from pmtools.widgets.documents import DocumentEditor, next_version

    assert (next_version("1.9"), next_version("2"), next_version("x")) == ("1.10", "2.1", "1.0")
    editor = DocumentEditor(project)
    editor.pick.value = "3"  # D2 v1.0
    editor.new_version()
    assert editor.fields["version"].value == "1.1" and editor.status.value == "draft"
    editor.fields["change_note"].value = "Interfaces added"
    saved = editor.write()
    assert saved is not None
    rows = saved.table("documents.csv")
    assert rows[rows["id"] == "D2"]["version"].tolist() == ["1.0", "1.1"]
    editor.fields["version"].value = "1.0"  # the same version twice: refused, nothing written
    before = (project.path / "documents.csv").read_text()
    assert editor.write() is None
    assert "version 1.0 of D2 is already on row" in editor.message.value
    assert (project.path / "documents.csv").read_text() == before
