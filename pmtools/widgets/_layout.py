"""Form layout for the longer editors: labels wide enough not to be cut, buttons as wide as
their text."""

from __future__ import annotations

import ipywidgets as w

__all__ = ["fit_labels"]

#: Room for the longest field label (ipywidgets' default of 80px cuts "Requirements").
LABEL_WIDTH = "130px"


def fit_labels(box: w.Box, width: str = LABEL_WIDTH) -> w.Box:
    """Give every described widget in ``box`` (nested boxes included) a label ``width`` wide
    and every button the width of its text; returns ``box``."""
    for child in box.children:
        if isinstance(child, w.Box):
            fit_labels(child, width)
        elif isinstance(child, w.Button):
            child.layout.width = "auto"
        elif getattr(child, "description", "") and hasattr(child, "style"):
            child.style.description_width = width
    return box
