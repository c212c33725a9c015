"""The votes stream: UN General Assembly roll calls and agreement between states.

>>> import accord
>>> rc = accord.votes.load()
>>> accord.votes.agreement(rc, pairs=[("RUS", "CHN")], measure=["voeten", "kappa"])
"""

from accord.votes.agreement import MEASURES, agreement, matrix
from accord.votes.region import alignment, closer_since, cohesion
from accord.votes.rollcalls import ISSUES, RollCalls, load

__all__ = [
    "ISSUES",
    "MEASURES",
    "RollCalls",
    "agreement",
    "alignment",
    "closer_since",
    "cohesion",
    "load",
    "matrix",
]
