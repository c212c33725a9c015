"""Render a scorecard (renders, never computes)."""

from accord.report.terminal import render_terminal

__all__ = ["render_terminal"]
