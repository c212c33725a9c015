"""The votes stream: UN General Assembly roll calls and agreement between states.

>>> import accord
>>> rc = accord.votes.load()
>>> df = accord.votes.agreement(rc, pairs=[("RUS", "CHN")], sessions=74)
>>> row = df.row(0, named=True)
>>> (row["session"], round(row["voeten"], 3), round(row["kappa"], 3), row["n_votes"])
(74, 0.874, 0.511, 87)
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
