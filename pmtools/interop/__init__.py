"""Import schedules from other tools into project folders, and export folders to them.

``import_project(file, dir)`` reads ``file`` by its suffix, writes
``project.yaml``, ``tasks.csv`` and ``resources.csv`` into the new folder
``dir``, validates it and returns the import's warnings.
``export_project(dir, file)`` writes a project folder as ``file``.

Readers and writers are chosen by suffix from ``READERS`` and ``WRITERS``; a
new format is one function and one entry there:

    .xml                  Microsoft Project XML (MSPDI), pure Python; an .xml that is not
                          MSPDI (Primavera PMXML, Planner) goes to MPXJ
    .mpp .mpx .xer ...    through MPXJ (``pip install 'pmtools[mpp]'`` and a Java runtime)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmtools.errors import ProjectInvalid
from pmtools.interop._errors import ImportedInvalid, InteropError
from pmtools.interop._imported import RESOURCE_COLUMNS, Imported, write_folder
from pmtools.interop._mspdi_writer import RESOURCES_FILE, split_resources
from pmtools.interop.mpxj import MPXJ_SUFFIXES, read_with_mpxj
from pmtools.interop.mspdi import read_mspdi, write_mspdi
from pmtools.io import load_project
from pmtools.model import Project
from pmtools.tables.files import read_csv_table

__all__ = [
    "READERS",
    "RESOURCE_COLUMNS",
    "WRITERS",
    "Imported",
    "ImportedInvalid",
    "InteropError",
    "export_project",
    "folder_summary",
    "import_project",
    "read_mspdi",
    "read_schedule",
    "read_with_mpxj",
    "write_mspdi",
]


def _read_xml(path: Path) -> Imported:
    """MSPDI in pure Python; another XML schedule (PMXML, Planner) through MPXJ when installed."""
    try:
        return read_mspdi(path)
    except InteropError as exc:
        if exc.code != "interop.not_mspdi":
            raise
        try:
            return read_with_mpxj(path)
        except InteropError as mpxj_error:
            if mpxj_error.code in ("interop.mpxj.missing", "interop.java.missing"):
                raise exc from None
            raise


#: Reader of each file suffix (lower case).
READERS: dict[str, Callable[[Path], Imported]] = {
    ".xml": _read_xml,
    **dict.fromkeys(MPXJ_SUFFIXES, read_with_mpxj),
}
#: Writer of each file suffix: the project and the target path in, warnings out.
WRITERS: dict[str, Callable[[Project, Path], list[str]]] = {".xml": write_mspdi}


def read_schedule(file: str | Path) -> Imported:
    """Read ``file`` with the reader its suffix names.

    Raises InteropError (one line naming the file) when the file is missing,
    the suffix is unknown or the file cannot be read.
    """
    path = Path(file)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InteropError(
            "interop.unsupported",
            {"file": str(path), "suffix": path.suffix or "?", "expected": ", ".join(READERS)},
        )
    if not path.is_file():
        raise InteropError("interop.file_missing", {"file": str(path)})
    return reader(path)


def import_project(file: str | Path, project_dir: str | Path) -> list[str]:
    """Import ``file`` into the new (or empty) folder ``project_dir``; return the warnings.

    Writes project.yaml, tasks.csv and, when the file has resources,
    resources.csv, then validates the folder with ``load_project``. Raises
    InteropError when the folder is not empty or the file cannot be read
    (nothing is written then), and ImportedInvalid, carrying the warnings,
    when the written folder does not validate.
    """
    target = Path(project_dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InteropError("interop.dir_not_empty", {"path": str(target)})
    imported = read_schedule(file)
    write_folder(imported, target, source=Path(file).name)
    try:
        load_project(target)
    except ProjectInvalid as exc:
        raise ImportedInvalid(exc.problems, str(target), imported.warnings) from None
    return imported.warnings


def export_project(project_dir: str | Path, file: str | Path) -> list[str]:
    """Write the project folder ``project_dir`` as ``file``; return the warnings.

    Raises ProjectInvalid (or ProjectNotFound) when the folder does not load,
    and InteropError for an unknown suffix or a file that cannot be written.
    """
    target = Path(file)
    writer = WRITERS.get(target.suffix.lower())
    if writer is None:
        raise InteropError(
            "interop.export_unsupported",
            {"file": str(target), "suffix": target.suffix or "?", "expected": ", ".join(WRITERS)},
        )
    project = load_project(project_dir)
    try:
        return writer(project, target)
    except OSError as exc:
        raise InteropError(
            "interop.file_unwritable", {"file": str(target), "reason": exc.strerror or str(exc)}
        ) from None


def folder_summary(project_dir: str | Path) -> dict[str, Any]:
    """What a project folder holds, for the import and export messages.

    ``tasks``, ``summaries``, ``milestones``, ``links`` and ``resources`` (rows
    of resources.csv, else the distinct names in the resources column).
    """
    project = load_project(project_dir)
    tasks = project.tasks
    milestones = int(((tasks["duration"] == 0) & ~tasks["summary"]).sum())
    path = Path(project_dir) / RESOURCES_FILE
    names: set[str] = set()
    if path.is_file():
        frame, _ = read_csv_table(path, RESOURCES_FILE, [])
        names = set(frame["name"]) - {""} if "name" in frame else set()
    if "resources" in tasks:
        for cell in tasks["resources"].tolist():
            names |= {name for name, _ in split_resources(str(cell or ""))}
    return {
        "tasks": len(tasks),
        "summaries": int(tasks["summary"].sum()),
        "milestones": milestones,
        "links": len(project.links),
        "resources": len(names),
    }
