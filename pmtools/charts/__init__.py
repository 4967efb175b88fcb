"""Plotly charts: each takes a result frame or object and returns a ``go.Figure``.

Charts compute no number a report quotes; they only draw what pmtools computed.
Every chart carries its own title, axis units and legend, so a report reads well
with the code hidden, and takes ``language`` (en or zh) for its labels. A
practice's chart module is found by its name (``charts.<practice>``) without
being listed here.
"""

from __future__ import annotations

from pmtools._lazy import submodules
from pmtools.charts.agile import burndown_chart, velocity_chart
from pmtools.charts.cost import cost_by_category_chart, evm_s_curve, index_trend, reserve_burn
from pmtools.charts.gantt import gantt, milestone_chart
from pmtools.charts.portfolio import milestone_gantt, risk_value_bubbles
from pmtools.charts.requirements import moscow_bars, value_effort_chart
from pmtools.charts.risk import finish_histogram, finish_s_curve, risk_heatmap, tornado

__all__ = [
    "burndown_chart",
    "cost_by_category_chart",
    "evm_s_curve",
    "finish_histogram",
    "finish_s_curve",
    "gantt",
    "index_trend",
    "milestone_chart",
    "milestone_gantt",
    "moscow_bars",
    "reserve_burn",
    "risk_heatmap",
    "risk_value_bubbles",
    "tornado",
    "value_effort_chart",
    "velocity_chart",
]

__getattr__ = submodules(__name__)
