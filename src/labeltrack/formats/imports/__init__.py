"""Formats of the plan `labeltrack import` makes."""
