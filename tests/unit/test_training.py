"""The course's exercises and checkers: answers computed from each lesson's data, hand-checked;
wrong answers get "wrong" and the exercise's hint; answers saved safely, never in trainer mode."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import shutil

import pandas as pd
import pytest

from pmtools import training
from pmtools.i18n import t, use_language
from pmtools.io import load_project
from pmtools.training import EXERCISES, LESSONS, Exercise, expected_answer, lesson_dir, score
from pmtools.training._exercise import parse_answer
from pmtools.training.progress import PROGRESS_FILE, attempts, load_progress, record_answer

IDS = sorted(EXERCISES)


@pytest.fixture(autouse=True)
def _language_restored():
    """training.start sets the lesson's language; give the other tests theirs back."""
    with use_language("en"):
        yield


@functools.cache
def _loaded(lesson: str, language: str):
    return load_project(lesson_dir(lesson, language))


def project_of(exercise: Exercise, language: str = "en"):
    """The lesson's project, loaded once for the whole module (nothing here changes it)."""
    lesson = next(lesson for lesson in LESSONS.values() if exercise in lesson.exercises)
    return _loaded(lesson.id, language)


def wrong_answer(exercise: Exercise, expected):
    """An answer that reads fine but is wrong: just outside the tolerance, a day off, one id
    missing and a wrong one added, another choice."""
    if exercise.kind == "number":
        margin = exercise.tolerance * (abs(expected) if exercise.relative else 1)
        return expected + margin + 1
    if exercise.kind == "date":
        return (expected + dt.timedelta(days=1)).isoformat()
    if exercise.kind == "ids":
        return [*sorted(expected)[1:], "NOT-AN-ID"]
    if exercise.kind == "choice":
        return next(c for c in exercise.choices if c != expected)
    if exercise.kind == "project":  # the starter folder, as handed out
        return str(lesson_dir("14-capstone", "en"))
    return "something else entirely"


MODEL = lesson_dir("14-capstone-model", "en")
CAPSTONE = [e for e in IDS if EXERCISES[e].kind == "project"]


#: The expected answers, worked out by hand from the lessons' CSV files.
BY_HAND = {
    "00.tasks": 4.0,  # four rows in tasks.csv
    "00.start": dt.date(2026, 11, 2),
    "00.longest": {"B"},  # 5 days, the others 1-3
    "01.must": 3.0,  # REQ-01, 03, 04
    "01.criteria": {"REQ-03", "REQ-05"},  # REQ-06 is rejected: out of play
    "01.untraced": {"REQ-04", "REQ-05"},
    "01.signoff": {"REQ-03", "REQ-05"},  # version 1.1 > signed 1.0
    # A 0-3, B 3-7, C 7-13, D SS+2 5-9, E FF+1 after C -> EF 14, ES 11; F at 14
    "02.duration": 14.0,
    "02.critical": {"A", "B", "C", "E", "F"},
    "02.float": 2.0,  # D: LF = LS(E) = 11, EF 9
    "02.early-start": 11.0,
    "02.finish": dt.date(2026, 11, 19),  # working day 14 from Mon 2 Nov
    # D 60% of 10 days: 4 days left from Fri 20 Nov -> 26 Nov; F 27 Nov - 3 Dec; G 3 Dec
    "03.finish": dt.date(2026, 12, 3),
    "03.variance": 14.0,  # 13 Nov baseline -> 3 Dec: 14 working days
    "03.late": {"D", "F", "G"},
    "04.pert": 7.0,  # B: (4 + 4 x 6 + 14) / 6
    "04.plan": 16.0,  # A 3 + B 6 + D 3 + E 4 (the C branch: 3 + 8 + 4 = 15)
    # P80 is random: 10,000 runs, seed 1, the same number as `pmtools simulate --seed 1`
    "04.p80": None,
    "04.later": "yes",
    "05.score": 12.0,  # R3: 3 x 4
    "05.high": {"R1", "R3"},  # 16 and 12; R5 (10) is closed
    "05.overdue": {"R1", "R2"},  # due 13 and 16 Nov; R5 is closed
    "05.emv": 21500.0,  # R1 70% x 20,000 + R3 50% x 15,000; R2 has no cost, R4 is an opportunity
    # BAC 90,000; PV on Fri 20 Nov: A 10,000 + B 20,000 + C 40,000 (its last baseline day);
    # EV 10,000 + 20,000 + 50% x 40,000 = 50,000; AC 12,000 + 22,000 + 26,000 = 60,000
    "06.cpi": 50 / 60,
    "06.spi": 50 / 70,
    "06.eac": 60000 + (90000 - 50000) / (50 / 60),  # 108,000
    "06.es": 25.0,  # PV reaches 50,000 after A (5 days), B (10) and half of C (10)
    "07.velocity": 22.0,  # sprints 2-4: (22 + 20 + 24) / 3
    "07.burndown": 18 - 24 * 5 / 9,  # day 5 of 10: ideal 24 - 4 x 24/9 = 13.33, remaining 18
    "07.wip": 4.0,  # LOY-6 to LOY-9, over the limit of 3
    "07.cycle": 8.0,  # cycle times 2, 3, 4, 5, 8: nearest rank ceil(0.85 x 5) = 5th
    "08.manage": {"SH1", "SH2"},  # influence 5 and 4 with interest 3 and 5
    "08.visits": {"CU2"},  # 56 days since the last visit, every 30; CU3 has one planned
    "08.overdue": {"C1", "C3"},  # monthly from 15 Oct: 15 Nov; biweekly from 30 Oct: 13 Nov
    "08.nps": 10.0,  # promoters 10, 9, 9, 9; detractors 6, 5, 3: (4 - 3) / 10
    "08.csat": 60.0,  # 5, 5, 4, 4, 4, 5 of ten answers are 4 or 5
    # A 5; B 10, C 8, D 4 in parallel; E 5: the path A-B-E is 20 days, C has 2 days of float
    "09.awaiting": {"CR-1", "CR-2"},  # submitted and assessed
    "09.float": 2.0,
    "09.slip": 2.0,  # C + 4 days: 2 absorbed by its float, 2 move the finish
    "09.moves": "no",  # D + 3 days against 6 days of float
    "09.bac": 51400.0,  # 6,000 + 16,000 + 12,800 + 3,200 + 7,000 = 45,000, plus 6,400
    "10.open": 5.0,  # D-05, D-06, D-08, D-09, D-10; D-07 fixed on 16 Nov, D-11 rejected
    "10.outpacing": 2.0,  # weeks to 13 Nov (3 found, 0 fixed) and 20 Nov (2, 1); 6 Nov 2 = 2
    "10.density": 0.8,  # Payments: D-03, D-05, D-06, D-09 over 5 KLOC
    "10.escaped": 1.0,  # D-10 found in UAT; D-11 is rejected
    "10.reviews": {"QP-2"},  # pending, due 13 Nov; QP-3 is due 27 Nov
    # C (Ben, 6 days) and D (Ben + Cleo 50%, 4 days) both start after A on day 3
    "11.over": 4.0,  # days 3-6: Ben on C and D at once
    "11.peak": 2.0,
    "11.utilisation": 100 * 8.5 / 14,  # Ana: A 3 + B 5 x 0.5 + E 3 = 8.5 of 14 unit-days
    "11.float": "no",  # D would have to wait 6 days for C; it has 5 days of float
    # Ben does D then C (C days 7-12): E 13-15, F 16-17, 4 days later; C then D is no
    # better: D days 9-12 keeps Ben busy, so E (Ben 50%) waits for D just the same
    "11.delay": 4.0,
    "12.overdue": {"DOC-1"},  # reviewed 1 Sep, every 60 days: due 31 Oct
    "12.current": {"1.0", "v1.0", "version 1.0", "版本1.0", "版本 1.0"},  # 1.1 is a draft
    "12.drills": {"EP-1", "EP-3"},  # EP-1 drilled 15 Aug, every 90 days: 13 Nov; EP-3 never
    "12.restore": 12.0,  # 08:00 to 20:00
    "12.missed": {"INC-2"},  # 12 hours against an RTO of 8; INC-1 took 6.5
    "13.kpi": "near",  # customer satisfaction 4.2 against 4.5: 6.7% short, within 10%
    "13.severity": 12.0,  # C3: 3 x 4
    "13.overdue": {"C1"},  # due 13 Nov, in progress; C3 is due 27 Nov, C2 resolved
    "13.learning": 2.0,  # ITIL (30 Oct) and network basics (13 Nov); the others done or due
    "13.idea": 4.4,  # (0.4 x 4 + 0.3 x 5 + 0.2 x (6 - 2) + 0.1 x (6 - 1)) / 1.0
    # the capstone's answer is the learner's own folder; the expected one is the model answer
    "14.requirements": MODEL,
    "14.schedule": MODEL,
    "14.risks": MODEL,
    "14.status": MODEL,
}


def test_every_exercise_is_checked_by_hand():
    assert set(BY_HAND) == set(EXERCISES)


@pytest.mark.parametrize("exercise_id", IDS)
def test_expected_answer_is_the_hand_checked_one(exercise_id):
    exercise = EXERCISES[exercise_id]
    expected = expected_answer(exercise, project_of(exercise))
    hand = BY_HAND[exercise_id]
    if hand is None:  # a simulation: the command line's number for the same seed
        from pmtools.montecarlo import simulate, simulation_json

        project = project_of(exercise)
        p80 = simulation_json(simulate(project, iterations=10_000, seed=1))["p80"]
        assert expected == pytest.approx(p80, abs=0.01)
        # by hand, PERT's normal approximation along A-B-D-E: mean 3.17 + 7 + 3.67 + 4.67 = 18.5,
        # sd sqrt(0.25 + 2.78 + 1 + 1) = 2.24, P80 = 18.5 + 0.84 x 2.24 = 20.4
        assert expected == pytest.approx(20.4, abs=0.3)
        return
    if isinstance(hand, float):
        assert expected == pytest.approx(hand)
    else:
        assert expected == (frozenset(hand) if isinstance(hand, set) else hand)


@pytest.mark.parametrize("exercise_id", IDS)
def test_chinese_data_gives_the_same_answers(exercise_id):
    exercise = EXERCISES[exercise_id]
    if exercise.kind == "project":  # the Chinese model answer meets every criterion too
        project = project_of(exercise, "zh")
        assert score(exercise, project, expected_answer(exercise, project)).correct
        return
    assert expected_answer(exercise, project_of(exercise, "zh")) == expected_answer(
        exercise, project_of(exercise, "en")
    )


@pytest.mark.parametrize("exercise_id", IDS)
def test_right_answer_scores_full_marks(exercise_id):
    exercise = EXERCISES[exercise_id]
    project = project_of(exercise)
    expected = expected_answer(exercise, project)
    answer = sorted(expected)[0] if exercise.kind == "text" else expected
    result = score(exercise, project, answer)
    assert (result.score, result.correct, result.hint) == (1.0, True, None)


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answer_says_wrong_and_gives_the_hint(exercise_id):
    exercise = EXERCISES[exercise_id]
    project = project_of(exercise)
    result = score(exercise, project, wrong_answer(exercise, expected_answer(exercise, project)))
    assert not result.correct
    assert result.score < 1
    assert result.problem is None
    assert result.hint == exercise.hint
    assert bool(result.unmet) == (exercise.kind == "project")
    for language in ("en", "zh"):
        assert t(exercise.hint, language) != exercise.hint  # a real sentence in both
        assert t(exercise.prompt, language) != exercise.prompt


def test_answers_are_read_as_people_write_them():
    number = EXERCISES["02.duration"]
    assert parse_answer(number, "1,250") == 1250.0
    assert parse_answer(number, "0,83") == pytest.approx(0.83)  # a decimal comma, not 83
    assert parse_answer(number, "12,5") == 12.5
    assert parse_answer(number, "€108,000") == parse_answer(number, "108 000 EUR") == 108000.0
    assert parse_answer(number, "1,234,567.5") == 1234567.5
    assert parse_answer(number, " 14 ") == 14.0
    assert parse_answer(number, "95%") == pytest.approx(0.95)
    date = EXERCISES["02.finish"]
    assert parse_answer(date, "2026/11/19") == dt.date(2026, 11, 19)
    share = EXERCISES["08.csat"]  # in percent: 60 and 60% alike
    assert parse_answer(share, "60%") == parse_answer(share, "60") == 60.0
    ids = EXERCISES["02.critical"]
    assert parse_answer(ids, "A, B;C  E，F") == frozenset("ABCEF")
    assert parse_answer(ids, ("A", "B")) == frozenset("AB")


@pytest.mark.parametrize(
    ("exercise_id", "answer", "key"),
    [
        ("02.duration", "fourteen", "training.unreadable.number"),
        ("02.duration", "", "training.unreadable.empty"),
        ("02.duration", True, "training.unreadable.number"),
        ("02.finish", "19 Nov", "training.unreadable.date"),
        ("02.critical", None, "training.unreadable.empty"),
    ],
)
def test_unreadable_answer_says_what_was_expected(exercise_id, answer, key):
    exercise = EXERCISES[exercise_id]
    result = score(exercise, project_of(exercise), answer)
    assert (result.correct, result.score, result.problem, result.hint) == (False, 0.0, key, None)


def test_partial_credit_for_sets_of_ids():
    exercise = EXERCISES["02.critical"]  # A, B, C, E, F
    project = project_of(exercise)
    assert score(exercise, project, "A, B, C").score == pytest.approx(3 / 5)
    assert score(exercise, project, "A, B, C, D").score == pytest.approx(2 / 5)  # D is wrong
    assert score(exercise, project, "D").score == 0.0
    assert not score(exercise, project, "A, B, C, E").correct


def test_number_tolerance_absolute_and_relative():
    project = project_of(EXERCISES["02.duration"])
    absolute = Exercise("x.a", "number", "p", "h", lambda p: 10.0, tolerance=0.5)
    assert score(absolute, project, 10.5).correct and not score(absolute, project, 10.6).correct
    relative = Exercise("x.r", "number", "p", "h", lambda p: 200.0, tolerance=0.05, relative=True)
    assert score(relative, project, 190).correct and not score(relative, project, 189).correct


def test_choice_exercises():
    project = project_of(EXERCISES["02.duration"])
    choice = Exercise("x.c", "choice", "p", "h", lambda p: "yes", choices=("yes", "no"))
    assert score(choice, project, "YES").correct
    result = score(choice, project, "no")
    assert (result.correct, result.hint) == (False, "h")
    assert score(choice, project, "maybe").problem == "training.unreadable.choice"
    with pytest.raises(ValueError):
        Exercise("x.d", "choice", "p", "h", lambda p: "yes")


def test_check_saves_the_answer_and_carries_it_for_the_grader(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    training.start("02-critical-path", language="en")
    wrong = training.check("02.float", 3)
    bundle = wrong._repr_mimebundle_()
    assert 'data-verdict="wrong"' in bundle["text/html"]
    assert "Hint:" in bundle["text/html"] and "Answer:" not in bundle["text/html"]
    record = bundle[training.ANSWER_MIME]
    assert (record["lesson"], record["exercise"], record["answer"]) == (
        "02-critical-path",
        "02.float",
        3.0,
    )
    training.check("02.critical", "F, E, C, B, A")
    saved = load_progress(tmp_path / PROGRESS_FILE)["lessons"]["02-critical-path"]
    assert saved["02.float"]["correct"] is False
    last = {"answer": ["A", "B", "C", "E", "F"], "score": 1.0, "correct": True, "at": ""}
    critical = saved["02.critical"]
    assert {k: critical[k] for k in ("answer", "score", "correct")} | {"at": ""} == last
    assert [a | {"at": ""} for a in critical["attempts"]] == [last]
    training.check("02.float", 2)  # the last answer is the one that counts; both are kept
    saved = load_progress(tmp_path / PROGRESS_FILE)["lessons"]["02-critical-path"]
    assert saved["02.float"]["correct"] is True
    assert [(a["answer"], a["correct"]) for a in saved["02.float"]["attempts"]] == [
        (3.0, False),
        (2.0, True),
    ]
    assert [p.name for p in tmp_path.iterdir()] == [PROGRESS_FILE]  # no temporary files left


def test_unreadable_answer_is_not_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    training.start("02-critical-path", language="zh")
    feedback = training.check("02.duration", "十四")
    assert training.ANSWER_MIME not in feedback._repr_mimebundle_()
    assert "应为数字" in feedback.html_text
    assert not (tmp_path / PROGRESS_FILE).exists()


def test_trainer_mode_fills_in_every_answer_and_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    for lesson in LESSONS.values():
        training.start(lesson.id, language="zh", solutions=True)
        for exercise in lesson.exercises:
            shown = training.exercise(exercise.id)._repr_html_()
            assert 'data-verdict="right"' in shown and "答案：" in shown
    assert list(tmp_path.iterdir()) == []


def test_learner_mode_under_papermill_shows_the_question_only(monkeypatch):
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    training.start("02-critical-path", language="en")
    shown = training.exercise("02.float")._repr_html_()
    assert "Write the help texts" in shown  # the prompt names the task
    assert "pmtools-feedback" not in shown


def test_answer_box_checks_what_the_learner_typed(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    training.start("02-critical-path", language="en")
    box = training.exercise("02.critical")  # a multi-select of the task ids
    _, row, multiple, line = box.children
    picker, _, button = row.children
    assert list(picker.options) == ["A", "B", "C", "D", "E", "F"]
    assert "Ctrl-click (Cmd-click on a Mac)" in multiple.value
    picker.value = ("A", "B", "C")
    button.click()
    assert "Partly right: 60%" in line.value and "Hint:" in line.value
    number = training.exercise("02.duration")
    _, row, feedback = number.children
    text, unit, check = row.children
    assert unit.value == "working days"
    text.value = "14"
    check.click()
    assert 'data-verdict="right"' in feedback.value
    saved = json.loads((tmp_path / PROGRESS_FILE).read_text(encoding="utf-8"))
    assert set(saved["lessons"]["02-critical-path"]) == {"02.critical", "02.duration"}


def test_unknown_exercise_or_lesson_names_the_known_ones():
    training.start("00-start-here")
    with pytest.raises(KeyError, match=r"00\.tasks"):
        training.check("02.float", 2)  # not in this lesson
    with pytest.raises(KeyError, match="02-critical-path"):
        training.start("99-nothing")


def copy_model(tmp_path):

    folder = tmp_path / "my-project"
    shutil.copytree(MODEL, folder)
    return folder


def test_capstone_lists_every_criterion_not_met(tmp_path):
    folder = copy_model(tmp_path)
    reqs = folder / "requirements.csv"
    with reqs.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[1].update(acceptance_criteria="", tasks="")  # REQ-02, a Must: no criteria, no task
    with reqs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    exercise = EXERCISES["14.requirements"]
    brief = project_of(exercise)
    result = score(exercise, brief, "my-project", base=tmp_path)
    assert result.score == pytest.approx(2 / 4)
    assert result.unmet == (
        ("training.14.req.criteria", {"ids": "REQ-02"}),
        ("training.14.req.traced", {"ids": "REQ-02"}),
    )


def test_capstone_shows_the_checkers_problems(tmp_path):
    folder = copy_model(tmp_path)
    tasks = folder / "tasks.csv"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace(
            ",Set up reminder texts,4,", ",Set up reminder texts,four,"
        ),
        encoding="utf-8",
    )
    exercise = EXERCISES["14.schedule"]
    result = score(exercise, project_of(exercise), "my-project", base=tmp_path)
    assert result.score == 0 and not result.correct
    (key, values), *_ = result.unmet
    assert key == "training.14.problem"
    assert values["problem"].startswith("tasks.csv:6:duration:")


def test_capstone_deadline_and_folders(tmp_path):
    folder = copy_model(tmp_path)
    tasks = folder / "tasks.csv"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace(
            ",Test with ten patients,5,", ",Test with ten patients,60,"
        ),
        encoding="utf-8",
    )
    exercise = EXERCISES["14.schedule"]
    brief = project_of(exercise)
    result = score(exercise, brief, "my-project", base=tmp_path)
    assert [key for key, _ in result.unmet] == ["training.14.tasks.deadline"]
    assert score(exercise, brief, "missing", base=tmp_path).unmet == (
        ("training.14.no_folder", {"folder": "missing"}),
    )
    outside = score(exercise, brief, "../elsewhere", base=tmp_path)
    assert outside.problem == "training.unreadable.folder"


def test_feedback_sentences_follow_a_chinese_full_stop_without_a_space():
    from pmtools.training._session import _spans

    html = _spans([("red", "还不对。"), ("brown", "提示：看浮动时间"), ("blue", "x")])
    assert "还不对。</span><span" in html and "看浮动时间</span> <span" in html
    assert _spans([("red", "Not yet."), ("brown", "Hint")]).count("</span> <span") == 1


# -- what a new PM ran into in the course (issue 17 follow-up) --------------------------------


def test_a_one_id_question_refuses_two_ids():
    """00.longest asks for one task: "B, C" is not right nor partly right, it says one id."""
    project = load_project(lesson_dir("00-start-here", "en"))
    longest = EXERCISES["00.longest"]
    assert longest.one and expected_answer(longest, project) == frozenset({"B"})
    result = score(longest, project, "B, C")
    assert (result.score, result.correct, result.problem) == (0.0, False, "training.unreadable.one")
    assert score(longest, project, "B, B").correct  # the same id twice is one id
    with use_language("en"):
        assert t(result.problem, found="B, C") == 'One id expected, found "B, C".'
    with use_language("zh"):
        assert t(result.problem, found="B, C") == "只需一个编号，实际为“B, C”。"
    assert score(
        EXERCISES["02.critical"], load_project(lesson_dir("02-critical-path", "en")), "A, B"
    ).score == pytest.approx(0.4)  # a set question still takes several


def test_a_one_id_question_offers_a_dropdown(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    training.start("00-start-here", language="en")
    box = training.exercise("00.longest")
    _, row, line = box.children  # no "pick several" note
    picker, _, button = row.children
    assert [value for _, value in picker.options] == ["", "A", "B", "C", "D"]
    picker.value = "B"
    button.click()
    assert 'data-verdict="right"' in line.value


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "Pick several with Ctrl-click (Cmd-click on a Mac)."),
        ("zh", "按住 Ctrl 点击可多选（Mac 上按住 Cmd 点击）。"),
    ],
)
def test_a_multi_select_says_how_to_pick_several(tmp_path, monkeypatch, language, note):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    training.start("05-risks", language=language)
    box = training.exercise("05.high")
    assert note in box.children[2].value


def test_enter_in_the_answer_box_checks_the_answer(tmp_path, monkeypatch):
    """The text box sends its value on Enter (continuous_update=False); the observer checks
    it like the button, and the button after it does not save the same answer twice."""
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    training.start("02-critical-path", language="en")
    box = training.exercise("02.duration")
    _, row, feedback = box.children
    text, _, button = row.children
    assert text.continuous_update is False
    assert feedback.value == ""
    text.value = "13"  # what the browser sends when Enter is pressed
    assert 'data-verdict="wrong"' in feedback.value and "Hint:" in feedback.value
    button.click()  # the same answer: no second attempt
    text.value = "14"
    assert 'data-verdict="right"' in feedback.value
    saved = load_progress(tmp_path / PROGRESS_FILE)["lessons"]["02-critical-path"]
    assert [a["answer"] for a in saved["02.duration"]["attempts"]] == [13.0, 14.0]
    text.value = ""  # clearing the box checks nothing
    assert 'data-verdict="right"' in feedback.value


def test_every_attempt_is_saved_in_order(tmp_path):
    path = tmp_path / PROGRESS_FILE
    record_answer(path, "02-critical-path", "02.float", 3.0, 0.0, False)
    record_answer(path, "02-critical-path", "02.float", 1.0, 0.0, False)
    record_answer(path, "02-critical-path", "02.float", 2.0, 1.0, True)
    saved = load_progress(path)["lessons"]["02-critical-path"]["02.float"]
    assert (saved["answer"], saved["correct"]) == (2.0, True)  # the last, as before
    assert [(a["answer"], a["score"], a["correct"]) for a in attempts(saved)] == [
        (3.0, 0.0, False),
        (1.0, 0.0, False),
        (2.0, 1.0, True),
    ]
    assert all(a["at"] for a in attempts(saved))


def test_a_progress_file_from_before_attempts_loads_and_keeps_its_answer(tmp_path):
    """Files written before attempts were kept hold the last answer only: it is one attempt,
    and the next answer is added after it."""
    path = tmp_path / PROGRESS_FILE
    old = {
        "format": "pmtools-progress",
        "lessons": {
            "02-critical-path": {
                "02.float": {
                    "answer": 3,
                    "score": 0.0,
                    "correct": False,
                    "at": "2026-11-20T10:00:00",
                }
            }
        },
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    record = load_progress(path)["lessons"]["02-critical-path"]["02.float"]
    assert attempts(record) == [
        {"answer": 3, "score": 0.0, "correct": False, "at": "2026-11-20T10:00:00"}
    ]
    record_answer(path, "02-critical-path", "02.float", 2.0, 1.0, True)
    record = load_progress(path)["lessons"]["02-critical-path"]["02.float"]
    assert [a["answer"] for a in attempts(record)] == [3, 2.0]


def test_worked_example_answers_wait_for_the_exercises(tmp_path, monkeypatch):
    """``reveal`` shows pmtools' figures in trainer mode or once every exercise is answered;
    before that a note in the lesson's language."""
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    training.start("03-time-tracking", language="zh")
    assert "答完上面全部练习后" in training.reveal("the table")._repr_html_()
    for exercise, answer in (("03.finish", "2026-12-03"), ("03.variance", 1)):
        training.check(exercise, answer)
    assert "pmtools-reveal-locked" in training.reveal("the table")._repr_html_()  # 03.late open
    training.check("03.late", "Z")  # any answer, even wrong
    assert training.reveal("the table") == "the table"
    training.start("03-time-tracking", language="en", solutions=True, project_dir=None)
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path / "empty"))
    assert training.reveal("the table") == "the table"  # trainer mode


# -- the worked examples' tables ----------------------------------------------------------------


def _cells(html_text: str) -> list[list[str]]:
    import re

    rows = re.findall(r"<tr>(.*?)</tr>", html_text)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]


def test_lesson_table_in_english():
    frame = pd.DataFrame(
        {
            "name": ["Build <the> site", "Go live"],
            "baseline_start": pd.to_datetime(["2026-10-05", None]),
            "planned_cost": [40000.0, float("nan")],
            "percent_complete": [50.0, 12.5],
            "critical": [True, False],
            "predecessors": [["A", "B"], []],
            "duration": pd.array([10, 0], dtype="Int64"),
        },
        index=pd.Index(["C", "E"], name="id"),
    )
    rows = _cells(training.table(frame, language="en")._repr_html_())
    assert rows == [
        [
            "ID",
            "Name",
            "Baseline start",
            "Planned cost",
            "% complete",
            "Critical",
            "Predecessors",
            "Duration (working days)",
        ],
        ["C", "Build &lt;the&gt; site", "2026-10-05", "40,000", "50", "✓", "A, B", "10"],
        ["E", "Go live", "", "", "12.5", "", "", "0"],
    ]


def test_lesson_table_in_chinese_with_chosen_columns_and_no_index():
    frame = pd.DataFrame(
        {"emv": [21500.4, 1234567.0], "status": ["done", "parked"], "unknown_col": [0.8333, 2.0]}
    )
    rows = _cells(
        training.table(
            frame, ["emv", "status", "unknown_col"], language="zh", index=False
        )._repr_html_()
    )
    assert rows == [  # a code the catalogue does not know stays as it is
        ["预期货币价值", "状态", "unknown col"],
        ["21,500", "已完成", "0.83"],
        ["1,234,567", "parked", "2"],
    ]


def test_lesson_table_translates_codes_in_cells_and_row_labels():
    frame = pd.DataFrame(
        {"group": ["promoter", "detractor"], "current_engagement": ["supportive", "neutral"]},
        index=pd.Index(["must", "wont"], name="priority"),
    )
    zh = _cells(training.table(frame, language="zh")._repr_html_())
    assert zh == [
        ["优先级", "群体", "当前参与度"],
        ["必须有", "推荐者", "支持"],
        ["不会有", "贬损者", "中立"],
    ]
    en = _cells(training.table(frame, language="en")._repr_html_())
    assert en[2] == ["won&#x27;t", "detractor", "neutral"]  # escaped, as all sample text


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("04.pert", "7 days"),  # a unit word after the number, as a PM writes it
        ("12.restore", "12 hours"),
        ("13.idea", "4.4 points"),
        ("02.duration", "14 个工作日"),
        ("05.emv", "21,500 EUR"),
        ("08.nps", "10%"),  # NPS is points of %: "10%" and "10" are both 10
        ("08.nps", "+10"),
        ("12.current", "v1.0"),  # a version as a PM writes it
        ("12.current", "Version 1.0"),
    ],
)
def test_answers_a_pm_would_type_are_read(exercise_id, answer):
    exercise = EXERCISES[exercise_id]
    result = score(exercise, project_of(exercise), answer)
    assert (result.problem, result.correct) == (None, True)


def test_a_unit_word_never_hides_a_second_number():
    exercise = EXERCISES["02.duration"]
    assert score(exercise, project_of(exercise), "14 or 15 days").problem == (
        "training.unreadable.number"
    )
    assert score(exercise, project_of(exercise), "1e3").given == 1000.0


def test_burndown_asks_for_the_precision_it_checks():
    # 4.67 points: a whole number is not within the tolerance, so the prompt says so
    exercise = EXERCISES["07.burndown"]
    assert exercise.tolerance < 0.5
    with use_language("en"):
        assert "one decimal" in t(exercise.prompt)
    with use_language("zh"):
        assert "一位小数" in t(exercise.prompt)


def test_capstone_baseline_saves_the_planned_dates(tmp_path):
    from pmtools.io import save_table
    from pmtools.training._session import baseline_table

    folder = tmp_path / "my-project"
    shutil.copytree(lesson_dir("14-capstone", "en"), folder)
    with (folder / "tasks.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "T2,Choose the booking platform,5,T1,,,,,,\nM1,Online booking live,0,T2,,,,,,\n"
        )
    table = baseline_table(load_project(folder))
    save_table(folder, "tasks.csv", table)
    with (folder / "tasks.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # by hand: T1 3 days from Monday 2 Nov (2-4 Nov), T2 5 days (5-11 Nov), M1 at T2's finish
    assert [(r["id"], r["baseline_start"], r["baseline_finish"]) for r in rows] == [
        ("T1", "2026-11-02", "2026-11-04"),
        ("T2", "2026-11-05", "2026-11-11"),
        ("M1", "2026-11-11", "2026-11-11"),
    ]
    assert [r["duration"] for r in rows] == ["3", "5", "0"]  # nothing else touched


def test_the_capstone_forms_add_tasks_and_record_progress(tmp_path, monkeypatch):
    """Step 2 adds tasks with the schedule form, step 4 records progress with the progress
    form: the learner never has to edit tasks.csv by hand."""
    from pmtools.training._session import capstone_editor

    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    folder = tmp_path / "my-project"
    shutil.copytree(lesson_dir("14-capstone", "en"), folder)
    schedule = capstone_editor("schedule", folder)
    editor = next(w for w in schedule.children if hasattr(w, "options"))  # the task list
    assert editor.value == "T1"
    editor.value = "__new__"
    fields = {w.description: w for box in schedule.children for w in getattr(box, "children", [])}
    assert fields["ID"].value == "T2"
    fields["Name"].value = "Choose the booking platform"
    fields["Days"].value = 5
    fields["Predecessors"].value = "T1"
    save = next(w for w in fields.values() if getattr(w, "description", "") == "Save")
    save.click()
    project = load_project(folder)
    assert project.tasks.loc["T2", "duration"] == 5 and project.tasks.loc["T2", "name"]
    progress = capstone_editor("progress", folder)
    boxes = [progress, *[b for b in progress.children if hasattr(b, "children")]]
    widgets_by_name = {
        w.description: w for box in boxes for w in box.children if hasattr(w, "description")
    }
    widgets_by_name["Task"].value = "T1"
    widgets_by_name["% done"].value = 100
    widgets_by_name["Started"].value = dt.date(2026, 11, 2)
    widgets_by_name["Finished"].value = dt.date(2026, 11, 4)
    widgets_by_name["Save"].click()
    task = load_project(folder).tasks.loc["T1"]
    assert task["percent_complete"] == 100
    assert task["actual_finish"] == pd.Timestamp("2026-11-04")


def test_a_chinese_answer_box_answers_in_chinese_from_any_context(tmp_path, monkeypatch):
    """Jupyter runs a widget's callback outside the context of the cell that made it: the
    feedback of a zh lesson must stay Chinese there (it came back in English in JupyterLab)."""
    import contextvars

    from pmtools.i18n import get_language, set_language

    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    training.start("02-critical-path", language="zh")
    try:
        box = training.exercise("02.duration")
        _, row, feedback = box.children
        text, _, _ = row.children
        fresh = contextvars.Context()  # no language chosen in it
        fresh.run(setattr, text, "value", "13")
        assert "还不对。" in feedback.value and "提示：" in feedback.value
        fresh.run(setattr, text, "value", "14 天")
        assert "正确。" in feedback.value
        assert contextvars.Context().run(get_language) == "zh"  # the language chosen last
    finally:
        set_language("en")


def test_capstone_baseline_button_writes_only_a_learners_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTOOLS_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "1")
    monkeypatch.chdir(tmp_path)
    training.start("14-capstone", language="en", solutions=True)
    model = training.capstone_folder()
    before = (model / "tasks.csv").read_bytes()
    assert "a button here saves the plan" in training.capstone_baseline(model)._repr_html_()
    assert (model / "tasks.csv").read_bytes() == before
    training.start("14-capstone", language="en")
    folder = training.capstone_folder()  # the learner's copy of the starter
    with (folder / "tasks.csv").open("a", encoding="utf-8") as handle:
        handle.write("M1,Online booking live,0,T1,,,,,,\n")
    button, message = training.capstone_baseline(folder).children
    button.click()
    assert "Saved: tasks.csv now holds the planned start and finish of its 2 tasks" in message.value
    with (folder / "tasks.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["baseline_start"], r["baseline_finish"]) for r in rows] == [
        ("2026-11-02", "2026-11-04"),
        ("2026-11-04", "2026-11-04"),
    ]


def test_capstone_status_gives_nothing_for_the_untouched_starter(tmp_path):
    """The starter folder has a status date and is rated (green, one task): a learner who did
    nothing got 'Partly right: 50%'. Only the status date, which the case gives, counts."""
    shutil.copytree(lesson_dir("14-capstone", "en"), tmp_path / "my-project")
    exercise = EXERCISES["14.status"]
    result = score(exercise, project_of(exercise), "my-project", base=tmp_path)
    assert result.score == pytest.approx(1 / 4)
    assert [key for key, _ in result.unmet] == [
        "training.14.status.progress",
        "training.14.status.baseline",
        "training.14.status.rating",
    ]
