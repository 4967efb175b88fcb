"""The portfolio: the notebook's title and rows, and OUT/index.html, portfolio.csv and
portfolio.xlsx of a batch report run.

Every piece of user text (project names, folders, risk titles, error messages)
is escaped; links are URL-quoted. plotly.js is written once beside the page
(``plotly.min.js``), so the page opens offline.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from pmtools.charts.portfolio import milestone_gantt, risk_value_bubbles
from pmtools.i18n import set_language, t, use_language
from pmtools.portfolio import portfolio_frame, portfolio_rows
from pmtools.render import Markdown, escape, inline
from pmtools.render.css import PORTFOLIO
from pmtools.render.palette import RAG_COLOURS
from pmtools.render.spreadsheet import write_csv, write_xlsx
from pmtools.tables.files import atomic_write_text

__all__ = ["open_portfolio", "title", "write_portfolio"]


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _chip(rag: str | None) -> str:
    rag = rag or "none"
    return f'<span class="chip" style="background:{RAG_COLOURS[rag]}">{escape(t(f"status.rag.{rag}"))}</span>'


def _dot(rag: str | None, area: str) -> str:
    rag = rag or "none"
    label = f"{t(f'status.area.{area}')}: {t(f'status.rag.{rag}')}"
    return (
        f'<span class="dot" title="{escape(label)}" style="background:{RAG_COLOURS[rag]}"></span>'
    )


def _link(folder: str, name: str) -> str:
    return f"{quote(folder)}/{quote(name)}.html"


def _number(value: Any, fmt: str) -> str:
    return "" if _missing(value) else escape(fmt.format(value))


def _attention(record: dict[Any, Any]) -> str:
    """The first thing that needs attention now (red first), and how many more there are."""
    count = 0 if _missing(record.get("attention")) else int(record["attention"])
    if not count:
        return ""
    more = f" <small>(+{count - 1})</small>" if count > 1 else ""
    text = str(record["attention_top"])
    if len(text) > 120:  # the whole item is on the status report; here a glance
        return f'<span title="{escape(text)}">{escape(text[:117].rstrip())}…</span>{more}'
    return f"{escape(text)}{more}"


def _rows(frame: pd.DataFrame, outcomes: list[Any], notebooks: tuple[str, ...], out: Path) -> str:
    body = []
    by_folder = {o.folder: o for o in outcomes}
    for record in frame.to_dict("records"):
        folder = str(record["folder"])
        outcome = by_folder[folder]
        links = " ".join(
            f'<a href="{_link(folder, n)}">{escape(t(f"portfolio.report.{n}"))}</a>'
            for n in notebooks
            if (out / folder / f"{n}.html").is_file()
        )
        first = next((n for n in notebooks if (out / folder / f"{n}.html").is_file()), None)
        name = escape(record["project"])
        title = f'<a href="{_link(folder, first)}">{name}</a>' if first else name
        warn = "" if outcome.ok else ' <span title="failed">⚠</span>'
        dots = "".join(_dot(record[a], a) for a in ("scope", "schedule", "cost", "risk", "quality"))
        risk = escape(record["top_risk"])
        if not _missing(record["top_risk_score"]):
            risk += f" ({record['top_risk_score']:.0f})"
        body.append(
            "<tr>"
            f'<td class="project">{title}{warn}<br><small>{escape(record["manager"])}</small></td>'
            f'<td>{_chip(record["health"])}</td><td class="areas">{dots}</td>'
            f'<td class="date">{escape(record["finish"])}</td>'
            f'<td class="num">{_number(record["slip_days"], "{:+.0f}")}</td>'
            f'<td class="date">{escape(record["p80_finish"])}</td>'
            f'<td class="date">{escape(record["deadline"])}</td>'
            f'<td class="num">{_number(record["p_deadline"], "{:.0%}")}</td>'
            f'<td class="risk">{risk}</td>'
            f'<td class="risk">{_attention(record)}</td>'
            f'<td class="num">{escape(record["overdue_responses"])} / '
            f"{escape(record['overdue_actions'])}</td>"
            f'<td class="num">{_number(record["spi"], "{:.2f}")}</td>'
            f'<td class="num">{_number(record["cpi"], "{:.2f}")}</td>'
            f'<td class="num">{_number(record["percent_complete"], "{:.0f}%")}</td>'
            f'<td class="links">{links}</td></tr>'
        )
    heads = [
        "project", "health", "areas", "finish", "slip", "p80", "deadline", "p_deadline",
        "top_risk", "attention", "overdue", "spi", "cpi", "done", "reports",
    ]  # fmt: skip
    areas = " · ".join(
        t(f"status.area.{a}") for a in ("scope", "schedule", "cost", "risk", "quality")
    )
    head = "".join(
        f'<th title="{escape(areas)}">{escape(t("portfolio.col.areas"))}</th>'
        if h == "areas"
        else f"<th>{escape(t(f'portfolio.col.{h}'))}</th>"
        for h in heads
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _failures(outcomes: list[Any]) -> str:
    items = []
    for o in outcomes:
        if o.ok:
            continue
        for nb in o.notebooks:
            if not nb["ok"]:
                link = f'<a href="{_link(o.folder, nb["name"])}">{escape(nb["name"])}</a>'
                items.append(
                    f'<div class="failure"><b>{escape(o.folder)}</b> — {link}'
                    f"<pre>{escape(nb.get('error', ''))}</pre></div>"
                )
        if o.problems:
            items.append(
                f'<div class="failure"><b>{escape(o.folder)}</b> — {escape(t("portfolio.invalid"))}'
                f"<pre>{escape(chr(10).join(o.problems))}</pre></div>"
            )
    if not items:
        return f"<p>{escape(t('portfolio.no_failures'))}</p>"
    return "".join(items)


#: Columns of the portfolio rows that hold dates and indices.
_DATES = ("status_date", "finish", "baseline_finish", "deadline", "p80_finish")
_INDICES = ("spi", "cpi", "p_deadline")


def _spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The portfolio for CSV and Excel: dates as dates (Excel shows real dates), indices and
    chances to two decimals."""
    sheet = frame.copy()
    for column in _DATES:
        if column in sheet:
            sheet[column] = pd.to_datetime(sheet[column], errors="coerce")
    for column in _INDICES:
        if column in sheet:
            sheet[column] = pd.to_numeric(sheet[column], errors="coerce").round(2)
    return sheet


def plotly_beside(out: Path) -> None:
    """Put plotly.js in ``out`` (``plotly.min.js``) for the reports and the portfolio page to
    share; written before any report is printed, so no PDF is printed without its charts."""
    import plotly.offline

    script = out / "plotly.min.js"
    if not script.is_file():
        atomic_write_text(script, plotly.offline.get_plotlyjs())


def write_portfolio(
    out: Path,
    outcomes: list[Any],
    notebooks: tuple[str, ...],
    *,
    language: str | None = None,
    status_date: str | None = None,
) -> None:
    """Write index.html, plotly.min.js, portfolio.csv and portfolio.xlsx into ``out``."""
    rows = [o.row for o in outcomes if o.row]
    frame = portfolio_frame(rows)
    sheet = _spreadsheet_frame(frame)
    write_csv(sheet, out / "portfolio.csv")
    write_xlsx(sheet, out / "portfolio.xlsx")
    plotly_beside(out)
    with use_language(language or "en"):
        charts = ""
        if rows:
            when = dt.date.fromisoformat(status_date) if status_date else None
            records = [{**row, "milestones": pd.DataFrame(row["milestones"])} for row in rows]
            gantt = milestone_gantt(records, status_date=when)
            bubbles = risk_value_bubbles(frame)
            charts = "".join(
                f"<div>{figure.to_html(full_html=False, include_plotlyjs=False)}</div>"
                for figure in (gantt, bubbles)
            )
        counts = frame["health"].value_counts() if not frame.empty else pd.Series(dtype=int)
        failed = sum(not o.ok for o in outcomes)
        summary = "".join(
            f"<span>{_chip(rag)} {int(counts.get(rag, 0))}</span>"
            for rag in ("red", "amber", "green")
        )
        generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        subtitle = t(
            "portfolio.subtitle", projects=len(outcomes), failed=failed, generated=generated
        )
        page = (
            f'<!DOCTYPE html><html lang="{escape(language or "en")}"><head><meta charset="utf-8">'
            f"<title>{escape(t('portfolio.title'))}</title>"
            f'<script src="plotly.min.js"></script><style>{PORTFOLIO}</style></head><body>'
            f"<h1>{escape(t('portfolio.title'))}</h1>"
            f'<div class="sub">{escape(subtitle)}</div>'
            f'<div class="counts">{summary}</div>'
            f"<h2>{escape(t('portfolio.health'))}</h2>{_rows(frame, outcomes, notebooks, out)}"
            f"<p><small>{escape(t('portfolio.rule'))}</small></p>"
            f"<h2>{escape(t('portfolio.failures'))}</h2>{_failures(outcomes)}"
            f"{charts}</body></html>"
        )
    atomic_write_text(out / "index.html", page)


def title(rows: list[dict[str, Any]], status_date: Any) -> Markdown:
    """The portfolio report's title and how many projects it covers, at which date."""
    dates = sorted({str(r["status_date"]) for r in rows if r.get("status_date")})
    when = status_date or (", ".join(dates) if dates else t("report.none"))
    return Markdown(
        t("report.portfolio.title")
        + "\n\n"
        + t("report.portfolio.subtitle", projects=len(rows), date=inline(when))
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
