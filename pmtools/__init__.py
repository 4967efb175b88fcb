"""pmtools: planning notebooks and a command line for IT project managers.

The public API: ``load_project`` reads and validates a project folder;
``critical_path`` schedules it; ``level`` levels its resources. Errors derive from
``PmtoolsError``.

Every name here loads its module on first use, so ``import pmtools`` is quick and
the command line imports only what its command needs (``pmtools simulate`` never
loads the scheduler's report code, plotly, ipywidgets or the report runner).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pmtools._lazy import submodules

if TYPE_CHECKING:
    from pmtools.calendar import WorkCalendar
    from pmtools.errors import CycleError, PmtoolsError, Problem, ProjectInvalid, ProjectNotFound
    from pmtools.i18n import set_language, t, use_language
    from pmtools.io import load_project, new_project, save_tasks
    from pmtools.model import Project
    from pmtools.resources import level
    from pmtools.schedule import critical_path, schedule_json

__version__ = "0.1.0"

#: Where each public name lives.
_HOMES = {
    "CycleError": "pmtools.errors",
    "PmtoolsError": "pmtools.errors",
    "Problem": "pmtools.errors",
    "Project": "pmtools.model",
    "ProjectInvalid": "pmtools.errors",
    "ProjectNotFound": "pmtools.errors",
    "WorkCalendar": "pmtools.calendar",
    "critical_path": "pmtools.schedule",
    "level": "pmtools.resources",
    "load_project": "pmtools.io",
    "new_project": "pmtools.io",
    "save_tasks": "pmtools.io",
    "schedule_json": "pmtools.schedule",
    "set_language": "pmtools.i18n",
    "t": "pmtools.i18n",
    "use_language": "pmtools.i18n",
}

#: plotly, ipywidgets and the report runner load only when used
_submodule = submodules(__name__, {"charts", "widgets", "report", "training"})


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        return _submodule(name)
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
    "level",
    "load_project",
    "new_project",
    "save_tasks",
    "schedule_json",
    "set_language",
    "t",
    "use_language",
]
