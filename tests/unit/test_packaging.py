"""Packaging: environment.yml matches pyproject.toml; core modules stay light."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from tests.conftest import ROOT


def _normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).lower()


def test_environment_yml_lists_the_same_pinned_ranges_as_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = (
        pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"]["test"]
    )
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [
        d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))
    ]
    assert sorted(map(_normalise, conda)) == sorted(map(_normalise, wanted))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.replace("python", "") == pyproject["project"]["requires-python"]


def test_core_modules_do_not_import_heavy_ui_libraries():
    code = (
        "import sys, pmtools, pmtools.cli, pmtools.schedule, pmtools.io;"
        "heavy = {'plotly', 'ipywidgets', 'papermill', 'rich', 'nbformat'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_command_line_loads_only_what_its_command_needs(make_project):
    """``import pmtools`` and the parser load neither numpy nor pandas (so ``run`` can set
    OPENBLAS_THREAD_TIMEOUT before numpy starts); ``simulate --json`` loads no scheduler
    report code, file editing, message catalogues or UI library."""
    folder = make_project(
        "id,name,duration,predecessors,optimistic,most_likely,pessimistic\n"
        "A,a,3,,2,3,5\nB,b,2,A,1,2,4\n"
    )
    code = (
        "import sys, pmtools, pmtools.cli;"
        "print(sorted({'numpy', 'pandas'} & set(sys.modules)));"
        f"pmtools.cli.main(['simulate', {str(folder)!r}, '--iterations', '20', '--json']);"
        "unneeded = {'pmtools.schedule', 'pmtools.tables.edit', 'pmtools.i18n.en', 'tempfile',"
        " 'plotly', 'ipywidgets', 'papermill', 'nbformat', 'holidays'};"
        "print(sorted(unneeded & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "[]"
    assert '"iterations": 20' in result.stdout
    assert lines[-1] == "[]"
