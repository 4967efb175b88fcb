"""``TableChecker``: typed columns of one file parsed vectorised, one ``Problem`` per bad cell.

Its methods parse a column of a kind (ids, numbers, dates, percentages, choices,
id lists) and report every bad cell located as a spreadsheet shows it (header =
row 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from pmtools.errors import Problem
from pmtools.tables._limits import DATE_RANGE, FIRST_DATE, LAST_DATE

__all__ = ["TableChecker"]

_ID_BAD_CHARS = r"[\s,;]"


class TableChecker:
    """Parse typed columns of one table, collecting a Problem per bad cell.

    Each kind of problem of a column is listed for its first ``CAP`` rows; ``finish``
    adds one line counting the rest ("and 999,990 more like it").
    """

    CAP = 20

    def __init__(self, file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
        self.file = file
        self.frame = frame
        self.rows = frame["_row"].to_numpy()
        self.problems = problems
        self.counts: dict[tuple[str | None, str], int] = {}
        self.more: dict[tuple[str | None, str], int] = {}
        self.decimal_comma = False  # a ;-separated file: 12,5 and 6.500,00 are numbers

    def finish(self) -> None:
        """Add the count of problems left out of the listing, one line per column and kind."""
        for (column, code), count in self.more.items():
            row = None
            self.problems.append(
                Problem(
                    self.file, row, column, "problems.more", {"count": f"{count:,}", "kind": code}
                )
            )
        self.more.clear()

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def cells(self, column: str) -> pd.Series:
        """The text of a column ('' everywhere when the column is absent)."""
        if column in self.frame.columns:
            return self.frame[column]
        return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)

    def report(
        self,
        mask: np.ndarray | pd.Series,
        column: str | None,
        code: str,
        *,
        per_row: dict[str, Any] | None = None,
        **values: Any,
    ) -> None:
        """Add one Problem for each row where ``mask`` is true.

        ``found`` defaults to the cell's text; ``per_row`` maps value names to
        sequences aligned with the frame, for values that differ by row.
        """
        where = np.flatnonzero(np.asarray(mask, dtype=bool))
        if where.size == 0:
            return
        kept = self.CAP - self.counts.get((column, code), 0)
        self.counts[(column, code)] = self.counts.get((column, code), 0) + int(where.size)
        if where.size > kept:  # a million bad cells: the first ones and a count of the rest
            self.more[(column, code)] = self.more.get((column, code), 0) + int(where.size) - kept
            where = where[: max(kept, 0)]
        columns = {k: np.asarray(v, dtype=object) for k, v in (per_row or {}).items()}
        if "found" not in columns and "found" not in values and column:
            columns["found"] = self.cells(column).to_numpy(dtype=object)
        for pos in where:
            extra = {**values, **{k: v[pos] for k, v in columns.items()}}
            self.problems.append(Problem(self.file, int(self.rows[pos]), column, code, extra))

    def require_columns(
        self, columns: Iterable[str], header: Iterable[str], *, declared: Iterable[str] = ()
    ) -> list[str]:
        """Report each required column missing from the header, and each header column that
        is not declared but close to a declared one missing from the header (a typo: "did
        you mean percent_complete?"); return the missing required columns.

        A typo of a required column is reported once, as the typo.
        """
        header = [h for h in header if h]
        absent = [c for c in declared if c not in header]
        typos: dict[str, str] = {}
        for name in header:
            if name in declared or not absent:
                continue
            import difflib  # only for a header with an unknown column

            matches = difflib.get_close_matches(name, absent, n=1, cutoff=0.8)
            if matches:
                typos[name] = matches[0]
        missing = [c for c in columns if c not in self.frame.columns]
        suggested = set(typos.values())
        for column in missing:
            if column not in suggested:
                self.problems.append(
                    Problem(self.file, 1, column, "column.missing", {"header": ", ".join(header)})
                )
        for name, suggestion in typos.items():
            self.problems.append(
                Problem(
                    self.file, 1, name, "column.typo", {"found": name, "suggestion": suggestion}
                )
            )
        return missing

    def number(
        self,
        column: str,
        *,
        whole: bool = False,
        code: str = "",
        low: float | None = 0.0,
        high: float = 1e12,
    ) -> pd.Series:
        """Floats (NaN for empty). Non-numbers, numbers below ``low`` (None: any sign) and,
        with ``whole``, fractions are reported with ``code``; numbers above ``high`` (absurd
        amounts or durations, which no schedule or currency can hold) with the range."""
        text = self.cells(column)
        if self.decimal_comma and text.str.contains(",", regex=False).any():
            text = text.str.replace(r"\.(?=\d{3}(\D|$))", "", regex=True).str.replace(",", ".")
        lowest = -high if low is None else low
        try:  # fast path: every cell a plain number
            parsed = np.array(text.tolist(), dtype=np.float64)
        except ValueError:
            values = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
        else:
            fine = np.isfinite(parsed) & (parsed >= lowest) & (parsed <= high)
            if whole:
                fine &= parsed == np.floor(parsed)
            values = pd.Series(parsed, index=text.index)
            if fine.all():  # nothing to report
                return values
        given = text != ""
        bad = given & (values.isna() | ~np.isfinite(values.fillna(0)))
        if low is not None:
            bad |= given & (values < low)
        if whole:
            bad |= given & values.notna() & (values != np.floor(values))
        self.report(
            bad,
            column,
            code or ("duration.not_whole_days" if whole else "number.not_nonnegative"),
            per_row={"found": self.cells(column)},
        )
        huge = given & ~bad & ((values > high) | (values < lowest))
        self.report(
            huge,
            column,
            "number.out_of_range",
            per_row={"found": self.cells(column)},
            low=f"{lowest:,.0f}",
            high=f"{high:,.0f}",
        )
        return values.where(~bad & ~huge)

    def choice(
        self,
        column: str,
        allowed: tuple[str, ...],
        default: str,
        *,
        code: str = "choice.invalid",
        ignore: str = "",
        aliases: dict[str, str] | None = None,
    ) -> pd.Series:
        """One of ``allowed`` (case-insensitive; empty = ``default``); others are reported.

        ``ignore``: characters dropped before matching (``'`` reads won't as wont);
        ``aliases``: other spellings accepted for an allowed value.
        """
        text = self.cells(column).str.lower()
        for char in ignore:
            text = text.str.replace(char, "", regex=False)
        text = text.replace(aliases or {}).replace("", default)
        bad = ~text.isin(allowed)
        self.report(bad, column, code, expected=", ".join(allowed))
        return text.where(~bad, default)

    def id_list(self, column: str) -> pd.Series:
        """Lists of ids from cells separated by ``;`` (or ``,``), blanks dropped."""
        return self.cells(column).map(
            lambda text: [i.strip() for i in text.replace(",", ";").split(";") if i.strip()]
        )

    def percent(self, column: str) -> pd.Series:
        """Percentages 0..100 (a trailing % allowed). A column whose values are all 1 or less,
        some of them between 0 and 1, holds fractions by mistake (0.5 for 50 %): its values
        above 0 are reported."""
        cells = self.cells(column)
        text = pd.Series([v.rstrip("%").strip() for v in cells.tolist()], index=self.frame.index)
        values = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
        bad = (text != "") & (values.isna() | (values < 0) | (values > 100))
        self.report(bad, column, "percent.out_of_range")
        plain = (text != "") & ~bad & ~cells.str.endswith("%")
        given = values[plain]
        if bool(((given > 0) & (given < 1)).any()) and bool((given <= 1).all()):
            fraction = plain & (values > 0)  # 0.5 and 1 here mean 50 % and 100 %
            percent = (values * 100).round(1).map(lambda v: f"{v:g}" if pd.notna(v) else "")
            self.report(fraction, column, "percent.fraction", per_row={"percent": percent})
            bad |= fraction
        return values.where(~bad)

    def date(self, column: str) -> pd.Series:
        """``datetime64[ns]`` (NaT for empty); anything but YYYY-MM-DD is reported, and dates
        outside FIRST_DATE..LAST_DATE (1900-01-01..2200-12-31) with that range."""
        text = self.cells(column)
        shaped = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        year = pd.to_numeric(text.str[:4].where(shaped), errors="coerce")
        inside = shaped & year.between(FIRST_DATE.year, LAST_DATE.year)
        values = pd.to_datetime(text.where(inside), format="%Y-%m-%d", errors="coerce")
        self.report(
            shaped & ~inside & (year > 0),
            column,
            "date.out_of_range",
            first=DATE_RANGE["first"],
            last=DATE_RANGE["last"],
        )
        bad = (text != "") & values.isna() & ~(shaped & ~inside & (year > 0))
        self.report(bad, column, "date.invalid")
        return values.astype("datetime64[ns]")

    def ids(self, column: str) -> pd.Series:
        """Ids as text; empty, malformed and duplicate ids are reported."""
        text = self.cells(column)
        empty = text == ""
        self.report(empty, column, "id.empty")
        bad_char = re.compile(_ID_BAD_CHARS).search
        values = text.tolist()
        invalid = np.zeros(len(values), dtype=bool)
        joined = "\x00".join(values)
        if any(c in joined for c in " \t\r\n\x0b\x0c,;"):  # C-speed scan; per cell if needed
            invalid = ~empty.to_numpy() & np.fromiter(
                (bad_char(v) is not None for v in values), dtype=bool, count=len(values)
            )
        self.report(invalid, column, "id.invalid")
        duplicated = ~empty & text.duplicated(keep="first")
        if duplicated.any():
            first_row = pd.Series(self.rows, index=text.index).groupby(text).transform("min")
            self.report(duplicated, column, "id.duplicate", per_row={"first_row": first_row})
        return text
