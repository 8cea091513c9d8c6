"""Russian production calendar and business-time arithmetic (S-CAL-1, S-CAL-2)."""

from yudesk.calendar.business import BusinessCalendar
from yudesk.calendar.days import DayInfo
from yudesk.calendar.overrides import Override, validate_override
from yudesk.calendar.production import CalendarFallbackWarning, ProductionYear, load_year
from yudesk.calendar.tz import MOSCOW

__all__ = [
    "MOSCOW",
    "BusinessCalendar",
    "CalendarFallbackWarning",
    "DayInfo",
    "Override",
    "ProductionYear",
    "load_year",
    "validate_override",
]
