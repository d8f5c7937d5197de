"""Formats of what `labeltrack notify --dry-run` would send."""
