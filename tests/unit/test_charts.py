"""Charts: labels that do not collide, axes that fit the data, dates a Chinese reader reads."""

from __future__ import annotations

import itertools

import pandas as pd

from pmtools.charts.portfolio import place_labels, risk_value_bubbles


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_labels_of_crowded_bubbles_do_not_overlap():
    points = [(300 + 12 * i, 150 + (i % 2) * 10, 30) for i in range(5)]
    texts = [
        "Brenner CRM rollout",
        "华东精密 S/4HANA 升级项目",
        "Harbor FCU app",
        "DC exit",
        "Data",
    ]
    offsets, boxes = place_labels(points, texts)
    assert len(set(offsets)) == len(offsets)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b)
    for box in boxes:  # and no label covers a bubble's centre
        for x, y, _ in points:
            assert not (box[0] < x < box[2] and box[1] < y < box[3])


def test_bubble_chart_gives_neighbours_different_label_positions():
    frame = pd.DataFrame(
        {
            "project": ["A very long project name", "Another long project name", "Third one"],
            "value": [270.0, 272.0, 246.0],
            "top_risk_score": [16.0, 16.0, 16.0],
            "open_risks": [12, 10, 8],
            "health": ["red", "red", "amber"],
        }
    )
    figure = risk_value_bubbles(frame)
    labels = {
        a.text: (a.xshift or a.ax or 0, a.yshift or -(a.ay or 0)) for a in figure.layout.annotations
    }
    assert len(labels) == 3
    assert labels["A very long project name"] != labels["Another long project name"]


def test_dates_within_a_week_get_whole_day_ticks_in_both_languages():
    import plotly.graph_objects as go

    from pmtools.charts._style import date_axis
    from pmtools.i18n import use_language

    dates = [pd.Timestamp("2026-03-27"), pd.Timestamp("2026-03-31"), None]
    figure = go.Figure()
    date_axis(figure, dates=dates)
    axis = figure.layout.xaxis
    assert axis.dtick == 86_400_000 and axis.tickformat == "%b %-d"
    assert [pd.Timestamp(v) for v in axis.range] == [
        pd.Timestamp("2026-03-26"),
        pd.Timestamp("2026-04-01"),
    ]
    with use_language("zh"):
        figure = go.Figure()
        date_axis(figure, dates=dates)
    assert figure.layout.xaxis.tickformat == "%-m月%-d日"
    # a longer span keeps plotly's own ticks
    figure = go.Figure()
    date_axis(figure, dates=[pd.Timestamp("2026-03-01"), pd.Timestamp("2026-04-30")])
    assert figure.layout.xaxis.dtick is None and figure.layout.xaxis.range is None
