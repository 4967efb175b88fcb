"""The training course: every lesson in both languages runs in trainer mode and every check
passes; sources are clean; lessons match the course's definition.

All lessons run in ONE warm kernel (the batch runner's, ``pmtools.report.batch``), so the
whole course takes seconds, not a cold kernel start per lesson.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import papermill
import pytest

from pmtools.report import batch
from pmtools.training import LESSONS
from tests.conftest import ROOT

TRAINING = ROOT / "notebooks" / "training"
LANGUAGES = ("en", "zh")
BOOKS = [(lesson, language) for lesson in LESSONS for language in LANGUAGES]
ALLOWED_METADATA = {"kernelspec", "language_info"}


def path_of(lesson: str, language: str) -> Path:
    return TRAINING / language / f"{lesson}.ipynb"


def test_every_lesson_has_both_notebooks_and_nothing_else():
    for language in LANGUAGES:
        assert sorted(p.stem for p in (TRAINING / language).glob("*.ipynb")) == sorted(LESSONS)


@pytest.mark.parametrize(("lesson", "language"), BOOKS, ids=[f"{n}-{lang}" for n, lang in BOOKS])
def test_lesson_source_is_clean_and_uses_its_exercises(lesson, language):
    book = json.loads(path_of(lesson, language).read_text(encoding="utf-8"))
    assert set(book["metadata"]) <= ALLOWED_METADATA
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert set(cell["metadata"]) <= {"tags"}
    first = "".join(book["cells"][0]["source"])
    assert "parameters" in book["cells"][0]["metadata"]["tags"]
    assert "solutions = False" in first and f'language = "{language}"' in first
    code = "\n".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "code")
    assert f'training.start("{lesson}"' in code
    shown = re.findall(r'training\.exercise\("([^"]+)"\)', code)
    assert shown == [e.id for e in LESSONS[lesson].exercises]  # each once, in order
    text = "\n".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "markdown")
    if language == "zh":  # fully Chinese: every prose line has Chinese in it
        prose = [line for line in text.splitlines() if re.search(r"[A-Za-z]{4,}", line)]
        prose = [line for line in prose if not re.search(r"[\u4e00-\u9fff]", line)]
        assert prose == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_parameters_have_help_text(language):
    for lesson in LESSONS:
        parameters = papermill.inspect_notebook(str(path_of(lesson, language)))
        assert parameters["solutions"]["help"] and parameters["language"]["help"]


def _run_every_lesson(solutions: bool):
    """(notebook, error) of every lesson in both languages, run in one warm kernel."""
    runs = {}
    try:
        for lesson, language in BOOKS:
            runs[lesson, language] = batch._execute(
                path_of(lesson, language), {"solutions": solutions, "language": language}, 120
            )
    finally:
        batch._drop_kernel()
    return runs


@pytest.fixture(scope="module")
def trainer_runs():
    """Every lesson in both languages, solutions=True."""
    return _run_every_lesson(solutions=True)


@pytest.mark.parametrize(("lesson", "language"), BOOKS, ids=[f"{n}-{lang}" for n, lang in BOOKS])
def test_lesson_runs_in_trainer_mode_and_every_check_passes(trainer_runs, lesson, language):
    book, error = trainer_runs[lesson, language]
    assert error is None
    outputs = json.dumps([c.get("outputs", []) for c in book.cells], ensure_ascii=False)
    verdicts = re.findall(r'data-verdict=\\"(\w+)\\"', outputs)
    assert verdicts == ["right"] * len(LESSONS[lesson].exercises)
    answer = {"en": "Answer: ", "zh": "答案："}[language]
    assert outputs.count(answer) == len(LESSONS[lesson].exercises)
    assert "Traceback" not in outputs


# -- no worked example gives an exercise's answer away --------------------------------------

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?")
_SCRIPT = re.compile(r"<script.*?</script>|<style.*?</style>", re.S)
_TAG = re.compile(r"<[^>]+>")


def output_text(cell: dict) -> str:
    """What a learner reads in a cell's outputs: text and tables (not a chart's data, which
    has every date on its axis; charts that hold answers are checked by reading them)."""
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "application/vnd.plotly.v1+json" in data:
            continue
        if "text/html" in data:
            page = "".join(data["text/html"])
            texts.append(_TAG.sub(" ", _SCRIPT.sub(" ", page)).replace("&nbsp;", " "))
        elif "text/markdown" in data:
            texts.append("".join(data["text/markdown"]))
        elif "text/plain" in data:
            texts.append("".join(data["text/plain"]))
        elif output.get("output_type") == "stream":
            texts.append("".join(output.get("text", "")))
    return "\n".join(texts)


def numbers_in(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in _NUMBER.findall(_DATE.sub(" ", text))]


def input_numbers(folder: Path) -> set[float]:
    """Every number written in the lesson's project files: data the learner computes from."""
    files = "\n".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file())
    return set(numbers_in(files))


def leaks(book, lesson: str, language: str) -> list[str]:
    """Each number or date exercise whose expected answer a learner can read in the lesson's
    outputs after Run All Cells (before the exercise or below it: every output but the
    questions). A number within the exercise's tolerance counts, a date as YYYY-MM-DD; an
    answer that is also written in the lesson's own files is data, not a leak (a duration
    of 2 days may be on screen when the answer is 2 days of float), so it is not looked for."""
    from pmtools.io import load_project
    from pmtools.training import EXERCISES, expected_answer, lesson_dir

    folder = lesson_dir(lesson, language)
    project = load_project(folder)
    data = input_numbers(folder)
    files = "\n".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file())
    asked, shown_text = [], ""
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        question = re.fullmatch(r'training\.exercise\("([^"]+)"\)', cell.source.strip())
        if question:
            asked.append(EXERCISES[question.group(1)])
        else:
            shown_text += "\n" + output_text(cell)
    shown_numbers = numbers_in(shown_text)
    found = []
    for exercise in asked:
        if exercise.kind == "number":
            value = expected_answer(exercise, project)
            allowed = exercise.tolerance * (abs(value) if exercise.relative else 1.0)
            allowed = max(allowed, 0.005)
            hits = [n for n in shown_numbers if abs(n - value) <= allowed]
            if hits and not any(abs(n - value) <= allowed for n in data):
                found.append(f"{exercise.id}: {value:g} shown as {hits[0]:g}")
        elif exercise.kind == "date":
            value = expected_answer(exercise, project).isoformat()
            if value in _DATE.findall(shown_text) and value not in files:
                found.append(f"{exercise.id}: {value}")
    return found


@pytest.fixture(scope="module")
def learner_runs():
    """Every lesson in both languages as a learner opens it (solutions=False); nobody
    types, so the exercises show their questions only."""
    return _run_every_lesson(solutions=False)


@pytest.mark.parametrize(("lesson", "language"), BOOKS, ids=[f"{n}-{lang}" for n, lang in BOOKS])
def test_no_output_gives_an_exercise_answer_away(learner_runs, lesson, language):
    book, error = learner_runs[lesson, language]
    assert error is None
    assert leaks(book, lesson, language) == []


@pytest.mark.parametrize(("lesson", "language"), BOOKS, ids=[f"{n}-{lang}" for n, lang in BOOKS])
def test_lesson_tables_have_headings_in_the_lesson_language(trainer_runs, lesson, language):
    """Every table a lesson shows (trainer mode shows them all) has its headings from the
    catalogue: Chinese in a zh lesson, never a raw column name (``approved_on``), no NaN."""
    book, _ = trainer_runs[lesson, language]
    pages = [
        "".join(output.get("data", {}).get("text/html", ""))
        for cell in book.cells
        for output in cell.get("outputs", [])
    ]
    tables = [page for page in pages if "pmtools-lesson-table" in page]
    headings = [h for page in tables for h in re.findall(r"<th>(.*?)</th>", page)]
    if language == "zh":
        assert [h for h in headings if not re.search(r"[\u4e00-\u9fff]", h)] == []
    else:
        assert [h for h in headings if re.fullmatch(r"[a-z_ ]+", h)] == []
    assert not any(">nan<" in page.lower() or ">nat<" in page.lower() for page in tables)
