"""Free text that people type (notes, reasons, comments, descriptions): how long it may be.

The models keep their TextFields, so records of any length written before stay readable.  Forms
give the limit to the browser and say it next to the field; the services, the only write path,
refuse longer text with the same message, so nothing else can store a novel in an hour note that
every completion packet then prints.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

NOTE_MAX_LENGTH = 2000  # notes, reasons, comments
DESCRIPTION_MAX_LENGTH = 5000  # descriptions


def too_long(limit: int, length: int) -> str:
    return _("Keep this to %(limit)s characters or fewer; it has %(length)s.") % {
        "limit": number_format(limit, force_grouping=True), "length": number_format(length, force_grouping=True),
    }


def text_problem(value, limit: int = NOTE_MAX_LENGTH) -> str | None:
    """The message for `value` (stripped) when it is longer than `limit`, else None."""
    length = len((value or "").strip())
    return too_long(limit, length) if length > limit else None


def clean_text(value, *, field: str, limit: int = NOTE_MAX_LENGTH) -> str:
    """`value` stripped; ValidationError on `field` when it is longer than `limit` characters."""
    problem = text_problem(value, limit)
    if problem:
        raise ValidationError({field: problem}, code="max_length")
    return (value or "").strip()


def format_hours(value) -> str:
    """Hours as people write them: 1234.50 → "1,234.5", 8.00 → "8"; "" for no value."""
    if value in (None, ""):
        return ""
    text = f"{Decimal(value):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
