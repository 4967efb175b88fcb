"""Requirements: MoSCoW summary, value/effort ranking, traceability, sign-off, the document.

``value_per_effort = business_value / effort`` (value points per person-day)
ranks what to build first; rejected requirements and ``wont`` are left out of
the ranking. A requirement is *traced* when it names tasks in tasks.csv and
*tested* when it names test cases; ``delivered`` when all its tasks are
finished. Changes since sign-off are the requirements whose ``version`` is
newer than the latest signed version in signoff.csv (versions compare part by
part: 1.10 > 1.9).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmtools.i18n import t, use_language
from pmtools.model import Project
from pmtools.tables.requirements import PRIORITIES, REQUIREMENT_STATUSES, version_key

__all__ = [
    "SignoffState",
    "changes_since_signoff",
    "in_play",
    "moscow_summary",
    "requirements_document",
    "signoff_state",
    "traceability",
    "value_effort",
]


def _requirements(project: Project) -> pd.DataFrame:
    if project.requirements is None:
        return pd.DataFrame(
            columns=[
                "title",
                "type",
                "priority",
                "status",
                "business_value",
                "effort",
                "version",
                "tasks",
                "tests",
            ]
        )
    return project.requirements


def moscow_summary(project: Project) -> pd.DataFrame:
    """Counts of requirements by priority (rows: must, should, could, wont) and status."""
    reqs = _requirements(project)
    table = pd.crosstab(reqs["priority"], reqs["status"]) if len(reqs) else pd.DataFrame()
    table = table.reindex(index=list(PRIORITIES), columns=list(REQUIREMENT_STATUSES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.astype(int)


def in_play(reqs: pd.DataFrame) -> pd.Series:
    """True for requirements still in play: not rejected and not won't-have."""
    return ~reqs["status"].isin(("rejected",)) & (reqs["priority"] != "wont")


def value_effort(project: Project) -> pd.DataFrame:
    """Requirements still in play with value per person-day and a rank (1 = build first)."""
    reqs = _requirements(project)
    live = reqs[in_play(reqs)].copy()
    effort = live["effort"].astype(float)
    live["value_per_effort"] = live["business_value"].astype(float) / effort.where(effort > 0)
    order = live.sort_values(
        ["value_per_effort", "business_value"], ascending=[False, False], na_position="last"
    )
    live["rank"] = pd.Series(np.arange(1, len(order) + 1), index=order.index).reindex(live.index)
    return live


def traceability(project: Project, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each requirement against its tasks and tests.

    Columns: title, priority, status, tasks, tests (lists), traced, tested,
    tasks_finished (how many of its tasks are finished), delivered (all
    finished), and gap (``untraced``, ``untested``, ``both`` or empty) for
    requirements still in play (not rejected, not won't). Gaps come first.
    """
    from pmtools.schedule import critical_path

    reqs = _requirements(project)
    columns = [
        "title",
        "priority",
        "status",
        "tasks",
        "tests",
        "traced",
        "tested",
        "tasks_finished",
        "delivered",
        "gap",
    ]
    if reqs.empty:
        return pd.DataFrame(columns=columns)
    plan = critical_path(project) if plan is None else plan
    finished = set(plan.index[plan["status"] == "finished"])
    out = reqs[["title", "priority", "status", "tasks", "tests"]].copy()
    out["traced"] = out["tasks"].map(bool)
    out["tested"] = out["tests"].map(bool)
    out["tasks_finished"] = out["tasks"].map(lambda ids: sum(i in finished for i in ids))
    out["delivered"] = out["traced"] & (out["tasks_finished"] == out["tasks"].map(len))
    playing = in_play(out)
    gap = np.select(
        [~out["traced"] & ~out["tested"], ~out["traced"], ~out["tested"]],
        ["both", "untraced", "untested"],
        default="",
    )
    out["gap"] = np.where(playing, gap, "")
    order = out["gap"].map({"both": 0, "untraced": 1, "untested": 2, "": 3})
    return out.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")


@dataclass(frozen=True)
class SignoffState:
    """The latest signed version and what changed since (versions as text)."""

    signed_version: str | None
    signed_on: dt.date | None
    signed_by: str | None
    current_version: str | None
    changes: pd.DataFrame


def signoff_state(project: Project) -> SignoffState:
    """The latest sign-off and the requirements changed since it."""
    reqs = _requirements(project)
    versions = [v for v in reqs["version"].tolist() if v]
    current = max(versions, key=version_key) if versions else None
    signoff = project.signoff
    if signoff is None or signoff.empty:
        return SignoffState(None, None, None, current, reqs.iloc[0:0])
    keys = [version_key(v) for v in signoff["version"]]
    latest = signoff.iloc[max(range(len(keys)), key=keys.__getitem__)]
    signed = str(latest["version"])
    changed = reqs[reqs["version"].map(lambda v: bool(v) and version_key(v) > version_key(signed))]
    return SignoffState(
        signed,
        pd.Timestamp(latest["date"]).date() if pd.notna(latest["date"]) else None,
        str(latest["signed_by"]),
        current,
        changed,
    )


def changes_since_signoff(project: Project) -> pd.DataFrame:
    """Requirements whose version is newer than the latest signed-off version."""
    return signoff_state(project).changes


# ---------------------------------------------------------------------------------------------
# the requirements document


def _e(value: object) -> str:
    return html.escape(
        "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    )


def requirements_document(
    project: Project,
    *,
    fmt: str = "html",
    language: str | None = None,
    today: dt.date | None = None,
) -> str:
    """The requirements document to send to the customer: HTML (standalone) or Markdown.

    Scope (project, customer, version), functional and non-functional
    requirements grouped by MoSCoW priority with acceptance criteria, changes
    since the last sign-off, the sign-off history and a blank sign-off block for
    the current version. Rejected requirements are listed apart. User text is
    escaped (HTML) or made inert (Markdown).
    """
    if fmt not in ("html", "markdown"):
        raise ValueError("fmt must be html or markdown")
    with use_language(language or project.language):
        state = signoff_state(project)
        reqs = _requirements(project)
        settings = project.settings
        meta = {
            "name": project.name,
            "customer": settings.get("customer") or "",
            "manager": settings.get("manager") or "",
            "version": state.current_version or "-",
            "date": (today or project.status_date).isoformat(),
        }
        sections: list[tuple[str, pd.DataFrame]] = []
        for kind in ("functional", "non-functional"):
            part = reqs[(reqs["type"] == kind) & (reqs["status"] != "rejected")]
            order = part["priority"].map({p: i for i, p in enumerate(PRIORITIES)})
            sections.append((t(f"reqdoc.{kind}"), part.assign(_o=order).sort_values(["_o"])))
        rejected = reqs[reqs["status"] == "rejected"]
        if fmt == "markdown":
            return _markdown_document(meta, sections, rejected, state, project)
        return _html_document(meta, sections, rejected, state, project)


def _md(value: object) -> str:
    from pmtools.notebook import escape

    return escape("" if value is None else value).replace("\n", " ")


def _markdown_document(
    meta: dict[str, str],
    sections: list[tuple[str, pd.DataFrame]],
    rejected: pd.DataFrame,
    state: SignoffState,
    project: Project,
) -> str:
    lines = [
        f"# {t('reqdoc.title', name=_md(meta['name']))}",
        "",
        t(
            "reqdoc.meta",
            customer=_md(meta["customer"]),
            manager=_md(meta["manager"]),
            version=_md(meta["version"]),
            date=meta["date"],
        ),
        "",
        f"## {t('reqdoc.scope')}",
        "",
        t("reqdoc.scope_text", count=sum(len(p) for _, p in sections)),
    ]
    for heading, part in sections:
        lines += ["", f"## {heading}", ""]
        if part.empty:
            lines.append(t("table.empty"))
        for req_id, row in part.iterrows():
            lines.append(
                f"- **{_md(req_id)} {_md(row['title'])}** ({t('reqdoc.priority.' + row['priority'])}, "
                f"v{_md(row['version'])}): {_md(row['description'])}"
            )
            for criterion in [c for c in str(row["acceptance_criteria"]).split(";") if c.strip()]:
                lines.append(f"  - {t('reqdoc.accept')}: {_md(criterion.strip())}")
    if not rejected.empty:
        lines += ["", f"## {t('reqdoc.rejected')}", ""]
        lines += [f"- {_md(i)} {_md(r['title'])}" for i, r in rejected.iterrows()]
    lines += ["", f"## {t('reqdoc.changes', version=_md(state.signed_version or '-'))}", ""]
    lines += [
        f"- {_md(i)} {_md(r['title'])} (v{_md(r['version'])}, {t('status.req.' + r['status'])})"
        for i, r in state.changes.iterrows()
    ] or [t("table.empty")]
    lines += ["", f"## {t('reqdoc.signoff')}", ""]
    if project.signoff is not None and not project.signoff.empty:
        lines += [
            f"| {t('reqdoc.col.version')} | {t('reqdoc.col.date')} | {t('reqdoc.col.by')} | "
            f"{t('reqdoc.col.role')} |",
            "|---|---|---|---|",
        ]
        for _, s in project.signoff.iterrows():
            day = pd.Timestamp(s["date"]).date().isoformat() if pd.notna(s["date"]) else ""
            lines.append(
                f"| {_md(s['version'])} | {day} | {_md(s['signed_by'])} | {_md(s['role'])} |"
            )
    lines += [
        "",
        t("reqdoc.sign_here", version=_md(meta["version"])),
        "",
        f"{t('reqdoc.col.by')}: ____________________   {t('reqdoc.col.date')}: ____________",
        "",
    ]
    return "\n".join(lines)


_STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",Arial,sans-serif;
max-width:60em;margin:2em auto;color:#1c2833;line-height:1.5;padding:0 1em}
h1{border-bottom:3px solid #2e86c1;padding-bottom:.3em}h2{color:#1b4f72;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #d5d8dc;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eaf2f8}.meta{color:#566573}.req-id{white-space:nowrap;font-weight:bold}
.sign{margin-top:2em;display:flex;gap:4em}.sign div{border-top:1px solid #1c2833;padding-top:.3em;
min-width:16em}
@media print{body{margin:0}}
"""


def _html_document(
    meta: dict[str, str],
    sections: list[tuple[str, pd.DataFrame]],
    rejected: pd.DataFrame,
    state: SignoffState,
    project: Project,
) -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if project.language == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{_e(t('reqdoc.title', name=meta['name']))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(t('reqdoc.title', name=meta['name']))}</h1>",
        f'<p class="meta">{_e(t("reqdoc.meta", customer=meta["customer"], manager=meta["manager"], version=meta["version"], date=meta["date"]))}</p>',
        f"<h2>{_e(t('reqdoc.scope'))}</h2><p>{_e(t('reqdoc.scope_text', count=sum(len(p) for _, p in sections)))}</p>",
    ]
    headers = "".join(
        f"<th>{_e(t(k))}</th>"
        for k in (
            "reqdoc.col.id",
            "reqdoc.col.requirement",
            "reqdoc.col.priority",
            "reqdoc.col.accept",
            "reqdoc.col.version",
        )
    )
    for heading, part in sections:
        parts.append(f"<h2>{_e(heading)}</h2>")
        if part.empty:
            parts.append(f"<p>{_e(t('table.empty').strip('_'))}</p>")
            continue
        rows = []
        for req_id, row in part.iterrows():
            criteria = "".join(
                f"<li>{_e(c.strip())}</li>"
                for c in str(row["acceptance_criteria"]).split(";")
                if c.strip()
            )
            rows.append(
                f'<tr><td class="req-id">{_e(req_id)}</td><td><b>{_e(row["title"])}</b><br>'
                f"{_e(row['description'])}</td><td>{_e(t('reqdoc.priority.' + row['priority']))}</td>"
                f"<td><ul>{criteria}</ul></td><td>{_e(row['version'])}</td></tr>"
            )
        parts.append(
            f"<table><thead><tr>{headers}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    if not rejected.empty:
        items = "".join(f"<li>{_e(i)} {_e(r['title'])}</li>" for i, r in rejected.iterrows())
        parts.append(f"<h2>{_e(t('reqdoc.rejected'))}</h2><ul>{items}</ul>")
    parts.append(f"<h2>{_e(t('reqdoc.changes', version=state.signed_version or '-'))}</h2>")
    if state.changes.empty:
        parts.append(f"<p>{_e(t('table.empty').strip('_'))}</p>")
    else:
        items = "".join(
            f"<li>{_e(i)} {_e(r['title'])} (v{_e(r['version'])}, {_e(t('status.req.' + r['status']))})</li>"
            for i, r in state.changes.iterrows()
        )
        parts.append(f"<ul>{items}</ul>")
    parts.append(f"<h2>{_e(t('reqdoc.signoff'))}</h2>")
    if project.signoff is not None and not project.signoff.empty:
        head = "".join(
            f"<th>{_e(t(k))}</th>"
            for k in (
                "reqdoc.col.version",
                "reqdoc.col.date",
                "reqdoc.col.by",
                "reqdoc.col.role",
                "reqdoc.col.org",
            )
        )
        body = "".join(
            f"<tr><td>{_e(s['version'])}</td><td>{pd.Timestamp(s['date']).date() if pd.notna(s['date']) else ''}</td>"
            f"<td>{_e(s['signed_by'])}</td><td>{_e(s['role'])}</td><td>{_e(s['organisation'])}</td></tr>"
            for _, s in project.signoff.iterrows()
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append(f"<p>{_e(t('reqdoc.sign_here', version=meta['version']))}</p>")
    parts.append(
        f'<div class="sign"><div>{_e(t("reqdoc.col.by"))}</div><div>{_e(t("reqdoc.col.date"))}</div></div>'
    )
    parts.append("</body></html>")
    return "\n".join(parts)
