"""Load and validate a project folder; save tables back atomically.

``load_project(dir)`` reads ``project.yaml``, ``tasks.csv`` and every other file
of the registry (``pmtools.tables.REGISTRY``) that the folder has, checks every
cell, and either returns a ``Project`` or raises ``ProjectInvalid`` listing every
problem found (file, spreadsheet row, column, what was expected and what was
found). Loading never writes anything.

The status date is decided here, once: the one asked for, else project.yaml's,
else today (``Project.status_date_source`` says which).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pmtools.calendar import WorkCalendar
from pmtools.cpm.network import Network
from pmtools.cpm.passes import NO_DEADLINE, passes
from pmtools.errors import CycleError, Problem, ProjectInvalid, ProjectNotFound
from pmtools.i18n import LANGUAGES
from pmtools.model import Project, TableFile
from pmtools.tables import REGISTRY, Context, TableSpec, check_table
from pmtools.tables._limits import LAST_DATE
from pmtools.tables.files import (
    atomic_write_bytes,
    atomic_write_text,
    folder_lock,
    read_csv_table,
)
from pmtools.tables.flow import board_from_settings
from pmtools.tables.settings import KEYS, PROJECT_FILE, Settings, parse_date
from pmtools.tables.tasks import TASKS_FILE, check_cycles, parse_tasks

if TYPE_CHECKING:
    from pmtools.tables.edit import Snapshot

__all__ = [
    "PROJECT_FILE",
    "TASKS_FILE",
    "load_project",
    "new_project",
    "preview_table",
    "preview_tables",
    "requirements_table",
    "risk_snapshots",
    "risks_table",
    "save_table",
    "save_tables",
    "save_tasks",
    "table_cells",
    "tasks_table",
    "template_dir",
]

_FILE_ORDER = {PROJECT_FILE: 0, **{name: i + 1 for i, name in enumerate(REGISTRY)}}


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """project.yaml first, then each file top to bottom; a row's problems in column order."""

    def key(problem: Problem) -> tuple[int, str, int, int]:
        declared = REGISTRY.get(problem.file)
        position = declared.position(problem.column) if declared is not None else 0
        row = 10**12 if problem.code == "problems.more" else problem.row or 0
        return (_FILE_ORDER.get(problem.file, 2), problem.file, row, position)

    return sorted(problems, key=key)


def _capped(problems: list[Problem], most: int = 20) -> list[Problem]:
    """The first ``most`` problems of each file, column and kind, then one line counting the
    rest: a million bad rows give a readable list, not two million lines."""
    seen: dict[tuple[str, str | None, str], int] = {}
    kept: list[Problem] = []
    for problem in problems:
        key = (problem.file, problem.column, problem.code)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= most or problem.code == "problems.more":
            kept.append(problem)
    for (file, column, code), count in seen.items():
        if count > most and code != "problems.more":
            kept.append(
                Problem(file, None, column, "problems.more", {"count": f"{count - most:,}"})
            )
    return _in_reading_order(kept)


def _check_horizon(
    tasks: pd.DataFrame, network: Network, calendar: WorkCalendar, problems: list[Problem]
) -> None:
    """A plan that would end after LAST_DATE is a problem on its latest task (its dates could
    not be shown, and thousands of years of calendar would fill the memory)."""
    limit = int(calendar.workdays_through(np.datetime64(LAST_DATE, "D")))
    durations = network.duration
    bound = int(durations.sum()) + int(np.abs(network.lag).sum())
    if bound <= limit:  # cannot end that late: no pass needed
        return
    none = np.zeros(durations.size, dtype=bool)
    zeros = np.zeros(durations.size, dtype=np.int64)
    plan = passes(network, durations, zeros, np.full(durations.size, NO_DEADLINE), none, zeros)
    if plan.finish <= limit:
        return
    latest = str(network.ids[int(np.argmax(plan.early_finish))])
    problems.append(
        Problem(
            TASKS_FILE,
            int(tasks["_row"].to_dict()[latest]),
            "duration",
            "schedule.too_long",
            {"last": LAST_DATE.isoformat(), "days": plan.finish},
        )
    )


def _status_date(
    given: dt.date | str | None, settings: Settings, start: dt.date | None, problems: list[Problem]
) -> tuple[dt.date, str]:
    """The status date and where it came from: given, project.yaml, or today."""
    if given is not None:
        parsed = given if isinstance(given, dt.date) else parse_date(given)
        if parsed is None:
            problems.append(Problem("--status-date", None, None, "date.invalid", {"found": given}))
            return dt.date.today(), "today"
        return parsed, "given"
    from_file = settings.date("status_date")
    if from_file is not None:
        if start is not None and from_file < start:
            settings.problem(
                "status_date",
                "status_date.before_start",
                found=from_file.isoformat(),
                start=start.isoformat(),
            )
        return from_file, "project"
    return dt.date.today(), "today"


def _load_table(
    root: Path, spec: TableSpec, problems: list[Problem], context: Context
) -> tuple[pd.DataFrame, TableFile]:
    frame, layout = read_csv_table(root / spec.file, spec.file, problems)
    table = check_table(spec, frame, layout, problems, context)
    if spec.index:
        usable = (table[spec.index] != "") & ~table[spec.index].duplicated()
        table = table[usable].set_index(spec.index, drop=True)
    return table, layout


def load_project(project_dir: str | Path, *, status_date: dt.date | str | None = None) -> Project:
    """Read and validate the project folder ``project_dir``.

    ``status_date`` (a date or ``YYYY-MM-DD``) is the date to report at; without
    it, project.yaml's ``status_date``, else today. Returns a Project whose
    ``tasks`` frame is indexed by id in file order. Raises ProjectNotFound when
    there is no folder or project.yaml, CycleError when the links loop, and
    ProjectInvalid with every problem otherwise.
    """
    root = Path(project_dir)
    if not root.is_dir():
        raise ProjectNotFound(str(root))
    problems: list[Problem] = []
    yaml_path = root / PROJECT_FILE
    if not yaml_path.is_file():
        raise ProjectNotFound(str(root))
    try:
        text = yaml_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectInvalid(
            [Problem(PROJECT_FILE, None, None, "file.encoding", {"position": exc.start})], str(root)
        ) from None
    settings = Settings(text, problems)
    name = settings.text("name", required=True)
    start = settings.date("start", required=True)
    status, status_source = _status_date(status_date, settings, start, problems)
    deadline = settings.date("deadline")
    if deadline is not None and start is not None and deadline < start:
        settings.problem(
            "deadline", "deadline.before_start", found=deadline.isoformat(), start=start.isoformat()
        )
    language = settings.text("language") or "en"
    if language not in LANGUAGES:
        settings.problem("language", "language.invalid", found=language)
        language = "en"
    said = language if settings.raw.get("language") else None  # messages speak it too
    budget = settings.number("budget")
    reserve = settings.number("management_reserve")
    currency = settings.text("currency")
    for key in ("customer", "manager"):
        settings.text(key)
    calendar = settings.calendar(start)
    settings.unknown_keys(KEYS)
    board, board_problems = board_from_settings(settings.raw, lines=settings.lines)
    named = {p.column for p in board_problems}  # a key the board names is not also a typo
    problems[:] = [p for p in problems if not (p.code == "key.typo" and p.column in named)]
    problems.extend(board_problems)
    sections: dict[str, Any] = {
        "risk": settings.risk_scale(),
        "simulation": settings.simulation(),
        "status": settings.status_rules(),
        "board": board,
        "innovation": settings.innovation(),
        "components": settings.components(),
    }
    tasks_path = root / TASKS_FILE
    if not tasks_path.is_file():
        problems.append(Problem(TASKS_FILE, None, None, "file.missing"))
        raise ProjectInvalid(_in_reading_order(problems), str(root), said)
    context = Context(start=start, status_date=status, sections=sections)
    frame, tasks_layout = read_csv_table(tasks_path, TASKS_FILE, problems)
    if not tasks_layout.readable:  # nothing else can be checked against tasks it cannot read
        raise ProjectInvalid(_in_reading_order(problems), str(root), said)
    tasks, links = parse_tasks(frame, tasks_layout, problems, context)
    clean = not problems  # ids are unique and present unless a problem says otherwise
    usable = (tasks if clean else tasks[(tasks["id"] != "") & ~tasks["id"].duplicated()]).set_index(
        "id", drop=True
    )
    network, cycles = check_cycles(usable, links, problems, by_position=len(usable) == len(tasks))
    if not problems and calendar is not None:
        _check_horizon(usable, network, calendar, problems)
    ids: dict[str, set[str]] = {TASKS_FILE: set(usable.index)}
    tables: dict[str, pd.DataFrame] = {TASKS_FILE: usable}
    summary_ids = set(usable.index[usable["summary"].to_numpy()])
    context = replace(context, ids=ids, summary_ids=summary_ids, tables=tables)
    layouts: dict[str, TableFile] = {TASKS_FILE: tasks_layout}
    for spec in REGISTRY.values():
        if spec.file == TASKS_FILE or not (root / spec.file).is_file():
            continue
        tables[spec.file], layouts[spec.file] = _load_table(root, spec, problems, context)
        if spec.index and layouts[spec.file].readable:  # unreadable: no follow-on problems
            ids[spec.file] = set(tables[spec.file].index)
    if problems:
        problems = _capped(_in_reading_order(problems))
        if cycles:
            raise CycleError(problems, str(root), cycles, said)
        raise ProjectInvalid(problems, str(root), said)
    assert name is not None and start is not None and calendar is not None
    return Project(
        path=root,
        name=name,
        start=start,
        calendar=calendar,
        tasks=usable,
        links=links,
        status_date=status,
        status_date_source=status_source,
        language=language,
        currency=currency,
        budget=budget,
        management_reserve=reserve,
        deadline=deadline,
        settings=settings.raw,
        files=layouts,
        tables=tables,
        sections=sections,
        network=network,
    )


def risk_snapshots(project: Project) -> list[tuple[dt.date, pd.DataFrame]]:
    """Earlier copies of the register in ``history/risks-YYYY-MM-DD.csv``, oldest first.

    Each is parsed like risks.csv (ids as the index); problems in an old copy
    (a task since removed, say) do not stop it being compared.
    """
    folder = project.path / "history"
    found: list[tuple[dt.date, pd.DataFrame]] = []
    spec = REGISTRY["risks.csv"]
    context = Context(
        start=project.start,
        ids={TASKS_FILE: set(project.tasks.index)},
        summary_ids=set(project.tasks.index[project.tasks["summary"].to_numpy()]),
        sections=project.sections,
    )
    for path in sorted(folder.glob("risks-*.csv")) if folder.is_dir() else []:
        day = parse_date(path.stem.removeprefix("risks-"))
        if day is None:
            continue
        scratch: list[Problem] = []
        frame, layout = read_csv_table(path, path.name, scratch)
        register = check_table(spec, frame, layout, scratch, context)
        register = register[(register["id"] != "") & ~register["id"].duplicated()]
        found.append((day, register.set_index("id", drop=True)))
    return found


# -- tables as text, for editors and saves ----------------------------------------------------


def table_cells(project: Project, file: str) -> pd.DataFrame:
    """The text cells of ``file`` for the loaded table: the file's columns in its order first.

    Dates are written ISO (with ``HH:MM`` when a value has a time of day), whole numbers
    without ``.0``, id lists joined by ``;``; columns pmtools derived at load time
    (``summary``, a risk's ``chance``, a ``parent`` taken from WBS codes) are left out. A
    file the folder does not have gives an empty table with the declared columns.
    """
    spec = REGISTRY[file]
    layout = project.files.get(file)
    table = project.table(file)
    if table is None:
        return pd.DataFrame(columns=list(spec.column_names))
    derived = {"_row", *spec.derived}
    if file == TASKS_FILE and layout is not None and "parent" not in layout.columns:
        derived.add("parent")
    frame = table.reset_index() if spec.index else table.reset_index(drop=True)
    return _text_cells(frame, layout, derived=derived)


def tasks_table(project: Project) -> pd.DataFrame:
    """``table_cells`` of tasks.csv."""
    return table_cells(project, TASKS_FILE)


def risks_table(project: Project) -> pd.DataFrame:
    """``table_cells`` of risks.csv."""
    return table_cells(project, "risks.csv")


def requirements_table(project: Project) -> pd.DataFrame:
    """``table_cells`` of requirements.csv."""
    return table_cells(project, "requirements.csv")


def _text_cells(
    frame: pd.DataFrame, layout: TableFile | None, *, derived: set[str]
) -> pd.DataFrame:
    in_file = list(layout.columns) if layout else []
    order = [c for c in in_file if c in frame.columns]
    order += [c for c in frame.columns if c not in order and c not in derived]
    out = pd.DataFrame(index=frame.index)
    for column in order:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            day = values.dt.strftime("%Y-%m-%d")
            timed = values.notna() & (values != values.dt.normalize())  # a time of day is kept
            out[column] = day.where(~timed, values.dt.strftime("%Y-%m-%d %H:%M")).fillna("")
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.map(_number_text)
        elif values.map(lambda v: isinstance(v, list)).any():
            out[column] = values.map(lambda v: ";".join(v) if isinstance(v, list) else "")
        else:
            out[column] = values.fillna("").astype(str)
    return out


def _number_text(value: float) -> str:
    if pd.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _editable(name: str) -> None:
    if name not in REGISTRY or not REGISTRY[name].editable:
        editable = ", ".join(n for n, s in REGISTRY.items() if s.editable)
        raise ValueError(f"{name} cannot be edited; expected one of {editable}")


def _validate(
    root: Path, files: Mapping[str, bytes], status_date: dt.date | str | None = None
) -> Project:
    """The project as it loads with ``files`` (name -> bytes) in place of its own, checked in
    a scratch copy of the folder (nothing in ``root`` is written) at ``status_date`` (default
    project.yaml's); ProjectInvalid names every problem."""
    import tempfile  # saves only: loading never writes

    with tempfile.TemporaryDirectory(prefix="pmtools-check-") as scratch:
        for other in (PROJECT_FILE, *REGISTRY):
            if other not in files and (root / other).exists():
                shutil.copy2(root / other, Path(scratch) / other)
        for name, data in files.items():
            (Path(scratch) / name).write_bytes(data)
        try:
            project = load_project(scratch, status_date=status_date)
        except ProjectInvalid as exc:
            if isinstance(exc, CycleError):
                raise CycleError(exc.problems, str(root), exc.cycles, exc.language) from None
            raise ProjectInvalid(exc.problems, str(root), exc.language) from None
    return replace(project, path=root)


def _merged(
    root: Path, tables: Mapping[str, pd.DataFrame], bases: Mapping[str, Snapshot] | None
) -> dict[str, bytes]:
    """The new bytes of each edited file: its edits merged onto the file as it is now."""
    from pmtools.tables.edit import merge_edits, snapshot  # editors only

    files: dict[str, bytes] = {}
    for name, table in tables.items():
        _editable(name)
        current = snapshot(root / name)
        base = (bases or {}).get(name) or current
        files[name], _ = merge_edits(base, table, key=REGISTRY[name].index, current=current)
    return files


def preview_table(
    project_dir: str | Path, name: str, table: pd.DataFrame, *, base: Snapshot | None = None
) -> Project:
    """The project as it would load with ``table`` (text cells) as file ``name``.

    ``base`` is the snapshot the cells were edited from (default: the file as it is
    now). Validates in a scratch copy of the folder and writes nothing; raises
    ProjectInvalid (or CycleError) naming every problem, as loading does.
    """
    return preview_tables(project_dir, {name: table}, bases={name: base} if base else None)


def preview_tables(
    project_dir: str | Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    bases: Mapping[str, Snapshot] | None = None,
) -> Project:
    """``preview_table`` for several files changed together (a card moved on the board
    changes workitems.csv and adds a row to transitions.csv)."""
    root = Path(project_dir)
    return _validate(root, _merged(root, tables, bases))


def save_table(
    project_dir: str | Path,
    name: str,
    table: pd.DataFrame,
    *,
    base: Snapshot | None = None,
    status_date: dt.date | str | None = None,
) -> Project:
    """Validate ``table`` (the text cells of a project file) and write it without losing work.

    ``base`` is the snapshot an editor loaded (``pmtools.tables.edit.snapshot``);
    default: the file as it is now. Only the rows that differ from ``base`` are
    written again; every other record keeps its exact text, and the file keeps its
    columns (none is added unless a new one holds a value), delimiter, encoding, BOM,
    line endings and mode. When the file changed on disk since ``base``, the edits are
    merged onto the new version if they touch other rows, else FileChanged is raised.
    The whole folder is validated with the new file first: on any problem
    ProjectInvalid is raised and nothing is written. Saves of one folder from several
    processes take turns. ``status_date`` overrides project.yaml's for the check (actual
    dates may not lie after it) and the project returned, as in ``load_project``. Returns
    the project as loaded from the new file.
    """
    bases = {name: base} if base else None
    return save_tables(project_dir, {name: table}, bases=bases, status_date=status_date)


def save_tables(
    project_dir: str | Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    bases: Mapping[str, Snapshot] | None = None,
    status_date: dt.date | str | None = None,
) -> Project:
    """``save_table`` for several files changed together: every file's edits are merged and
    the folder validated with all of them before any is written; then each is replaced
    atomically, in the order given."""
    root = Path(project_dir)
    with folder_lock(root):
        files = _merged(root, tables, bases)
        _validate(root, files, status_date)
        for name, data in files.items():
            atomic_write_bytes(root / name, data)
    return load_project(root, status_date=status_date)


def save_tasks(project_dir: str | Path, table: pd.DataFrame) -> Project:
    """``save_table`` for tasks.csv."""
    return save_table(project_dir, TASKS_FILE, table)


# -- new projects ------------------------------------------------------------------------------


def template_dir() -> Path:
    """The blank project folder shipped with pmtools."""
    packaged = Path(__file__).parent / "_templates" / "project"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates" / "project"


def new_project(
    project_dir: str | Path, *, name: str | None = None, start: dt.date | None = None
) -> Path:
    """Create ``project_dir`` from the blank template; refuse to overwrite a non-empty folder.

    Copies project.yaml and the template of every registered file kind. The sample rows'
    dates move with the project: each keeps its place in working days from the start
    (Mon-Fri), so a sprint that started on the template's first day starts on the new one.
    """
    target = Path(project_dir)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(str(target))
    source = template_dir()
    target.mkdir(parents=True, exist_ok=True)
    yaml_text = (source / PROJECT_FILE).read_text(encoding="utf-8")
    found = re.search(r"^start: (\d{4}-\d{2}-\d{2})", yaml_text, flags=re.M)
    was = dt.date.fromisoformat(found.group(1)) if found else dt.date(2026, 1, 5)
    start = start or dt.date.today()
    before, after = WorkCalendar(was), WorkCalendar(start)

    def moved(match: re.Match[str]) -> str:
        offset = before.offset(dt.date.fromisoformat(match.group(0)))
        return after.date(offset).isoformat()

    for file in REGISTRY:
        if (source / file).is_file():
            text = (source / file).read_text(encoding="utf-8")
            atomic_write_text(target / file, re.sub(r"\b\d{4}-\d{2}-\d{2}\b", moved, text))
    text = yaml_text.replace("name: New project", f"name: {name or target.name}")
    text = re.sub(r"^start: .*$", f"start: {start.isoformat()}", text, count=1, flags=re.M)
    atomic_write_text(target / PROJECT_FILE, text)
    return target
