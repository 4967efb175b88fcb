"""Rewrite the golden outputs: ``python -m tests.golden.update`` from the repository root."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pmtools.tables import report_notebooks
from tests.conftest import EXAMPLES, ROOT, report_applies
from tests.golden import load_notebook, notebook_text

GOLDEN = Path(__file__).resolve().parent
PROJECTS = sorted(p for p in EXAMPLES.iterdir() if (p / "project.yaml").is_file())
NOTEBOOKS = report_notebooks()  # every practice with a report, from the registry
#: (project, notebook) of every report pmtools report builds: a practice's report only where
#: it applies (no flow report for an example without work items)
REPORTS = [(p, n) for p in PROJECTS for n in NOTEBOOKS if report_applies(p, n)]
LANGUAGES = ("en", "zh")
COMMANDS = {
    "check.txt": ["check"],
    "schedule.json": ["schedule", "--json"],
    "simulate.json": ["simulate", "--json", "--seed", "1", "--iterations", "2000"],
    "evm.json": ["evm", "--json"],
}


def command_output(name: str, project: Path) -> str:
    """stdout then stderr of ``pmtools <command> examples/<project>`` run from the root."""
    args = [*COMMANDS[name][:1], str(project.relative_to(ROOT)), *COMMANDS[name][1:]]
    result = subprocess.run(
        [sys.executable, "-m", "pmtools", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PMTOOLS_LANGUAGE": ""},
        check=False,
    )
    return result.stdout + result.stderr + f"[exit {result.returncode}]\n"


def build_reports(out: Path, language: str) -> None:
    from pmtools.report.batch import build_reports as build

    summary = build(PROJECTS, out, notebooks=NOTEBOOKS, jobs=2, language=language, force=True)
    if summary["failed"]:
        raise SystemExit(f"reports failed: {summary['failed']}")


def main() -> None:
    for project in PROJECTS:
        folder = GOLDEN / project.name
        folder.mkdir(exist_ok=True)
        for name in COMMANDS:
            (folder / name).write_text(command_output(name, project), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        for language in LANGUAGES:
            out = Path(scratch) / language
            build_reports(out, language)
            for project, notebook in REPORTS:
                book = load_notebook(out / project.name / f"{notebook}.ipynb")
                target = GOLDEN / project.name / f"{notebook}.{language}.txt"
                target.write_text(notebook_text(book), encoding="utf-8")


if __name__ == "__main__":
    main()
