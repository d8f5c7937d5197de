"""Formats of `labeltrack timeline`: text for a screen, and SVG."""

LEVEL_COLOURS = {"bronze": "#cd7f32", "silver": "#a8a9ad", "gold": "#d4af37"}
OTHER_COLOUR = "#4a7bd0"  # levels of national schemes
