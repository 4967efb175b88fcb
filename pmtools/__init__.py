"""pmtools: planning notebooks and a command line for IT project managers.

The public API: ``load_project`` reads and validates a project folder;
``critical_path`` schedules it. Errors derive from ``PmtoolsError``.
"""

from __future__ import annotations

from pmtools._lazy import submodules
from pmtools.calendar import WorkCalendar
from pmtools.errors import CycleError, PmtoolsError, Problem, ProjectInvalid, ProjectNotFound
from pmtools.i18n import set_language, t, use_language
from pmtools.io import load_project, new_project, save_tasks
from pmtools.model import Project
from pmtools.schedule import critical_path, schedule_json

__version__ = "0.1.0"

#: plotly, ipywidgets and the report runner load only when used
__getattr__ = submodules(__name__, {"charts", "widgets", "report", "training"})

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
