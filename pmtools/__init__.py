"""pmtools: planning notebooks and a command line for IT project managers.

The public API: ``load_project`` reads and validates a project folder;
``critical_path`` schedules it. Errors derive from ``PmtoolsError``.
"""

from __future__ import annotations

from pmtools.calendar import WorkCalendar
from pmtools.errors import CycleError, PmtoolsError, Problem, ProjectInvalid, ProjectNotFound
from pmtools.i18n import set_language, t, use_language
from pmtools.io import load_project, new_project, save_tasks
from pmtools.model import Project
from pmtools.schedule import critical_path, schedule_json

__version__ = "0.1.0"

_LAZY = {"charts", "widgets", "report"}  # plotly and ipywidgets load only when used


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return importlib.import_module(f"pmtools.{name}")
    raise AttributeError(f"module 'pmtools' has no attribute {name!r}")


__all__ = [
    "CycleError",
    "PmtoolsError",
    "Problem",
    "Project",
    "ProjectInvalid",
    "ProjectNotFound",
    "WorkCalendar",
    "__version__",
    "critical_path",
    "load_project",
    "new_project",
    "save_tasks",
    "schedule_json",
    "set_language",
    "t",
    "use_language",
]
