"""Saving edits to a project file without losing anyone's work.

An editor takes a ``Snapshot`` of the file when it opens it: the exact text of
every record, the header, the encoding, the delimiter and the line endings, and
a digest of the bytes. ``merge_edits`` turns the editor's table back into file
text: untouched records keep their exact text, only the rows the editor changed
are written again (in the file's delimiter and quoting), no empty columns are
added, and the encoding, BOM and line endings stay. If the file changed on disk
since the snapshot, the edits are merged onto the new version when they touch
other rows, and refused (``FileChanged``) when they touch the same ones.

Rows are matched by the table's id column (``key``); a table without one (a log
such as ``costs.csv``) is matched by position, and only appended rows can be
merged onto a changed file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmtools.errors import FileChanged
from pmtools.tables.files import decode

__all__ = ["Snapshot", "decode", "merge_edits", "snapshot", "split_records"]


def split_records(text: str) -> tuple[list[str], str, bool]:
    """The raw text of each CSV record (line breaks inside quotes kept), the line ending the
    file uses (``\\r\\n``, ``\\n`` or ``\\r``) and whether the text ends with one."""
    records: list[str] = []
    newline = "\r\n" if "\r\n" in text else "\n" if "\n" in text else "\r" if "\r" in text else "\n"
    start = 0
    quoted = False
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            records.append(text[start:i])
            if char == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    ends_with_newline = start == n
    if start < n:
        records.append(text[start:])
    return records, newline, ends_with_newline


def _cells(record: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter), [])


@dataclass(frozen=True)
class Snapshot:
    """A project file as an editor loaded it (``exists`` False: the file is new)."""

    path: Path
    exists: bool
    digest: str
    header: tuple[str, ...]
    records: tuple[str, ...]  # raw text of each data record, blank lines included
    header_text: str = ""
    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    final_newline: bool = True

    def rows(self) -> list[list[str]]:
        """The cells of each data record (blank records give an empty list)."""
        return [_cells(r, self.delimiter) if r.strip() else [] for r in self.records]

    def frame(self, columns: Sequence[str] = ()) -> pd.DataFrame:
        """The cells as text, exactly as written, one row per non-blank record; a new file
        gives an empty frame with ``columns``."""
        header = list(self.header) or list(columns)
        width = len(header)
        data = [(row + [""] * width)[:width] for row in self.rows() if row]
        return pd.DataFrame(data, columns=header, dtype=object)


def snapshot(path: Path) -> Snapshot:
    """What ``path`` holds now (an empty snapshot when it does not exist)."""
    path = Path(path)
    if not path.exists():
        return Snapshot(path, False, "", (), ())
    data = path.read_bytes()
    text, encoding = decode(data)
    records, newline, final = split_records(text)
    header_text = records[0] if records else ""
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    header = tuple(h.strip() for h in _cells(header_text, delimiter))
    return Snapshot(
        path,
        True,
        hashlib.sha256(data).hexdigest(),
        header,
        tuple(records[1:]),
        header_text,
        delimiter,
        encoding,
        data.startswith(b"\xef\xbb\xbf"),
        newline,
        final,
    )


def _keyed(rows: list[list[str]], header: Sequence[str], key: str | None) -> dict[str, int]:
    """Row position by key: the id column, else the count of non-blank rows before it."""
    if key is None or key not in header:
        filled = [i for i, row in enumerate(rows) if row]
        return {str(n): i for n, i in enumerate(filled)}
    column = list(header).index(key)
    return {
        (row[column].strip() if column < len(row) else ""): i for i, row in enumerate(rows) if row
    }


def _differs(old: list[str], new: list[str]) -> bool:
    width = max(len(old), len(new))
    return (old + [""] * width)[:width] != (new + [""] * width)[:width]


def _changes(
    base: Snapshot, rows: list[list[str]], header: Sequence[str], key: str | None
) -> tuple[set[str], set[str], set[str]]:
    """Keys changed, added and deleted going from ``base`` to ``rows`` (under ``header``)."""
    old_rows = base.rows()
    old = _keyed(old_rows, base.header, key)
    new = _keyed(rows, header, key)
    order = [list(header).index(c) if c in header else None for c in base.header]

    def as_base(row: list[str]) -> list[str]:
        return [row[i] if i is not None and i < len(row) else "" for i in order]

    changed = {
        k for k in old.keys() & new.keys() if _differs(old_rows[old[k]], as_base(rows[new[k]]))
    }
    extra = [c for c in header if c not in base.header]
    if extra:  # values in columns the file does not have yet
        positions = [list(header).index(c) for c in extra]
        changed |= {
            k
            for k in old.keys() & new.keys()
            if any(p < len(rows[new[k]]) and rows[new[k]][p] != "" for p in positions)
        }
    return changed, set(new) - set(old), set(old) - set(new)


def _serialise(cells: Sequence[str], delimiter: str) -> str:
    buffer = io.StringIO()
    # "\r\n" as the terminator makes the writer quote any cell holding \r or \n
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2]


def merge_edits(
    base: Snapshot,
    edited: pd.DataFrame,
    *,
    key: str | None,
    current: Snapshot | None = None,
) -> tuple[bytes, bool]:
    """The new bytes of the file and whether someone else's edits were merged in.

    ``base`` is what the editor loaded, ``edited`` its table of text cells (extra
    columns with no value anywhere are not written), ``current`` what the file holds
    now (default: ``base``, nobody else saved). Raises FileChanged when the file
    changed on disk and the changes meet: the same rows, a row deleted on one side
    and edited on the other, a changed header, or (a table without ids) anything but
    rows appended here.
    """
    current = current or base
    cells = edited.fillna("").astype(str)
    header = list(base.header) or list(cells.columns)
    extra = [c for c in cells.columns if c not in header and bool((cells[c] != "").any())]
    header += extra
    rows = cells.reindex(columns=header, fill_value="").values.tolist()
    keyed = key is not None and key in header
    changed, added, deleted = _changes(base, rows, header, key)
    merged = current.digest != base.digest
    if merged:
        _check_merge(base, current, key if keyed else None, changed, added, deleted)
    target = current if merged else base
    new_rows = {k: rows[i] for k, i in _keyed(rows, header, key).items()}
    target_rows = target.rows()
    by_position = {i: k for k, i in _keyed(target_rows, target.header or header, key).items()}
    if extra or not target.exists:
        lines = [_serialise(header, target.delimiter)]
    else:
        lines = [target.header_text]
    for position, record in enumerate(target.records):
        row_key = by_position.get(position)
        if row_key is None or not target_rows[position]:
            lines.append(record)  # blank lines stay as they are
        elif row_key in deleted:
            continue
        elif row_key in changed:
            lines.append(_serialise(new_rows[row_key], target.delimiter))
        else:  # untouched: the exact text, widened if a column was added
            lines.append(record + target.delimiter * len(extra))
    positions = _keyed(rows, header, key)
    for row_key in sorted(added, key=lambda k: positions[k]):
        lines.append(_serialise(new_rows[row_key], target.delimiter))
    text = target.newline.join(lines) + (target.newline if target.final_newline else "")
    encoded = text.encode(target.encoding)
    if target.bom:
        encoded = b"\xef\xbb\xbf" + encoded
    return encoded, merged


def _check_merge(
    base: Snapshot,
    current: Snapshot,
    key: str | None,
    changed: set[str],
    added: set[str],
    deleted: set[str],
) -> None:
    """Raise FileChanged unless the edits made here and on disk since ``base`` can both stand."""
    name = base.path.name
    if not base.exists or not current.exists or current.header != base.header:
        raise FileChanged(name, [], ["header" if current.exists else "file"])
    their_changed, their_added, their_deleted = _changes(base, current.rows(), current.header, key)
    theirs = sorted(their_changed | their_added | their_deleted)
    if key is None:  # rows match only by position: appending is the one safe edit
        clash = sorted(changed | deleted)
    else:
        clash = sorted(
            (changed & (their_changed | their_deleted))
            | (deleted & their_changed)
            | (added & their_added)
        )
    if clash:
        raise FileChanged(name, theirs, clash)
