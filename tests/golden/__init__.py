"""Golden outputs: what users see, recorded so that restructuring the code cannot change it.

``python -m tests.golden.update`` rewrites the files under ``tests/golden/<example>/``:
``check.txt``, ``schedule.json``, ``simulate.json``, ``evm.json`` and, per report notebook
and language, ``<notebook>.<language>.txt`` (the report's text: Markdown, table cells,
chart titles, axis titles and legend entries, in output order). ``test_golden.py``
compares fresh outputs with them. Update them only for an intended change, named in the
commit message.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

__all__ = ["notebook_text"]

_SKIP = {"script", "style", "head", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        for name, value in attrs:
            if name == "srcdoc" and value:  # a document shown in an iframe
                self.lines.append("[document]")
                self.lines.extend(html_text(value))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skip:
            self.lines.append(text)


def html_text(document: str) -> list[str]:
    """The visible text of an HTML fragment, one text node per line."""
    parser = _Text()
    parser.feed(document)
    parser.close()
    return parser.lines


def _title(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


def _chart_text(figure: dict[str, Any]) -> list[str]:
    layout = figure.get("layout", {})
    lines = [f"[chart] {_title(layout.get('title'))}"]
    for key in sorted(k for k in layout if k.startswith(("xaxis", "yaxis"))):
        title = _title(layout[key].get("title"))
        if title:
            lines.append(f"  {key}: {title}")
    names = [str(trace["name"]) for trace in figure.get("data", []) if trace.get("name")]
    if names:
        lines.append("  traces: " + " | ".join(names))
    for note in layout.get("annotations", []):
        if note.get("text"):
            lines.append(f"  note: {note['text']}")
    return lines


def notebook_text(book: dict[str, Any]) -> str:
    """The text a reader of the report sees, from an executed notebook (as a dict)."""
    lines: list[str] = []
    for cell in book["cells"]:
        if cell["cell_type"] == "markdown":
            lines.extend("".join(cell["source"]).splitlines())
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                lines.append(f"[error] {output.get('ename')}: {output.get('evalue')}")
                continue
            if output.get("output_type") == "stream":
                lines.extend("".join(output.get("text", "")).splitlines())
                continue
            data = output.get("data", {})
            if "application/vnd.plotly.v1+json" in data:
                lines.extend(_chart_text(data["application/vnd.plotly.v1+json"]))
            elif "text/markdown" in data:
                lines.extend("".join(data["text/markdown"]).splitlines())
            elif "text/html" in data:
                lines.extend(html_text("".join(data["text/html"])))
            elif "text/plain" in data:
                lines.extend("".join(data["text/plain"]).splitlines())
    return "\n".join(line.rstrip() for line in lines if line.strip()) + "\n"


def load_notebook(path: Any) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        book: dict[str, Any] = json.load(handle)
    return book
