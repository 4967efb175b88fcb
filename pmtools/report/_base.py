"""What every report notebook needs: find the project, set language and offline charts, title.

Notebooks run from ``notebooks/`` in JupyterLab but from the repository root
under papermill; ``locate`` finds the project folder from both. ``open_report``
loads the project once per notebook (once per project in batch kernels), sets
the report's language and makes plotly figures render both in JupyterLab and,
offline, in the HTML export.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from pmtools.i18n import LANGUAGES, set_language, t
from pmtools.io import load_project
from pmtools.model import Project
from pmtools.render import Markdown, escape, inline

__all__ = ["load_cached", "locate", "open_report", "title"]


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

    project = load_cached(locate(project_dir), status_date)
    chosen = language or project.language
    if chosen not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {chosen!r}")
    set_language(chosen)
    # batch reports: plotly.js ships once beside the reports ("../plotly.min.js"), or is
    # embedded in each ("embed", --standalone, and by hand)
    beside = os.environ.get("PMTOOLS_PLOTLY_JS") or "embed"
    pio.renderers["pmtools_report"] = _report_renderer(None if beside == "embed" else beside)
    pio.renderers.default = "plotly_mimetype+pmtools_report"
    return project


_LOADED: dict[tuple[Any, ...], Project] = {}


def load_cached(folder: Path, status_date: dt.date | str | None) -> Project:
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


def _report_renderer(src: str | None) -> Any:
    """A notebook renderer for reports that fetches nothing from the network: plotly.js
    loaded once per notebook from ``src`` (a relative URL) or, when None, embedded; each
    figure's HTML without plotly's MathJax tag from a CDN (charts have no formulas)."""
    from IPython.display import HTML, display
    from plotly.io import to_html
    from plotly.io._base_renderers import NotebookRenderer
    from plotly.offline import get_plotlyjs

    class ReportRenderer(NotebookRenderer):  # type: ignore[misc]
        def activate(self) -> None:
            config = "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>"
            if src is None:
                script = f"<script>{get_plotlyjs()}</script>"
            else:
                script = f'<script src="{escape(src)}"></script>'
            display(HTML(config + script))  # type: ignore[no-untyped-call]

        def to_mimebundle(self, fig_dict: Any) -> dict[str, str]:
            html = to_html(
                fig_dict,
                config=self.config,
                include_plotlyjs=False,
                include_mathjax=False,
                full_html=False,
                default_width="100%",
                default_height=525,
                validate=False,
            )
            return {"text/html": html}

    return ReportRenderer()


def title(key: str, project: Project) -> Markdown:
    """The report title and a subtitle naming customer, manager and the status date with
    where it came from (asked for, project.yaml, or today)."""
    customer = project.settings.get("customer")
    customer_part = t("report.customer", customer=inline(customer)) if customer else ""
    subtitle = t(
        "report.subtitle",
        customer_part=customer_part,
        manager=inline(project.settings.get("manager") or t("report.none")),
        status_date=t(f"report.status_date.{project.status_date_source}", date=project.status_date),
    )
    return Markdown(t(key, name=inline(project.name)) + "\n\n" + subtitle)
