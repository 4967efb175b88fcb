"""Notebooks: clean sources, and each report notebook runs under plain papermill.

Every report notebook on every example in both languages runs through the warm
batch runner in tests/golden (its text compared with the golden copy); here each
notebook runs once under papermill itself, in a fresh kernel, as a PM would run it.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill
import pytest

from tests.conftest import EXAMPLES, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REPORTS = NOTEBOOKS  # every notebook is a report
#: One example per notebook, both languages over the set: Chinese data in English and back.
CASES = [
    (notebook, EXAMPLES / ("erp-upgrade-cn" if i % 2 else "crm-rollout"), ("en", "zh")[i % 2])
    for i, notebook in enumerate(REPORTS)
]
ALLOWED_METADATA = {"kernelspec", "language_info"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_sources_are_committed_clean(path: Path):
    book = json.loads(path.read_text(encoding="utf-8"))
    assert set(book["metadata"]) <= ALLOWED_METADATA
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert set(cell["metadata"]) <= {"tags"}
    first = book["cells"][0]
    assert "parameters" in first["metadata"].get("tags", [])
    source = "".join(first["source"])
    for name in ("project_dir", "status_date", "language"):
        assert f"{name} = " in source


@pytest.mark.slow
@pytest.mark.parametrize(
    ("notebook", "project", "language"), CASES, ids=[f"{n.stem}-{lang}" for n, _, lang in CASES]
)
def test_report_runs_under_papermill(tmp_path, notebook, project, language, monkeypatch):
    monkeypatch.setenv("PMTOOLS_INTERACTIVE", "0")
    out = tmp_path / f"{notebook.stem}.ipynb"
    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters={"project_dir": str(project), "language": language},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(ROOT),
    )
    book = nbformat.read(out, as_version=4)
    text = json.dumps([c.get("outputs", []) for c in book.cells], ensure_ascii=False)
    assert '"output_type": "error"' not in text
    assert "application/vnd.plotly.v1+json" in text  # charts rendered
    assert "text/html" in text  # and embedded for offline HTML
    marker = {"en": "report", "zh": "报告"}[language]
    assert marker in text.lower()
    assert "Traceback" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_has_help_text_papermill_can_read(path: Path):
    parameters = papermill.inspect_notebook(str(path))
    for name in ("project_dir", "status_date", "language"):
        assert parameters[name]["help"], name
