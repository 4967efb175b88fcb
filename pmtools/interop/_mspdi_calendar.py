"""MSPDI calendars: working weekdays and exception dates, read and written.

A calendar in an MSPDI file has seven ``WeekDay`` entries (``DayType`` 1 =
Sunday .. 7 = Saturday) and exceptions, either in the ``Exceptions`` element
(Project 2007 and later, possibly recurring) or as ``WeekDay`` entries with
``DayType`` 0 (Project 2003). pmtools keeps whole days only: the working
weekdays, the days off on them and the extra working days outside them.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from pmtools.calendar import WEEKDAY_NAMES
from pmtools.interop._xml import find_text, parse_datetime

__all__ = ["CalendarDays", "read_calendars", "workdays_setting"]

#: A recurring or day-range exception longer than this many days is cut and warned about.
MAX_EXCEPTION_DAYS = 3660


@dataclass
class CalendarDays:
    """One calendar of the file, in whole days.

    ``weekdays``: Mon = 0 .. Sun = 6 -> working, for the days the calendar
    defines itself (a derived calendar inherits the others). ``minutes``:
    working minutes of each working weekday. ``exceptions``: date -> working.
    ``notes``: why something was not carried (i18n key, values).
    """

    uid: str
    name: str
    base_uid: str | None
    is_base: bool
    weekdays: dict[int, bool] = field(default_factory=dict)
    minutes: dict[int, int] = field(default_factory=dict)
    exceptions: dict[dt.date, bool] = field(default_factory=dict)
    exception_names: dict[dt.date, str] = field(default_factory=dict)
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def _weekday(day_type: int) -> int:
    """MSPDI DayType 1 = Sunday .. 7 = Saturday as Mon = 0 .. Sun = 6."""
    return (day_type - 2) % 7


def _working_minutes(element: ET.Element) -> int:
    total = 0
    for period in element.findall("WorkingTimes/WorkingTime"):
        start, finish = find_text(period, "FromTime"), find_text(period, "ToTime")
        if not start or not finish:
            continue
        try:
            a = dt.time.fromisoformat(start)
            b = dt.time.fromisoformat("00:00:00" if finish == "24:00:00" else finish)
        except ValueError:
            continue
        minutes = (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
        total += minutes if minutes > 0 else minutes + 1440
    return total


def _is_working(element: ET.Element) -> bool:
    flag = find_text(element, "DayWorking")
    if flag is not None:
        return flag in ("1", "true")
    return _working_minutes(element) > 0


def _period(element: ET.Element) -> tuple[dt.date, dt.date] | None:
    first = parse_datetime(find_text(element, "TimePeriod/FromDate"))
    last = parse_datetime(find_text(element, "TimePeriod/ToDate"))
    if first is None:
        return None
    last = last or first
    end = last.date()
    if last.time() == dt.time(0, 0) and last.date() > first.date():
        end = last.date() - dt.timedelta(days=1)  # ToDate at midnight ends the day before
    return first.date(), max(end, first.date())


def _nth_weekday(year: int, month: int, weekday: int, position: int) -> dt.date | None:
    """The ``position``-th (0-based; 4 = last) ``weekday`` (Mon = 0) of a month."""
    days = [
        dt.date(year, month, d)
        for d in range(1, _calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    if position >= 4:
        return days[-1]
    return days[position] if position < len(days) else None


def _month_day(year: int, month: int, day: int) -> dt.date | None:
    if 1 <= month <= 12 and 1 <= day <= _calendar.monthrange(year, month)[1]:
        return dt.date(year, month, day)
    return None


def _int(element: ET.Element, tag: str, default: int) -> int:
    text = find_text(element, tag)
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def expand_exception(element: ET.Element) -> list[dt.date] | None:
    """The dates an ``Exception`` covers; None for a recurrence pmtools cannot expand."""
    span = _period(element)
    if span is None:
        return []
    first, last = span
    if (last - first).days > MAX_EXCEPTION_DAYS:
        last = first + dt.timedelta(days=MAX_EXCEPTION_DAYS)
    kind = _int(element, "Type", 1)
    period = max(_int(element, "Period", 1), 1)
    every_day = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    if kind == 1 or kind == 7:  # daily; 7 = every Period days
        return every_day[:: period if kind == 7 else 1]
    if kind == 6:  # weekly on DaysOfWeek (bit 1 = Sunday .. 64 = Saturday), every Period weeks
        mask = _int(element, "DaysOfWeek", 0)
        monday = first - dt.timedelta(days=first.weekday())
        return [
            d
            for d in every_day
            if mask & (1 << ((d.weekday() + 1) % 7)) and ((d - monday).days // 7) % period == 0
        ]
    months = [
        (y, m)
        for y in range(first.year, last.year + 1)
        for m in range(1, 13)
        if (y, m) >= (first.year, first.month) and (y, m) <= (last.year, last.month)
    ]
    found: list[dt.date | None] = []
    if kind in (4, 5):  # monthly, every Period months
        chosen = months[::period]
        if kind == 4:
            found = [_month_day(y, m, _int(element, "MonthDay", 1)) for y, m in chosen]
        else:
            item, position = _int(element, "MonthItem", 0), _int(element, "MonthPosition", 0)
            if not 3 <= item <= 9:
                return None
            found = [_nth_weekday(y, m, (item - 4) % 7, position) for y, m in chosen]
    elif kind in (2, 3):  # yearly in Month (0 = January)
        month = _int(element, "Month", 0) + 1
        years = range(first.year, last.year + 1)
        if kind == 2:
            found = [_month_day(y, month, _int(element, "MonthDay", 1)) for y in years]
        else:
            item, position = _int(element, "MonthItem", 0), _int(element, "MonthPosition", 0)
            if not 3 <= item <= 9 or not 1 <= month <= 12:
                return None
            found = [_nth_weekday(y, month, (item - 4) % 7, position) for y in years]
    else:
        return None
    return [d for d in found if d is not None and first <= d <= last]


def _read_one(element: ET.Element, minutes_per_day: int) -> CalendarDays:
    uid = find_text(element, "UID") or ""
    base = find_text(element, "BaseCalendarUID")
    days = CalendarDays(
        uid=uid,
        name=find_text(element, "Name") or uid,
        base_uid=base if base not in (None, "-1", uid) else None,
        is_base=find_text(element, "IsBaseCalendar") in ("1", "true"),
    )
    legacy: list[ET.Element] = []
    for day in element.findall("WeekDays/WeekDay"):
        day_type = _int(day, "DayType", -1)
        if day_type == 0:
            legacy.append(day)
        elif 1 <= day_type <= 7 and (day.find("DayWorking") is not None or len(day)):
            weekday = _weekday(day_type)
            days.weekdays[weekday] = _is_working(day)
            if days.weekdays[weekday]:
                days.minutes[weekday] = _working_minutes(day)
    exceptions = element.findall("Exceptions/Exception")
    if exceptions:  # Project 2007 and later: the legacy DayType 0 copies are ignored
        for exception in exceptions:
            dates = expand_exception(exception)
            name = find_text(exception, "Name") or ""
            if dates is None:
                days.notes.append(("interop.warn.calendar_recurrence", {"name": name}))
                continue
            working = _is_working(exception)
            minutes = _working_minutes(exception)
            if working and minutes and minutes != minutes_per_day:
                days.notes.append(
                    ("interop.warn.calendar_partial_day", {"name": name, "hours": minutes / 60})
                )
            for date in dates:
                days.exceptions[date] = working
                days.exception_names[date] = name
    else:
        for day in legacy:
            span = _period(day)
            if span is None:
                continue
            working = _is_working(day)
            first, last = span
            for k in range(min((last - first).days, MAX_EXCEPTION_DAYS) + 1):
                days.exceptions[first + dt.timedelta(days=k)] = working
    if element.find("WorkWeeks/WorkWeek") is not None:
        days.notes.append(("interop.warn.calendar_work_weeks", {"calendar": days.name}))
    return days


def read_calendars(root: ET.Element, minutes_per_day: int) -> dict[str, CalendarDays]:
    """Every calendar of the file by UID, derived calendars merged with their base."""
    found = {
        c.uid: c
        for c in (_read_one(e, minutes_per_day) for e in root.findall("Calendars/Calendar"))
    }
    resolved: dict[str, CalendarDays] = {}

    def resolve(uid: str, seen: tuple[str, ...] = ()) -> CalendarDays:
        if uid in resolved:
            return resolved[uid]
        own = found[uid]
        if own.base_uid is None or own.base_uid not in found or own.base_uid in seen:
            resolved[uid] = own
            return own
        base = resolve(own.base_uid, (*seen, uid))
        merged = CalendarDays(
            uid=own.uid,
            name=own.name,
            base_uid=own.base_uid,
            is_base=own.is_base,
            weekdays={**base.weekdays, **own.weekdays},
            minutes={**base.minutes, **own.minutes},
            exceptions={**base.exceptions, **own.exceptions},
            exception_names={**base.exception_names, **own.exception_names},
            notes=own.notes,
        )
        resolved[uid] = merged
        return merged

    for uid in found:
        resolve(uid)
    return resolved


def workdays_setting(weekdays: tuple[int, ...]) -> str | list[str]:
    """``Mon-Fri`` for a run of days, else a list of day names."""
    if len(weekdays) > 1 and weekdays == tuple(range(weekdays[0], weekdays[-1] + 1)):
        return f"{WEEKDAY_NAMES[weekdays[0]]}-{WEEKDAY_NAMES[weekdays[-1]]}"
    return [WEEKDAY_NAMES[d] for d in weekdays]
