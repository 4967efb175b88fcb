"""What users see stays the same: command output and report text against tests/golden/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import load_notebook, notebook_text
from tests.golden.update import (
    COMMANDS,
    GOLDEN,
    LANGUAGES,
    NOTEBOOKS,
    PROJECTS,
    REPORTS,
    build_reports,
    command_output,
)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_command_output_is_unchanged(project: Path, name: str) -> None:
    expected = (GOLDEN / project.name / name).read_text(encoding="utf-8")
    assert command_output(name, project) == expected


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every report notebook on every example in both languages, through the batch runner."""
    built = {}
    for language in LANGUAGES:
        out = tmp_path_factory.mktemp(f"golden-{language}")
        build_reports(out, language)
        built[language] = out
    return built


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("project", "notebook"), REPORTS, ids=[f"{p.name}-{n}" for p, n in REPORTS]
)
def test_report_text_is_unchanged(
    reports: dict[str, Path], project: Path, notebook: str, language: str
) -> None:
    book = load_notebook(reports[language] / project.name / f"{notebook}.ipynb")
    expected = (GOLDEN / project.name / f"{notebook}.{language}.txt").read_text(encoding="utf-8")
    assert notebook_text(book) == expected


@pytest.mark.slow
def test_reports_that_do_not_apply_are_not_built(reports: dict[str, Path]) -> None:
    """Examples without work items get no flow report (and so no link on the portfolio page);
    the others get one."""
    skipped = [(p, n) for p in PROJECTS for n in NOTEBOOKS if (p, n) not in REPORTS]
    assert {(p.name, n) for p, n in skipped} == {
        ("crm-rollout", "flow"),
        ("datacentre-migration", "flow"),
    }
    for language, out in reports.items():
        for project, notebook in skipped:
            assert not (out / project.name / f"{notebook}.html").exists(), language
        index = (out / "index.html").read_text(encoding="utf-8")
        assert "mobile-banking-app/flow.html" in index
        assert "crm-rollout/flow.html" not in index
