"""accord: measure whether states act in concert.

Alignment and coordination between powers, and between a region's states and those
powers, from votes, words, meetings and money.
"""

from __future__ import annotations

__version__ = "0.1.0"
