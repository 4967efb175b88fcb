"""``python -m pmtools`` runs the command line."""

from __future__ import annotations

import sys

from pmtools.cli import main

sys.exit(main())
