"""Formats of `labeltrack status`: ``format(report, screen) -> str``."""
