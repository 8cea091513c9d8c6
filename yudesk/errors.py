"""One exception hierarchy with messages a person can act on; the CLI prints them plainly."""


class YudeskError(Exception):
    """Base of every error yudesk raises on purpose."""


class ConfigurationError(YudeskError):
    """Settings are missing or inconsistent."""


class InputError(YudeskError):
    """A file or argument given by a person cannot be used (bad CSV, bad date, ...)."""


class NotFoundError(YudeskError):
    """A ticket, customer or other record that was asked for does not exist."""


class CalendarError(YudeskError):
    """Calendar data or arithmetic cannot answer (bad override, no data, bad input)."""
