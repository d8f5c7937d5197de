"""labeltrack: keep track of cluster organisations' quality labels and warn before they expire."""

__version__ = "0.1.0"
