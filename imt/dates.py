"""Calendar arithmetic and time-stamps the apps share."""

import calendar
from datetime import date
from typing import Any

from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, clipped to the end of a shorter month (Feb 29 + 12 → Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def stamp(record: Any, field: str, *, on: bool) -> Any:
    """Set the time-stamp `field` of `record` (archived_at, retired_at …) to now, or clear it with on=False,
    and save that one field.  A stamp already set keeps its first time."""
    if on and getattr(record, field) is not None:
        return record
    setattr(record, field, timezone.now() if on else None)
    record.save(update_fields=[field])
    return record
