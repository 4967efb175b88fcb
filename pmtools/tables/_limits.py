"""The ranges every project file's numbers and dates must stay in.

Beyond them no calendar or schedule means anything, and arrays that size would
fill the memory: a duration of 1e15 days is a typing mistake, not a plan.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["DATE_RANGE", "FIRST_DATE", "LAST_DATE", "MAX_AMOUNT", "MAX_DAYS"]

#: The largest duration, lag or delay in working days (about 40 years).
MAX_DAYS = 10_000
#: The largest amount of money or other number read from a file.
MAX_AMOUNT = 1e12
#: Dates pmtools accepts anywhere.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
DATE_RANGE = {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()}
