"""Style sheets of the HTML pmtools writes: report tables, the portfolio page, documents."""

from __future__ import annotations

__all__ = ["BOARD", "DOCUMENT", "PORTFOLIO", "PRINT", "REPORT", "TABLE"]

#: Report tables inside notebooks (``!important``: front ends right-align cells by default).
TABLE = (
    "<style>.pmtools-table{border-collapse:collapse;margin:0.5em 0 1.5em}"
    ".pmtools-table th,.pmtools-table td{text-align:left!important;padding:4px 10px;"
    "vertical-align:top}"
    ".pmtools-table th,.pmtools-table td.num,.pmtools-table td.date,.pmtools-table td.id,"
    ".pmtools-table td.code{white-space:nowrap}"
    ".pmtools-table td.num{text-align:right!important}"
    ".pmtools-table thead th{border-bottom:2px solid #5d6d7e}"
    ".pmtools-table tbody tr:nth-child(even){background:#f4f6f7}</style>"
)

#: The portfolio page (OUT/index.html).
PORTFOLIO = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",Arial,sans-serif;margin:24px 32px;color:#1c2833}
h1{font-weight:500;margin-bottom:4px} h2{font-weight:500;margin-top:32px}
.sub{color:#5d6d7e;margin-bottom:18px}
table{border-collapse:collapse;font-size:13px} th,td{padding:5px 9px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #5d6d7e;vertical-align:bottom} tbody tr:nth-child(even){background:#f4f6f7}
td.num{text-align:right;white-space:nowrap} td.date{white-space:nowrap} td.areas{white-space:nowrap}
td.project{min-width:10em;max-width:16em} td.links{min-width:7em;max-width:10em;line-height:1.6} td.risk{min-width:10em;max-width:16em}
.links a{white-space:nowrap}
.chip{display:inline-block;min-width:4.8em;text-align:center;padding:1px 7px;border-radius:9px;color:#fff;font-weight:600;font-size:12px}
.dot{display:inline-block;width:12px;height:12px;border-radius:6px}
.failure{border-left:4px solid #c0392b;padding:4px 12px;margin:10px 0;background:#fdedec}
.failure pre{white-space:pre-wrap;margin:4px 0;font-size:12px}
.counts span{margin-right:18px}
"""

#: Standalone documents for customers (the requirements document).
DOCUMENT = """
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

#: Report pages (the nbconvert template's extra CSS): CJK fonts, the notice shown where
#: charts cannot load.
REPORT = """
body{font-family:"Noto Sans","Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",Arial,sans-serif}
.pmtools-no-plotly{border-left:4px solid #b9770e;background:#fef5e7;color:#1c2833;
padding:10px 14px;margin:8px 0;font-size:14px}
"""

#: Printing a report (and ``pmtools report --pdf``, A4 in headless Chromium): no chart
#: toolbars, charts and tables never split across pages, headings kept with what follows,
#: margins left for the footer Chromium draws (project name, page numbers).
PRINT = """
@page{size:A4;margin:12mm 11mm 14mm 11mm}
@media print{
html,body{background:#fff!important}
body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.modebar,.modebar-container{display:none!important}
.jp-Notebook,.jp-Cell,.jp-OutputArea,.jp-OutputArea-child,.jp-OutputArea-output{padding:0!important;
margin:0!important;overflow:visible!important}
.jp-Cell{padding:0!important}
.jp-RenderedHTMLCommon{padding-right:0!important}
.js-plotly-plot,.plotly-graph-div,.plot-container,.svg-container{max-width:100%!important}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
.jp-MarkdownCell:has(h1,h2,h3,h4){break-after:avoid;page-break-after:avoid}
.pmtools-table{margin:0.2em 0 0.6em!important}
.pmtools-table th,.pmtools-table td{padding:1px 6px!important;line-height:1.3}
.jp-RenderedHTMLCommon h1{margin:0 0 0.3em!important}
.jp-RenderedHTMLCommon h2{margin:0.9em 0 0.3em!important}
.jp-RenderedHTMLCommon p{margin:0.2em 0 0.5em!important}
img.pmtools-chart,.jp-OutputArea-output,table,figure,.pmtools-table tr{break-inside:avoid;
page-break-inside:avoid}
.pmtools-no-plotly{display:none}
}
"""

#: The Kanban board of the flow report: one column of cards per board column.
BOARD = (
    "<style>.pmtools-board{display:flex;gap:10px;align-items:flex-start;margin:0.5em 0 1.5em;"
    "overflow-x:auto;font-size:12px;line-height:1.35}"
    ".pmtools-board .col{flex:1 1 0;min-width:150px;background:#f4f6f7;border-radius:6px;"
    "padding:6px;border:2px solid transparent}"
    ".pmtools-board .col.over{background:#fdedec;border-color:#c0392b}"
    ".pmtools-board .head{font-weight:600;font-size:13px;margin:2px 3px 6px}"
    ".pmtools-board .head .count{float:right;font-weight:400;color:#5d6d7e}"
    ".pmtools-board .col.over .head .count{color:#c0392b;font-weight:600}"
    ".pmtools-board .card{background:#fff;border-left:4px solid #2e86c1;border-radius:4px;"
    "padding:4px 6px;margin:0 0 6px;box-shadow:0 1px 2px rgba(0,0,0,.15)}"
    ".pmtools-board .card.task{border-left-color:#8e44ad}"
    ".pmtools-board .card.bug{border-left-color:#c0392b}"
    ".pmtools-board .card.old{background:#fef5e7}"
    ".pmtools-board .card .id{font-weight:600}"
    ".pmtools-board .card .meta{color:#5d6d7e}"
    ".pmtools-board .card .age{color:#b9770e;font-weight:600}"
    ".pmtools-board .more{color:#5d6d7e;margin:2px 4px}</style>"
)
