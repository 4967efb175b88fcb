"""Reading and writing the CSV tables of a project folder.

``read_csv_table`` turns bytes into a frame of text cells (UTF-8 with or without
BOM, ``,`` or ``;`` delimited) and records how the file was written.
``write_csv_table`` writes atomically: a temporary file in the same folder,
then ``os.replace``.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from pmtools.errors import Problem
from pmtools.model import TableFile

__all__ = ["atomic_write_text", "read_csv_table", "write_csv_table"]

_SPACES = " \t\r\n\x0b\x0c"


def _any_padded(joined: str) -> bool:
    """True when a cell of ``"\\x00".join(cells)`` starts or ends with white space.

    Substring tests run at C speed; a regex over the whole text is ten times slower.
    """
    if joined[:1] in _SPACES or joined[-1:] in _SPACES:
        return bool(joined)
    if "\x00 " in joined or " \x00" in joined or "\t" in joined:
        return True
    return any(c in joined for c in "\r\n\x0b\x0c")


def _decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, None, None, "file.encoding", {"position": exc.start}))
        return None


def _sniff_delimiter(text: str) -> str:
    """``;`` when the header splits into more fields on semicolons than on commas, else ``,``."""
    first = text.split("\n", 1)[0] if "\n" in text[:4096] else text
    by_comma = next(csv.reader([first], delimiter=","), [])
    by_semicolon = next(csv.reader([first], delimiter=";"), [])
    return ";" if len(by_semicolon) > len(by_comma) else ","


def read_csv_table(
    path: Path, file: str, problems: list[Problem]
) -> tuple[pd.DataFrame, TableFile]:
    """All cells of a CSV file as stripped text ('' for empty), with a ``_row`` column.

    ``_row`` is the spreadsheet row (header = 1). Fully empty rows are dropped.
    On failure a Problem is appended and an empty frame returned.
    """
    empty = pd.DataFrame({"_row": pd.Series(dtype=np.int64)})
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, None, None, "file.unreadable", {"reason": exc.strerror}))
        return empty, TableFile(())
    bom = data.startswith(b"\xef\xbb\xbf")
    text = _decode(data, file, problems)
    if text is None:
        return empty, TableFile((), bom=bom)
    if not text or text.isspace():
        problems.append(Problem(file, 1, None, "csv.empty"))
        return empty, TableFile((), bom=bom)
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # slicing, not splitting: no copy of the body
    delimiter = _sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            problems.append(Problem(file, 1, name, "column.duplicate", {"found": name}))
        seen.add(name)
    try:
        frame = pd.read_csv(
            io.BytesIO(data[3:] if bom else data),  # bytes parse faster than text; UTF-8 checked
            encoding="utf-8",
            low_memory=False,
            sep=delimiter,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            header=None,
            skiprows=1,
            names=header,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        problems.append(Problem(file, None, None, "csv.malformed", {"reason": str(exc).strip()}))
        return empty, TableFile(tuple(header), delimiter, bom)
    frame = frame.fillna("")
    for column in frame.columns:
        values = frame[column].tolist()
        if _any_padded("\x00".join(values)):  # strip only when some cell needs it
            frame[column] = pd.Series([v.strip() for v in values], index=frame.index, dtype=object)
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    if len(frame.columns) > 1:  # drop rows with every cell empty (rows keep their numbers)
        first = frame[frame.columns[0]].to_numpy(dtype=object)
        maybe = np.flatnonzero(first == "")
        if maybe.size:
            blank = (frame.iloc[maybe, :-1].to_numpy(dtype=object) == "").all(axis=1)
            frame = frame.drop(index=frame.index[maybe[blank]])
    frame = frame.reset_index(drop=True)
    return frame, TableFile(tuple(header), delimiter, bom)


def write_csv_table(path: Path, frame: pd.DataFrame, layout: TableFile | None = None) -> None:
    """Write ``frame`` (text or typed cells) to ``path`` atomically.

    Columns keep the file's original order, new ones are appended; the original
    delimiter and BOM are kept. The file is replaced only after the whole new
    content is on disk, so a crash leaves the old file intact.
    """
    layout = layout or TableFile(tuple(frame.columns))
    order = [c for c in layout.columns if c in frame.columns]
    order += [c for c in frame.columns if c not in order and c != "_row"]
    out = frame[order]
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, sep=layout.delimiter, lineterminator="\n")
    payload = ("\ufeff" if layout.bom else "") + buffer.getvalue()
    atomic_write_text(path, payload)


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) via a temporary file in the same folder."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
