"""The project model: what ``load_project`` returns and every computation takes.

``Project`` is a frozen dataclass; its frames are not to be mutated in place
(computations copy what they change). ``tasks`` is indexed by task id in file
order and holds the typed known columns plus every extra column as text;
``links`` holds one row per predecessor entry as written in ``tasks.csv``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import pandas as pd

from pmtools.calendar import WorkCalendar

if TYPE_CHECKING:
    from pmtools.cpm.network import Network

__all__ = [
    "EV_RULES",
    "LINK_TYPES",
    "Attention",
    "IdeaScoring",
    "LinkType",
    "Project",
    "RiskScale",
    "SimulationSettings",
    "StatusRules",
    "TableFile",
]

T = TypeVar("T")
LinkType = Literal["FS", "SS", "FF", "SF"]
LINK_TYPES: tuple[LinkType, ...] = ("FS", "SS", "FF", "SF")

PROGRESS_COLUMNS = ("percent_complete", "actual_start", "actual_finish")


RISK_TYPES = ("threat", "opportunity")
RISK_STRATEGIES = {
    "threat": ("avoid", "mitigate", "transfer", "accept", "escalate"),
    "opportunity": ("exploit", "enhance", "share", "accept", "escalate"),
}
RISK_STATUSES = ("open", "monitoring", "occurred", "closed")
DISTRIBUTIONS = ("pert", "triangular", "uniform")
#: How a task earns value: by percent complete, 50% at start and 50% at finish, or all at finish.
EV_RULES = ("percent", "50/50", "0/100")


@dataclass(frozen=True)
class RiskScale:
    """The probability x impact scale of a project (``risk:`` in project.yaml).

    ``levels``: points on each axis (5 for a 5x5 matrix). ``probability``: the
    chance each probability level stands for (used for EMV and simulation).
    ``bands``: the scores (probability level x impact level) at which a risk is
    rated medium, high and critical; below the first it is low.
    """

    levels: int = 5
    probability: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
    bands: tuple[int, int, int] = (5, 10, 15)


@dataclass(frozen=True)
class SimulationSettings:
    """Defaults for schedule risk (``simulation:`` in project.yaml).

    ``distribution``: pert, triangular or uniform for three-point estimates.
    ``correlation``: coefficient (0..1) between task durations; with
    ``correlation_by`` (a tasks.csv column such as ``owner``) only tasks sharing a
    value are correlated.
    """

    distribution: str = "pert"
    correlation: float = 0.0
    correlation_by: str | None = None


@dataclass(frozen=True)
class StatusRules:
    """Thresholds of the status report's ratings (``status:`` in project.yaml).

    Schedule: amber when the forecast finish is more than ``schedule_amber_days``
    working days after the baseline, red beyond ``schedule_red_days``. SPI(t) and
    CPI: amber below ``index_amber``, red below ``index_red``. Scope: red when the
    changes awaiting sign-off reach ``scope_red_share`` of the requirements in
    scope. Quality: red at ``quality_red_actions`` overdue improvement actions; with
    defect data, red when a critical defect has been open more than
    ``quality_critical_days`` calendar days or more defects were found than fixed in
    each of the last ``quality_trend_weeks`` weeks.
    "Done" looks back ``lookback_days``, "next" ahead ``lookahead_days`` (calendar days).
    """

    schedule_amber_days: int = 5
    schedule_red_days: int = 15
    index_amber: float = 0.95
    index_red: float = 0.85
    scope_red_share: float = 0.2
    quality_red_actions: int = 5
    quality_critical_days: int = 5
    quality_trend_weeks: int = 2
    lookback_days: int = 14
    lookahead_days: int = 14


@dataclass(frozen=True)
class IdeaScoring:
    """How ideas are ranked (``innovation:`` in project.yaml).

    ``weights``: (criterion, weight >= 0) pairs over value, feasibility, cost and
    risk; cost and risk count inversely. ``shortlist``: how many ideas the ranked
    shortlist holds. ``decision_days``: calendar days a pending idea may wait for a
    decision before it needs attention.
    """

    weights: tuple[tuple[str, float], ...] = (
        ("value", 0.4),
        ("feasibility", 0.3),
        ("cost", 0.2),
        ("risk", 0.1),
    )
    shortlist: int = 5
    decision_days: int = 30

    def weight(self, criterion: str) -> float:
        """The weight of ``criterion`` (0 when project.yaml leaves it out)."""
        return dict(self.weights).get(criterion, 0.0)


@dataclass(frozen=True)
class Attention:
    """Something a practice says needs the PM's attention at the status date.

    ``level`` is ``red`` (act now) or ``amber`` (watch); the text is the message
    ``key`` filled with ``values``, rendered in the reader's language.
    """

    practice: str
    level: str
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        from pmtools.i18n import t

        return t(self.key, **self.values)


@dataclass(frozen=True)
class TableFile:
    """How a CSV file was written, so a save writes it back the same way."""

    columns: tuple[str, ...]
    delimiter: str = ","
    bom: bool = False
    encoding: str = "utf-8"
    readable: bool = True  # False: the file could not be read at all (one problem says why)


@dataclass(frozen=True)
class Project:
    """One project folder, validated.

    ``start`` and ``status_date`` are dates; ``calendar`` converts working-day
    offsets (0 = first working day on or after ``start``) to dates.
    ``status_date`` is decided once, at load: the one asked for (a notebook's
    parameter, ``--status-date``), else project.yaml's, else today;
    ``status_date_source`` says which (``given``, ``project``, ``today``).
    ``tables`` holds every loaded project file by name (``risks.csv``), indexed by
    its id column where it has one; ``sections`` the typed project.yaml sections
    (``risk``, ``simulation``, ``status``, ...). ``settings`` is the whole of
    project.yaml as read, unknown keys included.
    """

    path: Path
    name: str
    start: dt.date
    calendar: WorkCalendar
    tasks: pd.DataFrame
    links: pd.DataFrame
    status_date: dt.date
    status_date_source: str = "project"
    language: str = "en"
    currency: str | None = None
    budget: float | None = None
    management_reserve: float | None = None
    deadline: dt.date | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    files: dict[str, TableFile] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    sections: Mapping[str, Any] = field(default_factory=dict)
    network: Network | None = field(default=None, repr=False, compare=False)
    #: Results computed from this (immutable) project, so a report computes its plan once;
    #: a copy made with ``replace`` starts empty.
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def remember(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per project and ``key``; later calls return the same result."""
        if key not in self.memo:
            self.memo[key] = compute()
        value: T = self.memo[key]
        return value

    def table(self, file: str) -> pd.DataFrame | None:
        """The loaded table of ``file`` (``risks.csv``), or None when the folder has none."""
        return self.tables.get(file)

    @property
    def risks(self) -> pd.DataFrame | None:
        return self.tables.get("risks.csv")

    @property
    def requirements(self) -> pd.DataFrame | None:
        return self.tables.get("requirements.csv")

    @property
    def signoff(self) -> pd.DataFrame | None:
        return self.tables.get("signoff.csv")

    @property
    def sprints(self) -> pd.DataFrame | None:
        return self.tables.get("sprints.csv")

    @property
    def burndown(self) -> pd.DataFrame | None:
        return self.tables.get("burndown.csv")

    @property
    def retro(self) -> pd.DataFrame | None:
        return self.tables.get("retro.csv")

    @property
    def actions(self) -> pd.DataFrame | None:
        return self.tables.get("actions.csv")

    @property
    def costs(self) -> pd.DataFrame | None:
        return self.tables.get("costs.csv")

    @property
    def decisions(self) -> pd.DataFrame | None:
        return self.tables.get("decisions.csv")

    @property
    def risk_scale(self) -> RiskScale:
        scale = self.sections.get("risk")
        return scale if isinstance(scale, RiskScale) else RiskScale()

    @property
    def simulation(self) -> SimulationSettings:
        settings = self.sections.get("simulation")
        return settings if isinstance(settings, SimulationSettings) else SimulationSettings()

    @property
    def status_rules(self) -> StatusRules:
        rules = self.sections.get("status")
        return rules if isinstance(rules, StatusRules) else StatusRules()

    @property
    def status_date_set(self) -> bool:
        """True when the status date was asked for or set in project.yaml (not today's)."""
        return self.status_date_source != "today"

    @property
    def has_progress(self) -> bool:
        """True when ``tasks.csv`` carries any progress (percent or actual dates)."""
        tasks = self.tasks
        if "percent_complete" in tasks and bool((tasks["percent_complete"].fillna(0) > 0).any()):
            return True
        return any(c in tasks and bool(tasks[c].notna().any()) for c in PROGRESS_COLUMNS[1:])

    def with_status_date(self, status_date: dt.date | None) -> Project:
        """A copy at another status date (``None`` keeps the current one)."""
        if status_date is None:
            return self
        return replace(self, status_date=status_date, status_date_source="given")
