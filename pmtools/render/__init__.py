"""How pmtools shows things: escaping, Markdown and HTML tables, the palette, the CSS.

The one place user text is made safe (``escape``), so every report, page and
document escapes the same way; the colours every chart and page uses; the
spreadsheet exports with formula text neutralised. Knows nothing of plotly,
widgets or kernels.
"""

from __future__ import annotations

from pmtools.render._html import Markdown, Table, escape, inline, md, rag_chip, table
from pmtools.render.palette import RAG_COLOURS, RATING_COLOURS

__all__ = [
    "RAG_COLOURS",
    "RATING_COLOURS",
    "Markdown",
    "Table",
    "escape",
    "inline",
    "md",
    "rag_chip",
    "table",
]
