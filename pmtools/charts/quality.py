"""Quality charts: defect arrival against closure, open defects by severity and age, defect
density by component."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import BASELINE, CRITICAL, DONE, NORMAL, base_layout, esc
from pmtools.i18n import t, use_language
from pmtools.quality import AGE_BUCKETS
from pmtools.render.palette import SEVERITY_COLOURS

__all__ = ["defect_density_chart", "defect_trend_chart", "open_age_chart"]


def defect_trend_chart(trend: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Cumulative defects found and fixed per week (lines) and open at each week's end
    (bars); ``trend`` is ``quality.defect_trend``."""
    with use_language(language):
        weeks = pd.to_datetime(trend["week_end"])
        figure = go.Figure()
        figure.add_bar(
            x=weeks,
            y=trend["open"],
            name=t("quality.chart.open"),
            marker={"color": BASELINE},
            opacity=0.6,
        )
        figure.add_scatter(
            x=weeks,
            y=trend["found_total"],
            mode="lines+markers",
            name=t("quality.chart.found_total"),
            line={"color": CRITICAL, "width": 2.5},
        )
        figure.add_scatter(
            x=weeks,
            y=trend["fixed_total"],
            mode="lines+markers",
            name=t("quality.chart.fixed_total"),
            line={"color": DONE, "width": 2.5},
        )
        base_layout(figure, title=t("quality.chart.trend_title"), height=420)
        figure.update_xaxes(title_text=t("quality.chart.week_end"))
        figure.update_yaxes(title_text=t("quality.chart.defects"), rangemode="tozero")
        _whole_ticks(figure, int(trend["found_total"].max()) if len(trend) else 0)
        return figure


def open_age_chart(table: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Open defects as bars per age bucket, stacked by severity; ``table`` is
    ``quality.open_by_age``."""
    with use_language(language):
        labels = [t(f"quality.age.{name}") for name, _, _ in AGE_BUCKETS]
        figure = go.Figure()
        for severity in table.index:
            counts = [int(table.loc[severity, name]) for name, _, _ in AGE_BUCKETS]
            figure.add_bar(
                x=labels,
                y=counts,
                name=t(f"severity.{severity}"),
                marker={"color": SEVERITY_COLOURS.get(str(severity), NORMAL)},
                text=[c or "" for c in counts],
                textposition="inside",
            )
        base_layout(figure, title=t("quality.chart.age_title"), height=400)
        figure.update_layout(barmode="stack")
        figure.update_xaxes(title_text=t("quality.chart.age_axis"))
        figure.update_yaxes(title_text=t("quality.chart.open_axis"), rangemode="tozero")
        _whole_ticks(figure, int(table["total"].max()) if "total" in table else 0)
        return figure


def defect_density_chart(density: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Defects per KLOC by component, highest on top, as horizontal bars labelled with the
    count and size; ``density`` is ``quality.defect_density`` (rows without a size are
    left out)."""
    with use_language(language):
        sized = density[density["size_kloc"].notna()].iloc[::-1]
        figure = go.Figure()
        figure.add_bar(
            x=sized["per_kloc"],
            y=[esc(name) for name in sized.index],
            orientation="h",
            marker={"color": NORMAL},
            name=t("quality.chart.per_kloc"),
            text=[
                t("quality.chart.density_label", defects=int(d), kloc=f"{k:g}", rate=f"{r:.2f}")
                for d, k, r in zip(
                    sized["defects"], sized["size_kloc"], sized["per_kloc"], strict=True
                )
            ],
            textposition="auto",
            showlegend=True,
        )
        height = max(260, 60 + 44 * len(sized))
        base_layout(figure, title=t("quality.chart.density_title"), height=height)
        figure.update_xaxes(title_text=t("quality.chart.per_kloc_axis"), rangemode="tozero")
        figure.update_yaxes(automargin=True)
        return figure


def _whole_ticks(figure: go.Figure, top: int) -> None:
    """Counts of defects are whole: no 0.5 ticks on a small axis."""
    if top <= 10:
        figure.update_yaxes(dtick=1, tickformat="d")
