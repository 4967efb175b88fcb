"""The portfolio: one health row per project, its charts, and safe CSV/Excel exports.

``project_row`` turns one project into the figures a PMO head compares:
forecast finish and slip against the baseline, the P80 finish against the
deadline (Monte Carlo), the top risk score, overdue risk responses and
improvement actions, SPI/CPI, and the RAG areas of the status report. Health is
the worst area (see ``pmtools.status``), and at least amber when the P80 finish
is after the deadline.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.model import Project

__all__ = [
    "COLUMNS",
    "portfolio_frame",
    "portfolio_rows",
    "project_dirs",
    "project_row",
]

#: Columns of portfolio.csv / portfolio.xlsx, in order.
COLUMNS = (
    "folder",
    "project",
    "manager",
    "customer",
    "status_date",
    "health",
    "scope",
    "schedule",
    "cost",
    "risk",
    "quality",
    "finish",
    "baseline_finish",
    "slip_days",
    "deadline",
    "p80_finish",
    "p_deadline",
    "top_risk",
    "top_risk_score",
    "open_risks",
    "overdue_responses",
    "overdue_actions",
    "bac",
    "currency",
    "spi",
    "cpi",
    "eac",
    "value",
    "percent_complete",
    "attention",
    "attention_top",
)


def project_dirs(patterns: list[str] | str) -> list[Path]:
    """Project folders from paths and globs (``examples/*``): folders with a project.yaml,
    or a folder whose subfolders are projects; sorted by name, each once."""
    items = [patterns] if isinstance(patterns, str) else [str(p) for p in patterns]
    found: dict[str, Path] = {}
    for item in items:
        matches = sorted(glob.glob(os.path.expanduser(item))) or [item]
        for match in matches:
            path = Path(match)
            if (path / "project.yaml").is_file():
                found.setdefault(str(path.resolve()), path)
            elif path.is_dir():
                for child in sorted(path.iterdir()):
                    if (child / "project.yaml").is_file():
                        found.setdefault(str(child.resolve()), child)
    return sorted(found.values(), key=lambda p: p.name)


def portfolio_rows(
    patterns: list[str] | str, *, status_date: dt.date | str | None = None
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """Load every project of ``patterns`` and compute its row; projects whose files are
    invalid come back in a frame (folder, problems) instead, one line per problem."""
    from pmtools.errors import PmtoolsError, ProjectInvalid
    from pmtools.io import load_project

    rows: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    for path in project_dirs(patterns):
        try:
            project = load_project(path, status_date=status_date)
        except ProjectInvalid as exc:
            failures += [{"folder": path.name, "problem": str(p)} for p in exc.problems]
            continue
        except PmtoolsError as exc:
            failures.append({"folder": path.name, "problem": str(exc)})
            continue
        rows.append(project_row(project, folder=path.name))
    frame = pd.DataFrame(failures, columns=["folder", "problem"]).set_index("folder")
    return rows, frame


def project_row(
    project: Project, *, iterations: int = 2000, seed: int = 1, folder: str | None = None
) -> dict[str, Any]:
    """The portfolio figures of one project (keys: ``COLUMNS`` plus ``milestones``)."""
    from pmtools.agile import actions_overdue
    from pmtools.montecarlo import simulate
    from pmtools.status import status_report

    report = status_report(project)
    summary, register, earned = report.schedule, report.register, report.earned
    rags = {r.area: r.rag for r in report.ratings}
    simulation = simulate(project, iterations=iterations, seed=seed)
    p80 = simulation.finish_date(simulation.percentile(80)).astype(dt.date)
    p_deadline = simulation.deadline_probability
    active = register[register["active"]] if not register.empty else register
    top = report.risks.iloc[0] if not report.risks.empty else None
    leaves = project.tasks[~project.tasks["summary"].to_numpy()]
    value = None
    if project.requirements is not None and "business_value" in project.requirements.columns:
        value = float(project.requirements["business_value"].fillna(0).sum())
    milestones = report.key_dates[["name", "baseline_finish", "finish", "status"]].copy()
    duration = leaves["duration"].fillna(0).astype(float)
    percent = leaves["percent_complete"].fillna(0) if "percent_complete" in leaves else 0.0
    done = float((duration * percent).sum() / duration.sum()) if duration.sum() else 0.0
    row: dict[str, Any] = {
        "folder": folder or project.path.name,
        "project": project.name,
        "manager": project.settings.get("manager") or "",
        "customer": project.settings.get("customer") or "",
        "status_date": project.status_date,
        "health": _health(report.overall, p80, project.deadline),
        **{area: rags[area] for area in ("scope", "schedule", "cost", "risk", "quality")},
        "finish": summary.finish,
        "baseline_finish": summary.baseline_finish,
        "slip_days": summary.finish_variance,
        "deadline": project.deadline,
        "p80_finish": p80,
        "p_deadline": p_deadline,
        "top_risk": "" if top is None else str(top["title"]),
        "top_risk_score": None if top is None else float(top["score"]),
        "open_risks": len(active),
        "overdue_responses": int(register["overdue"].sum()) if not register.empty else 0,
        "overdue_actions": len(actions_overdue(project)) if project.actions is not None else 0,
        "bac": None if earned is None else earned.bac,
        "currency": project.currency or "",
        "spi": None if earned is None else earned.spi,
        "cpi": None if earned is None else earned.cpi,
        "eac": None if earned is None else earned.eac,
        "value": value,
        "percent_complete": round(done, 1),
        "attention": len(report.attention),
        "attention_top": report.attention[0].message() if report.attention else "",
        "milestones": milestones,
    }
    return row


def _health(overall: str, p80: dt.date, deadline: dt.date | None) -> str:
    """The status report's overall rating, at least amber when the P80 finish of the
    schedule risk simulation is after the deadline."""
    if deadline is not None and p80 > deadline and overall in ("green", "none"):
        return "amber"
    return overall


def portfolio_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as a frame with ``COLUMNS`` (milestones left out), worst health first."""
    order = {"red": 0, "amber": 1, "green": 2, "none": 3}
    frame = pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in rows], columns=list(COLUMNS))
    if frame.empty:
        return frame
    frame["_o"] = frame["health"].map(order)
    return frame.sort_values(["_o", "project"], kind="stable").drop(columns="_o")
