"""pmtools report: a portfolio of a real project, a broken one and a hostile one."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from pmtools.cli import main
from tests.conftest import EXAMPLES, ROOT

HOSTILE_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio")
    for example in sorted(EXAMPLES.iterdir()):
        if (example / "project.yaml").is_file():
            shutil.copytree(example, root / example.name)
    shutil.copytree(EXAMPLES / "mobile-banking-app", root / "mobile")
    shutil.copytree(ROOT / "tests" / "projects" / "cycle", root / "broken")
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "project.yaml").write_text(
        f'name: "{HOSTILE_NAME}"\nstart: 2026-03-02\nmanager: "@SUM(A1)"\ncustomer: "=cmd|x"\n',
        encoding="utf-8",
    )  # no status_date: every report is at today's date
    (hostile / "tasks.csv").write_text(
        "id,name,duration,predecessors,planned_cost\nA,<script>alert(2)</script>,3,,100\n",
        encoding="utf-8",
    )
    (hostile / "risks.csv").write_text(
        'id,title,probability,impact\nR1,"=HYPERLINK(""http://x"")",4,4\n', encoding="utf-8"
    )
    return root


def _run(portfolio, out, *extra):
    dirs = [str(portfolio / "*")]  # every example, a copy of one, the broken and the hostile
    return main(
        ["report", *dirs, "--out", str(out), "--notebooks", "status,cost", "--jobs", "2",
         "--json", *extra]
    )  # fmt: skip


@pytest.fixture(scope="module")
def first_run(portfolio, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = _run(portfolio, out)
    return out, code, json.loads(buffer.getvalue())


def test_every_output_and_the_exit_code(first_run):
    out, code, summary = first_run
    assert code == 1  # something failed
    for name in ("index.html", "portfolio.csv", "portfolio.xlsx", "plotly.min.js"):
        assert (out / name).is_file()
    for nb in ("status", "cost"):
        assert (out / "mobile" / f"{nb}.ipynb").is_file() and (
            out / "mobile" / f"{nb}.html"
        ).is_file()
    results = {r["folder"]: r for r in summary["results"]}
    examples = sorted(p.name for p in EXAMPLES.iterdir() if (p / "project.yaml").is_file())
    assert sorted(results) == sorted([*examples, "mobile", "broken", "hostile"])
    assert all(results[name]["ok"] for name in [*examples, "mobile", "hostile"])
    assert summary["failed"] == ["broken"]
    for name in examples:
        assert (out / name / "status.html").is_file() and (out / name / "cost.html").is_file()
    assert [n["name"] for n in results["mobile"]["notebooks"]] == ["status", "cost"]
    assert all(n["seconds"] > 0 for n in results["mobile"]["notebooks"])
    broken = results["broken"]
    assert broken["notebooks"] == [] and any("loop" in p for p in broken["problems"])
    hostile = {n["name"]: n for n in results["hostile"]["notebooks"]}
    assert hostile["status"]["ok"] and hostile["cost"]["ok"]


def test_index_lists_failures_and_escapes_user_text(first_run):
    out, _, _ = first_run
    page = (out / "index.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page
    assert "Harbor FCU mobile banking app" in page and 'href="mobile/status.html"' in page
    assert "broken" in page and "loop" in page and 'href="hostile/cost.html"' in page
    assert '<script src="plotly.min.js">' in page and "cdn.plot.ly" not in page
    hostile_status = (out / "hostile" / "status.html").read_text(encoding="utf-8")
    assert "<script>alert(2)" not in hostile_status and HOSTILE_NAME not in hostile_status


def test_exports_neutralise_formulas(first_run):
    out, _, _ = first_run
    with open(out / "portfolio.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["folder"]: r for r in csv.DictReader(handle)}
    assert "broken" not in rows and {"mobile", "hostile"} <= set(rows)  # broken: no row
    assert len(rows) == 6
    hostile = rows["hostile"]
    assert hostile["manager"] == "'@SUM(A1)" and hostile["customer"] == "'=cmd|x"
    assert hostile["top_risk"] == '\'=HYPERLINK("http://x")'
    assert hostile["project"] == HOSTILE_NAME  # plain text, harmless in a spreadsheet
    from openpyxl import load_workbook

    sheet = load_workbook(out / "portfolio.xlsx").active
    assert sheet.freeze_panes == "C2" and sheet["A1"].font.bold
    header = [c.value for c in sheet[1]]
    crm = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "crm-rollout")
    finish = crm[header.index("finish")]
    assert isinstance(finish.value, dt.datetime) and finish.number_format == "yyyy-mm-dd"
    spi = crm[header.index("spi")].value
    assert isinstance(spi, float) and round(spi, 2) == spi
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.lstrip("'").startswith(("=", "@", "+"))]
    assert risky and all(c.value.startswith("'") and c.data_type == "s" for c in risky)


def test_unchanged_projects_are_skipped_until_forced(portfolio, first_run, capsys):
    out, _, _ = first_run
    assert _run(portfolio, out) == 1
    summary = json.loads(capsys.readouterr().out)
    skipped = {r["folder"] for r in summary["results"] if r["skipped"]}
    assert skipped == {r["folder"] for r in summary["results"]} - {"broken"}
    assert summary["ran"] == 1  # failed projects run again
    (portfolio / "mobile" / "risks.csv").write_text(
        (portfolio / "mobile" / "risks.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert _run(portfolio, out) == 1
    changed = json.loads(capsys.readouterr().out)
    assert [r["folder"] for r in changed["results"] if not r["skipped"]] == [
        "broken",
        "mobile",
    ]  # an input of mobile changed
    assert _run(portfolio, out, "--force") == 1
    assert json.loads(capsys.readouterr().out)["skipped"] == 0


def test_bad_arguments(tmp_path, capsys):
    assert main(["report", str(tmp_path / "none"), "--out", str(tmp_path / "o")]) == 1
    assert "no project folder" in capsys.readouterr().err
    assert main(["report", str(EXAMPLES / "crm-rollout"), "--out", str(tmp_path / "o"),
                 "--notebooks", "nope"]) == 1  # fmt: skip
    assert "nope" in capsys.readouterr().err


def test_dask_executor_on_a_local_cluster(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        code = main(
            ["report", str(EXAMPLES / "crm-rollout"), "--out", str(tmp_path / "out"),
             "--notebooks", "status", "--executor", "dask",
             "--scheduler", cluster.scheduler_address, "--json"]
        )  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["ran"] == 1 and summary["results"][0]["ok"]
    assert (tmp_path / "out" / "crm-rollout" / "status.html").is_file()
    assert "Brenner CRM rollout" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_failed_report_opens_on_its_failure(tmp_path):
    """The saved notebook and HTML start with a red banner naming the cell and the error,
    linking to an anchor above the failing cell (as papermill marks failures)."""
    from pmtools.report.batch import NOTEBOOK_DIR, build_reports

    cases = tmp_path / "notebooks"
    cases.mkdir()
    shutil.copy(ROOT / "tests" / "notebooks" / "cases" / "broken.ipynb", cases / "broken.ipynb")
    shutil.copy(NOTEBOOK_DIR / "status.ipynb", cases / "status.ipynb")
    summary = build_reports(
        [EXAMPLES / "crm-rollout"],
        tmp_path / "out",
        notebooks=("status", "broken"),
        notebook_dir=cases,
    )
    result = summary["results"][0]
    assert summary["failed"] == ["crm-rollout"] and result["problems"] == []
    status, broken = result["notebooks"]
    assert status["ok"] and not broken["ok"]
    assert broken["error"] == "cell 5: ValueError: the budget sheet is missing"  # after params
    saved = json.loads((tmp_path / "out" / "crm-rollout" / "broken.ipynb").read_text())
    banner = "".join(saved["cells"][0]["source"])
    assert "This report stopped with an error" in banner and "budget sheet" in banner
    assert 'href="#pmtools-error-cell"' in banner
    anchor = next(
        i
        for i, c in enumerate(saved["cells"])
        if "pmtools-error-cell" in "".join(c["source"]) and i
    )
    assert "raise ValueError" in "".join(saved["cells"][anchor + 1]["source"])
    page = (tmp_path / "out" / "crm-rollout" / "broken.html").read_text(encoding="utf-8")
    assert page.index("pmtools-failed") < page.index('id="pmtools-error-cell"')
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "the budget sheet is missing" in index


# -- what the reliability probe found in batch runs ----------------------------------------------


def _notebooks(tmp_path, **cells):
    """A notebook folder with the status notebook and test notebooks whose cell is given."""
    import nbformat

    from pmtools.report.batch import NOTEBOOK_DIR

    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(NOTEBOOK_DIR / "status.ipynb", folder / "status.ipynb")
    case = nbformat.read(ROOT / "tests" / "notebooks" / "cases" / "broken.ipynb", as_version=4)
    for name, code in cells.items():
        case.cells[3].source = code
        nbformat.write(case, folder / f"{name}.ipynb")
    return folder


def test_a_dead_kernel_fails_its_notebook_at_once_and_the_next_runs(tmp_path):
    from pmtools.report.batch import build_reports

    cases = _notebooks(tmp_path, dead="import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    began = time.perf_counter()
    summary = build_reports(
        [EXAMPLES / "crm-rollout"], tmp_path / "out", notebooks=("dead", "status"),
        notebook_dir=cases, timeout=600,
    )  # fmt: skip
    dead, status = summary["results"][0]["notebooks"]
    assert dead["error"] == "DeadKernelError: Kernel died" and status["ok"]
    assert time.perf_counter() - began < 120  # not the 600 s cell timeout


def test_notebooks_are_names_not_paths(tmp_path, capsys):
    out = tmp_path / "o"
    code = main(["report", str(EXAMPLES / "crm-rollout"), "--out", str(out),
                 "--notebooks", "../notebooks/status"])  # fmt: skip
    assert code == 1 and "../notebooks/status" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_a_project_folder_named_like_the_reports_own_files(tmp_path):
    from pmtools.report.batch import build_reports

    odd = tmp_path / "index.html"
    shutil.copytree(EXAMPLES / "crm-rollout", odd)
    summary = build_reports([odd], tmp_path / "out", notebooks=("status",))
    assert summary["results"][0]["folder"] == "index.html-2" and not summary["failed"]
    assert (tmp_path / "out" / "index.html").is_file()
    assert (tmp_path / "out" / "index.html-2" / "status.html").is_file()


def test_a_project_being_built_is_not_marked_built_until_it_is(tmp_path):
    """An interrupted run leaves the project unbuilt in the state, so it is rebuilt even if
    its files are reverted to what the last finished run saw."""
    import threading

    from pmtools.report.batch import STATE_FILE, build_reports

    cases = _notebooks(tmp_path, slow="import time\ntime.sleep(8)")
    out = tmp_path / "out"
    project = tmp_path / "crm"
    shutil.copytree(EXAMPLES / "crm-rollout", project)
    build_reports([project], out, notebooks=("status",), notebook_dir=cases)
    assert "crm" in json.loads((out / STATE_FILE).read_text())
    seen: list[bool] = []
    run = threading.Thread(
        target=build_reports,
        args=([project], out),
        kwargs={"notebooks": ("status", "slow"), "notebook_dir": cases},
    )
    run.start()
    for _ in range(600):
        if "crm" not in json.loads((out / STATE_FILE).read_text()):
            seen.append(True)
            break
        time.sleep(0.05)
    run.join()
    assert seen == [True]
    assert "crm" in json.loads((out / STATE_FILE).read_text())


def test_ctrl_c_stops_the_run_and_keeps_what_finished(tmp_path):
    import signal

    import psutil

    from pmtools.report.batch import STATE_FILE

    cases = _notebooks(tmp_path, slow="import time\ntime.sleep(600)")
    projects = []
    for name in ("a-first", "b-second"):
        shutil.copytree(EXAMPLES / "crm-rollout", tmp_path / name)
        projects.append(str(tmp_path / name))
    script = (
        "import faulthandler, signal, sys\nfrom pathlib import Path\n"
        "from pmtools.report.batch import build_reports\n"
        "faulthandler.register(signal.SIGUSR1, all_threads=True)  # where it hangs, if it does\n"
        # Ctrl-C as in a terminal, whatever this test's parent does with SIGINT (a shell's
        # background job ignores it, and the ignoring is inherited)
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "if __name__ == '__main__':\n"
        f"    summary = build_reports([Path(p) for p in {projects!r}],"
        f" Path({str(tmp_path / 'out')!r}), notebooks=('status', 'slow'),"
        f" notebook_dir=Path({str(cases)!r}))\n"
        "    print('Stopped (Ctrl-C)' if summary['interrupted'] else 'finished', file=sys.stderr)\n"
        "    sys.exit(130 if summary['interrupted'] else 0)\n"
    )
    (tmp_path / "run.py").write_text(script)
    log = tmp_path / "stderr.txt"  # a file, not a pipe: the run's exit is not its kernels'
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(tmp_path / "run.py")], stderr=stderr, start_new_session=True
        )
    state = tmp_path / "out" / STATE_FILE
    for _ in range(1200):  # wait until the slow notebook runs
        if (tmp_path / "out" / "a-first" / "status.html").exists():
            break
        time.sleep(0.1)
    time.sleep(2)
    tree = psutil.Process(process.pid).children(recursive=True)
    kernels = [p for p in tree if any("ipykernel" in part for part in p.cmdline())]
    assert kernels  # the worker's warm kernel, running the slow notebook
    stopped = time.perf_counter()
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGUSR1)
        time.sleep(1)
        process.kill()
        pytest.fail(f"the run did not stop; its threads:\n{log.read_text()[-8000:]}")
    # the kernels went with their workers, before the run ended: none is left behind
    left = [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    assert not left
    assert time.perf_counter() - stopped < 30
    err = log.read_text()
    assert process.returncode == 130 and "Traceback" not in err
    assert "Stopped (Ctrl-C)" in err
    assert (tmp_path / "out" / "index.html").is_file()
    assert json.loads(state.read_text()) == {}  # nothing finished: nothing marked built


def test_plotly_is_beside_the_reports_before_the_first_one_is_written(tmp_path, monkeypatch):
    """A PDF is printed right after its report: plotly.js must already be in OUT, or the
    charts print blank (it used to be written with the portfolio page, at the end)."""
    from pmtools.report import batch

    seen = []

    def run(jobs, workers, done):
        seen.append((tmp_path / "out" / "plotly.min.js").is_file())
        raise KeyboardInterrupt  # nothing needs to run

    monkeypatch.setattr(batch, "_run_local", run)
    shutil.copytree(EXAMPLES / "crm-rollout", tmp_path / "crm")
    batch.build_reports([tmp_path / "crm"], tmp_path / "out", notebooks=("status",))
    assert seen == [True]
