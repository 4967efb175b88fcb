"""The class report over tests/data/course: some learners right, some wrong, one broken file.

Scores worked out by hand (see tests/data/course/README.md): alice all right; bob 1 of 3 in
lesson 00 and 1 + 0.6 + 0 + 1 + 0 of 5 in lesson 02 (his file claims full marks for a wrong
float: the grader checks again); carol (a top-level carol.json) all of lesson 00; dave (a
top-level dave-02-critical-path.ipynb, answers in check() outputs) 1 of 5; erin's only notebook
is cut off: listed as a problem, the others graded.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pmtools.cli import main
from pmtools.i18n import use_language
from pmtools.training.grade import class_report_html, grade, grade_json
from tests.conftest import DATA

COURSE = DATA / "course"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample class as learners hand it in: the saved notebooks are kept in the
    repository as ``*.ipynb.saved`` (a notebook with outputs is never committed as one)."""
    folder = tmp_path_factory.mktemp("class") / "course"
    shutil.copytree(COURSE, folder)
    for saved in folder.rglob("*.ipynb.saved"):
        saved.rename(saved.with_suffix(""))
    return folder


@pytest.fixture(scope="module")
def report(course: Path):
    return grade(course)


def test_every_learner_is_graded_by_lesson(report):
    doc = grade_json(report)
    assert doc["lessons"] == ["00-start-here", "02-critical-path"]
    scores = {lr["name"]: (lr["lessons"], lr["total"]) for lr in doc["learners"]}
    lesson = ("00-start-here", "02-critical-path")
    expected = {
        "alice": ((1.0, 1.0), 1.0),
        "bob": ((1 / 3, 2.6 / 5), 3.6 / 8),
        "carol": ((1.0, None), 3 / 8),
        "dave": ((None, 1 / 5), 1 / 8),
        "erin": ((None, None), None),
    }
    assert set(scores) == set(expected)
    for name, (by_lesson, total) in expected.items():
        got, got_total = scores[name]
        assert [got[k] for k in lesson] == pytest.approx(list(by_lesson)), name
        assert got_total == pytest.approx(total), name


def test_the_last_answer_counts_and_claimed_scores_are_ignored(report):
    learners = {lr.name: lr for lr in report.learners}
    # alice's notebook holds an earlier wrong early start (9); her later 11 counts
    assert learners["alice"].answers["02.early-start"] == 11
    # bob's progress file claims float 3 is right
    assert learners["bob"].correct["02.float"] is False
    assert learners["bob"].scores["02.critical"] == pytest.approx(0.6)


def test_exercises_most_of_the_class_got_wrong(report):
    # float: bob and dave wrong of 3; finish: bob wrong of 2; the rest right for most
    assert report.hard == [("02.float", 3, 2), ("02.finish", 2, 1)]


def test_wrong_at_the_first_attempt_per_exercise(report):
    """Counted by hand (tests/data/course/README.md): alice's saved attempts, carol's, bob's
    old-format file (one answer: first and last), dave's check() outputs."""
    rows = {
        row["exercise"]: (row["answered"], row["wrong_first"], row["wrong"], row["score"])
        for row in grade_json(report)["exercises"]
    }
    assert rows == {
        "00.tasks": (3, 2, 1, pytest.approx(2 / 3)),
        "00.start": (3, 0, 0, pytest.approx(1.0)),
        "00.longest": (3, 1, 1, pytest.approx(2 / 3)),
        "02.duration": (3, 2, 1, pytest.approx(2 / 3)),
        "02.critical": (3, 1, 1, pytest.approx(2.6 / 3)),
        "02.float": (3, 3, 2, pytest.approx(1 / 3)),
        "02.early-start": (2, 1, 0, pytest.approx(1.0)),
        "02.finish": (2, 1, 1, pytest.approx(0.5)),
    }
    assert [row["exercise"] for row in grade_json(report)["exercises"]] == list(rows)  # in order
    learners = {lr.name: lr for lr in report.learners}
    alice = learners["alice"]
    assert (alice.first["02.duration"], alice.answers["02.duration"]) == (13, 14)
    assert alice.first_correct["02.early-start"] is False  # 9, in her notebook
    assert alice.tries["02.float"] == 2 and alice.tries["02.finish"] == 1
    assert learners["carol"].first["00.tasks"] == "5"
    assert learners["bob"].first == learners["bob"].answers  # an old file: one answer each


def test_class_report_page_counts_first_attempts(report):
    with use_language("en"):
        page = class_report_html(report)
    assert "Exercise by exercise" in page and "Wrong at first attempt" in page
    # 02.float: 3 answered, 3 wrong at first, 2 still wrong, class mark 33%
    row = page[page.index("<td>02.float</td>", page.index("Exercise by exercise")) :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">3</td><td class="num">3</td><td class="num">2</td>' in row
    assert ">33%<" in row
    with use_language("zh"):
        assert "首次答错" in class_report_html(report)


def test_a_broken_submission_is_listed_and_stops_nothing(report):
    learners = {lr.name: lr for lr in report.learners}
    assert learners["erin"].problems == [
        ("erin/02-critical-path.ipynb", "not a notebook or progress file (invalid JSON at line 2)")
    ]
    assert all(not lr.problems for name, lr in learners.items() if name != "erin")


def test_class_report_page(report):
    with use_language("en"):
        page = class_report_html(report)
    assert "Class report" in page and "5 learners, 2 lessons" in page
    assert "How many working days of total float does task D" in page  # the hardest exercise
    assert ">45%<" in page and ">52%<" in page  # bob: course and lesson 02
    assert "erin/02-critical-path.ipynb" in page
    with use_language("zh"):
        assert "多数学员答错的练习" in class_report_html(report)


def test_learner_names_are_escaped(tmp_path):
    shutil.copy(COURSE / "carol.json", tmp_path / "<img src=x onerror=alert(1)>.json")
    with use_language("en"):
        page = class_report_html(grade(tmp_path))
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_command_writes_the_report_and_exits_1_for_the_broken_file(tmp_path, capsys, course):
    out = tmp_path / "class.html"
    code = main(["course", "grade", str(course), "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(captured.out)["hardest"][0] == {
        "exercise": "02.float",
        "answered": 3,
        "wrong": 2,
    }
    assert captured.err.strip() == (
        "erin: erin/02-critical-path.ipynb: "
        "not a notebook or progress file (invalid JSON at line 2)"
    )


def test_command_without_submissions(tmp_path, capsys):
    code = main(["course", "grade", str(tmp_path), "--out", str(tmp_path / "c.html")])
    assert code == 1
    assert "No submissions found" in capsys.readouterr().err
    assert not (tmp_path / "c.html").exists()
    assert main(["course", "grade", str(tmp_path / "nope"), "--out", "x.html"]) == 1


def test_capstone_folders_are_reviewed_where_the_learner_handed_them_in(tmp_path):
    """A capstone answer names a folder beside the learner's notebook: the grader reviews that
    folder (data only) and never one outside the learner's submission."""
    from pmtools.training import lesson_dir

    frank = tmp_path / "frank"
    shutil.copytree(lesson_dir("14-capstone-model", "en"), frank / "my-project")
    risks = frank / "my-project" / "risks.csv"
    lines = risks.read_text(encoding="utf-8").splitlines()
    risks.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # one risk left of three
    answers = {
        "14.requirements": "my-project",
        "14.schedule": "my-project",
        "14.risks": "my-project",
        "14.status": "../../outside",
    }
    progress = {
        "format": "pmtools-progress",
        "lessons": {
            "14-capstone": {
                ex: {"answer": folder, "at": "2026-11-20T11:00:00"}
                for ex, folder in answers.items()
            }
        },
    }
    (frank / ".pmtools-progress.json").write_text(json.dumps(progress), encoding="utf-8")
    learner = grade(tmp_path).learners[0]
    assert learner.scores == {
        "14.requirements": 1.0,
        "14.schedule": 1.0,
        "14.risks": 0.5,  # 1 open risk of the 3 asked; the one there has its response
        "14.status": 0.0,  # outside frank's folder: refused
    }
    assert learner.lesson_score("14-capstone") == pytest.approx(2.5 / 4)


def test_hostile_files_are_listed_and_the_class_is_graded(tmp_path):
    """Deeply nested JSON, answers of the wrong shape, text that is not UTF-8: each is listed
    or counted wrong, and every other answer is graded."""
    shutil.copy(COURSE / "carol.json", tmp_path / "carol.json")
    (tmp_path / "mallory.ipynb").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "oscar.json").write_bytes(b"\xff\xfe\x00garbage")
    odd = {
        "format": "pmtools-progress",
        "lessons": {
            "02-critical-path": {
                "02.duration": {"answer": {"not": "a number"}, "at": "x"},
                "02.finish": {"answer": ["2026-11-19"], "at": "x"},
                "02.float": {"answer": 2, "at": "x"},
            }
        },
    }
    (tmp_path / "trent.json").write_text(json.dumps(odd), encoding="utf-8")
    learners = {lr.name: lr for lr in grade(tmp_path).learners}
    assert learners["carol"].lesson_score("00-start-here") == 1.0
    assert [reason for _, reason in learners["mallory"].problems] == [
        "cannot be read (RecursionError)"
    ]
    assert learners["oscar"].problems[0][1].startswith("cannot be read")
    assert learners["trent"].scores == {"02.duration": 0.0, "02.finish": 0.0, "02.float": 1.0}


def test_class_report_fits_a_laptop_screen(report):
    """Fifteen lesson titles on one line each made the page 4,700 px wide: the titles wrap in
    their columns and the score table scrolls on its own, the rest of the page stays put."""
    with use_language("en"):
        page = class_report_html(report)
    assert page.count('<th class="lesson">') == len(report.lessons)
    assert "th.lesson{white-space:normal" in page
    scores = page[page.index('<div class="wide">') :]
    assert scores.index("<table>") < scores.index("</table>") < scores.index("</div>")
    # the course score is the second column, in view without scrolling sideways
    heads = scores[: scores.index("</tr>")]
    assert heads.index("<th>Learner</th><th>Course</th>") < heads.index('class="lesson"')
