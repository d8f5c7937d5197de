"""Formats of `labeltrack check`: ``format(result) -> str``."""
