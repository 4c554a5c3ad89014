"""The platform's clock: naive UTC datetimes, as every timestamp column stores them."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
