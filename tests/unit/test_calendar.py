"""Working-day calendars: offsets <-> dates, holidays, make-up days, long spans."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pmtools.calendar import WorkCalendar, parse_workdays

D = dt.date


def test_weekdays_and_offsets_round_trip():
    cal = WorkCalendar(D(2026, 3, 2))
    assert cal.date(0) == D(2026, 3, 2)
    assert cal.date(4) == D(2026, 3, 6)
    assert cal.date(5) == D(2026, 3, 9)
    assert cal.date(-1) == D(2026, 2, 27)
    assert cal.offset(D(2026, 3, 7)) == 5  # Saturday -> next working day
    assert cal.workdays_through(np.array(["2026-03-07"], dtype="datetime64[D]"))[0] == 5


def test_start_on_a_weekend_makes_monday_offset_zero():
    cal = WorkCalendar(D(2026, 2, 28))
    assert cal.date(0) == D(2026, 3, 2)


def test_far_offsets_extend_the_table_across_many_years():
    cal = WorkCalendar(D(2026, 1, 5))
    offsets = np.array([0, 260 * 30, -260 * 5])
    dates = cal.dates(offsets)
    assert np.array_equal(cal.offsets(dates), offsets)
    assert dates[1].astype(object).year in (2055, 2056)


def test_vectorised_round_trip_over_every_day_of_three_years():
    cal = WorkCalendar(D(2026, 1, 1), countries=["DE"], holidays=[D(2026, 12, 24)])
    offsets = np.arange(-300, 800)
    assert np.array_equal(cal.offsets(cal.dates(offsets)), offsets)
    assert cal.is_workday(cal.dates(offsets)).all()


def test_country_holidays_and_make_up_days():
    cal = WorkCalendar(D(2026, 1, 1), countries=["CN"])
    assert not cal.is_workday(np.array(["2026-02-17"], dtype="datetime64[D]"))[0]  # Spring Festival
    assert cal.is_workday(np.array(["2026-02-14"], dtype="datetime64[D]"))[0]  # make-up Saturday
    assert cal.is_workday(np.array(["2026-01-04"], dtype="datetime64[D]"))[0]  # make-up Sunday


def test_explicit_holiday_wins_over_a_country_make_up_day():
    cal = WorkCalendar(D(2026, 1, 1), countries=["CN"], holidays=[D(2026, 2, 14)])
    assert not cal.is_workday(np.array(["2026-02-14"], dtype="datetime64[D]"))[0]


def test_subdivision_holidays():
    bavaria = WorkCalendar(D(2026, 1, 1), countries=["DE-BY"])
    berlin = WorkCalendar(D(2026, 1, 1), countries=["DE"])
    epiphany = np.array(["2026-01-06"], dtype="datetime64[D]")
    assert not bavaria.is_workday(epiphany)[0]
    assert berlin.is_workday(epiphany)[0]


def test_finish_dates_of_tasks_and_milestones():
    cal = WorkCalendar(D(2026, 2, 28))  # Saturday
    start, finish = cal.finish_dates([0, 0, 5, 2], [3, 0, 5, 2])
    assert [str(d) for d in start] == ["2026-03-02", "2026-02-28", "2026-03-06", "2026-03-03"]
    assert [str(d) for d in finish] == ["2026-03-04", "2026-02-28", "2026-03-06", "2026-03-03"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon-Fri", (0, 1, 2, 3, 4)),
        (["Mon", "Sat"], (0, 5)),
        ("sun-thu", (0, 1, 2, 3, 6)),
        ("Monday, Tuesday", (0, 1)),
        ("Fri-Mon", (0, 4, 5, 6)),
    ],
)
def test_parse_workdays(text, days):
    assert parse_workdays(text) == days


def test_parse_workdays_names_the_bad_part():
    with pytest.raises(ValueError, match="Fry"):
        parse_workdays("Mon-Fry")
