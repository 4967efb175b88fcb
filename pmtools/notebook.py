"""Helpers that keep report notebooks thin: find the project, set the language, show text.

A report notebook reads like an outline: each cell shows a translated heading
or sentence (``md``), a table (``table``) or a chart. Report text goes through
``t`` so one notebook gives an English or a Chinese report; user text is
escaped before it reaches Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.i18n import LANGUAGES, set_language, t
from pmtools.io import load_project
from pmtools.model import Project

__all__ = ["interactive", "locate", "md", "open_report", "table"]


def locate(project_dir: str | os.PathLike[str]) -> Path:
    """The project folder: as given, or relative to a parent folder of the current one.

    Notebooks run from ``notebooks/`` in JupyterLab but from the repository root
    under papermill; ``examples/crm-rollout`` works from both.
    """
    path = Path(project_dir)
    if path.is_absolute() or (path / "project.yaml").exists():
        return path
    for parent in Path.cwd().parents:
        candidate = parent / path
        if (candidate / "project.yaml").exists():
            return candidate
    return path


def interactive() -> bool:
    """True inside JupyterLab, Notebook or Voilà; False under papermill or nbconvert.

    Jupyter servers start kernels with a session name; batch runs do not.
    ``PMTOOLS_INTERACTIVE=0/1`` overrides the guess.
    """
    forced = os.environ.get("PMTOOLS_INTERACTIVE")
    if forced is not None:
        return forced not in ("", "0", "false", "no")
    markers = ("JPY_SESSION_NAME", "VOILA_REQUEST_URL", "VOILA_KERNEL_ID")  # Jupyter server, Voilà
    return any(os.environ.get(name) for name in markers)


def open_report(
    project_dir: str | os.PathLike[str],
    *,
    status_date: dt.date | str | None = None,
    language: str | None = None,
) -> Project:
    """Load the project for a report, set the report language and offline charts.

    ``language`` None takes the project's ``language``. Plotly figures render
    both for JupyterLab and, embedded once per notebook, for offline HTML.
    """
    import plotly.io as pio

    project = _load(locate(project_dir), status_date)
    chosen = language or project.language
    if chosen not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {chosen!r}")
    set_language(chosen)
    beside = os.environ.get("PMTOOLS_PLOTLY_JS")
    if beside:  # batch reports: plotly.js ships once beside the reports, not in each
        pio.renderers["pmtools_beside"] = _plotly_beside(beside)
        pio.renderers.default = "plotly_mimetype+pmtools_beside"
    else:
        pio.renderers.default = "plotly_mimetype+notebook"
    return project


_LOADED: dict[tuple[Any, ...], Project] = {}


def _load(folder: Path, status_date: dt.date | str | None) -> Project:
    """load_project; in batch kernels (``PMTOOLS_REPORT_CACHE``) the notebooks of one
    project share one load while none of its files changed (name, size, mtime)."""
    if not os.environ.get("PMTOOLS_REPORT_CACHE"):
        return load_project(folder, status_date=status_date)
    paths = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    files = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    key = (str(folder.resolve()), str(status_date), files)
    if key not in _LOADED:
        if len(_LOADED) >= 4:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = load_project(folder, status_date=status_date)
    return _LOADED[key]


def _plotly_beside(src: str) -> Any:
    """A notebook renderer whose page loads plotly.js from ``src`` (a relative URL)."""
    from IPython.display import HTML, display
    from plotly.io._base_renderers import NotebookRenderer

    class BesideRenderer(NotebookRenderer):  # type: ignore[misc]
        def activate(self) -> None:
            config = "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>"
            display(HTML(f'{config}<script src="{html.escape(src)}"></script>'))  # type: ignore[no-untyped-call]

    return BesideRenderer()


class _Markdown:
    """Markdown that Jupyter shows as formatted text (and nbconvert as HTML)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~"})


def escape(value: Any) -> str:
    """User text made safe inside Markdown and HTML: tags and Markdown marks are inert."""
    return html.escape(str(value), quote=False).translate(_MARKDOWN)


def md(key: str, **values: Any) -> _Markdown:
    """Translated Markdown for ``key``, every value escaped as user text."""
    return _Markdown(t(key, **{k: escape(v) for k, v in values.items()}))


class _Table:
    def __init__(self, html_text: str) -> None:
        self.html_text = html_text

    def _repr_html_(self) -> str:
        return self.html_text


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    empty: str = "table.empty",
    formats: Mapping[str, str] | None = None,
    index: str | None = None,
) -> _Table | _Markdown:
    """An HTML table of ``frame`` with translated headers (``columns``: column -> i18n key).

    Every cell is escaped; dates show as YYYY-MM-DD, floats by ``formats``
    (``{"emv": "{:,.0f}"}``); codes in ``status``, ``rating``, ``strategy``,
    ``type`` and ``change`` columns are translated. An empty frame shows the
    ``empty`` sentence; ``index`` (an i18n key) adds the index as the first column.
    """
    if frame.empty:
        return md(empty)
    formats = formats or {}
    head = "".join(f"<th>{html.escape(t(key))}</th>" for key in columns.values())
    if index:
        head = f"<th>{html.escape(t(index))}</th>" + head
    rows = []
    for label, row in frame.iterrows():
        cells = [f"<td>{html.escape(str(label))}</td>"] if index else []
        for column in columns:
            value = row[column] if column in row.index else ""
            text = _cell(value, formats.get(column))
            if column in _CODED and text:
                text = t(f"{_CODED[column]}.{text}")
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            dated = isinstance(value, pd.Timestamp | dt.date)
            css = ' class="num"' if numeric else ' class="date"' if dated else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return _Table(
        f'{_TABLE_STYLE}<table class="pmtools-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


_CODED = {
    "status": "status",
    "rating": "risk.rating",
    "strategy": "strategy",
    "type": "risk.type",
    "priority": "priority",
    "gap": "gap",
    "category": "category",
    "method": "eac.method",
    "health": "status.rag",
}
_TABLE_STYLE = (  # !important: notebook front ends right-align table cells by default
    "<style>.pmtools-table{border-collapse:collapse;margin:0.5em 0 1.5em}"
    ".pmtools-table th,.pmtools-table td{text-align:left!important;padding:4px 10px;"
    "vertical-align:top}"
    ".pmtools-table th,.pmtools-table td.num,.pmtools-table td.date{white-space:nowrap}"
    ".pmtools-table td.num{text-align:right!important}"
    ".pmtools-table thead th{border-bottom:2px solid #5d6d7e}"
    ".pmtools-table tbody tr:nth-child(even){background:#f4f6f7}</style>"
)


def _cell(value: Any, fmt: str | None) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, bool):
        return "✓" if value else ""
    if fmt:
        try:
            return fmt.format(value)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- report text built from results ----------------------------------------------------------


def title(key: str, project: Project) -> _Markdown:
    """The report title and a subtitle naming customer, manager and status date."""
    customer = project.settings.get("customer")
    customer_part = t("report.customer", customer=escape(customer)) if customer else ""
    subtitle = t(
        "report.subtitle",
        customer_part=customer_part,
        manager=escape(project.settings.get("manager") or t("report.none")),
        status_date=project.status_date or t("report.none"),
    )
    return _Markdown(t(key, name=escape(project.name)) + "\n\n" + subtitle)


def schedule_headline(summary: Any) -> _Markdown:
    """Forecast finish, progress, slip against the baseline and the deadline, in one paragraph."""
    text = t(
        "report.schedule.headline",
        start=summary.start,
        finish=summary.finish,
        duration=summary.duration,
        done=summary.finished,
        tasks=summary.tasks,
        in_progress=summary.in_progress,
        critical=summary.critical_tasks,
    )
    if summary.finish_variance is not None:
        text += t(
            "report.schedule.baseline",
            baseline=summary.baseline_finish,
            variance=summary.finish_variance,
        )
    if summary.deadline is not None:
        if summary.deadline_float >= 0:
            text += t(
                "report.schedule.deadline_ok",
                deadline=summary.deadline,
                float=summary.deadline_float,
            )
        else:
            text += t(
                "report.schedule.deadline_late",
                deadline=summary.deadline,
                late=-summary.deadline_float,
            )
    return _Markdown(text)


def risks_headline(project: Project, register: pd.DataFrame) -> _Markdown:
    """Open risks by rating, EMV of open threats and overdue responses, in one paragraph."""
    from pmtools.risk import open_threat_emv, rating_counts

    counts = rating_counts(register)
    active = int(register["active"].sum()) if not register.empty else 0
    overdue = int(register["overdue"].sum()) if not register.empty else 0
    return _Markdown(
        t(
            "report.risks.headline",
            open=active,
            emv=f"{open_threat_emv(register):,.0f}",
            currency=escape(project.currency or ""),
            overdue=overdue,
            **counts,
        )
    )


def trend_section(project: Project, register: pd.DataFrame) -> None:
    """Show a heading and the changes since the latest snapshot in history/ (or a note)."""
    from IPython.display import display

    from pmtools.io import risk_snapshots
    from pmtools.risk import rate, risk_trend

    snapshots = risk_snapshots(project)
    if not snapshots:
        display(md("report.risks.no_trend"))  # type: ignore[no-untyped-call]
        return
    day, older = snapshots[-1]
    older = older.assign(score=older["probability"] * older["impact"])
    older["rating"] = rate(older["score"], project.risk_scale.bands).to_numpy()
    trend = risk_trend(older, register)
    changed = trend[trend["change"] != "same"].copy()
    changed["title"] = (
        register["title"].reindex(changed.index).fillna(older["title"].reindex(changed.index))
    )
    changed["change"] = changed["change"].map(lambda c: t(f"trend.{c}"))
    columns = {
        "title": "col.title",
        "change": "col.change",
        "score_before": "col.score_before",
        "score_after": "col.score_after",
    }
    display(md("report.risks.trend", date=day))  # type: ignore[no-untyped-call]
    display(table(changed, columns, index="col.id"))  # type: ignore[no-untyped-call]


def schedule_risk_text(result: Any) -> _Markdown:
    """The simulation's percentiles and deadline chance, beside the PERT approximation."""
    from pmtools.montecarlo import pert_summary

    text = t(
        "report.risks.schedule",
        iterations=result.iterations,
        seed=result.seed,
        p50=result.finish_date(result.percentile(50)),
        p80=result.finish_date(result.percentile(80)),
        p90=result.finish_date(result.percentile(90)),
        planned=result.finish_date(result.deterministic),
    )
    if result.deadline_probability is not None:
        pert = pert_summary(result.project)
        text += t(
            "report.risks.deadline",
            deadline=result.project.deadline,
            probability=f"{100 * result.deadline_probability:.0f}",
            pert=f"{100 * (pert.probability or 0):.0f}",
        )
    return _Markdown(text)


def requirements_headline(project: Project) -> _Markdown:
    """Counts by type and priority, delivery, traceability gaps and the sign-off state."""
    from pmtools.requirements import signoff_state, traceability

    reqs = project.requirements
    if reqs is None or reqs.empty:
        return md("report.req.none")
    trace = traceability(project)
    priorities = reqs["priority"].value_counts()
    text = t(
        "report.req.headline",
        count=len(reqs),
        functional=int((reqs["type"] == "functional").sum()),
        nonfunctional=int((reqs["type"] == "non-functional").sum()),
        done=int((reqs["status"] == "done").sum()),
        untraced=int(trace["gap"].isin(("untraced", "both")).sum()),
        untested=int(trace["gap"].isin(("untested", "both")).sum()),
        **{p: int(priorities.get(p, 0)) for p in ("must", "should", "could", "wont")},
    )
    state = signoff_state(project)
    if state.signed_version is None:
        text += t("report.req.unsigned")
    else:
        text += t(
            "report.req.signoff",
            signed=escape(state.signed_version),
            by=escape(state.signed_by),
            on=state.signed_on,
            changes=len(state.changes),
            current=escape(state.current_version),
        )
    return _Markdown(text)


class _Frame:
    def __init__(self, document: str) -> None:
        self.document = document

    def _repr_html_(self) -> str:
        source = html.escape(self.document, quote=True)
        return (
            f'<iframe class="pmtools-document" srcdoc="{source}" '
            'style="width:100%;height:640px;border:1px solid #d5d8dc"></iframe>'
        )


def requirements_document(
    project: Project, export_dir: str | os.PathLike[str] | None = None
) -> Any:
    """Show the requirements document; with ``export_dir`` also write it as HTML and Markdown."""
    from IPython.display import display

    from pmtools.requirements import requirements_document as build
    from pmtools.tables.files import atomic_write_text

    if project.requirements is None:
        return md("report.req.none")
    document = build(project, fmt="html")
    if export_dir is not None:
        folder = Path(export_dir)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"requirements-{project.path.name}"
        atomic_write_text(folder / f"{stem}.html", document)
        atomic_write_text(folder / f"{stem}.md", build(project, fmt="markdown"))
        display(md("report.req.exported", files=f"{folder / stem}.html, .md"))  # type: ignore[no-untyped-call]
    return _Frame(document)


def retro_headline(project: Project) -> _Markdown:
    """Current sprint, recent velocity and say/do, and the forecast of sprints left."""
    from pmtools.agile import current_sprint, forecast, velocity

    if project.sprints is None or project.sprints.empty:
        return md("report.retro.none")
    frame = velocity(project)
    finished = frame[frame["finished"]].tail(3)
    outlook = forecast(project)
    if outlook is None or finished.empty:
        return md("report.retro.none")
    return _Markdown(
        t(
            "report.retro.headline",
            current=escape(current_sprint(project) or "-"),
            velocity=outlook.velocity_mean,
            say_do=float(finished["say_do"].mean()),
            remaining=outlook.remaining_points,
            sprints=outlook.sprints_mean,
            fast=outlook.sprints_low,
            slow=outlook.sprints_high,
            finish=outlook.finish_mean,
        )
    )


def retro_board_heading(project: Project) -> _Markdown:
    """The heading of the retro board, naming the sprint it shows."""
    from pmtools.agile import retro_board

    board = retro_board(project)
    return md("report.retro.board", sprint=board["sprint"].iloc[0] if len(board) else "-")


def cost_headline(project: Project, result: Any) -> _Markdown:
    """Earned value in one paragraph: EV against PV and AC, indices, forecasts, reserve."""
    from pmtools.evm import reserve_state

    def money(value: float | None) -> str:
        return t("evm.null") if value is None else f"{value:,.0f}"

    def index(value: float | None) -> str:
        return t("evm.null") if value is None else f"{value:.2f}"

    text = t(
        "report.cost.headline",
        date=result.status_date,
        ev=money(result.ev),
        currency=escape(project.currency or ""),
        bac=money(result.bac),
        pv=money(result.pv),
        ac=money(result.ac),
        cpi=index(result.cpi),
        spi=index(result.spi),
        eac=money(result.eac),
        vac=money(result.vac),
        tcpi=index(result.tcpi),
        es=index(result.es),
        at=result.at,
        spi_t=index(result.spi_t),
        finish=result.es_finish or t("evm.null"),
    )
    if project.budget is not None:
        text += t(
            "report.cost.reserve",
            budget=money(project.budget),
            reserve=money(reserve_state(project, result)["reserve"]),
        )
    return _Markdown(text)


def _rag_chip(rag: str) -> str:
    from pmtools.render.palette import RAG_COLOURS

    return (
        f'<span style="display:inline-block;min-width:5.5em;text-align:center;padding:2px 8px;'
        f'border-radius:10px;color:#fff;font-weight:600;background:{RAG_COLOURS[rag]}">'
        f"{html.escape(t(f'status.rag.{rag}'))}</span>"
    )


def status_headline(project: Project, report: Any) -> _Markdown:
    """The overall rating, the status date and how many tasks are finished."""
    return _Markdown(
        t(
            "report.status.overall",
            rag=_rag_chip(report.overall),
            date=report.status_date,
            finished=report.schedule.finished,
            tasks=report.schedule.tasks,
        )
    )


def status_ratings(report: Any) -> _Table:
    """The RAG table: area, coloured rating, the facts behind it; then the rules, stated."""
    rules = report.rules
    values = {
        "scope": {"red": f"{rules.scope_red_share:.0%}"},
        "schedule": {
            "red": rules.schedule_red_days,
            "amber": rules.schedule_amber_days,
            "index_red": rules.index_red,
            "index_amber": rules.index_amber,
        },
        "cost": {"index_red": rules.index_red, "index_amber": rules.index_amber},
        "risk": {},
        "quality": {"red": rules.quality_red_actions},
    }
    rows = "".join(
        f"<tr><td><b>{html.escape(t(f'status.area.{r.area}'))}</b></td>"
        f"<td>{_rag_chip(r.rag)}</td><td>{html.escape(r.facts)}</td></tr>"
        for r in report.ratings
    )
    rule_rows = "".join(
        f"<tr><td>{html.escape(t(f'status.area.{area}'))}</td>"
        f"<td>{html.escape(t(f'status.rule.{area}', **values[area]))}</td></tr>"
        for area in values
    )
    head = "".join(f"<th>{html.escape(t(k))}</th>" for k in ("col.area", "col.rag", "col.facts"))
    return _Table(
        f'{_TABLE_STYLE}<table class="pmtools-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<details><summary>{html.escape(t('report.status.rules'))}</summary>"
        f'<table class="pmtools-table"><tbody>{rule_rows}</tbody></table></details>'
    )


def cost_categories(project: Project) -> Any:
    """Actual cost per month and category as stacked bars, or a sentence when none yet."""
    from pmtools.charts import cost_by_category_chart
    from pmtools.evm import cost_by_category

    frame = cost_by_category(project)
    if frame.empty or not frame.to_numpy().any():
        return md("report.cost.no_categories")
    return cost_by_category_chart(frame, currency=project.currency or "")


def reserve_section(project: Project, result: Any, periods: pd.DataFrame) -> Any:
    """The reserve burn chart, or a sentence when project.yaml sets no budget or reserve."""
    from pmtools.charts import reserve_burn
    from pmtools.evm import reserve_state

    state = reserve_state(project, result)
    if state["reserve"] is None:
        return md("report.cost.no_reserve")
    return reserve_burn(
        periods, state["reserve"], forecast_left=state["left"], currency=project.currency or ""
    )


def portfolio_title(rows: list[dict[str, Any]], status_date: Any) -> _Markdown:
    """The portfolio report's title and how many projects it covers, at which date."""
    dates = sorted({str(r["status_date"]) for r in rows if r.get("status_date")})
    when = status_date or (", ".join(dates) if dates else t("report.none"))
    return _Markdown(
        t("report.portfolio.title")
        + "\n\n"
        + t("report.portfolio.subtitle", projects=len(rows), date=escape(when))
    )


def open_portfolio(
    project_dir: str | os.PathLike[str] | list[str],
    *,
    status_date: dt.date | str | None = None,
    language: str | None = None,
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The rows of every project under ``project_dir`` (a glob, a folder of projects, one
    project or a list), for the portfolio report; sets the language and offline charts."""
    import plotly.io as pio

    from pmtools.portfolio import portfolio_rows

    items = list(project_dir) if isinstance(project_dir, list | tuple) else [project_dir]
    patterns = [_pattern(str(item)) for item in items]
    set_language(language or "en")
    pio.renderers.default = "plotly_mimetype+notebook"
    return portfolio_rows(patterns, status_date=status_date)


def _pattern(text: str) -> str:
    """A path or glob as given, or relative to a parent of the current folder (as ``locate``)."""
    import glob

    if Path(text).is_absolute():
        return text
    for base in (Path.cwd(), *Path.cwd().parents):
        if glob.glob(str(base / text)):
            return str(base / text)
    return text
