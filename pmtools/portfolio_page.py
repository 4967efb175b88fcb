"""OUT/index.html, portfolio.csv and portfolio.xlsx of a batch report run.

Every piece of user text (project names, folders, risk titles, error messages)
is escaped; links are URL-quoted. plotly.js is written once beside the page
(``plotly.min.js``), so the page opens offline.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from pmtools.charts.portfolio import milestone_gantt, risk_value_bubbles
from pmtools.i18n import t, use_language
from pmtools.portfolio import portfolio_frame
from pmtools.render.palette import RAG_COLOURS
from pmtools.render.spreadsheet import write_csv, write_xlsx
from pmtools.tables.files import atomic_write_text

__all__ = ["write_portfolio"]

_STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",Arial,sans-serif;margin:24px 32px;color:#1c2833}
h1{font-weight:500;margin-bottom:4px} h2{font-weight:500;margin-top:32px}
.sub{color:#5d6d7e;margin-bottom:18px}
table{border-collapse:collapse;font-size:13px} th,td{padding:5px 9px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #5d6d7e;white-space:nowrap} tbody tr:nth-child(even){background:#f4f6f7}
td.num{text-align:right;white-space:nowrap} td.date{white-space:nowrap}
td.project{min-width:13em} td.links{min-width:15em;line-height:1.6} td.risk{min-width:15em}
.chip{display:inline-block;min-width:4.8em;text-align:center;padding:1px 7px;border-radius:9px;color:#fff;font-weight:600;font-size:12px}
.dot{display:inline-block;width:12px;height:12px;border-radius:6px}
.failure{border-left:4px solid #c0392b;padding:4px 12px;margin:10px 0;background:#fdedec}
.failure pre{white-space:pre-wrap;margin:4px 0;font-size:12px}
.counts span{margin-right:18px}
"""


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _e(value: Any) -> str:
    return "" if _missing(value) else html.escape(str(value))


def _chip(rag: str | None) -> str:
    rag = rag or "none"
    return f'<span class="chip" style="background:{RAG_COLOURS[rag]}">{_e(t(f"status.rag.{rag}"))}</span>'


def _dot(rag: str | None, area: str) -> str:
    rag = rag or "none"
    label = f"{t(f'status.area.{area}')}: {t(f'status.rag.{rag}')}"
    return f'<span class="dot" title="{_e(label)}" style="background:{RAG_COLOURS[rag]}"></span>'


def _link(folder: str, name: str) -> str:
    return f"{quote(folder)}/{quote(name)}.html"


def _number(value: Any, fmt: str) -> str:
    return "" if _missing(value) else _e(fmt.format(value))


def _rows(frame: pd.DataFrame, outcomes: list[Any], notebooks: tuple[str, ...], out: Path) -> str:
    body = []
    by_folder = {o.folder: o for o in outcomes}
    for record in frame.to_dict("records"):
        folder = str(record["folder"])
        outcome = by_folder[folder]
        links = " · ".join(
            f'<a href="{_link(folder, n)}">{_e(t(f"portfolio.report.{n}"))}</a>'
            for n in notebooks
            if (out / folder / f"{n}.html").is_file()
        )
        first = next((n for n in notebooks if (out / folder / f"{n}.html").is_file()), None)
        name = _e(record["project"])
        title = f'<a href="{_link(folder, first)}">{name}</a>' if first else name
        warn = "" if outcome.ok else ' <span title="failed">⚠</span>'
        dots = "".join(_dot(record[a], a) for a in ("scope", "schedule", "cost", "risk", "quality"))
        risk = _e(record["top_risk"])
        if not _missing(record["top_risk_score"]):
            risk += f" ({record['top_risk_score']:.0f})"
        body.append(
            "<tr>"
            f'<td class="project">{title}{warn}<br><small>{_e(record["manager"])}</small></td>'
            f"<td>{_chip(record['health'])}</td><td>{dots}</td>"
            f'<td class="date">{_e(record["finish"])}</td>'
            f'<td class="num">{_number(record["slip_days"], "{:+.0f}")}</td>'
            f'<td class="date">{_e(record["p80_finish"])}</td>'
            f'<td class="date">{_e(record["deadline"])}</td>'
            f'<td class="num">{_number(record["p_deadline"], "{:.0%}")}</td>'
            f'<td class="risk">{risk}</td>'
            f'<td class="num">{_e(record["overdue_responses"])} / '
            f"{_e(record['overdue_actions'])}</td>"
            f'<td class="num">{_number(record["spi"], "{:.2f}")}</td>'
            f'<td class="num">{_number(record["cpi"], "{:.2f}")}</td>'
            f'<td class="num">{_number(record["percent_complete"], "{:.0f}%")}</td>'
            f'<td class="links">{links}</td></tr>'
        )
    heads = [
        "project", "health", "areas", "finish", "slip", "p80", "deadline", "p_deadline",
        "top_risk", "overdue", "spi", "cpi", "done", "reports",
    ]  # fmt: skip
    head = "".join(f"<th>{_e(t(f'portfolio.col.{h}'))}</th>" for h in heads)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _failures(outcomes: list[Any]) -> str:
    items = []
    for o in outcomes:
        if o.ok:
            continue
        for nb in o.notebooks:
            if not nb["ok"]:
                link = f'<a href="{_link(o.folder, nb["name"])}">{_e(nb["name"])}</a>'
                items.append(
                    f'<div class="failure"><b>{_e(o.folder)}</b> — {link}'
                    f"<pre>{_e(nb.get('error', ''))}</pre></div>"
                )
        if o.problems:
            items.append(
                f'<div class="failure"><b>{_e(o.folder)}</b> — {_e(t("portfolio.invalid"))}'
                f"<pre>{_e(chr(10).join(o.problems))}</pre></div>"
            )
    if not items:
        return f"<p>{_e(t('portfolio.no_failures'))}</p>"
    return "".join(items)


def write_portfolio(
    out: Path,
    outcomes: list[Any],
    notebooks: tuple[str, ...],
    *,
    language: str | None = None,
    status_date: str | None = None,
) -> None:
    """Write index.html, plotly.min.js, portfolio.csv and portfolio.xlsx into ``out``."""
    import plotly.offline

    rows = [o.row for o in outcomes if o.row]
    frame = portfolio_frame(rows)
    write_csv(frame, out / "portfolio.csv")
    write_xlsx(frame, out / "portfolio.xlsx")
    script = out / "plotly.min.js"
    if not script.is_file():
        atomic_write_text(script, plotly.offline.get_plotlyjs())
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
            f'<!DOCTYPE html><html lang="{_e(language or "en")}"><head><meta charset="utf-8">'
            f"<title>{_e(t('portfolio.title'))}</title>"
            f'<script src="plotly.min.js"></script><style>{_STYLE}</style></head><body>'
            f"<h1>{_e(t('portfolio.title'))}</h1>"
            f'<div class="sub">{_e(subtitle)}</div>'
            f'<div class="counts">{summary}</div>'
            f"<h2>{_e(t('portfolio.health'))}</h2>{_rows(frame, outcomes, notebooks, out)}"
            f"<p><small>{_e(t('portfolio.rule'))}</small></p>"
            f"<h2>{_e(t('portfolio.failures'))}</h2>{_failures(outcomes)}"
            f"{charts}</body></html>"
        )
    atomic_write_text(out / "index.html", page)
