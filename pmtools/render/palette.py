"""The colours of pmtools: chosen to stay apart for colour-blind readers and in greyscale."""

from __future__ import annotations

__all__ = [
    "BASELINE",
    "CRITICAL",
    "DEADLINE",
    "DONE",
    "DONE_CRITICAL",
    "FLOAT",
    "FLOW_COLOURS",
    "FONT",
    "MILESTONE",
    "NORMAL",
    "PERCENTILE_COLOURS",
    "RAG_COLOURS",
    "RATING_COLOURS",
    "SCALE_LOW",
    "SEVERITY_COLOURS",
    "STATUS_LINE",
    "SUMMARY",
]

CRITICAL = "#c0392b"
NORMAL = "#2e86c1"
SUMMARY = "#34495e"
DONE = "#1b4f72"
DONE_CRITICAL = "#7b241c"
BASELINE = "#b3b6b7"
FLOAT = "#7f8c8d"
MILESTONE = "#8e44ad"
STATUS_LINE = "#d35400"
DEADLINE = "#1e8449"
#: Risk ratings in the heat map and tables.
RATING_COLOURS = {
    "low": "#82e0aa",
    "medium": "#f9e79f",
    "high": "#f5b041",
    "critical": "#e74c3c",
}
#: Status ratings (green, amber, red, none) on every page and chart.
RAG_COLOURS = {"green": "#1e8449", "amber": "#b9770e", "red": "#c0392b", "none": "#7f8c8d"}
#: The light end of a sequential scale running to ``NORMAL`` (worst .. best within a column).
SCALE_LOW = "#eaf2f8"
#: Fonts of charts and pages: CJK first so Chinese text never falls back to boxes.
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, Arial, sans-serif"
#: Board columns in progress (cumulative flow, aging WIP), left to right; backlog and done
#: columns use BASELINE and DONE.
FLOW_COLOURS = ("#2e86c1", "#d35400", "#8e44ad", "#b7950b", "#148f77", "#c0392b")
#: The cycle-time percentiles 50, 85 and 95 on flow charts.
PERCENTILE_COLOURS = {50: "#1e8449", 85: "#b9770e", 95: "#c0392b"}
#: Defect severities, most severe first (quality charts and tables).
SEVERITY_COLOURS = {
    "critical": "#c0392b",
    "major": "#e67e22",
    "minor": "#f4d03f",
    "trivial": "#aab7b8",
}
