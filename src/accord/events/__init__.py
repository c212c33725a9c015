"""The meetings stream: dialogue formats, meetings, memberships, timing tests, event data.

>>> from accord import events
>>> events.formats(region="central-asia")["partner"].to_list()[:3]
['JPN', 'EU', 'KOR']
"""

from accord.events import cameo
from accord.events.aggregate import AGGREGATE_COLUMNS, aggregate
from accord.events.eventdata import EVENT_SCHEMA, ReadReport, read_gdelt, read_icews
from accord.events.registry import (
    LEVELS,
    conflicts,
    formats,
    launches,
    meetings,
    memberships,
    read_registry_csv,
    shared_memberships,
)
from accord.events.timing import coincidence, launch_gap


def read_events(source, **kwargs):
    """Read GDELT (1.0 or 2.0) or ICEWS event files, recognising which from the first file.

    ICEWS files have a header line starting with ``Event ID``; anything else (including
    GDELT's ``.zip`` archives) is read as GDELT. ``source`` is a path, a glob pattern or a
    list of paths; keyword arguments go to :func:`read_gdelt` or :func:`read_icews`.
    """
    import glob
    from pathlib import Path

    from accord.errors import InputError

    items = [source] if isinstance(source, str | Path) else list(source)
    first = None
    for item in items:
        matches = sorted(glob.glob(str(item))) if any(c in str(item) for c in "*?[") else [item]
        if matches:
            first = Path(matches[0])
            break
    if first is None or not first.is_file():
        raise InputError(
            f"event file '{items[0] if items else source}' does not exist; check the path."
        )
    with open(first, "rb") as fh:
        head = fh.readline().decode("utf-8", errors="replace")
    reader = read_icews if head.startswith("Event ID") else read_gdelt
    return reader(source, **kwargs)


__all__ = [
    "AGGREGATE_COLUMNS",
    "EVENT_SCHEMA",
    "LEVELS",
    "ReadReport",
    "aggregate",
    "cameo",
    "coincidence",
    "conflicts",
    "formats",
    "launch_gap",
    "launches",
    "meetings",
    "memberships",
    "read_events",
    "read_gdelt",
    "read_icews",
    "read_registry_csv",
    "shared_memberships",
]
