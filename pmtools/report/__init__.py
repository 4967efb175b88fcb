"""Report sections: one module per practice, plus the batch runner and the portfolio page.

A report notebook reads like an outline: it opens the project with
``open_report``, shows the ``title``, then for each section a translated heading
(``md``), a table (``table``), a chart from ``pmtools.charts`` or the section's
own text from its module here (``report.risks.headline(...)``). A practice's
module is found by its name (``report.<practice>``) without being listed here.
``batch`` runs the notebooks over many projects; ``portfolio`` writes the
portfolio page.
"""

from __future__ import annotations

from pmtools._lazy import submodules
from pmtools.render import md, table
from pmtools.report._base import locate, open_report, title

__all__ = ["locate", "md", "open_report", "table", "title"]

__getattr__ = submodules(__name__)
