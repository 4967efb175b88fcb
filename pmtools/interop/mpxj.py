"""Schedules in other formats (.mpp, .mpx, .xer, ...) through MPXJ.

MPXJ, a Java library (PyPI package ``mpxj``, driven through JPype), reads the
file with its universal reader; its MSPDI writer turns the result into
Microsoft Project XML in a temporary file, which ``read_mspdi`` then reads
like any other, so every format gets the same mapping and warnings. The Java
virtual machine starts once per process, on the first such import.

Without the ``pmtools[mpp]`` extra or without Java an import raises an
InteropError whose one line says what to install.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from pmtools.i18n import t
from pmtools.interop._errors import InteropError
from pmtools.interop._imported import Imported
from pmtools.interop._mspdi_reader import read_mspdi_bytes

__all__ = ["MPXJ_SUFFIXES", "mpxj_classes", "read_with_mpxj"]

#: File suffixes handed to MPXJ's universal reader (it recognises the format from the content).
MPXJ_SUFFIXES = (
    ".mpp",  # Microsoft Project
    ".mpt",  # Microsoft Project template
    ".mpx",  # MPX exchange format
    ".mpd",  # Microsoft Project database
    ".xer",  # Primavera P6 export
    ".pmxml",  # Primavera P6 XML (usually .xml, which is tried when it is not MSPDI)
    ".sdef",  # Standard Data Exchange Format
    ".planner",  # GNOME Planner
    ".pp",  # Asta Powerproject
    ".pod",  # ProjectLibre
    ".gan",  # GanttProject
    ".fts",  # FastTrack
    ".pep",  # TurboProject
    ".ppx",  # Phoenix
    ".stx",  # SureTrak
    ".prx",  # P3
    ".cdpx",  # ConceptDraw PROJECT
    ".cdpz",
    ".gnt",  # GanttDesigner
)

_lock = threading.Lock()
_packages: list[str] = []


def mpxj_classes(file: str | Path = "", suffix: str = "") -> Any:
    """The MPXJ Java package (``org.mpxj``, or ``net.sf.mpxj`` before MPXJ 14), JVM started.

    Raises InteropError saying what to install when MPXJ or Java is missing.
    """
    values = {"file": str(file), "suffix": suffix or Path(file).suffix or "?"}
    try:
        import jpype
        import mpxj  # noqa: F401  (importing it puts MPXJ's jars on the class path)
    except ImportError:
        raise InteropError("interop.mpxj.missing", values) from None
    with _lock:
        if not jpype.isJVMStarted():
            try:
                jpype.startJVM()
            except Exception as exc:  # no JVM found, or a broken one: one line, no traceback
                raise InteropError("interop.java.missing", {**values, "reason": str(exc)}) from None
        if not _packages:
            for package in ("org.mpxj", "net.sf.mpxj"):
                try:
                    jpype.JClass(f"{package}.reader.UniversalProjectReader")
                except Exception:  # not this version's package name
                    continue
                _packages.append(package)
                break
        if not _packages:
            raise InteropError("interop.mpxj.missing", values)
    return jpype.JPackage(_packages[0])


def read_with_mpxj(path: str | Path) -> Imported:
    """Read any schedule MPXJ reads; the result and warnings as ``read_mspdi`` gives them."""
    source = Path(path)
    package = mpxj_classes(source)
    import jpype

    try:
        project = package.reader.UniversalProjectReader().read(str(source))
    except jpype.JException as exc:
        reason = str(exc.getMessage() or exc.getClass().getSimpleName())
        raise InteropError("interop.mpxj.failed", {"file": str(source), "reason": reason}) from None
    if project is None:
        raise InteropError("interop.mpxj.unknown_format", {"file": str(source)})
    notes = _ignored_errors(project)
    with tempfile.TemporaryDirectory(prefix="pmtools-mpxj-") as scratch:
        converted = Path(scratch) / "converted.xml"
        try:
            package.mspdi.MSPDIWriter().write(project, str(converted))
        except jpype.JException as exc:
            reason = str(exc.getMessage() or exc.getClass().getSimpleName())
            raise InteropError(
                "interop.mpxj.failed", {"file": str(source), "reason": reason}
            ) from None
        imported = read_mspdi_bytes(converted.read_bytes(), str(source))
    settings = dict(imported.settings)
    if settings.get("name") in ("project.xml", "project", None, ""):
        settings["name"] = source.stem  # MPXJ's placeholders when the file names no project
    return Imported(
        settings=settings,
        tasks=imported.tasks,
        resources=imported.resources,
        warnings=[*notes, *imported.warnings],
    )


def _ignored_errors(project: Any) -> list[str]:
    """What MPXJ skipped while reading (MPXJ 13 and later keep a list)."""
    getter = getattr(project, "getIgnoredErrors", None)
    if getter is None:
        return []
    return [t("interop.warn.mpxj", reason=str(error)) for error in getter()]
