"""``python -m pmtools`` runs the command line."""

from __future__ import annotations

from pmtools.cli import run

run()
