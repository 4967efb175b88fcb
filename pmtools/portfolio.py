"""The portfolio: one health row per project, its charts, and safe CSV/Excel exports.

``project_row`` turns one project into the figures a PMO head compares:
forecast finish and slip against the baseline, the P80 finish against the
deadline (Monte Carlo), the top risk score, overdue risk responses and
improvement actions, SPI/CPI, and the RAG areas of the status report. Health is
the worst area (see ``pmtools.status``), and at least amber when the P80 finish
is after the deadline.

Exports: every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return gets a leading apostrophe so a spreadsheet shows it as text
instead of running it as a formula (OWASP, CSV injection).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import CRITICAL, NORMAL, base_layout, esc, status_line
from pmtools.i18n import t, use_language
from pmtools.model import Project

__all__ = [
    "COLUMNS",
    "milestone_gantt",
    "neutralise",
    "portfolio_frame",
    "portfolio_rows",
    "project_dirs",
    "project_row",
    "risk_value_bubbles",
    "write_csv",
    "write_xlsx",
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
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


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


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """portfolio.csv: UTF-8 with BOM (Excel opens it right), formula text neutralised, atomic."""
    from pmtools._tables import atomic_write_text

    text = _export_frame(frame).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    atomic_write_text(path, "\ufeff" + text)


def write_xlsx(frame: pd.DataFrame, path: Path, *, sheet: str = "Portfolio") -> None:
    """portfolio.xlsx: bold filled header, frozen header row and first columns, widths that
    fit, dates as dates, formula text neutralised (stored as text, never as a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    ws = book.active
    ws.title = sheet
    data = _export_frame(frame)
    ws.append(list(data.columns))
    for values in data.itertuples(index=False):
        cells: list[Any] = []
        for value in values:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
            elif isinstance(value, pd.Timestamp):
                cells.append(value.date())
            else:
                cells.append(value)
        ws.append(cells)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, whatever it starts with
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="34495E")
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "C2"
    for index, column in enumerate(data.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in data[column].head(200)])
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = min(width + 2, 50)
    ws.auto_filter.ref = ws.dimensions
    tmp = path.with_name(path.name + ".tmp")
    book.save(tmp)
    os.replace(tmp, path)


def milestone_gantt(
    rows: list[dict[str, Any]], *, status_date: dt.date | None = None, language: str | None = None
) -> go.Figure:
    """Every project's milestones on one timeline, a row per project: forecast (red when
    later than its baseline) and the baseline as open grey diamonds."""
    with use_language(language):
        figure = go.Figure()
        xs, ys, colours, texts, bx, by = [], [], [], [], [], []
        for row in sorted(rows, key=lambda r: str(r["project"]), reverse=True):
            label = esc(row["project"])
            for _, m in row["milestones"].iterrows():
                finish = pd.Timestamp(m["finish"])
                base = (
                    pd.Timestamp(m["baseline_finish"]) if pd.notna(m["baseline_finish"]) else None
                )
                xs.append(finish)
                ys.append(label)
                colours.append(CRITICAL if base is not None and finish > base else NORMAL)
                texts.append(esc(m["name"]))
                if base is not None:
                    bx.append(base)
                    by.append(label)
        figure.add_scatter(
            x=bx, y=by, mode="markers", name=t("milestones.baseline"),
            marker={"symbol": "diamond-open", "size": 11, "color": "#b3b6b7", "line": {"width": 2}},
            hoverinfo="skip",
        )  # fmt: skip
        figure.add_scatter(
            x=xs, y=ys, mode="markers", name=t("portfolio.milestone"), text=texts,
            marker={"symbol": "diamond", "size": 12, "color": colours},
            hovertemplate="%{y}<br>%{text}<br>%{x|%Y-%m-%d}<extra></extra>",
        )  # fmt: skip
        if status_date is not None:
            status_line(figure, status_date)
        base_layout(figure, title=t("portfolio.gantt"), height=160 + 44 * max(len(rows), 1))
        figure.update_xaxes(title=t("gantt.axis"), type="date")
        figure.update_yaxes(automargin=True)
        return figure


def risk_value_bubbles(frame: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Risk (top risk score) against business value, one bubble per project: its size the
    number of open risks, its colour the health."""
    from pmtools.status import RAG_COLOURS

    with use_language(language):
        figure = go.Figure()
        data = frame.copy()
        data["value"] = data["value"].fillna(0).astype(float)
        data["top_risk_score"] = data["top_risk_score"].fillna(0).astype(float)
        count = data["open_risks"].fillna(0).astype(float)
        most = float(count.max()) or 1.0
        # neighbours along the value axis get their labels on opposite sides
        order = data["value"].rank(method="first").astype(int)
        data["_pos"] = ["top center" if o % 2 else "bottom center" for o in order]
        for health, group in data.groupby("health", sort=False):
            sizes = (16 + 34 * (count[group.index] / most) ** 0.5).tolist()
            figure.add_scatter(
                x=group["value"],
                y=group["top_risk_score"],
                mode="markers+text",
                name=t(f"status.rag.{health}"),
                text=[esc(p) for p in group["project"]],
                textposition=group["_pos"].tolist(),
                customdata=count[group.index],
                marker={"size": sizes, "color": RAG_COLOURS[str(health)], "opacity": 0.75},
                hovertemplate="%{text}<br>" + t("portfolio.value") + " %{x:,.0f}<br>"
                + t("portfolio.risk") + " %{y}<br>" + t("portfolio.open_risks")
                + " %{customdata}<extra></extra>",
            )  # fmt: skip

        def padded(values: pd.Series) -> list[float]:
            low, high = float(values.min()), float(values.max())
            pad = max((high - low) * 0.25, abs(high) * 0.1, 1.0)
            return [low - pad, high + pad]

        base_layout(figure, title=t("portfolio.bubbles"), height=460)
        if len(data):
            figure.update_xaxes(range=padded(data["value"]))
            figure.update_yaxes(range=padded(data["top_risk_score"]))
        figure.update_xaxes(title=t("portfolio.value"))
        figure.update_yaxes(title=t("portfolio.risk"))
        return figure
