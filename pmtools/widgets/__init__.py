"""ipywidgets editors for JupyterLab and Voilà: one module per practice over a shared base.

Each editor loads its project file's cells, lets a PM change them, validates
the whole folder before anything is written and saves atomically
(``pmtools.widgets._base.TableEditor``). Under papermill the ``*_editor``
functions return None, so reports carry no dead forms.
"""

from __future__ import annotations

from pmtools.widgets._base import TableEditor, interactive
from pmtools.widgets.flow import FlowEditor, flow_editor
from pmtools.widgets.quality import DefectEditor, QualityEditor, ReviewEditor, quality_editor
from pmtools.widgets.requirements import RequirementEditor, requirement_editor
from pmtools.widgets.resources import ResourceEditor, resource_editor
from pmtools.widgets.retrospective import RetroForm, retro_form
from pmtools.widgets.risks import RiskEditor, risk_editor
from pmtools.widgets.schedule import ScheduleEditor, schedule_editor

__all__ = [
    "DefectEditor",
    "FlowEditor",
    "QualityEditor",
    "RequirementEditor",
    "ResourceEditor",
    "RetroForm",
    "ReviewEditor",
    "RiskEditor",
    "ScheduleEditor",
    "TableEditor",
    "flow_editor",
    "interactive",
    "quality_editor",
    "requirement_editor",
    "resource_editor",
    "retro_form",
    "risk_editor",
    "schedule_editor",
]
