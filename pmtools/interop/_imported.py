"""What every importer returns, and how it becomes a project folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pmtools.i18n import t
from pmtools.tables.files import atomic_write_text, write_csv_table

__all__ = ["RESOURCE_COLUMNS", "Imported", "write_folder"]

#: Columns of the resources.csv an import writes (``leave``: dates off, separated by ``;``).
RESOURCE_COLUMNS = ("name", "capacity", "role", "cost_rate", "leave")

#: project.yaml keys an import fills, in the order they are written.
SETTING_KEYS = ("name", "start", "status_date", "manager", "currency", "deadline", "calendar")


@dataclass(frozen=True)
class Imported:
    """A schedule read from another tool, ready to be written as a project folder.

    ``settings``: project.yaml keys (``name``, ``start`` and, when the file has
    them, ``status_date``, ``manager``, ``currency``, ``deadline`` and
    ``calendar`` with ``workdays``, ``holidays`` and ``extra_workdays``).
    ``tasks`` and ``resources``: text cells of tasks.csv and resources.csv.
    ``warnings``: one readable line for each thing that was not carried over
    exactly, naming the element or task UID.
    """

    settings: dict[str, Any]
    tasks: pd.DataFrame
    resources: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def _yaml_value(value: Any) -> Any:
    """Dates as ``datetime.date`` so YAML writes them unquoted; lists and maps recursively."""
    if isinstance(value, dict):
        return {k: _yaml_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_value(v) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def project_yaml_text(settings: dict[str, Any], source: str) -> str:
    """The project.yaml an import writes: a comment naming the source, then the keys."""
    ordered = {k: settings[k] for k in SETTING_KEYS if settings.get(k) not in (None, "", {})}
    ordered.update({k: v for k, v in settings.items() if k not in ordered and v is not None})
    body = yaml.safe_dump(
        _yaml_value(ordered), sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return f"# {t('interop.yaml.comment', source=source)}\n{body}"


def write_folder(imported: Imported, folder: Path, *, source: str) -> None:
    """Write project.yaml, tasks.csv and (when there are resources) resources.csv.

    Each file is written atomically; ``folder`` is created when missing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / "project.yaml", project_yaml_text(imported.settings, source))
    write_csv_table(folder / "tasks.csv", imported.tasks.fillna("").astype(str))
    if len(imported.resources):
        write_csv_table(folder / "resources.csv", imported.resources.fillna("").astype(str))
