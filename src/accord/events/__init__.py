"""The meetings stream: dialogue formats, meetings, memberships, timing tests, event data.

>>> from accord import events
>>> events.formats(region="central-asia")["partner"].to_list()[:3]
['JPN', 'EU', 'KOR']
"""

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

__all__ = [
    "LEVELS",
    "coincidence",
    "conflicts",
    "formats",
    "launch_gap",
    "launches",
    "meetings",
    "memberships",
    "read_registry_csv",
    "shared_memberships",
]
