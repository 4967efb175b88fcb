"""Batch reports: run the report notebooks over many project folders (``pmtools report``).

Kernel start-up and the imports of pandas, plotly and pmtools cost about three
seconds per notebook under plain papermill, more than most reports take to
compute. Here every worker process keeps one warm Jupyter kernel and runs all
the notebooks of its projects in it (the kernel's namespace is reset between
notebooks, its imported modules stay), and converts the results to HTML with
one exporter. Parameters are injected the papermill way (a cell tagged
``injected-parameters`` after the ``parameters`` cell).

A project whose files are invalid is listed with its messages and runs no
notebooks; a notebook whose practice does not apply to a project
(``Practice.applies``: no work items, no flow report) is not run for it; a
notebook that fails is saved with the error at the failing cell and listed;
neither stops the other projects. Inputs are hashed (the project
folder, the notebooks, pmtools itself and the parameters) and stored in
``OUT/.pmtools-report.json``: an unchanged project is skipped unless forced.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pmtools.tables import report_notebooks

__all__ = ["Job", "build_reports", "input_hash", "run_project"]

_PACKAGE = Path(__file__).resolve().parent.parent  # pmtools/
_PACKAGED = _PACKAGE / "_notebooks"  # in a wheel
#: The report notebooks: packaged with pmtools, or notebooks/ of a source checkout.
NOTEBOOK_DIR = _PACKAGED if _PACKAGED.is_dir() else _PACKAGE.parent / "notebooks"
#: The report notebooks run by default: one per practice that has one, from the registry.
CORE = report_notebooks()
STATE_FILE = ".pmtools-report.json"


@dataclass(frozen=True)
class Job:
    """One project to report on: where it is, where its reports go, and how."""

    project_dir: str
    folder: str
    out_dir: str
    notebooks: tuple[str, ...]
    status_date: str | None = None
    language: str | None = None
    timeout: int = 600
    notebook_dir: str = str(NOTEBOOK_DIR)
    standalone: bool = False


@dataclass
class Outcome:
    """What happened to one project: its portfolio row, each notebook, the problems."""

    folder: str
    project_dir: str
    ok: bool = True
    skipped: bool = False
    seconds: float = 0.0
    row: dict[str, Any] | None = None
    notebooks: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# -- the warm kernel of this process ----------------------------------------------------------

_KERNEL: Any = None  # (kernel manager, blocking client, asyncio client) of this process
_EXPORTER: Any = None


def _kernel() -> Any:
    global _KERNEL
    if _KERNEL is None or not _KERNEL[0].is_alive():
        from jupyter_client.manager import KernelManager

        # local sockets instead of TCP on loopback: nothing to listen on, nothing to warn about
        sockets = Path(tempfile.gettempdir()) / f"pmtools-kernel-{os.getpid()}"
        manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets))
        env = {
            **os.environ,
            "PMTOOLS_INTERACTIVE": "0",
            "PMTOOLS_PLOTLY_JS": "../plotly.min.js",
            "PMTOOLS_REPORT_CACHE": "1",
        }
        manager.start_kernel(cwd=os.getcwd(), env=env)
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=120)
        # notebooks run through an asyncio client: waiting for a reply then leaves the event
        # loop free to notice, within a second, that the kernel died
        from jupyter_client.asynchronous.client import AsyncKernelClient

        watched = AsyncKernelClient()
        watched.load_connection_info(manager.get_connection_info())
        watched.start_channels()
        _KERNEL = (manager, client, watched)
    return _KERNEL


def _drop_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        manager, client, watched = _KERNEL
        with contextlib.suppress(Exception):  # a dead kernel is what we are dropping
            client.stop_channels()
            watched.stop_channels()
            manager.shutdown_kernel(now=True)
        _KERNEL = None


#: nbconvert templates of the reports (``pmtools``: JupyterLab's, fetching nothing).
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _exporter() -> Any:
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(  # type: ignore[no-untyped-call]
            template_name="pmtools",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    return _EXPORTER


_RESET = "get_ipython().run_line_magic('reset', '-f')"


def _watched_client() -> Any:
    """A NotebookClient that notices a dead kernel within a second: it asks the kernel's
    process, not the heartbeat (which over local sockets kept beating for a dead kernel,
    so a killed kernel failed its notebook only at the cell timeout)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    class WatchedClient(NotebookClient):
        async def _async_check_alive(self) -> None:
            if self.km is not None and not self.km.is_alive():
                raise DeadKernelError("Kernel died")
            await super()._async_check_alive()

    return WatchedClient


def _execute(path: Path, parameters: dict[str, Any], timeout: int) -> tuple[Any, str | None]:
    """Run one notebook in the warm kernel; returns the notebook and the error, if any."""
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    book = load_notebook_node(str(path))
    book = parameterize_notebook(book, parameters, kernel_name="python3", language="python")
    manager, kernel_client, watched = _kernel()
    _WatchedClient = _watched_client()
    error = None
    try:
        # a clean namespace for each notebook; imported modules stay warm
        kernel_client.execute_interactive(_RESET, timeout=timeout, store_history=False)
        client = _WatchedClient(
            book,
            km=manager,
            timeout=timeout,
            resources={"metadata": {"path": os.getcwd()}},
        )
        client.kc = watched  # the warm client: no new channels per notebook
        client.execute()
    except CellExecutionError as exc:
        error = _error_text(book) or str(exc).strip().splitlines()[-1]
        _mark_failure(book, error)
    except (DeadKernelError, TimeoutError, RuntimeError) as exc:
        error = f"{type(exc).__name__}: {exc}".strip()
        _drop_kernel()
    return book, error


def _mark_failure(book: Any, error: str) -> None:
    """Open the saved report on its failure, as papermill does: a red banner on top naming the
    failing cell and the error, linking to an anchor just above that cell."""
    import nbformat

    from pmtools.i18n import t
    from pmtools.render import escape

    failing = next(
        (
            index
            for index, cell in enumerate(book.cells)
            if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        ),
        None,
    )
    style = "color:#c0392b;font-family:sans-serif"
    if failing is not None:
        anchor = nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
            f'<span id="pmtools-error-cell" style="{style}">'
            f"{escape(t('report.failed.here'))}</span>"
        )
        book.cells.insert(failing, anchor)
    banner = nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
        f'<div class="pmtools-failed" style="{style};border:2px solid #c0392b;padding:8px 12px;'
        f'background:#fdedec"><b>{escape(t("report.failed.title"))}</b> '
        f'{escape(error)} <a href="#pmtools-error-cell">{escape(t("report.failed.link"))}</a>'
        "</div>"
    )
    book.cells.insert(0, banner)


def _error_text(book: Any) -> str | None:
    for index, cell in enumerate(book.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {index + 1}: {output.get('ename')}: {output.get('evalue')}"
    return None


def _write_notebook(book: Any, target: Path, page: dict[str, Any] | None = None) -> None:
    """The report notebook and its HTML page. ``page``: ``title`` (the browser's title),
    ``language`` (the page's ``lang``) and ``notice`` (shown where charts cannot load)."""
    import nbformat

    from pmtools.render.css import PRINT, REPORT
    from pmtools.tables.files import atomic_write_text

    page = page or {}
    if page.get("title"):
        book.metadata["title"] = page["title"]
    text = nbformat.writes(book)  # type: ignore[no-untyped-call]
    atomic_write_text(target.with_suffix(".ipynb"), text)
    resources = {"pmtools_css": REPORT + PRINT, "pmtools_notice": page.get("notice") or ""}
    exporter = _exporter()
    exporter.language_code = page.get("language") or "en"  # the page's lang: fonts, hyphens
    html, _ = exporter.from_notebook_node(book, resources=resources)
    atomic_write_text(target.with_suffix(".html"), html)


class _KernelCallFailed(Exception):
    """A call into the warm kernel raised; the message is the kernel's error."""


def _kernel_call(code: str, timeout: int) -> dict[str, Any]:
    """Run ``code`` in the warm kernel and read back the JSON document it writes."""
    from pmtools.report._kernel import MARKER

    _, client, _ = _kernel()
    chunks: list[str] = []
    errors: list[str] = []

    def hook(message: dict[str, Any]) -> None:
        kind, content = message["header"]["msg_type"], message["content"]
        if kind == "stream" and content.get("name") == "stdout":
            chunks.append(content["text"])
        elif kind == "error":
            errors.append(f"{content['ename']}: {content['evalue']}")

    client.execute_interactive(code, timeout=timeout, store_history=False, output_hook=hook)
    if errors:
        raise _KernelCallFailed(errors[0])
    text = "".join(chunks)
    if MARKER not in text:
        raise _KernelCallFailed(text.strip() or "no answer from the kernel")
    document: dict[str, Any] = json.loads(text.rsplit(MARKER, 1)[1])
    return document


def _call(function: str, *arguments: Any) -> str:
    """Python source calling ``pmtools.report._kernel.<function>`` with JSON literal arguments."""
    listed = ", ".join(repr(a) for a in arguments)
    return f"import pmtools.report._kernel as _k; _k.{function}({listed}); del _k"


def run_project(job: Job) -> Outcome:
    """Load one project in this process's warm kernel, run its notebooks there and compute its
    portfolio row from the same load. Never raises for a bad project: a project whose files
    are invalid (or that cannot be loaded) runs no notebook and its problems go in the
    outcome; a failing notebook is saved with the failure marked and listed."""
    began = time.perf_counter()
    outcome = Outcome(job.folder, job.project_dir)
    target = Path(job.out_dir) / job.folder
    target.mkdir(parents=True, exist_ok=True)
    project_dir = str(Path(job.project_dir).resolve())
    try:
        plotly_js = "embed" if job.standalone else "../plotly.min.js"
        code = _call(
            "prepare", project_dir, job.status_date, job.language, list(job.notebooks), plotly_js
        )
        prepared = _kernel_call(code, job.timeout)
    except _KernelCallFailed as exc:
        prepared = {"ok": False, "problems": [str(exc)]}
    if not prepared["ok"]:
        outcome.ok = False
        outcome.problems = list(prepared["problems"])
        outcome.seconds = time.perf_counter() - began
        return outcome
    parameters: dict[str, Any] = {"project_dir": project_dir}
    if job.status_date:
        parameters["status_date"] = job.status_date
    if job.language:
        parameters["language"] = job.language
    for name in job.notebooks:
        if name in prepared.get("skip", []):  # nothing to show: no report, no link
            outcome.notebooks.append({"name": name, "seconds": 0.0, "ok": True, "applies": False})
            with contextlib.suppress(OSError):  # a report left from when it applied
                (target / f"{name}.html").unlink()
                (target / f"{name}.ipynb").unlink()
            continue
        started = time.perf_counter()
        book, error = _execute(Path(job.notebook_dir) / f"{name}.ipynb", parameters, job.timeout)
        page = {
            "title": prepared.get("titles", {}).get(name),
            "language": prepared.get("language"),
            "notice": prepared.get("notice"),
        }
        _write_notebook(book, target / name, page)
        entry = {"name": name, "seconds": round(time.perf_counter() - started, 2), "ok": not error}
        if error:
            entry["error"] = error
            outcome.ok = False
        outcome.notebooks.append(entry)
    try:
        code = _call("row", project_dir, job.status_date, job.language, job.folder)
        outcome.row = _kernel_call(code, job.timeout)
    except _KernelCallFailed as exc:
        outcome.ok = False
        outcome.problems.append(str(exc))
    outcome.seconds = time.perf_counter() - began
    return outcome


def _print_pdfs(printer: Any, out: Path, outcome: Outcome) -> None:
    """Each report of ``outcome`` that ran as an A4 PDF beside its HTML; a PDF that cannot
    be printed fails the project with the reason."""
    for entry in outcome.notebooks:
        html = out / outcome.folder / f"{entry['name']}.html"
        if not entry.get("applies", True) or not html.is_file():
            continue
        try:
            entry["pdf_pages"] = printer.print_pdf(html, html.with_suffix(".pdf"))
        except Exception as exc:  # the browser crashed or timed out: this report fails
            entry["ok"] = False
            entry["error"] = f"PDF: {exc}"
            outcome.ok = False


# -- hashing and state ----------------------------------------------------------------------


def _files(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(
            part.startswith(".") for part in path.relative_to(folder).parts
        ):
            yield path


def input_hash(
    project_dir: Path,
    notebooks: Iterable[str],
    parameters: dict[str, Any],
    notebook_dir: Path = NOTEBOOK_DIR,
) -> str:
    """SHA-256 over the project's files, the notebooks, pmtools' source and the parameters."""
    digest = hashlib.sha256()
    for path in _files(project_dir):
        digest.update(str(path.relative_to(project_dir)).encode())
        digest.update(path.read_bytes())
    parameters_text = json.dumps(parameters, sort_keys=True)
    digest.update(_code_digest(tuple(notebooks), parameters_text, str(notebook_dir)))
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _code_digest(notebooks: tuple[str, ...], parameters: str, notebook_dir: str) -> bytes:
    """What every project of a run shares: the notebooks, pmtools' source, the parameters
    (read once per run, not once per project)."""
    digest = hashlib.sha256()
    for name in notebooks:
        digest.update((Path(notebook_dir) / f"{name}.ipynb").read_bytes())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(parameters.encode())
    return digest.digest()


#: The report's own files in OUT: a project folder of the same name gets a numbered one.
RESERVED = frozenset({"index.html", "portfolio.csv", "portfolio.xlsx", "plotly.min.js", STATE_FILE})


def _folder_names(dirs: list[Path]) -> list[str]:
    names: list[str] = []
    for path in dirs:
        name = path.resolve().name
        candidate, n = name, 2
        while candidate in names or candidate in RESERVED:
            candidate, n = f"{name}-{n}", n + 1
        names.append(candidate)
    return names


def notebook_names(names: tuple[str, ...], notebook_dir: Path = NOTEBOOK_DIR) -> list[str]:
    """The names among ``names`` that are not report notebooks in ``notebook_dir``: names
    only (``risks``), never paths, so a report is never written outside OUT."""
    return [
        name
        for name in names
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name)
        or not (notebook_dir / f"{name}.ipynb").is_file()
    ]


# -- the run --------------------------------------------------------------------------------


def _run_local(jobs: list[Job], workers: int, done: Callable[[Outcome], None]) -> None:
    # even one worker runs in its own process: the warm kernel and its sockets live and die
    # with it, and the calling process stays clean
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)
    try:
        futures = {pool.submit(run_project, job): job for job in jobs}
        for future in as_completed(futures):
            done(_result(future, futures[future]))
    except KeyboardInterrupt:  # Ctrl-C: stop the workers and their kernels at once
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            _kill_tree(process)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _kill_tree(process: Any) -> None:
    """Kill a worker and the kernel it started. Killed, not terminated: nbclient turns SIGTERM
    into a clean-up the worker survives. The kernel is killed too rather than left to notice
    its parent is gone: until it exits it holds the terminal's (or a caller's) output open."""
    children: list[Any] = []
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with IPython
        psutil = None
    if psutil is not None:
        with contextlib.suppress(psutil.Error):
            children = psutil.Process(process.pid).children(recursive=True)
    process.kill()
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()


def _worker_init() -> None:
    import atexit
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    atexit.register(_drop_kernel)


def _result(future: Any, job: Job) -> Outcome:
    try:
        outcome: Outcome = future.result()
        return outcome
    except Exception as exc:
        return Outcome(
            job.folder, job.project_dir, ok=False, problems=[f"{type(exc).__name__}: {exc}"]
        )


def _run_dask(jobs: list[Job], scheduler: str, done: Callable[[Outcome], None]) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - the extra is part of the test set-up
        raise SystemExit(
            "--executor dask needs the dask extra: pip install 'pmtools[dask]'"
        ) from exc
    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        futures = client.map(run_project, jobs, pure=False)
        index = {f.key: job for f, job in zip(futures, jobs, strict=True)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            done(_result(future, index[future.key]))


def build_reports(
    dirs: list[Path],
    out: Path,
    *,
    notebooks: tuple[str, ...] = CORE,
    jobs: int = 1,
    status_date: str | None = None,
    language: str | None = None,
    force: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    timeout: int = 600,
    notebook_dir: Path = NOTEBOOK_DIR,
    log: Callable[[str], None] | None = None,
    progress: bool = False,
    standalone: bool = False,
    pdf: bool = False,
) -> dict[str, Any]:
    """Run ``notebooks`` on every project in ``dirs`` into ``out`` and write the portfolio
    (index.html, portfolio.csv, portfolio.xlsx). Returns the run summary (``--json``).

    A project is skipped when its inputs hash as when its reports were last built and
    they are all there. The state file is updated after each project (a project about to
    run is first marked unbuilt), so an interrupted run rebuilds exactly what it did not
    finish. Ctrl-C stops the run at once; the index and the state are written for what
    finished and the summary says ``interrupted``. Raises ValueError for a notebook name
    that is not a report notebook (names only, never paths).

    ``standalone`` embeds plotly.js in every report (default: each loads the shared
    ``OUT/plotly.min.js``); ``pdf`` also prints every report to an A4 PDF beside its
    HTML in headless Chromium (``pmtools.report.pdf``; PdfUnavailable, before anything
    runs, when there is no Chromium).
    """
    from pmtools.report.portfolio import write_portfolio
    from pmtools.tables.files import atomic_write_text

    unknown = notebook_names(notebooks, notebook_dir)
    if unknown:
        raise ValueError(f"not report notebooks: {', '.join(unknown)}")
    if pdf:
        from pmtools.report.pdf import find_chromium

        find_chromium()  # fail at once, before an hour of notebooks, when it is missing
    began = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    if not standalone:
        from pmtools.report.portfolio import plotly_beside

        plotly_beside(out)  # before the first report (and PDF) is written
    state_path = out / STATE_FILE
    try:
        state: dict[str, Any] = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    parameters = {
        "status_date": status_date,
        "language": language,
        "notebooks": list(notebooks),
        "standalone": standalone,
        "pdf": pdf,
    }
    outcomes: dict[str, Outcome] = {}
    todo: list[Job] = []
    hashes: dict[str, str] = {}
    folders = _folder_names(dirs)
    for path, folder in zip(dirs, folders, strict=True):
        digest = input_hash(path, notebooks, parameters, notebook_dir)
        hashes[folder] = digest
        previous = state.get(folder)
        shown = [
            n["name"]
            for n in (previous or {}).get("outcome", {}).get("notebooks", [])
            if n.get("applies", True)
        ]
        outputs = all((out / folder / f"{n}.html").is_file() for n in shown) and (
            not pdf or all((out / folder / f"{n}.pdf").is_file() for n in shown)
        )
        if (
            not force
            and previous
            and previous.get("hash") == digest
            and outputs
            and previous["outcome"]["ok"]
        ):
            outcome = Outcome(**{**previous["outcome"], "skipped": True})
            outcomes[folder] = outcome
            continue
        state.pop(folder, None)  # about to be rebuilt: unbuilt until it finishes
        todo.append(
            Job(
                str(path),
                folder,
                str(out),
                notebooks,
                status_date,
                language,
                timeout,
                str(notebook_dir),
                standalone,
            )
        )

    def save_state() -> None:
        atomic_write_text(state_path, json.dumps(state, ensure_ascii=False, indent=1))

    save_state()
    total = len(todo)
    bar = None
    if progress and total:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="project", file=sys.stderr)

    printer = None
    if pdf:
        from pmtools.report.pdf import PdfPrinter

        printer = PdfPrinter()

    def done(outcome: Outcome) -> None:
        if printer is not None:
            _print_pdfs(printer, out, outcome)
        outcomes[outcome.folder] = outcome
        state[outcome.folder] = {
            "hash": hashes[outcome.folder],
            "outcome": {**asdict(outcome), "skipped": False},
        }
        save_state()
        if bar is not None:
            bar.set_postfix_str(outcome.folder, refresh=False)
            bar.update(1)
        elif log is not None:
            status = "ok" if outcome.ok else "FAILED"
            count = sum(not o.skipped for o in outcomes.values())
            log(f"[{count}/{total}] {outcome.folder}: {status} in {outcome.seconds:.1f} s")

    interrupted = False
    try:
        if executor == "dask":
            if not scheduler:
                raise SystemExit("--executor dask needs --scheduler ADDRESS")
            _run_dask(todo, scheduler, done)
        else:
            _run_local(todo, jobs, done)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.close()
        if printer is not None:
            printer.close()
    from pmtools.i18n import t

    ordered = [
        outcomes.get(f) or Outcome(f, str(p), ok=False, problems=[t("report.interrupted_project")])
        for p, f in zip(dirs, folders, strict=True)
    ]
    write_portfolio(out, ordered, notebooks, language=language, status_date=status_date)
    return {
        "out": str(out),
        "projects": len(ordered),
        "ran": sum(not o.skipped for o in outcomes.values()),
        "skipped": sum(o.skipped for o in ordered),
        "failed": [o.folder for o in ordered if not o.ok],
        "interrupted": interrupted,
        "seconds": round(time.perf_counter() - began, 2),
        "results": [
            {
                "folder": o.folder,
                "project_dir": o.project_dir,
                "ok": o.ok,
                "skipped": o.skipped,
                "seconds": round(o.seconds, 2),
                "notebooks": o.notebooks,
                "problems": o.problems,
            }
            for o in ordered
        ],
    }
