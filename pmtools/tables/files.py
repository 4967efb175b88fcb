"""Reading and writing the CSV tables of a project folder.

``read_csv_table`` turns bytes into a frame of text cells (UTF-8 with or without
BOM, ``,`` or ``;`` delimited) and records how the file was written.
``write_csv_table`` writes atomically: a temporary file in the same folder,
then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from pmtools.errors import Problem
from pmtools.model import TableFile

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "folder_lock",
    "read_csv_table",
    "write_csv_table",
]

_SPACES = " \t\r\n\x0b\x0c"
#: Characters no spreadsheet shows and no report can print (NUL and the other controls).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _any_padded(joined: str) -> bool:
    """True when a cell of ``"\\x00".join(cells)`` starts or ends with white space.

    Substring tests run at C speed; a regex over the whole text is ten times slower.
    """
    if joined[:1] in _SPACES or joined[-1:] in _SPACES:
        return bool(joined)
    if "\x00 " in joined or " \x00" in joined or "\t" in joined:
        return True
    return any(c in joined for c in "\r\n\x0b\x0c")


def _plausibly_chinese(data: bytes) -> bool:
    """True when the non-ASCII bytes read as GB2312-range characters (lead and trail bytes
    0xA1..0xFE): Chinese text in GBK/GB18030, not accented European text in cp1252."""
    sample = data[:65536]
    pairs = chinese = 0
    i, n = 0, len(sample)
    while i < n - 1:
        lead = sample[i]
        if lead < 0x80:
            i += 1
            continue
        trail = sample[i + 1]
        pairs += 1
        chinese += 0xA1 <= lead <= 0xF7 and 0xA1 <= trail <= 0xFE
        i += 4 if 0x30 <= trail <= 0x39 else 2  # four-byte GB18030 sequences
    return pairs > 0 and chinese >= 0.8 * pairs


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file's bytes and its encoding: UTF-8 (with or without BOM), else
    GB18030 (what Excel on Chinese Windows saves as "CSV"), else Windows-1252 (Excel in
    Western Europe). Raises UnicodeDecodeError (at the first byte UTF-8 cannot read) when
    none of them fits."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if _plausibly_chinese(data):
            try:
                return data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                pass
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise utf8_error from None
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            raise utf8_error from None
        return text, "cp1252"


def _first_line(text: str) -> str:
    """The header line, whatever the line endings (CRLF, LF or CR alone)."""
    for index, char in enumerate(text):
        if char in "\r\n":
            return text[:index]
    return text


def _sniff_delimiter(first: str) -> str:
    """``;`` when the header splits into more fields on semicolons than on commas, else ``,``."""
    by_comma = next(csv.reader([first], delimiter=","), [])
    by_semicolon = next(csv.reader([first], delimiter=";"), [])
    return ";" if len(by_semicolon) > len(by_comma) else ","


def _inside(path: Path) -> bool:
    """False for a link pointing outside the folder that holds it."""
    if not path.is_symlink():
        return True
    return path.resolve().is_relative_to(path.parent.resolve())


def read_csv_table(
    path: Path, file: str, problems: list[Problem]
) -> tuple[pd.DataFrame, TableFile]:
    """All cells of a CSV file as stripped text ('' for empty), with a ``_row`` column.

    ``_row`` is the spreadsheet row (header = 1). Fully empty rows are dropped. The
    encoding is found (``decode``), the delimiter (``,`` or ``;``) read from the header.
    A repeated header column is reported and read under a numbered name; a row with
    more filled fields than the header is reported and its extra cells ignored. On a
    file that cannot be read at all one Problem is appended and an empty frame (with
    ``TableFile.readable`` False) returned.
    """
    empty = pd.DataFrame({"_row": pd.Series(dtype=np.int64)})
    unreadable = TableFile((), readable=False)
    if not _inside(path):
        problems.append(Problem(file, None, None, "file.link_outside"))
        return empty, unreadable
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, None, None, "file.unreadable", {"reason": exc.strerror}))
        return empty, unreadable
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, None, None, "file.encoding", {"position": exc.start}))
        return empty, unreadable
    if not text or text.isspace():
        problems.append(Problem(file, 1, None, "csv.empty"))
        return empty, TableFile((), bom=bom, encoding=encoding, readable=False)
    first_line = _first_line(text)
    delimiter = _sniff_delimiter(first_line)
    header = [h.strip() for h in next(csv.reader([first_line], delimiter=delimiter))]
    names: list[str] = []
    for position, name in enumerate(header):
        if name and name in names:
            problems.append(Problem(file, 1, name, "column.duplicate", {"found": name}))
            name = f"{name} ({position + 1})"  # read it apart; the first one counts
        names.append(name or f"({position + 1})")
    layout = TableFile(tuple(header), delimiter, bom, encoding)
    try:
        frame = pd.read_csv(
            io.BytesIO(data[3:] if bom else data),  # bytes parse faster than text
            encoding="utf-8" if encoding == "utf-8" else encoding,
            low_memory=False,
            sep=delimiter,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            header=None,
            skiprows=1,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame(columns=range(len(names)), dtype=object)
    except (pd.errors.ParserError, ValueError):  # rows of different widths: read them one by one
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[1:]
        except csv.Error as exc:
            problems.append(Problem(file, None, None, "csv.malformed", {"reason": str(exc)}))
            return empty, TableFile(tuple(header), delimiter, bom, encoding, readable=False)
        width = max([len(names), *map(len, rows)])
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    frame = frame.fillna("")
    if frame.shape[1] > len(names):  # rows with more fields than the header
        extra = frame.iloc[:, len(names) :]
        filled = (extra.astype(str).apply(lambda c: c.str.strip()) != "").to_numpy()
        for position in np.flatnonzero(filled.any(axis=1)).tolist():
            fields = len(names) + int(np.flatnonzero(filled[position]).max()) + 1
            problems.append(
                Problem(
                    file,
                    position + 2,
                    None,
                    "csv.too_many_fields",
                    {"fields": fields, "header": len(names)},
                )
            )
        frame = frame.iloc[:, : len(names)]
    for missing in range(frame.shape[1], len(names)):
        frame[missing] = ""
    frame.columns = names
    frame = frame.astype(object)
    for column in frame.columns:
        values = frame[column].tolist()
        if _any_padded("\x00".join(map(str, values))):  # strip only when some cell needs it
            frame[column] = pd.Series(
                [str(v).strip() for v in values], index=frame.index, dtype=object
            )
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    if _CONTROL.search(text):  # rare: look for the cells only then
        for column in names:
            hits = frame[column].str.contains(_CONTROL.pattern, regex=True)
            for position in np.flatnonzero(hits.to_numpy()).tolist()[:20]:
                problems.append(Problem(file, position + 2, column, "cell.control"))
    if len(frame.columns) > 1:  # drop rows with every cell empty (rows keep their numbers)
        first = frame[frame.columns[0]].to_numpy(dtype=object)
        maybe = np.flatnonzero(first == "")
        if maybe.size:
            blank = (frame.iloc[maybe, :-1].to_numpy(dtype=object) == "").all(axis=1)
            frame = frame.drop(index=frame.index[maybe[blank]])
    frame = frame.reset_index(drop=True)
    return frame, layout


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


def _new_file_mode() -> int:
    """The mode the user's umask gives a new file (``0o666 & ~umask``)."""
    try:  # Linux tells the umask without changing it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _remove_orphans(path: Path, older_than: float = 60.0) -> None:
    """Delete temporary files an interrupted save of ``path`` left behind."""
    now = time.time()
    for orphan in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - orphan.stat().st_mtime > older_than:
                orphan.unlink()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same folder and ``os.replace``.

    A crash at any moment leaves either the old or the new file, never a mix. A
    replaced file keeps its mode; a new one gets the mode the user's umask gives.
    Temporary files of earlier interrupted saves are cleaned up.
    """
    path = Path(path)
    _remove_orphans(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
    import tempfile  # saves only: loading never writes

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def atomic_write_text(path: Path, text: str) -> None:
    """``atomic_write_bytes`` of ``text`` in UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (saves from several processes take turns)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: saves still check what they loaded
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)
