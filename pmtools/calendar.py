"""Working-day calendars: offsets from the project start <-> calendar dates.

This is the only module that turns working-day offsets into dates and back.
Offset 0 is the first working day on or after the project start; offset k is
the k-th working day after it, negative offsets count back before the start.
All conversions are vectorised over numpy arrays of ``datetime64[D]``; the table
of working days grows on demand, so projects spanning many years convert
correctly across year ends, holidays and make-up working days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["WEEKDAY_NAMES", "WorkCalendar", "country_holidays", "parse_workdays"]

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_LOOKUP = {
    **{name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)},
    **{
        name.lower(): i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{name: i for i, name in enumerate(("一", "二", "三", "四", "五", "六", "日"))},
}
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Mon = 0)
_SUBSTITUTED = re.compile(r"\(substituted from ([^)]+)\)")

DateArray = npt.NDArray[np.datetime64]
IntArray = npt.NDArray[np.int64]


def parse_workdays(value: str | Sequence[str]) -> tuple[int, ...]:
    """Weekday numbers (Mon = 0) from ``"Mon-Fri"``, ``"Mon,Tue"`` or ``["Mon", "Sat"]``.

    Raises ValueError naming the part that is not a day name.
    """
    parts: list[str] = []
    for item in [value] if isinstance(value, str) else list(value):
        parts.extend(p.strip() for p in re.split(r"[,;\s]+", str(item)) if p.strip())
    days: set[int] = set()
    for part in parts:
        if "-" in part:
            first, _, last = part.partition("-")
            lo, hi = _DAY_LOOKUP.get(first.lower()), _DAY_LOOKUP.get(last.lower())
            if lo is None or hi is None:
                raise ValueError(part)
            span = range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(0, hi + 1)]
            days.update(span)
        else:
            day = _DAY_LOOKUP.get(part.lower())
            if day is None:
                raise ValueError(part)
            days.add(day)
    return tuple(sorted(days))


@lru_cache(maxsize=64)
def country_holidays(
    code: str, first_year: int, last_year: int
) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Public holidays and make-up working days for ``code`` (``CN``, ``US``, ``DE-BY``).

    Make-up working days are the weekend days the ``holidays`` package names as
    the source of a substituted day off (China's adjusted weekends).
    Raises KeyError for a country or subdivision the package does not know.
    """
    import holidays  # slow to import; only projects with a country calendar pay for it

    country, _, subdivision = code.upper().partition("-")
    try:
        table: Any = holidays.country_holidays(
            country,
            subdiv=subdivision or None,
            years=range(first_year, last_year + 1),
            language="en_US",
        )
    except (NotImplementedError, KeyError) as exc:
        raise KeyError(code) from exc
    except Exception as exc:  # unknown subdivision raises a plain NotImplementedError/ValueError
        raise KeyError(code) from exc
    days_off = frozenset(table.keys())
    makeup: set[dt.date] = set()
    formats = ("%m/%d/%Y", str(getattr(table, "substituted_date_format", "%Y-%m-%d")))
    for names in table.values():
        for match in _SUBSTITUTED.finditer(str(names)):
            for date_format in formats:  # labels are rendered in en_US: month/day/year
                try:
                    makeup.add(dt.datetime.strptime(match.group(1), date_format).date())
                    break
                except ValueError:
                    continue
    return days_off, frozenset(makeup)


def check_country(code: str) -> bool:
    """True when the holidays package knows ``code`` (optionally ``COUNTRY-SUBDIVISION``)."""
    try:
        country_holidays(code, 2000, 2000)
    except KeyError:
        return False
    return True


class WorkCalendar:
    """Working days of one project, anchored at its start date.

    ``workdays`` are weekday numbers (Mon = 0); ``holidays`` are extra days off;
    ``countries`` are holiday country codes whose public holidays are days off
    and whose make-up days are working days; ``extra_workdays`` are working days
    whatever the weekday or holiday lists say.
    """

    def __init__(
        self,
        start: dt.date,
        *,
        workdays: Iterable[int] = (0, 1, 2, 3, 4),
        holidays: Iterable[dt.date] = (),
        extra_workdays: Iterable[dt.date] = (),
        countries: Iterable[str] = (),
    ) -> None:
        self.start = start
        self.workdays = tuple(sorted(set(workdays)))
        if not self.workdays:
            raise ValueError("a calendar needs at least one working weekday")
        self.holidays = frozenset(holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self.countries = tuple(countries)
        self._weekmask = np.zeros(7, dtype=bool)
        self._weekmask[list(self.workdays)] = True
        self._start64 = np.datetime64(start, "D")
        self._lo = self._hi = self._start64
        self._days: DateArray = np.empty(0, dtype="datetime64[D]")
        self._origin = 0
        self._cover(self._start64 - 400, self._start64 + 3 * 366)

    def __repr__(self) -> str:
        days = ",".join(WEEKDAY_NAMES[d] for d in self.workdays)
        return f"WorkCalendar(start={self.start.isoformat()}, workdays={days})"

    # -- the table of working days ---------------------------------------------------------
    def _cover(self, lo: np.datetime64, hi: np.datetime64) -> None:
        """Make the working-day table span at least [lo, hi)."""
        if self._days.size and lo >= self._lo and hi <= self._hi:
            return
        lo = min(lo, self._lo) if self._days.size else lo
        hi = max(hi, self._hi) if self._days.size else hi
        span = np.arange(lo, hi, dtype="datetime64[D]")
        weekday = (span.astype(np.int64) + _EPOCH_WEEKDAY) % 7
        working = self._weekmask[weekday]
        off, makeup = set(self.holidays), set(self.extra_workdays)
        first_year = int(str(lo)[:4])
        last_year = int(str(hi - 1)[:4])
        for code in self.countries:
            country_off, country_makeup = country_holidays(code, first_year, last_year)
            off |= country_off
            makeup |= country_makeup - self.holidays
        if off:
            working &= ~np.isin(span, np.array(sorted(off), dtype="datetime64[D]"))
        if makeup:
            working |= np.isin(span, np.array(sorted(makeup), dtype="datetime64[D]"))
        self._days = span[working]
        self._lo, self._hi = lo, hi  # type: ignore[assignment]
        self._origin = int(np.searchsorted(self._days, self._start64, side="left"))

    def _ensure_offsets(self, offsets: IntArray) -> None:
        if offsets.size == 0:
            return
        while int(offsets.min()) + self._origin < 0:
            self._cover(self._lo - 2 * (self._hi - self._lo), self._hi)
        while int(offsets.max()) + self._origin >= self._days.size:
            self._cover(self._lo, self._hi + 2 * (self._hi - self._lo))

    def _ensure_dates(self, dates: DateArray) -> None:
        if dates.size == 0:
            return
        self._cover(dates.min() - 7, dates.max() + 8)

    # -- conversions -----------------------------------------------------------------------
    def dates(self, offsets: npt.ArrayLike) -> DateArray:
        """The working date of each offset (offset 0 = first working day on or after start)."""
        arr = np.asarray(offsets, dtype=np.int64)
        self._ensure_offsets(arr)
        return self._days[arr + self._origin]

    def offsets(self, dates: npt.ArrayLike) -> IntArray:
        """Offset of each date; a non-working date maps to the next working day's offset."""
        arr = np.asarray(dates, dtype="datetime64[D]")
        self._ensure_dates(arr)
        return np.searchsorted(self._days, arr, side="left").astype(np.int64) - self._origin

    def workdays_through(self, dates: npt.ArrayLike) -> IntArray:
        """Working days from offset 0 up to and including each date (the offset just after it)."""
        arr = np.asarray(dates, dtype="datetime64[D]")
        self._ensure_dates(arr)
        return np.searchsorted(self._days, arr, side="right").astype(np.int64) - self._origin

    def is_workday(self, dates: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """True for each date that is a working day."""
        arr = np.asarray(dates, dtype="datetime64[D]")
        self._ensure_dates(arr)
        idx = np.searchsorted(self._days, arr, side="left")
        idx_clipped = np.minimum(idx, self._days.size - 1)
        found: npt.NDArray[np.bool_] = (idx < self._days.size) & (self._days[idx_clipped] == arr)
        return found

    def date(self, offset: int) -> dt.date:
        """The working date of one offset, as a ``datetime.date``."""
        return self.dates(np.array([offset]))[0].astype(dt.date)  # type: ignore[no-any-return]

    def offset(self, day: dt.date) -> int:
        """The offset of one date (next working day's offset when it is not a working day)."""
        return int(self.offsets(np.array([day], dtype="datetime64[D]"))[0])

    def working_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Every working day from ``first`` to ``last``, both included."""
        lo, hi = np.datetime64(first, "D"), np.datetime64(last, "D")
        self._cover(lo - 1, hi + 2)
        chosen = self._days[(self._days >= lo) & (self._days <= hi)]
        return [d.astype(dt.date) for d in chosen]

    def finish_dates(
        self, early_start: npt.ArrayLike, early_finish: npt.ArrayLike
    ) -> tuple[DateArray, DateArray]:
        """Calendar start and finish of tasks given 0-based start/finish offsets.

        ``finish`` is the last working day a task occupies (``early_finish - 1``).
        A milestone (start == finish offset) shows on the last working day before
        its offset, or on the project start date at offset 0; its start equals its finish.
        """
        es = np.asarray(early_start, dtype=np.int64)
        ef = np.asarray(early_finish, dtype=np.int64)
        milestone = ef <= es
        last = np.where(milestone, es - 1, ef - 1)
        finish = self.dates(last)
        at_origin = milestone & (es == 0)
        finish = np.where(at_origin, self._start64, finish)
        start = np.where(milestone, finish, self.dates(es))
        return start.astype("datetime64[D]"), finish.astype("datetime64[D]")
