"""The requirements report's text, and the requirements document shown in it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.i18n import t, use_language
from pmtools.model import Project
from pmtools.render import Markdown, escape, inline, md
from pmtools.render.css import DOCUMENT
from pmtools.requirements import SignoffState, requirements_frame, signoff_state, traceability
from pmtools.tables.files import atomic_write_text
from pmtools.tables.requirements import PRIORITIES

__all__ = ["document", "headline", "requirements_document"]


def headline(project: Project) -> Markdown:
    """Counts by type and priority, delivery, traceability gaps and the sign-off state."""
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
            signed=inline(state.signed_version),
            by=inline(state.signed_by),
            on=state.signed_on,
            changes=len(state.changes),
            current=inline(state.current_version),
        )
    return Markdown(text)


class _Frame:
    """The document in an iframe (its styles stay its own) as tall as its content: it grows
    to fit when it loads, so the report shows the whole document, not a 640 px window."""

    def __init__(self, document: str) -> None:
        self.document = document

    def _repr_html_(self) -> str:
        source = escape(self.document, quote=True)
        fit = "this.style.height=(this.contentWindow.document.documentElement.scrollHeight+24)+'px'"
        return (
            f'<iframe class="pmtools-document" srcdoc="{source}" onload="{fit}" '
            'style="width:100%;min-height:900px;border:1px solid #d5d8dc"></iframe>'
        )


def document(project: Project, export_dir: str | os.PathLike[str] | None = None) -> Any:
    """Show the requirements document; with ``export_dir`` also write it as HTML and Markdown."""
    from IPython.display import display

    if project.requirements is None:
        return md("report.req.none")
    document = requirements_document(project, fmt="html")
    if export_dir is not None:
        folder = Path(export_dir)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"requirements-{project.path.name}"
        atomic_write_text(folder / f"{stem}.html", document)
        atomic_write_text(folder / f"{stem}.md", requirements_document(project, fmt="markdown"))
        display(md("report.req.exported", files=f"{folder / stem}.html, .md"))  # type: ignore[no-untyped-call]
    return _Frame(document)


# -- the requirements document ----------------------------------------------------------------


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
        reqs = requirements_frame(project)
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
    return inline(value).replace("\n", " ")


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
        f"<title>{escape(t('reqdoc.title', name=meta['name']))}</title><style>{DOCUMENT}</style></head><body>",
        f"<h1>{escape(t('reqdoc.title', name=meta['name']))}</h1>",
        f'<p class="meta">{escape(t("reqdoc.meta", customer=meta["customer"], manager=meta["manager"], version=meta["version"], date=meta["date"]))}</p>',
        f"<h2>{escape(t('reqdoc.scope'))}</h2><p>{escape(t('reqdoc.scope_text', count=sum(len(p) for _, p in sections)))}</p>",
    ]
    headers = "".join(
        f"<th>{escape(t(k))}</th>"
        for k in (
            "reqdoc.col.id",
            "reqdoc.col.requirement",
            "reqdoc.col.priority",
            "reqdoc.col.accept",
            "reqdoc.col.version",
        )
    )
    for heading, part in sections:
        parts.append(f"<h2>{escape(heading)}</h2>")
        if part.empty:
            parts.append(f"<p>{escape(t('table.empty').strip('_'))}</p>")
            continue
        rows = []
        for req_id, row in part.iterrows():
            criteria = "".join(
                f"<li>{escape(c.strip())}</li>"
                for c in str(row["acceptance_criteria"]).split(";")
                if c.strip()
            )
            rows.append(
                f'<tr><td class="req-id">{escape(req_id)}</td><td><b>{escape(row["title"])}</b><br>'
                f"{escape(row['description'])}</td><td>{escape(t('reqdoc.priority.' + row['priority']))}</td>"
                f"<td><ul>{criteria}</ul></td><td>{escape(row['version'])}</td></tr>"
            )
        parts.append(
            f"<table><thead><tr>{headers}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    if not rejected.empty:
        items = "".join(
            f"<li>{escape(i)} {escape(r['title'])}</li>" for i, r in rejected.iterrows()
        )
        parts.append(f"<h2>{escape(t('reqdoc.rejected'))}</h2><ul>{items}</ul>")
    parts.append(f"<h2>{escape(t('reqdoc.changes', version=state.signed_version or '-'))}</h2>")
    if state.changes.empty:
        parts.append(f"<p>{escape(t('table.empty').strip('_'))}</p>")
    else:
        items = "".join(
            f"<li>{escape(i)} {escape(r['title'])} (v{escape(r['version'])}, {escape(t('status.req.' + r['status']))})</li>"
            for i, r in state.changes.iterrows()
        )
        parts.append(f"<ul>{items}</ul>")
    parts.append(f"<h2>{escape(t('reqdoc.signoff'))}</h2>")
    if project.signoff is not None and not project.signoff.empty:
        head = "".join(
            f"<th>{escape(t(k))}</th>"
            for k in (
                "reqdoc.col.version",
                "reqdoc.col.date",
                "reqdoc.col.by",
                "reqdoc.col.role",
                "reqdoc.col.org",
            )
        )
        body = "".join(
            f"<tr><td>{escape(s['version'])}</td><td>{pd.Timestamp(s['date']).date() if pd.notna(s['date']) else ''}</td>"
            f"<td>{escape(s['signed_by'])}</td><td>{escape(s['role'])}</td><td>{escape(s['organisation'])}</td></tr>"
            for _, s in project.signoff.iterrows()
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append(f"<p>{escape(t('reqdoc.sign_here', version=meta['version']))}</p>")
    parts.append(
        f'<div class="sign"><div>{escape(t("reqdoc.col.by"))}</div><div>{escape(t("reqdoc.col.date"))}</div></div>'
    )
    parts.append("</body></html>")
    return "\n".join(parts)
