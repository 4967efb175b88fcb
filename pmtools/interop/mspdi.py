"""Microsoft Project XML (MSPDI) in and out, in pure Python.

``read_mspdi(path)`` reads a file MS Project saved as XML into an ``Imported``
(project.yaml settings, tasks.csv and resources.csv cells, warnings);
``write_mspdi(project, path)`` writes a loaded project as a file MS Project
opens. Reading refuses DTDs and entity declarations. Which elements are read
and written, and what is warned about, is listed in templates/README.md.
"""

from __future__ import annotations

from pmtools.interop._imported import Imported
from pmtools.interop._mspdi_reader import MSPDI_NAMESPACE, read_mspdi, read_mspdi_bytes
from pmtools.interop._mspdi_writer import write_mspdi

__all__ = ["MSPDI_NAMESPACE", "Imported", "read_mspdi", "read_mspdi_bytes", "write_mspdi"]
